//! The polite client for Wikidata and MusicBrainz: one request at a time, a User-Agent as
//! Wikimedia's policy asks, `maxlag`, `Retry-After`, MusicBrainz's one request a second and
//! its two kinds of 503, and a cap per run. Bytes out; reading them is the readers' job,
//! except for the one look at Wikidata's `maxlag` error, which must be retried here.
//!
//! The HTTP client comes from the fetcher's one builder ([`crate::fetch::tls`]) and
//! `Retry-After` is read by the fetcher's one parser ([`crate::fetch::retry`]).

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderName};
use reqwest::StatusCode;
use tokio::time::Instant;

use super::cache::StoredResponse;
use super::error::EnrichError;
use super::{ApiRequest, Service};
use crate::error::error_chain;
use crate::fetch::client::header_value;
use crate::fetch::{retry, tls, FetchConfig, AGENT_TOKEN};

pub const DEFAULT_WIKIDATA_API: &str = "https://www.wikidata.org/w/api.php";
pub const DEFAULT_MUSICBRAINZ_API: &str = "https://musicbrainz.org/ws/2";

/// The environment variables that move the two services (tests point them at loopback).
pub const WIKIDATA_API_VAR: &str = "SOUNDTRACKS_WIKIDATA_API";
pub const MUSICBRAINZ_API_VAR: &str = "SOUNDTRACKS_MUSICBRAINZ_API";

/// The wait when a service asks us to come back without saying when: Wikimedia's
/// `Manual:Maxlag_parameter` asks for at least 5 s.
const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// `soundtracks/<version> (<repository>)`: a name, a version and a contact, as Wikimedia's
/// User-Agent policy and MusicBrainz's rate-limiting rules ask.
pub fn user_agent() -> String {
    format!(
        "{AGENT_TOKEN}/{} ({})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Settings, read once from the environment (`SOUNDTRACKS_WIKIDATA_API`,
/// `SOUNDTRACKS_MUSICBRAINZ_API`) and the command line.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub wikidata: String,
    pub musicbrainz: String,
    pub user_agent: String,
    /// Requests a run may make before it stops with [`EnrichError::Cap`].
    pub cap: usize,
    pub timeout: Duration,
    /// Retries of a 429, a 503 or Wikidata's `maxlag` before giving up.
    pub retries: u32,
    /// The longest `Retry-After` honoured; longer gives up at once.
    pub max_wait: Duration,
    /// The least time between two MusicBrainz requests.
    pub musicbrainz_interval: Duration,
    /// Use HTTP(S)_PROXY from the environment. Tests turn this off so loopback stays
    /// loopback.
    pub env_proxy: bool,
}

impl ClientConfig {
    pub fn from_env() -> ClientConfig {
        let base = |var: &str, default: &str| {
            std::env::var(var)
                .ok()
                .map(|v| v.trim().trim_end_matches('/').to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        ClientConfig {
            wikidata: base(WIKIDATA_API_VAR, DEFAULT_WIKIDATA_API),
            musicbrainz: base(MUSICBRAINZ_API_VAR, DEFAULT_MUSICBRAINZ_API),
            user_agent: user_agent(),
            cap: 2000,
            timeout: Duration::from_secs(30),
            retries: 3,
            max_wait: Duration::from_secs(120),
            musicbrainz_interval: Duration::from_secs(1),
            env_proxy: true,
        }
    }
}

/// A wait the client made before retrying: what it reports instead of printing (the run
/// can show them as progress).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub url: String,
    /// What the service said (`"maxlag: Waiting for all: 3.45 seconds lagged."`, `"429"`, …).
    pub reason: String,
    pub wait: Duration,
}

/// Where waits are reported as they begin (the binary prints them); the library never
/// prints.
type OnWait = Box<dyn Fn(&Wait) + Send + Sync>;

/// One client per run.
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    requests: usize,
    /// When the last MusicBrainz answer (or failure) came.
    last_musicbrainz: Option<Instant>,
    waits: Vec<Wait>,
    on_wait: Option<OnWait>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("requests", &self.requests)
            .field("waits", &self.waits)
            .finish_non_exhaustive()
    }
}

/// How one attempt ended, short of a final error.
enum Attempt {
    Done(StoredResponse),
    /// Worth asking again after `retry_after` (or the default wait).
    Again {
        problem: String,
        retry_after: Option<Duration>,
    },
}

impl Client {
    /// A client for `config`; a base URL that is not http(s) is an error naming it and the
    /// variable that sets it.
    pub fn new(config: ClientConfig) -> Result<Client, EnrichError> {
        for (base, var) in [
            (&config.wikidata, WIKIDATA_API_VAR),
            (&config.musicbrainz, MUSICBRAINZ_API_VAR),
        ] {
            crate::fetch::parse_url(base).map_err(|e| EnrichError::Request {
                url: base.clone(),
                problem: format!("not a usable base URL ({e}); fix or unset {var}"),
            })?;
        }
        let settings = FetchConfig {
            user_agent: config.user_agent.clone(),
            connect_timeout: config.timeout.min(Duration::from_secs(10)),
            timeout: config.timeout,
            env_proxy: config.env_proxy,
            ..FetchConfig::default()
        };
        let http = tls::http_client(&settings, reqwest::redirect::Policy::none()).map_err(|e| {
            EnrichError::Request {
                url: config.wikidata.clone(),
                problem: format!("cannot build the HTTP client: {e}"),
            }
        })?;
        Ok(Client {
            config,
            http,
            requests: 0,
            last_musicbrainz: None,
            waits: Vec::new(),
            on_wait: None,
        })
    }

    /// Reports each wait to `report` as it begins (a `Retry-After` can be minutes long).
    pub fn on_wait(&mut self, report: impl Fn(&Wait) + Send + Sync + 'static) {
        self.on_wait = Some(Box::new(report));
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The full URL of a request.
    pub fn url(&self, request: &ApiRequest) -> String {
        let base = match request.service {
            Service::Wikidata => &self.config.wikidata,
            Service::MusicBrainz => &self.config.musicbrainz,
        };
        format!("{base}{}", request.query)
    }

    /// Sends `request` (after any wait its service needs) and returns a 200 response's
    /// body; refusals, exhausted retries and the cap are errors naming the URL.
    ///
    /// One other status is an answer rather than a failure: MusicBrainz's 404 for an MBID
    /// it does not know (a release group deleted since Wikidata's P436 named it). It comes
    /// back with `status: 404` and MusicBrainz's `{"error":"Not Found",…}` body, so it is
    /// cached and read like any other response.
    pub async fn get(&mut self, request: &ApiRequest) -> Result<StoredResponse, EnrichError> {
        let url = self.url(request);
        let mut retried = 0u32;
        loop {
            if self.requests >= self.config.cap {
                return Err(EnrichError::Cap {
                    cap: self.config.cap,
                });
            }
            self.take_turn(request.service).await;
            self.requests += 1;
            let outcome = self.attempt(&url, request.service).await;
            if request.service == Service::MusicBrainz {
                // Counted from the end of the last answer, so the server, which counts
                // arrivals, never sees two closer than the interval.
                self.last_musicbrainz = Some(Instant::now());
            }
            let (problem, retry_after) = match outcome? {
                Attempt::Done(response) => return Ok(response),
                Attempt::Again {
                    problem,
                    retry_after,
                } => (problem, retry_after),
            };
            let wait = retry_after.unwrap_or(DEFAULT_WAIT);
            if wait > self.config.max_wait {
                return Err(EnrichError::Request {
                    url,
                    problem: format!(
                        "{problem}; it asks to wait {} s, longer than the {} s this run waits: run again later",
                        wait.as_secs(),
                        self.config.max_wait.as_secs()
                    ),
                });
            }
            if retried >= self.config.retries {
                return Err(EnrichError::Request {
                    url,
                    problem: format!(
                        "{problem}; still so after {} attempts: run again later",
                        retried + 1
                    ),
                });
            }
            let event = Wait {
                url: url.clone(),
                reason: problem,
                wait,
            };
            if let Some(report) = &self.on_wait {
                report(&event);
            }
            self.waits.push(event);
            tokio::time::sleep(wait).await;
            retried += 1;
        }
    }

    /// Requests sent so far (retries count).
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// The waits made so far, oldest first.
    pub fn waits(&self) -> &[Wait] {
        &self.waits
    }

    /// Waits until `service` may be asked again: MusicBrainz allows one request a second
    /// from one address (its `Rate_Limiting` page); Wikidata asks only for one at a time,
    /// which `&mut self` already ensures.
    async fn take_turn(&mut self, service: Service) {
        if service != Service::MusicBrainz {
            return;
        }
        if let Some(last) = self.last_musicbrainz {
            tokio::time::sleep_until(last + self.config.musicbrainz_interval).await;
        }
    }

    /// One request: a usable 200, something worth retrying, or the final error.
    async fn attempt(&self, url: &str, service: Service) -> Result<Attempt, EnrichError> {
        let response = self
            .http
            .get(url)
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| self.net_error(url, e))?;
        let status = response.status();
        let retry_after = header_value(&response, header::RETRY_AFTER)
            .and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
        let zone = header_value(&response, HeaderName::from_static("x-ratelimit-zone"));
        let body = response.bytes().await.map_err(|e| self.net_error(url, e))?;
        match status {
            StatusCode::NOT_FOUND if service == Service::MusicBrainz => {
                let body = String::from_utf8_lossy(&body).into_owned();
                Ok(Attempt::Done(StoredResponse { status: 404, body }))
            }
            StatusCode::OK => {
                let body = String::from_utf8(body.to_vec()).map_err(|_| EnrichError::Request {
                    url: url.to_string(),
                    problem:
                        "the response is not UTF-8 text (JSON must be); report it if it persists"
                            .into(),
                })?;
                if service == Service::Wikidata {
                    if let Some(info) = maxlag(&body) {
                        return Ok(Attempt::Again {
                            problem: format!("Wikidata's replicas lag behind (maxlag: {info})"),
                            retry_after,
                        });
                    }
                }
                Ok(Attempt::Done(StoredResponse { status: 200, body }))
            }
            StatusCode::TOO_MANY_REQUESTS => Ok(Attempt::Again {
                problem: format!("{} answered 429 Too Many Requests", service_name(service)),
                retry_after,
            }),
            StatusCode::SERVICE_UNAVAILABLE => Ok(Attempt::Again {
                problem: unavailable(service, zone.as_deref()),
                retry_after,
            }),
            StatusCode::FORBIDDEN => Err(EnrichError::Request {
                url: url.to_string(),
                problem: format!(
                    "refused with 403 Forbidden for the User-Agent `{}`; Wikimedia and MusicBrainz \
                     refuse requests without one or with a generic one (a library's default): \
                     send one that names the tool and a contact, as `{}` does",
                    self.config.user_agent,
                    user_agent()
                ),
            }),
            other => Err(EnrichError::Request {
                url: url.to_string(),
                problem: format!(
                    "{} answered {other}; check {} or run again later",
                    service_name(service),
                    match service {
                        Service::Wikidata => WIKIDATA_API_VAR,
                        Service::MusicBrainz => MUSICBRAINZ_API_VAR,
                    }
                ),
            }),
        }
    }

    /// A request that got no answer. Not retried: a run that stops here resumes where it
    /// stopped, since every response is cached before its decision.
    fn net_error(&self, url: &str, e: reqwest::Error) -> EnrichError {
        let problem = if e.is_timeout() {
            format!(
                "no answer within {:.1} s (the request timeout); the service is slow or down: run again later",
                self.config.timeout.as_secs_f64()
            )
        } else if e.is_connect() {
            format!(
                "cannot connect ({}); check the network, or {WIKIDATA_API_VAR} / {MUSICBRAINZ_API_VAR} if set",
                error_chain(&e.without_url())
            )
        } else {
            format!(
                "the request failed ({}); run again later",
                error_chain(&e.without_url())
            )
        };
        EnrichError::Request {
            url: url.to_string(),
            problem,
        }
    }
}

fn service_name(service: Service) -> &'static str {
    match service {
        Service::Wikidata => "Wikidata",
        Service::MusicBrainz => "MusicBrainz",
    }
}

/// What a 503 means. MusicBrainz names the limit that refused us in `x-ratelimit-zone`:
/// `global` when the whole service sheds load, `ws ip=…` when our own rate is too high.
fn unavailable(service: Service, zone: Option<&str>) -> String {
    match (service, zone) {
        (Service::MusicBrainz, Some(zone)) if zone.trim() == "global" => {
            "MusicBrainz is overloaded (503, x-ratelimit-zone: global), not because of our rate; \
             try again later"
                .into()
        }
        (Service::MusicBrainz, Some(zone)) => format!(
            "MusicBrainz says our own requests come too fast (503, x-ratelimit-zone: {zone}); \
             slow down (a longer interval between requests)"
        ),
        (service, _) => format!(
            "{} is unavailable (503 Service Unavailable)",
            service_name(service)
        ),
    }
}

/// Wikidata's `maxlag` error, which comes with HTTP 200 (`Manual:Maxlag_parameter`): its
/// `info`, if `body` is one. The cheap byte test spares reading every ordinary response
/// twice; the readers' [`wikidata::api_error`](super::wikidata::api_error) reads the error.
fn maxlag(body: &str) -> Option<String> {
    if !body.contains("maxlag") {
        return None;
    }
    super::wikidata::api_error(body.as_bytes())
        .filter(super::wire::ApiError::is_maxlag)
        .map(|e| match e.info.is_empty() {
            true => "lagged".to_string(),
            false => e.info,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxlag_is_read_from_the_body_only_when_it_is_the_error() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"{"error":{"code":"maxlag","info":"Waiting for all: 3.45 seconds lagged.","lag":3.45},"servedby":"mw1280"}"#,
                Some("Waiting for all: 3.45 seconds lagged."),
            ),
            (r#"{"error":{"code":"maxlag"}}"#, Some("lagged")),
            (
                r#"{"error":{"code":"no-such-entity","info":"maxlag"}}"#,
                None,
            ),
            (r#"{"search":[{"label":"maxlag"}],"success":1}"#, None),
            (r#"{"error":{"code":"maxlag""#, None),
            ("", None),
        ];
        for (body, want) in cases {
            assert_eq!(maxlag(body).as_deref(), *want, "{body}");
        }
    }

    #[test]
    fn the_two_503s_of_musicbrainz_are_told_apart() {
        let global = Some("global");
        assert!(unavailable(Service::MusicBrainz, global).contains("overloaded"));
        let ours = unavailable(Service::MusicBrainz, Some("ws ip=203.0.113.7"));
        assert!(
            ours.contains("slow down") && ours.contains("ws ip="),
            "{ours}"
        );
        let plain = unavailable(Service::Wikidata, global);
        assert!(plain.starts_with("Wikidata is unavailable"), "{plain}");
    }

    #[test]
    fn user_agent_names_the_tool_version_and_a_contact() {
        let ua = user_agent();
        assert_eq!(
            ua,
            format!(
                "soundtracks/{} ({})",
                env!("CARGO_PKG_VERSION"),
                env!("CARGO_PKG_REPOSITORY")
            )
        );
        assert!(ua.contains("(https://"), "{ua}");
    }
}
