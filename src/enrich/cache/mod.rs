//! The review cache under `<fixtures>/enrichment/`: raw responses keyed by request, one
//! decision file per row id, and the hand-edited `overrides.json` that wins over both.
//! `build` reads it through [`links`] and never touches the network. The identifier checks
//! (QID, IMDb id, MBID, row id as a file name) live in [`ids`], the file reading in `files`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use super::error::EnrichError;
use super::{ApiRequest, Decision, Links, RowQuery, Service, Status};
use crate::digest::sha256_hex;

mod files;
pub mod ids;

use files::{problem, read_decisions, read_optional, read_overrides, write_json};
use ids::check_decision;
pub use ids::{is_file_safe_id, is_imdb, is_mbid, is_qid, IMDB_PATTERN, MBID_PATTERN, QID_PATTERN};

/// The folder under a fixtures root.
pub const DIR: &str = "enrichment";
/// The hand-edited overrides, in [`DIR`].
pub const OVERRIDES: &str = "overrides.json";
/// One decision per row, in [`DIR`].
pub const DECISIONS: &str = "decisions";
/// The raw responses, in [`DIR`], one folder per service.
pub const RESPONSES: &str = "responses";

/// A response as it was received: the HTTP status and the body's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

/// A response file: the request it answers, then the response (no clock).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseFile {
    request: ApiRequest,
    status: u16,
    body: String,
}

/// One row's hand-made correction. A field left out keeps the decision's value; `null`
/// removes the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_wikidata: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_imdb: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub release_group_mbid: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_year: Option<Option<i32>>,
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Override {
    /// Whether this override decides the link of `service` itself (sets or removes it, or
    /// marks the row not applicable), so that service's review is settled.
    pub fn settles(&self, service: Service) -> bool {
        self.not_applicable
            || match service {
                Service::Wikidata => self.film_wikidata.is_some(),
                Service::MusicBrainz => self.release_group_mbid.is_some(),
            }
    }
}

/// A field that is present: `null` is `Some(None)` (remove), a value `Some(Some(v))`; an
/// absent field is `None` through `#[serde(default)]`.
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// How the rows stand: counts per status for each service (from the decisions, before
/// overrides), and the overridden row ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub film: BTreeMap<Status, usize>,
    pub release_group: BTreeMap<Status, usize>,
    /// Rows of the dataset with an override, in id order.
    pub overridden: Vec<String>,
    /// Rows with no decision yet.
    pub undecided: Vec<String>,
    /// Rows whose film or release group awaits review and no override settles (in the
    /// order given): what a reviewer should open.
    pub review: Vec<String>,
    /// Overrides for row ids the dataset does not have (a renamed or removed entry): they
    /// apply to nothing; move them to the row's new id or delete them.
    pub unknown_overrides: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: PathBuf,
    decisions: BTreeMap<String, Decision>,
    overrides: BTreeMap<String, Override>,
}

impl Cache {
    /// Reads `<fixtures>/enrichment/` (a missing folder is an empty cache): every
    /// `decisions/*.json` and `overrides.json`, each checked.
    pub fn open(fixtures: &Path) -> Result<Cache, EnrichError> {
        let dir = fixtures.join(DIR);
        Ok(Cache {
            decisions: read_decisions(&dir.join(DECISIONS))?,
            overrides: read_overrides(&dir.join(OVERRIDES))?,
            dir,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the response to `request` is kept: `responses/<service>/<key>.json`, the key
    /// being the first 32 hex digits of the SHA-256 of `<service>\n<query>`.
    pub fn response_path(&self, request: &ApiRequest) -> PathBuf {
        let service = request.service.as_str();
        let digest = sha256_hex(format!("{service}\n{}", request.query).as_bytes());
        let key = digest.get(..32).unwrap_or(&digest);
        self.dir
            .join(RESPONSES)
            .join(service)
            .join(format!("{key}.json"))
    }

    /// The path of a row's decision file.
    pub fn decision_path(&self, id: &str) -> PathBuf {
        self.dir.join(DECISIONS).join(format!("{id}.json"))
    }

    /// The stored response to `request`, if any.
    pub fn response(&self, request: &ApiRequest) -> Result<Option<StoredResponse>, EnrichError> {
        let path = self.response_path(request);
        let Some(bytes) = read_optional(&path)? else {
            return Ok(None);
        };
        let file: ResponseFile = serde_json::from_slice(&bytes).map_err(|e| {
            problem(
                &path,
                format!("is not a stored response ({e}); delete it and the next run asks again"),
            )
        })?;
        if file.request != *request {
            return Err(problem(
                &path,
                format!(
                    "answers {} {:?}, not {:?}; delete it and the next run asks again",
                    file.request.service.as_str(),
                    file.request.query,
                    request.query
                ),
            ));
        }
        Ok(Some(StoredResponse {
            status: file.status,
            body: file.body,
        }))
    }

    /// Records a response atomically (its file appears whole or not at all).
    pub fn store_response(
        &self,
        request: &ApiRequest,
        response: &StoredResponse,
    ) -> Result<(), EnrichError> {
        let file = ResponseFile {
            request: request.clone(),
            status: response.status,
            body: response.body.clone(),
        };
        write_json(&self.response_path(request), &file)
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.get(id)
    }

    pub fn decisions(&self) -> &BTreeMap<String, Decision> {
        &self.decisions
    }

    /// True when the row has no decision, or was decided from other inputs.
    pub fn needs_decision(&self, row: &RowQuery) -> bool {
        self.decisions.get(&row.id).is_none_or(|d| d.inputs != *row)
    }

    /// Writes `decisions/<id>.json` atomically and keeps it.
    pub fn store_decision(&mut self, decision: Decision) -> Result<(), EnrichError> {
        let path = self.decision_path(&decision.id);
        if !is_file_safe_id(&decision.id) {
            return Err(problem(
                &path,
                format!(
                    "row id {:?} cannot name a file (empty, a path separator or a leading dot); \
                     this is a bug: report it",
                    decision.id
                ),
            ));
        }
        check_decision(&decision).map_err(|p| {
            problem(
                &path,
                format!("row `{}`: {p}; this is a bug: report it", decision.id),
            )
        })?;
        write_json(&path, &decision)?;
        self.decisions.insert(decision.id.clone(), decision);
        Ok(())
    }

    pub fn overrides(&self) -> &BTreeMap<String, Override> {
        &self.overrides
    }

    /// A row's links: its decision's (the film's ids and year when the film is linked, the
    /// release group's when it is), then its override's. An override that changes or
    /// removes `film_wikidata` also drops the decision's IMDb id and year, which belong to
    /// the other item, unless it gives them itself; `not_applicable` clears every link.
    pub fn links(&self, id: &str) -> Links {
        let mut links = Links::default();
        if let Some(d) = self.decisions.get(id) {
            if d.film.status == Status::Linked {
                links.film_wikidata = d.film.wikidata.clone();
                links.film_imdb = d.film.imdb.clone();
                links.film_year = d.film.year;
            }
            if d.release_group.status == Status::Linked {
                links.release_group_mbid = d.release_group.mbid.clone();
            }
        }
        let Some(o) = self.overrides.get(id) else {
            return links;
        };
        if o.not_applicable {
            return Links::default();
        }
        if let Some(wikidata) = &o.film_wikidata {
            if *wikidata != links.film_wikidata {
                links.film_imdb = None;
                links.film_year = None;
            }
            links.film_wikidata = wikidata.clone();
        }
        if let Some(imdb) = &o.film_imdb {
            links.film_imdb = imdb.clone();
        }
        if let Some(mbid) = &o.release_group_mbid {
            links.release_group_mbid = mbid.clone();
        }
        if let Some(year) = o.film_year {
            links.film_year = year;
        }
        links
    }

    /// Whether a decided row still has a link in review that no override settles (sets or
    /// removes it, or marks the row not applicable).
    fn awaits_review(&self, id: &str, d: &Decision) -> bool {
        let o = self.overrides.get(id);
        let film_settled = o.is_some_and(|o| o.settles(Service::Wikidata));
        let group_settled = o.is_some_and(|o| o.settles(Service::MusicBrainz));
        (d.film.status == Status::Review && !film_settled)
            || (d.release_group.status == Status::Review && !group_settled)
    }

    /// How the rows `ids` stand. The counts are the decisions' (before overrides); an
    /// override that sets or removes a link in review settles it.
    pub fn summary(&self, ids: &[String]) -> Summary {
        let mut summary = Summary::default();
        for id in ids {
            match self.decisions.get(id) {
                Some(d) => {
                    *summary.film.entry(d.film.status).or_default() += 1;
                    *summary
                        .release_group
                        .entry(d.release_group.status)
                        .or_default() += 1;
                    if self.awaits_review(id, d) {
                        summary.review.push(id.clone());
                    }
                }
                None => summary.undecided.push(id.clone()),
            }
        }
        let known: std::collections::BTreeSet<&String> = ids.iter().collect();
        for id in self.overrides.keys() {
            if known.contains(id) {
                summary.overridden.push(id.clone());
            } else {
                summary.unknown_overrides.push(id.clone());
            }
        }
        summary
    }
}

/// Every `*.json` in `dir` (hidden files, such as an interrupted write's, skipped), each
/// Every row's links from the cache under `fixtures`, as `build` reads them.
pub fn links(fixtures: &Path) -> Result<BTreeMap<String, Links>, EnrichError> {
    let cache = Cache::open(fixtures)?;
    Ok(cache
        .decisions()
        .keys()
        .chain(cache.overrides().keys())
        .map(|id| (id.clone(), cache.links(id)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_absent_override_fields_differ() {
        let o: BTreeMap<String, Override> = serde_json::from_str(
            r#"{"a": {"film_wikidata": null, "film_year": 1999, "note": "n"}}"#,
        )
        .unwrap();
        let a = &o["a"];
        assert_eq!(a.film_wikidata, Some(None));
        assert_eq!(a.film_imdb, None);
        assert_eq!(a.film_year, Some(Some(1999)));
        let back = serde_json::to_string(a).unwrap();
        assert_eq!(
            back,
            r#"{"film_wikidata":null,"film_year":1999,"not_applicable":false,"note":"n"}"#
        );
        assert!(serde_json::from_str::<Override>(r#"{"film_wikidat": "Q1"}"#).is_err());
    }
}
