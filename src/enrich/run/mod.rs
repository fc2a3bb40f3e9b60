//! The enrichment job behind `soundtracks enrich` and `refresh`: for each row without a
//! current decision, ask Wikidata and MusicBrainz (the response cache first), decide with
//! [`matching`], record the responses and then the decision, and rebuild the output so
//! the links land (issue 21).
//!
//! A row's requests depend on that row alone (no memory carried from one row to the next),
//! so its decision is a function of its own cached responses: a run stopped half-way, or a
//! run after the decisions were deleted, asks nothing that is already stored.
//!
//! When asking fails for a row (no connection, a refusal, the cap, a body that cannot be
//! read), the job stops asking: the decisions already stored stay, the rest of the rows
//! stay undecided and the report names them. Only the cache on disk or the rebuild
//! failing is an error of the job itself.

pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub use report::{Awaiting, EnrichReport, Stop};

use super::cache::{Cache, StoredResponse};
use super::client::{Client, ClientConfig};
use super::error::EnrichError;
use super::matching::{self, Classes};
use super::wire::ReadError;
use super::{
    musicbrainz, wikidata, ApiRequest, Decision, FilmDecision, Item, ReleaseGroup,
    ReleaseGroupDecision, RowQuery, Service, Status,
};
use crate::build::BuildOptions;

/// How many P279 levels above an item's P31 classes the run reads before it calls what is
/// still unknown "not a film or series" (the allow-list's classes sit one to three levels
/// above the classes items use).
pub const CLASS_DEPTH: usize = 4;

/// One enrichment run: where the pages and the cache are, where the dataset goes, and how
/// to ask the two services.
#[derive(Debug, Clone)]
pub struct EnrichConfig {
    /// The fixtures folder: the saved pages, and the cache under `<fixtures>/enrichment/`.
    pub fixtures: PathBuf,
    /// The dataset folder rebuilt at the end (as `soundtracks build` writes it).
    pub out: PathBuf,
    pub build: BuildOptions,
    pub client: ClientConfig,
}

/// Progress, for the command line to show (the library never prints).
#[derive(Debug, Clone, PartialEq)]
pub enum EnrichEvent {
    /// How many rows need a decision, of how many.
    Start { pending: usize, rows: usize },
    /// A request sent to a service (answers from the cache are not events): the HTTP
    /// status of its answer, `None` when it failed.
    Asked {
        service: Service,
        url: String,
        status: Option<u16>,
    },
    /// A row decided and recorded.
    Decided {
        id: String,
        film: Status,
        release_group: Status,
    },
    /// The client waited before asking again (`maxlag`, 429, 503 with `Retry-After`).
    Waited {
        url: String,
        reason: String,
        seconds: f64,
    },
    /// Asking stopped at this row; it and the rows after it stay undecided.
    Stopped { id: String, reason: String },
    /// The dataset was rebuilt with the links.
    Rebuilt { out: PathBuf, rows: usize },
}

/// Decides every row of the dataset under `config.fixtures` that needs a decision, then
/// rebuilds `config.out` when any decision was recorded. Asking that fails stops the run
/// early but is not an error: see [`EnrichReport::stopped`].
pub async fn enrich(
    config: &EnrichConfig,
    on_event: &mut dyn FnMut(EnrichEvent),
) -> crate::Result<EnrichReport> {
    let fixtures = std::slice::from_ref(&config.fixtures);
    let dataset = crate::build::collect(fixtures, &config.build)?;
    let mut cache = Cache::open(&config.fixtures)?;
    let queries: Vec<RowQuery> = dataset.rows.iter().map(RowQuery::of).collect();
    let pending: Vec<&RowQuery> = queries.iter().filter(|q| cache.needs_decision(q)).collect();
    on_event(EnrichEvent::Start {
        pending: pending.len(),
        rows: queries.len(),
    });
    let mut asker = Asker {
        client: Client::new(config.client.clone())?,
        on_event,
        cached: 0,
    };
    let mut decided = Vec::new();
    let mut stopped = None;
    for query in pending {
        let decision = match decide(&mut asker, &cache, query).await {
            Ok(decision) => decision,
            Err(error) if stops_asking(&error) => {
                let reason = error.to_string();
                (asker.on_event)(EnrichEvent::Stopped {
                    id: query.id.clone(),
                    reason: reason.clone(),
                });
                stopped = Some(Stop {
                    id: query.id.clone(),
                    reason,
                    cap: matches!(error, EnrichError::Cap { .. }),
                });
                break;
            }
            Err(error) => return Err(error.into()),
        };
        let event = EnrichEvent::Decided {
            id: decision.id.clone(),
            film: decision.film.status,
            release_group: decision.release_group.status,
        };
        // Recorded at once: a run stopped later keeps what it decided.
        cache.store_decision(decision)?;
        decided.push(query.id.clone());
        (asker.on_event)(event);
    }
    let rebuilt = if decided.is_empty() {
        None
    } else {
        let dataset = crate::build::build(fixtures, &config.out, &config.build)?;
        (asker.on_event)(EnrichEvent::Rebuilt {
            out: config.out.clone(),
            rows: dataset.rows.len(),
        });
        Some(config.out.clone())
    };
    Ok(EnrichReport::new(
        &cache,
        &queries,
        decided,
        stopped,
        asker.client.requests(),
        asker.cached,
        rebuilt,
    ))
}

/// Errors that end the asking but not the run: the services, not the disk.
fn stops_asking(error: &EnrichError) -> bool {
    match error {
        EnrichError::Request { .. } | EnrichError::Response { .. } | EnrichError::Cap { .. } => {
            true
        }
        EnrichError::Cache { .. } => false,
    }
}

/// Asks the services for one run: the cache first, the client otherwise.
struct Asker<'e> {
    client: Client,
    on_event: &'e mut dyn FnMut(EnrichEvent),
    /// Requests answered from the cache.
    cached: usize,
}

/// A reader of one kind of response body.
type Reader<T> = fn(&[u8]) -> Result<T, ReadError>;

impl Asker<'_> {
    /// The answer to `request`, read with `read`: from the cache, or sent and then recorded
    /// (only once it reads, so that an error body is never cached and is asked again next
    /// time).
    async fn ask<T>(
        &mut self,
        cache: &Cache,
        request: &ApiRequest,
        read: Reader<T>,
    ) -> Result<T, EnrichError> {
        let (response, fresh) = self.response(cache, request).await?;
        let value = self.read(request, &response, read)?;
        if fresh {
            cache.store_response(request, &response)?;
        }
        Ok(value)
    }

    /// A release group by its MBID; `None` when MusicBrainz no longer knows it (a group
    /// deleted since Wikidata's P436 named it: its 404 is an answer, recorded as such).
    async fn lookup(
        &mut self,
        cache: &Cache,
        mbid: &str,
    ) -> Result<Option<ReleaseGroup>, EnrichError> {
        let request = musicbrainz::lookup_request(mbid);
        let (response, fresh) = self.response(cache, &request).await?;
        let group = if response.status == 404 {
            None
        } else {
            Some(self.read(&request, &response, musicbrainz::read_lookup)?)
        };
        if fresh {
            cache.store_response(&request, &response)?;
        }
        Ok(group)
    }

    /// The stored answer to `request`, or a fresh one (`true`) from the service.
    async fn response(
        &mut self,
        cache: &Cache,
        request: &ApiRequest,
    ) -> Result<(StoredResponse, bool), EnrichError> {
        if let Some(stored) = cache.response(request)? {
            self.cached += 1;
            return Ok((stored, false));
        }
        let waited = self.client.waits().len();
        let result = self.client.get(request).await;
        for wait in self.client.waits().iter().skip(waited) {
            (self.on_event)(EnrichEvent::Waited {
                url: wait.url.clone(),
                reason: wait.reason.clone(),
                seconds: wait.wait.as_secs_f64(),
            });
        }
        (self.on_event)(EnrichEvent::Asked {
            service: request.service,
            url: self.client.url(request),
            status: result.as_ref().ok().map(|r| r.status),
        });
        Ok((result?, true))
    }

    fn read<T>(
        &self,
        request: &ApiRequest,
        response: &StoredResponse,
        read: Reader<T>,
    ) -> Result<T, EnrichError> {
        let body = response.body.as_bytes();
        let api_error = match request.service {
            Service::Wikidata => wikidata::api_error(body),
            Service::MusicBrainz => musicbrainz::api_error(body),
        };
        let result = match api_error {
            Some(error) => Err(ReadError::Api(error)),
            None => read(body),
        };
        result.map_err(|source| EnrichError::Response {
            url: self.client.url(request),
            source,
        })
    }

    /// The items `ids` name, in that order (an id answered under another, merged id comes
    /// as that item, after the others); ids asked twice in one row are read once.
    async fn items(
        &mut self,
        cache: &Cache,
        ids: &[String],
        known: &mut BTreeMap<String, Item>,
    ) -> Result<Vec<Item>, EnrichError> {
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !known.contains_key(*id))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut merged = Vec::new();
        for request in wikidata::entities_requests(&missing) {
            for item in self.ask(cache, &request, wikidata::read_entities).await? {
                if !missing.contains(&item.id) && !known.contains_key(&item.id) {
                    merged.push(item.id.clone());
                }
                known.insert(item.id.clone(), item);
            }
        }
        let mut seen = BTreeSet::new();
        Ok(ids
            .iter()
            .chain(&merged)
            .filter(|id| seen.insert(id.as_str()))
            .filter_map(|id| known.get(id).cloned())
            .collect())
    }
}

/// Everything decided for one row, asking what its decision needs.
async fn decide(
    asker: &mut Asker<'_>,
    cache: &Cache,
    row: &RowQuery,
) -> Result<Decision, EnrichError> {
    if matching::is_compilation(row) {
        return Ok(matching::compilation(row));
    }
    let film = film(asker, cache, row).await?;
    let release_group = release_group(asker, cache, row, &film).await?;
    let notes = matching::notes(row, &film);
    Ok(Decision {
        id: row.id.clone(),
        inputs: row.clone(),
        film,
        release_group,
        notes,
    })
}

/// Search → the hits' items → their classes → the people they name → the decision.
async fn film(
    asker: &mut Asker<'_>,
    cache: &Cache,
    row: &RowQuery,
) -> Result<FilmDecision, EnrichError> {
    let mut hits = Vec::new();
    for (text, lang) in matching::search_texts(row) {
        let request = wikidata::search_request(&text, &lang);
        for hit in asker.ask(cache, &request, wikidata::read_search).await? {
            if !hits.contains(&hit.id) {
                hits.push(hit.id);
            }
        }
    }
    let mut known = BTreeMap::new();
    let candidates = asker.items(cache, &hits, &mut known).await?;
    let mut classes = Classes::new();
    for _ in 0..CLASS_DEPTH {
        let unknown = classes.unknown(&candidates);
        if unknown.is_empty() {
            break;
        }
        let read = asker.items(cache, &unknown, &mut known).await?;
        for class in &read {
            classes.learn(class);
        }
        // A class Wikidata does not know (deleted) has no parents: it stays unknown no
        // more, and so is not asked again.
        for id in unknown
            .iter()
            .filter(|id| !read.iter().any(|c| &c.id == *id))
        {
            classes.learn(&Item {
                id: id.clone(),
                ..Item::default()
            });
        }
    }
    let people_ids: Vec<String> = candidates
        .iter()
        .flat_map(|c| c.composers.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let people: BTreeMap<String, Item> = asker
        .items(cache, &people_ids, &mut known)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(matching::decide_film(row, &candidates, &classes, &people))
}

/// Through the film's P406 albums and their P436 first (each confirmed by a lookup), then,
/// when that links nothing, a search by title and composer.
async fn release_group(
    asker: &mut Asker<'_>,
    cache: &Cache,
    row: &RowQuery,
    film: &FilmDecision,
) -> Result<ReleaseGroupDecision, EnrichError> {
    let mut via_wikidata = None;
    if film.status == Status::Linked && !film.soundtracks.is_empty() {
        let mut known = BTreeMap::new();
        let albums = asker.items(cache, &film.soundtracks, &mut known).await?;
        let mbids: BTreeSet<&String> = albums.iter().flat_map(|a| &a.release_groups).collect();
        let mut groups: Vec<ReleaseGroup> = Vec::new();
        for mbid in mbids {
            groups.extend(asker.lookup(cache, mbid).await?);
        }
        if !groups.is_empty() {
            let decision = matching::decide_release_group(row, film, &groups, true);
            if decision.status == Status::Linked {
                return Ok(decision);
            }
            via_wikidata = Some(decision);
        }
    }
    let composer = row.composers.first().map_or("", String::as_str);
    let request = musicbrainz::search_request(&row.title, composer);
    let groups = asker.ask(cache, &request, musicbrainz::read_search).await?;
    let searched = matching::decide_release_group(row, film, &groups, false);
    // A review through the film's own album says more than a search that found nothing.
    Ok(match via_wikidata {
        Some(d) if searched.status != Status::Linked && d.status == Status::Review => d,
        _ => searched,
    })
}
