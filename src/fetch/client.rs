//! The polite HTTP client: one reqwest client (and one that does not follow redirects,
//! for look-ups), a bound on concurrent requests, per-host spacing, robots.txt read once
//! per origin, retries with backoff, browser checks recognised and never retried, same-host
//! redirects only, and a body cap. What is asked of it is in [`super::pages`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

use super::hosts::{robots_allow, RobotsCell};
use super::tls::http_client;
use super::{challenge, retry, FetchConfig, FetchError};

/// What kind of document a request expects; it decides the accepted content types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Page,
    Feed,
    Sitemap,
    Robots,
    /// A `?name=` look-up: its redirect is the answer, never followed.
    LookUp,
}

/// The shared HTTP machinery: one client, a concurrency bound, per-host spacing and a
/// robots.txt cache. Cheap to share behind an `Arc`.
pub struct Fetcher {
    pub(super) config: FetchConfig,
    pub(super) client: reqwest::Client,
    /// The same settings without following redirects, for `?name=` look-ups.
    pub(super) look_up_client: reqwest::Client,
    /// HTTP requests sent so far (retries and robots.txt included).
    pub(super) requests: AtomicUsize,
    /// Hosts that answered with a browser check: not asked again in this run.
    pub(super) challenged: Mutex<HashMap<String, (u16, challenge::ChallengeKind)>>,
    pub(super) permits: Arc<Semaphore>,
    /// Per host: the earliest time the next request may start.
    pub(super) next_slot: Mutex<HashMap<String, Instant>>,
    /// Per origin: its robots.txt, read once (or why it could not be).
    pub(super) robots: Arc<Mutex<HashMap<String, RobotsCell>>>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let max = config.max_redirects;
        let robots: Arc<Mutex<HashMap<String, RobotsCell>>> = Arc::default();
        let robots_seen = Arc::clone(&robots);
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            let refused = match attempt.previous().first() {
                Some(from) => redirect_refusal(from, attempt.url()).is_some(),
                None => false,
            };
            if refused
                || attempt.previous().len() > max
                || !robots_allow(&robots_seen, attempt.url())
            {
                // Returned as the 3xx response itself; `redirected` says why.
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let client = http_client(&config, policy)?;
        let look_up_client = http_client(&config, reqwest::redirect::Policy::none())?;
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

    pub(super) async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, FetchError> {
        self.permits
            .acquire()
            .await
            .map_err(|e| FetchError::Client {
                reason: e.to_string(),
            })
    }

    /// One GET with retries. Returns a 2xx or 304 response with its body read (under the
    /// cap); every other outcome is an error.
    pub(super) async fn request(
        &self,
        url: &Url,
        headers: HeaderMap,
        kind: Kind,
    ) -> Result<Response, FetchError> {
        let policy = &self.config.retry;
        let mut retry = 0u32;
        loop {
            let attempts = retry + 1;
            if let Some((status, kind)) = self.challenged_status(url) {
                return Err(FetchError::Challenge {
                    url: url.to_string(),
                    status,
                    kind,
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
            .map_err(|e| self.net_error(url, attempts, e))?;
        let status = resp.status();
        self.check_challenge(url, &mut resp).await?;
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = header_value(&resp, header::RETRY_AFTER)
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
            return self.redirected(url, &resp, kind, attempts);
        }
        if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
            return Err(Attempt::Fatal(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
                attempts,
            }));
        }
        let content_type = header_value(&resp, header::CONTENT_TYPE).unwrap_or_default();
        if kind == Kind::LookUp {
            // A 200 to a look-up: its body is of no use.
            return Ok(Response::head(&resp, content_type, attempts, None));
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
        self.read_body(url, resp, content_type, attempts).await
    }

    /// A failure to send or to read: retried when the network may recover.
    fn net_error(&self, url: &Url, attempts: u32, e: reqwest::Error) -> Attempt {
        if e.is_timeout() {
            return Attempt::Retryable {
                error: FetchError::Timeout {
                    url: url.to_string(),
                    attempts,
                    secs: self.config.timeout.as_secs_f64(),
                },
                retry_after: None,
            };
        }
        let retryable = e.is_connect() || e.is_request() || e.is_body();
        let error = FetchError::Network {
            url: url.to_string(),
            attempts,
            // The URL leads the message already: the client's error need not repeat it.
            source: e.without_url(),
        };
        if retryable {
            Attempt::Retryable {
                error,
                retry_after: None,
            }
        } else {
            Attempt::Fatal(error)
        }
    }

    /// Fails, never to be retried, when the answer is a browser check (and remembers the
    /// host, so nothing more is asked of it).
    async fn check_challenge(
        &self,
        url: &Url,
        resp: &mut reqwest::Response,
    ) -> Result<(), Attempt> {
        let status = resp.status().as_u16();
        let cf_mitigated = header_value(resp, header::HeaderName::from_static("cf-mitigated"));
        if cf_mitigated.is_none() && !matches!(status, 403 | 429 | 503) {
            return Ok(());
        }
        let body = read_some(resp, CHALLENGE_SNIFF_BYTES).await;
        let kind = challenge::classify(status, cf_mitigated.as_deref(), &body);
        if let Some(kind) = kind.filter(|k| k.stops_asking()) {
            self.mark_challenged(url, status, kind);
            return Err(Attempt::Fatal(FetchError::Challenge {
                url: url.to_string(),
                status,
                kind,
            }));
        }
        Ok(())
    }

    /// A redirect the client did not follow: a look-up's answer, or why it was refused.
    fn redirected(
        &self,
        url: &Url,
        resp: &reqwest::Response,
        kind: Kind,
        attempts: u32,
    ) -> Result<Response, Attempt> {
        let location = header_value(resp, header::LOCATION).unwrap_or_default();
        let Ok(to) = resp.url().join(&location) else {
            return Err(Attempt::Fatal(FetchError::Redirect {
                url: url.to_string(),
                to: location,
                why: "not a valid URL",
            }));
        };
        if kind == Kind::LookUp {
            // The answer itself; whether to follow it is discovery's decision.
            return Ok(Response::head(resp, String::new(), attempts, Some(to)));
        }
        Err(Attempt::Fatal(match redirect_refusal(url, &to) {
            Some(why) => FetchError::Redirect {
                url: url.to_string(),
                to: to.to_string(),
                why,
            },
            None if !robots_allow(&self.robots, &to) => FetchError::Disallowed {
                url: to.to_string(),
                robots: format!("{}/robots.txt", to.origin().ascii_serialization()),
            },
            None => FetchError::TooManyRedirects {
                url: url.to_string(),
                max: self.config.max_redirects,
            },
        }))
    }

    /// Reads a body under the size cap.
    async fn read_body(
        &self,
        url: &Url,
        mut resp: reqwest::Response,
        content_type: String,
        attempts: u32,
    ) -> Result<Response, Attempt> {
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
        let mut head = Response::head(&resp, content_type, attempts, None);
        head.etag = header_value(&resp, header::ETAG);
        head.last_modified = header_value(&resp, header::LAST_MODIFIED);
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| self.net_error(url, attempts, e))?
        {
            if head.body.len() as u64 + chunk.len() as u64 > self.config.max_bytes {
                return Err(too_large());
            }
            head.body.extend_from_slice(&chunk);
        }
        Ok(head)
    }
}

/// Why a redirect from `from` to `to` is never followed, if it is not: the one rule for
/// the client's redirect policy and for the error that reports a stopped redirect.
fn redirect_refusal(from: &Url, to: &Url) -> Option<&'static str> {
    if !matches!(to.scheme(), "http" | "https") {
        Some("not http(s)")
    } else if to.host_str() != from.host_str() {
        Some("on another host")
    } else {
        None
    }
}

/// How much of a 403, 429 or 503 body is read to tell a challenge page from an error page.
const CHALLENGE_SNIFF_BYTES: usize = 256 * 1024;

/// A response header as text, if present and visible ASCII.
pub(crate) fn header_value(resp: &reqwest::Response, name: header::HeaderName) -> Option<String> {
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
pub(super) struct Response {
    pub(super) status: StatusCode,
    pub(super) final_url: Url,
    pub(super) etag: Option<String>,
    pub(super) last_modified: Option<String>,
    pub(super) content_type: String,
    pub(super) body: Vec<u8>,
    pub(super) attempts: u32,
    /// Where a look-up's redirect points.
    pub(super) location: Option<Url>,
}

impl Response {
    /// What a response says before its body is read.
    fn head(
        resp: &reqwest::Response,
        content_type: String,
        attempts: u32,
        location: Option<Url>,
    ) -> Self {
        Response {
            status: resp.status(),
            final_url: resp.url().clone(),
            etag: None,
            last_modified: None,
            content_type,
            body: Vec::new(),
            attempts,
            location,
        }
    }
}

/// How one attempt failed.
enum Attempt {
    Retryable {
        error: FetchError,
        retry_after: Option<Duration>,
    },
    Fatal(FetchError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects() {
        let u = |s: &str| Url::parse(s).unwrap();
        let from = u("https://acloserlisten.com/a/");
        let cases = [
            ("https://acloserlisten.com/b/", None),
            ("http://acloserlisten.com:8080/b/", None),
            ("https://elsewhere.example/b/", Some("on another host")),
            ("ftp://acloserlisten.com/b/", Some("not http(s)")),
        ];
        for (to, want) in cases {
            assert_eq!(redirect_refusal(&from, &u(to)), want, "{to}");
        }
    }

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
}
