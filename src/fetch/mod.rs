//! HTTP fetching: a polite async client that saves pages with their metadata as fixtures.
//!
//! This module owns everything that touches the network: the [`Fetcher`] (one reqwest client,
//! a bound on concurrent fetches, per-host spacing, robots.txt, conditional requests,
//! retries with backoff, a body cap) and the `soundtracks fetch` command. It hands back
//! bytes and [`FixtureMeta`]; parsing is left to [`crate::build`], discovery and staging to
//! [`crate::refresh`]. Submodules hold the pure parts: [`robots`], [`retry`], [`store`].

pub mod challenge;
pub mod progress;
pub mod retry;
pub mod robots;
pub mod store;
pub mod tls;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use tokio::sync::{OnceCell, Semaphore};

use crate::decode::{self, InputProblem};
use crate::meta::FixtureMeta;
pub use retry::RetryPolicy;
use robots::Robots;
use store::{FixtureIndex, Known};

pub use progress::{Event, Progress};

/// The product token robots.txt groups are matched against.
pub const AGENT_TOKEN: &str = "soundtracks";

/// `soundtracks/<version> (+<repository>)`.
pub fn user_agent() -> String {
    format!(
        "{AGENT_TOKEN}/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Why a fetch failed. Every variant names the URL (or the file) and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid http(s) URL ({reason}); pass a full URL such as https://acloserlisten.com/…")]
    InvalidUrl { url: String, reason: String },

    #[error("cannot set up the HTTP client: {reason} (please report this as a bug)")]
    Client { reason: String },

    #[error("{url}: disallowed for `{AGENT_TOKEN}` by {robots}; not fetched. Save the page by hand if the site owner agrees")]
    Disallowed { url: String, robots: String },

    #[error("{url}: cannot read {robots} ({reason}); nothing is fetched from a host whose robots.txt does not answer: try again later")]
    RobotsUnavailable {
        url: String,
        robots: String,
        reason: String,
    },

    #[error(
        "{url}: {reason} (after {attempts} attempt(s)); check the network connection and try again"
    )]
    Network {
        url: String,
        attempts: u32,
        reason: String,
    },

    #[error("{url}: no complete response within {secs:.1} s (after {attempts} attempt(s)); the site may be slow: try again later or raise --timeout")]
    Timeout {
        url: String,
        attempts: u32,
        secs: f64,
    },

    #[error("{url}: HTTP {status}{}", status_advice(*status, *attempts))]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },

    #[error("{url}: HTTP {status} and the server asks to wait {wait_secs} s, more than the {cap_secs} s this tool waits; run again later")]
    RetryAfterTooLong {
        url: String,
        status: u16,
        wait_secs: u64,
        cap_secs: u64,
    },

    #[error("{url}: the response is over the {limit}-byte cap; if the page is genuine, raise --max-bytes")]
    TooLarge { url: String, limit: u64 },

    #[error("{url}: the response is `{content_type}`, not an HTML page; pass the article's URL")]
    NotHtml { url: String, content_type: String },

    #[error("{url}: {problem}")]
    BadPage { url: String, problem: InputProblem },

    #[error("{url}: redirects to {to}, which is {why}; not followed. If that page is the right one, pass its URL yourself")]
    Redirect {
        url: String,
        to: String,
        why: &'static str,
    },

    #[error("{url}: more than {max} redirects; not followed. Open the URL in a browser and pass the final URL")]
    TooManyRedirects { url: String, max: usize },

    #[error("{path}: cannot write or read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: invalid metadata sidecar: {source}; fix it or delete it with its .html and fetch the page again")]
    Meta {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    #[error("{url}: the site answered HTTP {status} with a browser check (a bot challenge) instead of the page, so nothing more is asked of this host in this run and nothing was written. Open the page in a browser, save it (\"Save page as…\"), then run `soundtracks add FILE --url {url}`")]
    Challenge { url: String, status: u16 },

    #[error("{first} (and {more} more failure(s), listed above)")]
    Several { first: Box<FetchError>, more: usize },
}

fn status_advice(status: u16, attempts: u32) -> String {
    match status {
        404 | 410 => "; the page is not there: check the URL".to_string(),
        401 | 403 => "; the site refuses the request: do not retry, check the URL".to_string(),
        429 => format!("; still rate-limited after {attempts} attempt(s): wait and run again later, or raise --delay"),
        s if s >= 500 => format!("; the server failed {attempts} time(s): try again later"),
        _ => "; check the URL".to_string(),
    }
}

impl FetchError {
    /// The URL the error is about, when it is about one.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::Disallowed { url, .. }
            | FetchError::RobotsUnavailable { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::RetryAfterTooLong { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::NotHtml { url, .. }
            | FetchError::BadPage { url, .. }
            | FetchError::Redirect { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Challenge { url, .. } => Some(url),
            FetchError::Several { first, .. } => first.url(),
            FetchError::Client { .. } | FetchError::Io { .. } | FetchError::Meta { .. } => None,
        }
    }

    /// Whether the site answered with a browser check (here or in the first of several).
    pub fn is_challenge(&self) -> bool {
        match self {
            FetchError::Challenge { .. } => true,
            FetchError::Several { first, .. } => first.is_challenge(),
            _ => false,
        }
    }

    /// One error for a list of failures: the first, counting the rest. A challenge comes
    /// first: it is the one failure that says what to do about all of them.
    pub fn combine(mut errors: Vec<FetchError>) -> Option<FetchError> {
        if let Some(at) = errors.iter().position(FetchError::is_challenge) {
            let challenge = errors.remove(at);
            errors.insert(0, challenge);
        }
        if errors.is_empty() {
            return None;
        }
        let first = errors.remove(0);
        Some(if errors.is_empty() {
            first
        } else {
            FetchError::Several {
                first: Box::new(first),
                more: errors.len(),
            }
        })
    }
}

/// Everything the fetcher needs, validated once from the command line (or built by tests).
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Minimum time between the starts of two requests to one host.
    pub delay: Duration,
    /// Pages fetched at the same time (over all hosts).
    pub concurrency: usize,
    pub connect_timeout: Duration,
    /// Limit for one whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    pub retry: RetryPolicy,
    /// Redirects followed per request (same host, http(s) only).
    pub max_redirects: usize,
    /// Use HTTP(S)_PROXY from the environment. Tests turn this off so loopback stays loopback.
    pub env_proxy: bool,
    /// Where progress events go (nowhere by default; the binary prints them).
    pub progress: Progress,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: user_agent(),
            delay: Duration::from_secs(1),
            concurrency: 2,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            retry: RetryPolicy::default(),
            max_redirects: 5,
            env_proxy: true,
            progress: Progress::none(),
        }
    }
}

/// What one saved page became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// New or changed bytes were written to this path.
    Written(PathBuf),
    /// 304, or the same bytes as stored: nothing was written.
    Unchanged(PathBuf),
}

/// Fetches `urls` and saves each page under `fixtures` (pages that succeed are saved even
/// when others fail; the first failure is returned, counting the rest).
pub async fn fetch_to_fixtures(
    config: &FetchConfig,
    urls: &[String],
    fixtures: &std::path::Path,
) -> Result<Vec<Saved>, FetchError> {
    let mut index = FixtureIndex::load(fixtures)?;
    let fetcher = Arc::new(Fetcher::new(config.clone())?);
    let mut parsed = Vec::new();
    for u in urls {
        parsed.push(parse_url(u)?);
    }
    let jobs: Vec<(Url, Option<Known>)> = parsed
        .into_iter()
        .map(|u| {
            let known = index.get(&u).cloned();
            (u, known)
        })
        .collect();
    let results = fetcher.fetch_pages(jobs).await;
    let mut saved = Vec::new();
    let mut errors = Vec::new();
    for (url, result) in results {
        match result {
            Ok(Outcome::NotModified { known }) => saved.push(Saved::Unchanged(known.html)),
            Ok(Outcome::Fetched(page)) => {
                let target = index.target_for(fixtures, &url);
                if page.same_as_stored {
                    saved.push(Saved::Unchanged(target));
                    continue;
                }
                let meta = page.meta();
                store::save(&target, &page.bytes, &meta)?;
                index.insert(Known {
                    html: target.clone(),
                    meta,
                });
                saved.push(Saved::Written(target));
            }
            Err(e) => errors.push(e),
        }
    }
    match FetchError::combine(errors) {
        Some(e) => Err(e),
        None => Ok(saved),
    }
}

/// Parses a URL given by the user or found on a page; only http(s) is accepted.
pub fn parse_url(text: &str) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|e| FetchError::InvalidUrl {
        url: text.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FetchError::InvalidUrl {
            url: text.to_string(),
            reason: format!("scheme `{}` or missing host", url.scheme()),
        });
    }
    Ok(url)
}

/// A page as received (status 200).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: Url,
    pub final_url: Url,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: String,
    /// The encoding the page decodes with (header, then `<meta>`, then UTF-8).
    pub charset: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    /// The page decoded to UTF-8, for link discovery.
    pub text: String,
    /// The bytes equal the stored fixture's (by SHA-256): nothing needs writing.
    pub same_as_stored: bool,
    pub fetched_at: SystemTime,
}

impl Fetched {
    /// The sidecar to save with the page.
    pub fn meta(&self) -> FixtureMeta {
        FixtureMeta {
            url: self.url.to_string(),
            final_url: Some(self.final_url.to_string()),
            status: Some(self.status),
            fetched_at: Some(store::rfc3339(self.fetched_at)),
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
            content_type: Some(self.content_type.clone()),
            charset: Some(self.charset.clone()),
            sha256: Some(self.sha256.clone()),
            bytes: Some(self.bytes.len() as u64),
            note: None,
            saved_at: None,
        }
    }
}

/// What fetching one page gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// 304 Not Modified: the stored fixture is current.
    NotModified {
        known: Box<Known>,
    },
    Fetched(Box<Fetched>),
}

/// What kind of document a request expects; it decides the accepted content types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Feed,
    Sitemap,
    Robots,
    /// A `?name=` look-up: its redirect is the answer, never followed.
    LookUp,
}

/// A site index: what [`Fetcher::fetch_index`] is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// An RSS or Atom feed.
    Feed,
    /// A sitemap or sitemap index, plain or gzip-compressed.
    Sitemap,
}

/// What a `?name=` look-up answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookUp {
    /// A redirect to this URL (not followed).
    Redirect(Url),
    /// 404 or 410, a 200 with no redirect, or disallowed by robots.txt: nothing by that name.
    Missing,
}

/// A host's robots.txt, read at most once, or why it could not be read.
type RobotsCell = Arc<OnceCell<Result<Arc<Robots>, String>>>;

/// The shared HTTP machinery: one client, a concurrency bound, per-host spacing and a
/// robots.txt cache. Cheap to share behind an `Arc`.
pub struct Fetcher {
    config: FetchConfig,
    client: reqwest::Client,
    /// The same settings without following redirects, for `?name=` look-ups.
    look_up_client: reqwest::Client,
    /// HTTP requests sent so far (retries and robots.txt included).
    requests: AtomicUsize,
    /// Hosts that answered with a browser check: not asked again in this run.
    challenged: Mutex<HashMap<String, u16>>,
    permits: Arc<Semaphore>,
    /// Per host: the earliest time the next request may start.
    next_slot: Mutex<HashMap<String, Instant>>,
    /// Per origin: its robots.txt, read once (or why it could not be).
    robots: Arc<Mutex<HashMap<String, RobotsCell>>>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        tls::install_provider();
        let max = config.max_redirects;
        let robots: Arc<Mutex<HashMap<String, RobotsCell>>> = Arc::default();
        let robots_seen = Arc::clone(&robots);
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            let origin_host = attempt
                .previous()
                .first()
                .and_then(|u| u.host_str())
                .map(str::to_owned);
            let next = attempt.url();
            let same_host = next.host_str().map(str::to_owned) == origin_host;
            if !matches!(next.scheme(), "http" | "https") || !same_host {
                // Returned as the 3xx response itself; the fetcher reports it.
                attempt.stop()
            } else if attempt.previous().len() > max || !robots_allow(&robots_seen, next) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let build = |policy: reqwest::redirect::Policy| {
            let mut builder = reqwest::Client::builder()
                .user_agent(config.user_agent.clone())
                .connect_timeout(config.connect_timeout)
                .timeout(config.timeout)
                .redirect(policy);
            if !config.env_proxy {
                builder = builder.no_proxy();
            }
            builder.build().map_err(|e| FetchError::Client {
                reason: e.to_string(),
            })
        };
        let client = build(policy)?;
        let look_up_client = build(reqwest::redirect::Policy::none())?;
        Ok(Fetcher {
            permits: Arc::new(Semaphore::new(config.concurrency.max(1))),
            config,
            client,
            look_up_client,
            requests: AtomicUsize::new(0),
            challenged: Mutex::new(HashMap::new()),
            next_slot: Mutex::new(HashMap::new()),
            robots,
        })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// HTTP requests sent so far by this fetcher (retries and robots.txt included).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// Fetches pages concurrently (under the bound), in input order of results.
    pub async fn fetch_pages(
        self: &Arc<Self>,
        jobs: Vec<(Url, Option<Known>)>,
    ) -> Vec<(Url, Result<Outcome, FetchError>)> {
        let mut set = tokio::task::JoinSet::new();
        for (i, (url, known)) in jobs.into_iter().enumerate() {
            let me = Arc::clone(self);
            set.spawn(async move {
                let r = me.fetch_page(&url, known.as_ref()).await;
                (i, url, r)
            });
        }
        let mut out = Vec::new();
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(r) => out.push(r),
                Err(e) => out.push((
                    usize::MAX,
                    Url::parse("about:blank").unwrap_or_else(|_| unreachable!()),
                    Err(FetchError::Client {
                        reason: format!("a fetch task failed: {e}"),
                    }),
                )),
            }
        }
        out.sort_by_key(|(i, _, _)| *i);
        out.into_iter().map(|(_, u, r)| (u, r)).collect()
    }

    /// Fetches one page, conditionally when it is `known`, and checks it is a whole HTML
    /// page. Reports an [`Event::Page`].
    pub async fn fetch_page(
        &self,
        url: &Url,
        known: Option<&Known>,
    ) -> Result<Outcome, FetchError> {
        let started = Instant::now();
        let result = self.fetch_page_inner(url, known).await;
        self.config.progress.emit(&Event::Page {
            url,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn fetch_page_inner(
        &self,
        url: &Url,
        known: Option<&Known>,
    ) -> Result<Outcome, FetchError> {
        let _permit = self.permit().await?;
        self.check_robots(url).await?;
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
        );
        if let Some(meta) = known.map(|k| &k.meta) {
            if let Some(v) = meta
                .etag
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_NONE_MATCH, v);
            }
            if let Some(v) = meta
                .last_modified
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_MODIFIED_SINCE, v);
            }
        }
        let resp = self.request(url, headers, Kind::Page).await?;
        if resp.status == StatusCode::NOT_MODIFIED {
            return match known {
                Some(k) => Ok(Outcome::NotModified {
                    known: Box::new(k.clone()),
                }),
                // A 304 to an unconditional request is a server bug.
                None => Err(FetchError::Status {
                    url: url.to_string(),
                    status: 304,
                    attempts: resp.attempts,
                }),
            };
        }
        let decoded = decode::decode(&resp.body, Some(&resp.content_type)).map_err(|problem| {
            FetchError::BadPage {
                url: url.to_string(),
                problem,
            }
        })?;
        let sha256 = store::sha256_hex(&resp.body);
        let same_as_stored = known.and_then(|k| k.meta.sha256.as_deref()) == Some(sha256.as_str())
            && known.is_some_and(|k| std::fs::read(&k.html).is_ok_and(|b| b == resp.body));
        Ok(Outcome::Fetched(Box::new(Fetched {
            url: url.clone(),
            final_url: resp.final_url,
            status: resp.status.as_u16(),
            etag: resp.etag,
            last_modified: resp.last_modified,
            content_type: resp.content_type,
            charset: decoded.encoding.to_string(),
            sha256,
            bytes: resp.body,
            text: decoded.text,
            same_as_stored,
            fetched_at: SystemTime::now(),
        })))
    }

    /// Fetches a feed or a sitemap: its raw body (a sitemap may be gzip; the reader decides).
    /// `Ok(None)` when the site has none there (404/410) or robots.txt disallows it.
    pub async fn fetch_index(
        &self,
        url: &Url,
        kind: IndexKind,
    ) -> Result<Option<Vec<u8>>, FetchError> {
        let started = Instant::now();
        let result = self.fetch_index_inner(url, kind).await;
        self.config.progress.emit(&Event::Index {
            url,
            kind,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn fetch_index_inner(
        &self,
        url: &Url,
        kind: IndexKind,
    ) -> Result<Option<Vec<u8>>, FetchError> {
        let _permit = self.permit().await?;
        match self.check_robots(url).await {
            Err(FetchError::Disallowed { .. }) => return Ok(None),
            other => other?,
        }
        let mut headers = HeaderMap::new();
        let (accept, kind) = match kind {
            IndexKind::Feed => (
                "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
                Kind::Feed,
            ),
            IndexKind::Sitemap => {
                // Decompressed by the sitemap reader, not by the client.
                headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
                (
                    "application/xml,text/xml;q=0.9,application/x-gzip;q=0.8,*/*;q=0.1",
                    Kind::Sitemap,
                )
            }
        };
        headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
        match self.request(url, headers, kind).await {
            Ok(resp) => Ok(Some(resp.body)),
            Err(FetchError::Status { status, .. }) if status == 404 || status == 410 => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Asks WordPress for a post by slug (`/?name=<slug>`): the redirect it answers with
    /// names the permalink. The redirect is returned, not followed.
    pub async fn look_up(&self, url: &Url) -> Result<LookUp, FetchError> {
        let started = Instant::now();
        let result = self.look_up_inner(url).await;
        self.config.progress.emit(&Event::LookUp {
            url,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn look_up_inner(&self, url: &Url) -> Result<LookUp, FetchError> {
        let _permit = self.permit().await?;
        match self.check_robots(url).await {
            Err(FetchError::Disallowed { .. }) => return Ok(LookUp::Missing),
            other => other?,
        }
        match self.request(url, HeaderMap::new(), Kind::LookUp).await {
            Ok(Response {
                location: Some(to), ..
            }) => Ok(LookUp::Redirect(to)),
            // A 200: the site does not redirect by name (plain permalinks); nothing learnt.
            Ok(_) => Ok(LookUp::Missing),
            Err(FetchError::Status { status, .. }) if status == 404 || status == 410 => {
                Ok(LookUp::Missing)
            }
            Err(e) => Err(e),
        }
    }

    /// The robots.txt of `url`'s origin (read once per run).
    pub async fn robots_for(&self, url: &Url) -> Result<Arc<Robots>, FetchError> {
        let (robots_url, robots) = self.read_robots(url).await;
        robots.map_err(|reason| match self.challenged_status(url) {
            Some(status) => FetchError::Challenge {
                url: url.to_string(),
                status,
            },
            None => FetchError::RobotsUnavailable {
                url: url.to_string(),
                robots: robots_url,
                reason,
            },
        })
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, FetchError> {
        self.permits
            .acquire()
            .await
            .map_err(|e| FetchError::Client {
                reason: e.to_string(),
            })
    }

    /// Reads the host's robots.txt once and checks `url` against it.
    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let robots = self.robots_for(url).await?;
        if robots.allows(&robots_path(url)) {
            Ok(())
        } else {
            Err(FetchError::Disallowed {
                url: url.to_string(),
                robots: format!("{}/robots.txt", url.origin().ascii_serialization()),
            })
        }
    }

    /// The robots.txt URL of `url`'s origin and the file, read at most once per origin (or
    /// why it could not be read).
    async fn read_robots(&self, url: &Url) -> (String, Result<Arc<Robots>, String>) {
        let origin = url.origin().ascii_serialization();
        let robots_url = format!("{origin}/robots.txt");
        let cell = {
            let mut map = self
                .robots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(map.entry(origin).or_default())
        };
        let robots = cell
            .get_or_init(|| async {
                let Ok(ru) = Url::parse(&robots_url) else {
                    return Err("invalid robots.txt URL".to_string());
                };
                match self.request(&ru, HeaderMap::new(), Kind::Robots).await {
                    Ok(resp) => {
                        let text = String::from_utf8_lossy(&resp.body);
                        tracing::debug!(url = %ru, "robots.txt read");
                        Ok(Arc::new(Robots::parse(&text, AGENT_TOKEN)))
                    }
                    // RFC 9309: a robots.txt that is "unavailable" (4xx) allows everything.
                    Err(FetchError::Status { status, .. })
                        if (400..500).contains(&status) && status != 429 =>
                    {
                        tracing::debug!(url = %ru, status, "no robots.txt: everything allowed");
                        Ok(Arc::new(Robots::allow_all()))
                    }
                    Err(e) => Err(e.to_string()),
                }
            })
            .await
            .clone();
        (robots_url, robots)
    }

    /// Notes that `url`'s host answered with a browser check (with `status`).
    fn mark_challenged(&self, url: &Url, status: u16) {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        tracing::warn!(%url, status, "the site answered with a browser check; not asking {host} again");
        self.challenged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(host)
            .or_insert(status);
    }

    /// The status of the browser check `url`'s host answered with in this run, if any.
    fn challenged_status(&self, url: &Url) -> Option<u16> {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        self.challenged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&host)
            .copied()
    }

    /// Waits for this host's next slot (spacing requests by `delay`).
    async fn wait_turn(&self, url: &Url) {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let wait = {
            let mut map = self
                .next_slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let slot = map.get(&key).copied().unwrap_or(now).max(now);
            map.insert(key, slot + self.config.delay);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// One GET with retries. Returns a 2xx or 304 response with its body read (under the
    /// cap); every other outcome is an error.
    async fn request(
        &self,
        url: &Url,
        headers: HeaderMap,
        kind: Kind,
    ) -> Result<Response, FetchError> {
        let policy = &self.config.retry;
        let mut retry = 0u32;
        loop {
            let attempts = retry + 1;
            if let Some(status) = self.challenged_status(url) {
                return Err(FetchError::Challenge {
                    url: url.to_string(),
                    status,
                });
            }
            self.wait_turn(url).await;
            tracing::debug!(%url, attempt = attempts, headers = ?headers, "GET");
            let failure = match self.attempt(url, headers.clone(), kind, attempts).await {
                Ok(resp) => return Ok(resp),
                Err(Attempt::Fatal(e)) => return Err(e),
                Err(Attempt::Retryable { error, retry_after }) => (error, retry_after),
            };
            let (error, retry_after) = failure;
            if retry >= policy.retries {
                return Err(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > policy.max_retry_after => {
                    return Err(FetchError::RetryAfterTooLong {
                        url: url.to_string(),
                        status: match error {
                            FetchError::Status { status, .. } => status,
                            _ => 0,
                        },
                        wait_secs: wait.as_secs(),
                        cap_secs: policy.max_retry_after.as_secs(),
                    })
                }
                Some(wait) => wait,
                None => policy.jittered(retry, retry::random_unit()),
            };
            tracing::debug!(%url, error = %error, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        headers: HeaderMap,
        kind: Kind,
        attempts: u32,
    ) -> Result<Response, Attempt> {
        let net_error = |e: reqwest::Error| -> Attempt {
            if e.is_timeout() {
                Attempt::Retryable {
                    error: FetchError::Timeout {
                        url: url.to_string(),
                        attempts,
                        secs: self.config.timeout.as_secs_f64(),
                    },
                    retry_after: None,
                }
            } else if e.is_connect() || e.is_request() || e.is_body() {
                Attempt::Retryable {
                    error: FetchError::Network {
                        url: url.to_string(),
                        attempts,
                        reason: error_chain(&e),
                    },
                    retry_after: None,
                }
            } else {
                Attempt::Fatal(FetchError::Network {
                    url: url.to_string(),
                    attempts,
                    reason: error_chain(&e),
                })
            }
        };
        self.requests.fetch_add(1, Ordering::Relaxed);
        let client = match kind {
            Kind::LookUp => &self.look_up_client,
            _ => &self.client,
        };
        let mut resp = client
            .get(url.clone())
            .headers(headers)
            .send()
            .await
            .map_err(net_error)?;
        let status = resp.status();
        let cf_mitigated = header_value(&resp, header::HeaderName::from_static("cf-mitigated"));
        if cf_mitigated.is_some() || matches!(status.as_u16(), 403 | 503) {
            // A browser check is never retried: asking again only asks for another one.
            let body = read_some(&mut resp, CHALLENGE_SNIFF_BYTES).await;
            if challenge::is_challenge(status.as_u16(), cf_mitigated.as_deref(), &body) {
                self.mark_challenged(url, status.as_u16());
                return Err(Attempt::Fatal(FetchError::Challenge {
                    url: url.to_string(),
                    status: status.as_u16(),
                }));
            }
        }
        let header = |name: header::HeaderName| header_value(&resp, name);
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = header(header::RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
            return Err(Attempt::Retryable {
                error: FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                    attempts,
                },
                retry_after,
            });
        }
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let location = header(header::LOCATION).unwrap_or_default();
            let to = resp.url().join(&location).ok();
            if kind == Kind::LookUp {
                // The answer itself; whether to follow it is discovery's decision.
                return match to {
                    Some(to) => Ok(Response {
                        status,
                        final_url: resp.url().clone(),
                        etag: None,
                        last_modified: None,
                        content_type: String::new(),
                        body: Vec::new(),
                        attempts,
                        location: Some(to),
                    }),
                    None => Err(Attempt::Fatal(FetchError::Redirect {
                        url: url.to_string(),
                        to: location,
                        why: "not a valid URL",
                    })),
                };
            }
            let from_host = url.host_str();
            return Err(Attempt::Fatal(match to {
                Some(to) if !matches!(to.scheme(), "http" | "https") => FetchError::Redirect {
                    url: url.to_string(),
                    to: to.to_string(),
                    why: "not http(s)",
                },
                Some(to) if to.host_str() != from_host => FetchError::Redirect {
                    url: url.to_string(),
                    to: to.to_string(),
                    why: "on another host",
                },
                Some(to) if !robots_allow(&self.robots, &to) => FetchError::Disallowed {
                    url: to.to_string(),
                    robots: format!("{}/robots.txt", to.origin().ascii_serialization()),
                },
                Some(_) => FetchError::TooManyRedirects {
                    url: url.to_string(),
                    max: self.config.max_redirects,
                },
                None => FetchError::Redirect {
                    url: url.to_string(),
                    to: location,
                    why: "not a valid URL",
                },
            }));
        }
        if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
            return Err(Attempt::Fatal(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
                attempts,
            }));
        }
        let content_type = header(header::CONTENT_TYPE).unwrap_or_default();
        if kind == Kind::LookUp {
            // A 200 to a look-up: its body is of no use.
            return Ok(Response {
                status,
                final_url: resp.url().clone(),
                etag: None,
                last_modified: None,
                content_type,
                body: Vec::new(),
                attempts,
                location: None,
            });
        }
        if status.is_success() && !accepts(kind, &content_type) {
            return Err(Attempt::Fatal(FetchError::NotHtml {
                url: url.to_string(),
                content_type: if content_type.is_empty() {
                    "(no content type)".to_string()
                } else {
                    content_type
                },
            }));
        }
        let too_large = || {
            Attempt::Fatal(FetchError::TooLarge {
                url: url.to_string(),
                limit: self.config.max_bytes,
            })
        };
        if resp
            .content_length()
            .is_some_and(|n| n > self.config.max_bytes)
        {
            return Err(too_large());
        }
        let etag = header(header::ETAG);
        let last_modified = header(header::LAST_MODIFIED);
        let final_url = resp.url().clone();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(net_error)? {
            if body.len() as u64 + chunk.len() as u64 > self.config.max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            final_url,
            etag,
            last_modified,
            content_type,
            body,
            attempts,
            location: None,
        })
    }
}

/// How much of a 403 or 503 body is read to tell a challenge page from an error page.
const CHALLENGE_SNIFF_BYTES: usize = 256 * 1024;

/// A response header as text, if present and visible ASCII.
fn header_value(resp: &reqwest::Response, name: header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Up to `limit` bytes of a body; what could not be read is left out.
async fn read_some(resp: &mut reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match resp.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body
}

/// The path robots.txt rules are matched against: path plus `?query`.
fn robots_path(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Whether an already-read robots.txt allows `url` (a redirect target). A host whose
/// robots.txt has not been read in this run is allowed here; it is checked before any
/// request of its own.
fn robots_allow(map: &Mutex<HashMap<String, RobotsCell>>, url: &Url) -> bool {
    let origin = url.origin().ascii_serialization();
    let map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match map.get(&origin).and_then(|cell| cell.get()) {
        Some(Ok(robots)) => robots.allows(&robots_path(url)),
        _ => true,
    }
}

/// Whether a content type suits what was asked for.
fn accepts(kind: Kind, content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match kind {
        Kind::Page => matches!(mime.as_str(), "text/html" | "application/xhtml+xml"),
        Kind::Feed => mime.contains("xml") || mime == "text/html",
        // Sitemaps come as text/xml, application/xml, x-gzip, octet-stream or text/html from
        // a misconfigured server: the XML reader decides, and one that is not a sitemap is
        // skipped with a warning instead of failing the run.
        Kind::Sitemap | Kind::Robots | Kind::LookUp => true,
    }
}

/// A response that passed the status and content checks, body read.
struct Response {
    status: StatusCode,
    final_url: Url,
    etag: Option<String>,
    last_modified: Option<String>,
    content_type: String,
    body: Vec<u8>,
    attempts: u32,
    /// Where a look-up's redirect points.
    location: Option<Url>,
}

/// How one attempt failed.
enum Attempt {
    Retryable {
        error: FetchError,
        retry_after: Option<Duration>,
    },
    Fatal(FetchError),
}

/// An error with its causes: `error sending request: connection refused`.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        let cases = [
            (Kind::Page, "text/html; charset=UTF-8", true),
            (Kind::Page, "TEXT/HTML", true),
            (Kind::Page, "application/xhtml+xml", true),
            (Kind::Page, "application/pdf", false),
            (Kind::Page, "text/plain", false),
            (Kind::Page, "", false),
            (Kind::Feed, "application/rss+xml; charset=UTF-8", true),
            (Kind::Feed, "text/xml", true),
            (Kind::Feed, "image/png", false),
            (Kind::Robots, "text/plain", true),
            (Kind::Sitemap, "text/xml; charset=UTF-8", true),
            (Kind::Sitemap, "application/x-gzip", true),
            (Kind::Sitemap, "application/gzip", true),
            (Kind::Sitemap, "text/html", true),
        ];
        for (kind, ct, want) in cases {
            assert_eq!(accepts(kind, ct), want, "{kind:?} {ct:?}");
        }
    }

    #[test]
    fn user_agent_names_the_project() {
        let ua = user_agent();
        assert!(ua.starts_with("soundtracks/"), "{ua}");
        assert!(ua.contains("(+https://"), "{ua}");
    }
}
