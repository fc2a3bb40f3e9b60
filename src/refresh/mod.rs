//! Refreshing the dataset: fetch known and newly discovered parts, rebuild, report changes.
//!
//! One run is a transaction. Known parts (found by the `url`/`final_url` in the fixtures'
//! `meta.json` sidecars) and Part One's URL are fetched conditionally; then each next part
//! number is asked of the discovery sources in [`sources`] (links, `?name=` look-ups,
//! sitemaps, the feed) until one is not found, and fetched in turn. Only when every fetch
//! succeeded, the fixtures are copied to a staging folder beside them, the new and changed
//! pages written there, the dataset built from it with [`crate::build::collect`] and written
//! with [`crate::build::write_outputs`] to a staging output folder; then both folders are
//! swapped into place. Any failure before the swap leaves `fixtures/` and `output/`
//! byte-for-byte as they were. Nothing at all is written unless the data changed: when no
//! page's bytes changed, or the changed pages give the same rows ([`stage`]), the pages
//! count as checked, unchanged, and the time of the check is in the summary, not on disk.
//!
//! A page the site will not give (a browser check, a 5xx, a timeout, no connection) is
//! taken from the Internet Archive's Wayback Machine instead ([`archive`], with
//! `--archive auto`, the command line's default), and when the site's own indexes cannot be
//! read, discovery asks the archive too ([`sources`]).
//!
//! After a refresh that changed the rows, the rows that need it are linked to Wikidata and
//! MusicBrainz ([`enrich`]); that step never fails the run.

pub mod archive;
pub mod discover;
pub mod enrich;
pub mod report;
pub mod sources;
pub mod stage;
pub mod xml;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use reqwest::Url;

use crate::build::BuildOptions;
use crate::fetch::wayback::Wayback;
use crate::fetch::{self, FetchConfig, FetchError, Fetcher, Outcome};
use crate::fixtures::{self, url_key, FixtureIndex, Known};
use crate::meta::PageSource;
use archive::{ArchiveConfig, ArchiveMode};
use report::ChangeReport;
use sources::{Discovery, SourceUse};
use stage::PageWrite;

/// Part One of the series: where discovery starts by default.
pub const PART_ONE_URL: &str =
    "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";

/// Everything one refresh needs, validated.
#[derive(Debug, Clone)]
pub struct RefreshConfig {
    pub url: Url,
    pub fixtures: PathBuf,
    pub out: PathBuf,
    pub fetch: FetchConfig,
    pub build: BuildOptions,
    pub max_parts: usize,
    /// When pages are taken from the Wayback Machine.
    pub archive: ArchiveConfig,
    /// How to ask Wikidata and MusicBrainz for the rows' links after a refresh that changed
    /// the rows ([`enrich`]); `None` links nothing (the library's default: the command line
    /// sets it unless `--no-enrich`).
    pub enrich: Option<crate::enrich::client::ClientConfig>,
}

impl RefreshConfig {
    /// The default of `max_parts`.
    pub const DEFAULT_MAX_PARTS: usize = 20;

    /// Settings with the default fetch and build options.
    pub fn new(url: Url, fixtures: PathBuf, out: PathBuf) -> Self {
        RefreshConfig {
            url,
            fixtures,
            out,
            fetch: FetchConfig::default(),
            build: BuildOptions::default(),
            max_parts: Self::DEFAULT_MAX_PARTS,
            archive: ArchiveConfig::never(),
            enrich: None,
        }
    }
}

/// One part page as this run fetched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFetch {
    pub url: String,
    /// The answer: 200, or 304 for a saved page that had not changed.
    pub status: u16,
    /// The fixture written (relative to the fixtures folder) when the data changed.
    pub saved: Option<PathBuf>,
    /// Where this run's copy came from (`None` for a 304 of a fixture saved before sources
    /// were recorded).
    pub source: Option<PageSource>,
    /// When the copy was captured, for a page from the archive (RFC 3339).
    pub captured_at: Option<String>,
    /// The stored fixture came from the archive and this run took the page from the live
    /// site again.
    pub live_again: bool,
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshSummary {
    /// The site's host name.
    pub host: String,
    /// Every part page fetched (known and discovered), in the order fetched. When the data
    /// did not change, no page has `saved`: each was checked and left unchanged.
    pub pages: Vec<PageFetch>,
    /// When the pages were checked (UTC, RFC 3339): for the report, never written to disk.
    pub checked_at: String,
    /// Parts found for the first time.
    pub discovered: Vec<String>,
    /// Fixture files written (relative to the fixtures folder); empty when nothing changed.
    pub written: Vec<PathBuf>,
    /// `None` when nothing changed and so nothing was rebuilt.
    pub report: Option<ChangeReport>,
    /// How each discovery source was used, in the order they are asked.
    pub sources: Vec<SourceUse>,
    /// Discovery sources skipped with a reason (e.g. a sitemap that is not XML).
    pub warnings: Vec<String>,
    /// HTTP requests sent in all (robots.txt, pages, look-ups, sitemaps, feed, retries).
    pub requests: usize,
    /// Requests sent to the Wayback Machine (CDX calls and playbacks, retries included).
    pub archive_requests: usize,
    /// What linking the rows did; `None` when it did not run (nothing changed, or no
    /// [`RefreshConfig::enrich`]).
    pub enrichment: Option<enrich::Enrichment>,
}

/// One refresh in progress: the fetcher, the fixtures known, discovery, and what the
/// fetched parts gave so far.
struct Run<'a> {
    config: &'a RefreshConfig,
    base: Url,
    fetcher: Arc<Fetcher>,
    /// The archive client, unless `--archive never`.
    wayback: Option<Arc<Wayback>>,
    index: FixtureIndex,
    discovery: Discovery,
    /// Part number → the URL it was fetched from.
    parts: BTreeMap<u32, String>,
    pages: Vec<PageFetch>,
    changes: Vec<PageWrite>,
}

/// Fetches every part, and when any page changed, rebuilds fixtures and output together.
pub async fn refresh(config: &RefreshConfig) -> crate::error::Result<RefreshSummary> {
    let base = config.url.clone();
    let index = FixtureIndex::load(&config.fixtures)?;
    let fetcher = Arc::new(Fetcher::new(config.fetch.clone())?);
    let wayback = match config.archive.mode {
        ArchiveMode::Never => None,
        _ => Some(Arc::new(Wayback::new(
            &config.fetch,
            config.archive.wayback.clone(),
        )?)),
    };
    let mut discovery = Discovery::new(Arc::clone(&fetcher), &base);

    // Part One, then every known part of the same series on the same host.
    let mut queue = known_parts(&index, &base, &mut discovery);
    queue.truncate(config.max_parts);

    let mut run = Run {
        config,
        base,
        fetcher,
        wayback,
        index,
        discovery,
        parts: BTreeMap::new(),
        pages: Vec::new(),
        changes: Vec::new(),
    };
    run.fetch_parts(queue).await?;

    // Then each next part number, from whichever source knows it, until one is not found.
    let mut discovered = Vec::new();
    for n in 2..=u32::try_from(config.max_parts).unwrap_or(u32::MAX) {
        if run.parts.contains_key(&n) {
            continue;
        }
        if run.pages.len() >= config.max_parts {
            tracing::warn!(
                max = config.max_parts,
                "part limit reached; not fetching more"
            );
            break;
        }
        let Some(found) = run.find(n).await? else {
            tracing::debug!(part = n, "no source knows this part: discovery stops");
            break;
        };
        run.fetcher.config().progress.emit(&fetch::Event::Found {
            part: found.part,
            url: &found.url,
            source: found.source.name(),
        });
        discovered.push(found.url.to_string());
        run.parts.insert(n, found.url.to_string());
        run.fetch_parts(vec![found.url]).await?;
    }

    let mut summary = run.summary(discovered).await;
    if !run.changes.is_empty() {
        let staged = stage::commit_if_data_changed(
            &config.fixtures,
            &config.out,
            &config.build,
            &run.changes,
        )?;
        let (written, report) = staged.unzip();
        // A page with new bytes but the same rows was not saved.
        let written = written.unwrap_or_default();
        for page in &mut summary.pages {
            page.saved = page.saved.take().filter(|s| written.contains(s));
        }
        summary.written = written;
        summary.report = report;
    }
    if let (Some(_), Some(client)) = (&summary.report, &config.enrich) {
        summary.enrichment = Some(enrich::after_refresh(config, client).await);
    }
    Ok(summary)
}

impl Run<'_> {
    /// Fetches pages of the series (conditionally when saved), noting which part each is,
    /// offering their links to discovery and keeping the changed ones. Fails with every
    /// fetch error when any failed.
    async fn fetch_parts(&mut self, urls: Vec<Url>) -> crate::error::Result<()> {
        let stem = self.discovery.stem().to_string();
        let jobs = self.index.jobs(urls);
        let results = self.fetch_jobs(jobs).await;
        let mut errors = Vec::new();
        for (url, result) in results {
            let mut fetch = PageFetch {
                url: url.to_string(),
                status: 304,
                saved: None,
                source: None,
                captured_at: None,
                live_again: false,
            };
            let page = match result {
                Err(e) => {
                    errors.push(e);
                    continue;
                }
                Ok(Outcome::NotModified { known }) => {
                    fetch.source = known.meta.provenance.source;
                    fetch.captured_at = known.meta.provenance.captured_at.clone();
                    stored_text(&known)
                        .map(|text| discover::read_page(&text, &url, &self.base, &stem))
                }
                Ok(Outcome::Fetched(page)) => {
                    let (text, charset) = match fixtures::read_fetched(&page) {
                        Ok(read) => read,
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    };
                    fetch.status = page.status;
                    fetch.source = page.provenance.source;
                    fetch.captured_at = page.provenance.captured_at.clone();
                    fetch.live_again = page.provenance.source == Some(PageSource::Live)
                        && self
                            .index
                            .get(&url)
                            .is_some_and(|k| k.meta.provenance.source == Some(PageSource::Wayback));
                    let links = discover::read_page(&text, &page.final_url, &self.base, &stem);
                    self.discovery.known(&page.final_url);
                    if !page.same_as_stored {
                        let target = self.index.target_for(&self.config.fixtures, &url);
                        fetch.saved = Some(stage::fixture_relative(&self.config.fixtures, &target));
                        let meta = page.meta(charset);
                        self.index.insert(Known {
                            html: target.clone(),
                            meta: meta.clone(),
                        });
                        self.changes.push(PageWrite {
                            target,
                            bytes: page.bytes,
                            meta,
                        });
                    }
                    Some(links)
                }
            };
            self.pages.push(fetch);
            // The one rule (`parse::part::of_page`, as `build` and `add` use it): the page's
            // title, then its URL; the start URL and the series slug only for a page that
            // could not be read.
            let part = page.as_ref().and_then(|p| p.own_part).or_else(|| {
                if url_key(&url) == url_key(&self.base) {
                    Some(1)
                } else {
                    discover::names_part(&fixtures::slug_for(&url), &stem)
                }
            });
            if let Some(part) = part {
                self.parts.entry(part).or_insert_with(|| url.to_string());
            }
            if let Some(page) = page {
                self.discovery.offer_links(page.links);
            }
        }
        match FetchError::combine(errors) {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

impl Run<'_> {
    /// What the run did, before anything is written.
    async fn summary(&self, discovered: Vec<String>) -> RefreshSummary {
        RefreshSummary {
            host: self.config.url.host_str().unwrap_or("").to_string(),
            pages: self.pages.clone(),
            checked_at: fixtures::rfc3339(std::time::SystemTime::now()),
            discovered,
            written: Vec::new(),
            report: None,
            // The archive is listed only when it was asked: most runs never need it.
            sources: self
                .discovery
                .uses()
                .iter()
                .filter(|u| u.asked || u.source != sources::Source::Archive)
                .cloned()
                .collect(),
            warnings: self.discovery.warnings().to_vec(),
            requests: self.fetcher.requests(),
            archive_requests: match &self.wayback {
                Some(w) => w.requests().await,
                None => 0,
            },
            enrichment: None,
        }
    }

    /// Fetches pages from the site, and from the archive those the site would not give
    /// (`--archive auto`) or all of them (`--archive only`), one at a time.
    async fn fetch_jobs(
        &self,
        jobs: Vec<(Url, Option<Known>)>,
    ) -> Vec<(Url, Result<Outcome, FetchError>)> {
        let Some(wayback) = &self.wayback else {
            return self.fetcher.fetch_pages(jobs).await;
        };
        let live: Vec<Option<Result<Outcome, FetchError>>> =
            if self.config.archive.mode == ArchiveMode::Only {
                jobs.iter().map(|_| None).collect()
            } else {
                let results = self.fetcher.fetch_pages(jobs.clone()).await;
                results.into_iter().map(|(_, r)| Some(r)).collect()
            };
        let mut out = Vec::new();
        for ((url, known), live) in jobs.into_iter().zip(live) {
            let result = match live {
                Some(Ok(outcome)) => Ok(outcome),
                Some(Err(e)) if !archive::worth_asking(&e) => Err(e),
                Some(Err(e)) => archive::fetch(wayback, &url, known.as_ref(), Some(e)).await,
                None => archive::fetch(wayback, &url, known.as_ref(), None).await,
            };
            out.push((url, result));
        }
        out
    }

    /// Finds part `n`: from the site's own sources, or from the archive when they cannot
    /// be read (or are not to be asked, `--archive only`).
    async fn find(&mut self, n: u32) -> Result<Option<sources::Found>, FetchError> {
        let Some(wayback) = self.wayback.clone() else {
            return self.discovery.find(n).await;
        };
        if self.config.archive.mode == ArchiveMode::Only {
            return Ok(self.discovery.find_in_archive(n, &wayback).await);
        }
        match self.discovery.find(n).await {
            Err(e) if archive::worth_asking(&e) => {
                tracing::info!(part = n, error = %e, "the site's indexes cannot be read: asking the archive");
                Ok(self.discovery.find_in_archive(n, &wayback).await)
            }
            other => other,
        }
    }
}

/// Part One's URL, then every saved page on the same host whose URL names the same series
/// (one URL per page: its final URL is the same page). All are marked known to discovery.
fn known_parts(index: &FixtureIndex, base: &Url, discovery: &mut Discovery) -> Vec<Url> {
    let stem = discovery.stem().to_string();
    let mut queue: Vec<Url> = vec![base.clone()];
    let mut seen: HashSet<String> = HashSet::from([url_key(base)]);
    for page in &index.pages {
        for u in [Some(&page.meta.url), page.meta.final_url.as_ref()]
            .into_iter()
            .flatten()
        {
            let Ok(url) = Url::parse(u) else { continue };
            if discover::same_host(base, &url)
                && discover::names_part(&fixtures::slug_for(&url), &stem).is_some()
                && seen.insert(url_key(&url))
            {
                // One URL per page: its final URL is the same page.
                if let Some(k) = index.get(&url) {
                    for alias in [Some(&k.meta.url), k.meta.final_url.as_ref()]
                        .into_iter()
                        .flatten()
                    {
                        if let Ok(alias) = Url::parse(alias) {
                            seen.insert(url_key(&alias));
                            discovery.known(&alias);
                        }
                    }
                }
                queue.push(url);
            }
        }
    }
    for url in &queue {
        discovery.known(url);
    }
    queue
}

/// A stored page decoded to text (for discovery on a 304), if it still reads.
fn stored_text(known: &Known) -> Option<String> {
    let bytes = fs::read(&known.html).ok()?;
    crate::parse::decode::decode(&bytes, known.meta.content_type.as_deref())
        .ok()
        .map(|d| d.text.into_owned())
}
