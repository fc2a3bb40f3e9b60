//! The Internet Archive's Wayback Machine as a second source of pages: its CDX server lists
//! captures ([`cdx`]), raw playback (`id_`) gives a capture's bytes ([`playback`], with the
//! `Link` header read by [`link`]). This module owns the client and the etiquette the archive
//! asks of clients: one connection, requests strictly one after another, CDX calls spaced
//! (3 s by default) and playbacks spaced (1 s), a request budget per run, an honest
//! User-Agent, at most two retries on 5xx and timeouts, and never a retry on 429: a 429 ends
//! the archive route for the rest of the run (the archive firewalls clients that ignore
//! them), and so do two refused connections in a row. What to do with a capture is
//! [`crate::refresh`]'s.
//!
//! Facts and their sources: `/work/shared/reference/archive.md` sections 1, 3 and 5 (edgi
//! `wayback` `_client.py`, internetarchive/wayback's CDX server).

pub mod cdx;
pub mod link;
pub mod playback;

use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use tokio::sync::Mutex;

use super::tls::http_client;
use super::{retry, Event, FetchConfig, FetchError, Progress, RetryPolicy};
use crate::error::{error_chain, ArchiveMiss};

/// Where the archive is when `SOUNDTRACKS_WAYBACK_BASE` does not say.
pub const DEFAULT_BASE: &str = "https://web.archive.org";
/// The environment variable that points the archive route elsewhere (tests: 127.0.0.1).
pub const BASE_ENV: &str = "SOUNDTRACKS_WAYBACK_BASE";

/// The archive client's settings.
#[derive(Debug, Clone)]
pub struct WaybackConfig {
    pub base: Url,
    /// Least time from the end of one CDX call to the start of the next (the CDX pool
    /// allows ~30 a minute).
    pub cdx_spacing: Duration,
    /// Least time from the end of one playback request to the start of the next.
    pub playback_spacing: Duration,
    /// CDX calls per run, retries included.
    pub max_cdx: usize,
    /// Playback requests per page, redirect hops and retries included.
    pub max_playbacks: usize,
    /// Captures tried per page, newest first.
    pub max_captures: usize,
    /// Redirects walked per capture.
    pub max_hops: usize,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Retries on 5xx and timeouts (never on 429 or a refused connection).
    pub retry: RetryPolicy,
}

impl WaybackConfig {
    /// The defaults, with the archive at `base`.
    pub fn new(base: Url) -> Self {
        WaybackConfig {
            base,
            cdx_spacing: Duration::from_secs(3),
            playback_spacing: Duration::from_secs(1),
            max_cdx: 4,
            max_playbacks: 4,
            max_captures: 3,
            max_hops: 5,
            connect_timeout: Duration::from_secs(15),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy {
                retries: 2,
                base: Duration::from_secs(5),
                max_backoff: Duration::from_secs(15),
                max_retry_after: Duration::ZERO,
            },
        }
    }
}

impl Default for WaybackConfig {
    fn default() -> Self {
        WaybackConfig::new(Url::parse(DEFAULT_BASE).unwrap_or_else(|_| unreachable!()))
    }
}

/// Which request pool a request draws on: they are spaced and counted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pool {
    Cdx,
    Playback,
}

/// An answer of the archive, body read (and not yet un-gzipped).
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// A header as text, if present and visible ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Default)]
struct State {
    requests: usize,
    cdx_calls: usize,
    last_cdx: Option<Instant>,
    last_playback: Option<Instant>,
    refused_in_a_row: u32,
    /// Why the route ended for this run (429, refused connections).
    ended: Option<ArchiveMiss>,
}

/// The archive client: one per run, shared by every page.
pub struct Wayback {
    config: WaybackConfig,
    client: reqwest::Client,
    max_bytes: u64,
    progress: Progress,
    /// Held for a whole request: the archive is asked one thing at a time.
    state: Mutex<State>,
}

impl Wayback {
    /// A client with the fetcher's User-Agent, body cap, proxy rule and progress callback.
    pub fn new(fetch: &FetchConfig, config: WaybackConfig) -> Result<Self, FetchError> {
        let settings = FetchConfig {
            connect_timeout: config.connect_timeout,
            timeout: config.timeout,
            ..fetch.clone()
        };
        Ok(Wayback {
            client: http_client(&settings, reqwest::redirect::Policy::none())?,
            max_bytes: fetch.max_bytes,
            progress: fetch.progress.clone(),
            config,
            state: Mutex::new(State::default()),
        })
    }

    pub fn config(&self) -> &WaybackConfig {
        &self.config
    }

    /// Requests sent to the archive so far (retries included).
    pub async fn requests(&self) -> usize {
        self.state.lock().await.requests
    }

    /// Why the route ended for this run, if it did.
    pub async fn ended(&self) -> Option<ArchiveMiss> {
        self.state.lock().await.ended.clone()
    }

    /// One GET from `pool`, spaced and counted, retried on 5xx and timeouts only. A 429
    /// that is not a capture (no `Memento-Datetime`) ends the route.
    pub(crate) async fn get(&self, pool: Pool, url: &Url) -> Result<Answer, ArchiveMiss> {
        let mut state = self.state.lock().await;
        let policy = &self.config.retry;
        let mut retry = 0u32;
        loop {
            if let Some(end) = &state.ended {
                return Err(end.clone());
            }
            if pool == Pool::Cdx && state.cdx_calls >= self.config.max_cdx {
                return Err(ArchiveMiss::Budget {
                    what: "CDX",
                    max: self.config.max_cdx,
                });
            }
            self.wait_turn(&state, pool).await;
            state.requests += 1;
            if pool == Pool::Cdx {
                state.cdx_calls += 1;
            }
            let started = Instant::now();
            let result = self.attempt(&mut state, url).await;
            // Spacing counts from the end of the last request, so the archive sees the gap
            // whatever the connection took.
            match pool {
                Pool::Cdx => state.last_cdx = Some(Instant::now()),
                Pool::Playback => state.last_playback = Some(Instant::now()),
            }
            self.progress.emit(&Event::Archive {
                url,
                status: result.as_ref().ok().map(|a| a.status),
                bytes: result.as_ref().map_or(0, |a| a.body.len()),
                took: started.elapsed(),
            });
            let error = match result {
                Ok(answer) if answer.status < 500 || is_memento(&answer.headers) => {
                    return Ok(answer)
                }
                Ok(answer) => ArchiveMiss::Failed {
                    reason: format!("HTTP {} from {url}", answer.status),
                },
                Err(Attempt::Final(miss)) => return Err(miss),
                Err(Attempt::Again(miss)) => miss,
            };
            if retry >= policy.retries {
                return Err(error);
            }
            let wait = policy.jittered(retry, retry::random_unit());
            tracing::debug!(%url, %error, wait_ms = wait.as_millis() as u64, "archive: retrying");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    async fn wait_turn(&self, state: &State, pool: Pool) {
        let (last, spacing) = match pool {
            Pool::Cdx => (state.last_cdx, self.config.cdx_spacing),
            Pool::Playback => (state.last_playback, self.config.playback_spacing),
        };
        if let Some(at) = last {
            let next = at + spacing;
            let now = Instant::now();
            if next > now {
                tokio::time::sleep(next - now).await;
            }
        }
    }

    async fn attempt(&self, state: &mut State, url: &Url) -> Result<Answer, Attempt> {
        let sent = self
            .client
            .get(url.clone())
            // Raw bytes: Wayback has sent gzip under a blank Content-Encoding (the body is
            // sniffed anyway, see `playback`).
            .header(
                header::ACCEPT_ENCODING,
                HeaderValue::from_static("identity"),
            )
            .send()
            .await;
        let mut resp = match sent {
            Ok(resp) => resp,
            Err(e) if e.is_connect() => {
                state.refused_in_a_row += 1;
                let miss = ArchiveMiss::Unreachable {
                    reason: format!(
                        "cannot connect to {}: {}",
                        self.config.base,
                        error_chain(&e)
                    ),
                };
                if state.refused_in_a_row >= 2 {
                    state.ended = Some(miss.clone());
                }
                return Err(Attempt::Final(miss));
            }
            Err(e) => {
                return Err(Attempt::Again(ArchiveMiss::Unreachable {
                    reason: format!("{url}: {}", error_chain(&e)),
                }))
            }
        };
        state.refused_in_a_row = 0;
        let status = resp.status();
        if status == StatusCode::TOO_MANY_REQUESTS && !is_memento(resp.headers()) {
            let miss = ArchiveMiss::RateLimited {
                url: url.to_string(),
            };
            state.ended = Some(miss.clone());
            return Err(Attempt::Final(miss));
        }
        let headers = resp.headers().clone();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > self.max_bytes {
                        return Err(Attempt::Final(ArchiveMiss::Failed {
                            reason: format!("{url}: over the {}-byte cap", self.max_bytes),
                        }));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(Attempt::Again(ArchiveMiss::Unreachable {
                        reason: format!("{url}: {}", error_chain(&e)),
                    }))
                }
            }
        }
        Ok(Answer {
            status: status.as_u16(),
            headers,
            body,
        })
    }
}

/// How one attempt failed: worth another try (timeouts, broken bodies) or not.
enum Attempt {
    Again(ArchiveMiss),
    Final(ArchiveMiss),
}

/// A response is a memento (captured content, whatever its status) if and only if it
/// carries `Memento-Datetime`: this tells a captured 429 from a real one.
pub(crate) fn is_memento(headers: &HeaderMap) -> bool {
    headers.contains_key("memento-datetime")
}
