//! What the loopback Wikidata (`wikidata.rs`) and MusicBrainz (`musicbrainz.rs`) share: the
//! faults a test can ask for, the log of requests received, the User-Agent rule both
//! services enforce, and the canned responses a folder can hold.
//!
//! A test that starts either server declares this module too:
//! `#[path = "http/loopback.rs"] mod loopback;` beside `#[path = "http/wikidata.rs"] mod
//! wikidata;` (the servers refer to it as `crate::loopback`).
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub path: String,
    /// The query string's pairs, decoded, in order.
    pub params: Vec<(String, String)>,
    pub user_agent: Option<String>,
    /// The status the server answered with.
    pub status: u16,
}

impl Seen {
    pub fn param(&self, name: &str) -> Option<&str> {
        param(&self.params, name)
    }
}

/// A request's query parameters, decoded, in order.
pub fn params(req: &Request) -> Vec<(String, String)> {
    req.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of parameter `name`.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Something other than the right answer, as the real services send it.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Wikidata's replica-lag error: HTTP 200, `{"error":{"code":"maxlag",…,"lag":N}}`,
    /// `Retry-After` and `X-Database-Lag` (mediawiki.org `Manual:Maxlag_parameter`; the
    /// body as Wikidata-Toolkit's recorded `error-maxlag-full.json`).
    Maxlag { lag: u32, retry_after: u64 },
    /// Any status with an optional `Retry-After` and a small body (429, 503, 500, …).
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// MusicBrainz's 503 for our own rate: `x-ratelimit-zone: ws ip=…` (recorded by
    /// darrylnatale/longplayr, `RATE_LIMITED_503`).
    RateLimited { retry_after: u64 },
    /// MusicBrainz's 503 when the whole service sheds load: `x-ratelimit-zone: global`,
    /// `retry-after: 0` as recorded (longplayr, `BUSY_503`).
    Busy { retry_after: u64 },
    /// HTTP 200 with a body cut short: not JSON.
    Malformed,
    /// An answer that comes only after this long (longer than the client's timeout).
    Hang(Duration),
    /// Any bytes with any status and content type (a proxy's page, bytes that are not
    /// UTF-8).
    Raw {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
}

impl Fault {
    pub fn status(&self) -> u16 {
        match self {
            Fault::Status { status, .. } | Fault::Raw { status, .. } => *status,
            Fault::RateLimited { .. } | Fault::Busy { .. } => 503,
            Fault::Maxlag { .. } | Fault::Malformed | Fault::Hang(_) => 200,
        }
    }

    pub fn template(&self) -> ResponseTemplate {
        match self {
            Fault::Maxlag { lag, retry_after } => {
                let body = serde_json::json!({
                    "error": {
                        "code": "maxlag",
                        "info": format!("Waiting for all: {lag} seconds lagged."),
                        "host": "all",
                        "lag": lag,
                        "type": "wikibase-queryservice",
                        "*": "See https://www.wikidata.org/w/api.php for API usage."
                    },
                    "servedby": "mw-loopback"
                });
                json(200, &body)
                    .insert_header("retry-after", retry_after.to_string().as_str())
                    .insert_header("x-database-lag", lag.to_string().as_str())
                    .insert_header("mediawiki-api-error", "maxlag")
            }
            Fault::Status {
                status,
                retry_after,
            } => {
                let t = ResponseTemplate::new(*status).set_body_raw(
                    format!("<html><body><h1>{status}</h1>synthetic loopback error</body></html>")
                        .into_bytes(),
                    "text/html; charset=utf-8",
                );
                match retry_after {
                    Some(s) => t.insert_header("retry-after", s.to_string().as_str()),
                    None => t,
                }
            }
            Fault::RateLimited { retry_after } => musicbrainz_503(
                "Your requests are exceeding the allowable rate limit. Please see http://wiki.musicbrainz.org/XMLWebService for more information.",
                "ws ip=127.0.0.1",
                "0",
                *retry_after,
            ),
            Fault::Busy { retry_after } => musicbrainz_503(
                "The MusicBrainz web server is currently busy. Please try again later.",
                "global",
                "12",
                *retry_after,
            ),
            Fault::Malformed => ResponseTemplate::new(200)
                .set_body_raw(br#"{"entities":{"Q1":{"id":"Q1","labels":{"#.to_vec(), "application/json; charset=utf-8"),
            Fault::Hang(d) => json(200, &serde_json::json!({})).set_delay(*d),
            Fault::Raw {
                status,
                content_type,
                body,
            } => ResponseTemplate::new(*status).set_body_raw(body.clone(), content_type),
        }
    }
}

fn musicbrainz_503(
    message: &str,
    zone: &str,
    remaining: &str,
    retry_after: u64,
) -> ResponseTemplate {
    json(503, &serde_json::json!({ "error": message }))
        .insert_header("x-ratelimit-zone", zone)
        .insert_header("x-ratelimit-limit", "22")
        .insert_header("x-ratelimit-remaining", remaining)
        .insert_header("retry-after", retry_after.to_string().as_str())
        .insert_header("server", "openresty")
}

/// A JSON response with the content type both services send.
pub fn json(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        serde_json::to_vec(body).unwrap_or_default(),
        "application/json; charset=utf-8",
    )
}

/// The faults still to come: `n` of one kind next, or one kind for every request.
#[derive(Debug, Default)]
pub struct Faults {
    next: VecDeque<Fault>,
    always: Option<Fault>,
}

impl Faults {
    pub fn push(&mut self, n: usize, fault: Fault) {
        self.next.extend(std::iter::repeat_n(fault, n));
    }

    pub fn always(&mut self, fault: Option<Fault>) {
        self.always = fault;
    }

    pub fn take(&mut self) -> Option<Fault> {
        self.next.pop_front().or_else(|| self.always.clone())
    }
}

/// The state both servers keep: faults to inject and requests seen.
#[derive(Debug, Default)]
pub struct Shared {
    pub faults: Mutex<Faults>,
    pub seen: Mutex<Vec<Seen>>,
}

impl Shared {
    pub fn record(&self, req: &Request, status: u16) {
        let seen = Seen {
            at: Instant::now(),
            path: req.url.path().to_string(),
            params: params(req),
            user_agent: user_agent(req),
            status,
        };
        self.seen.lock().unwrap().push(seen);
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The next fault due, as `(status, response)`.
    pub fn fault(&self) -> Option<(u16, ResponseTemplate)> {
        let fault = self.faults.lock().unwrap().take()?;
        Some((fault.status(), fault.template()))
    }
}

/// What both services answer for a path they do not serve.
pub fn not_found() -> (u16, ResponseTemplate) {
    let page = "<!DOCTYPE html><html><body>Not Found (synthetic loopback)</body></html>";
    (
        404,
        ResponseTemplate::new(404).set_body_raw(page, "text/html"),
    )
}

pub fn user_agent(req: &Request) -> Option<String> {
    req.headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The product tokens of HTTP libraries' default User-Agents, which Wikimedia refuses
/// since August 2025 (phabricator T400119) as it refuses a missing one.
const GENERIC_AGENTS: &[&str] = &[
    "python-requests",
    "python-urllib",
    "python-httpx",
    "aiohttp",
    "reqwest",
    "curl",
    "wget",
    "go-http-client",
    "java",
    "okhttp",
    "node-fetch",
    "axios",
    "libwww-perl",
];

/// Whether a User-Agent is refused: missing, empty, or a library's default (what Wikimedia
/// enforces; its policy also asks for a contact, which is not checked, as it is not
/// enforced).
pub fn refused_agent(agent: Option<&str>) -> bool {
    let Some(agent) = agent.map(str::trim).filter(|a| !a.is_empty()) else {
        return true;
    };
    let product = agent
        .split('/')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    GENERIC_AGENTS.contains(&product.as_str())
}

/// A canned answer: the request it answers (a path, and the query parameters that must
/// all be present with these values) and the body sent with HTTP 200 (or `status`).
#[derive(Debug, Clone)]
pub struct Canned {
    /// The path after the base URL (`/release-group`); `None`: any.
    pub path: Option<String>,
    pub params: BTreeMap<String, String>,
    pub status: u16,
    pub body: Value,
}

impl Canned {
    pub fn new(params: &[(&str, &str)], body: Value) -> Canned {
        Canned {
            path: None,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            status: 200,
            body,
        }
    }

    pub fn matches(&self, path: &str, params: &[(String, String)]) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
            && self
                .params
                .iter()
                .all(|(k, v)| params.iter().any(|(pk, pv)| pk == k && pv == v))
    }

    /// `{"path"?: "/release-group", "params": {"query": "…"}, "status"?: 200, "body": …}`.
    pub fn from_json(value: &Value, file: &Path) -> Canned {
        let params = value
            .get("params")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{}: a canned answer needs \"params\"", file.display()));
        Canned {
            path: value.get("path").and_then(Value::as_str).map(str::to_owned),
            params: params
                .iter()
                .map(|(k, v)| {
                    let v = v
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string());
                    (k.clone(), v)
                })
                .collect(),
            status: value
                .get("status")
                .and_then(Value::as_u64)
                .map_or(200, |s| s as u16),
            body: value
                .get("body")
                .cloned()
                .unwrap_or_else(|| panic!("{}: a canned answer needs \"body\"", file.display())),
        }
    }

    pub fn template(&self) -> ResponseTemplate {
        json(self.status, &self.body)
    }
}

/// The JSON files of `dir` (sorted by name), parsed; a missing folder holds none.
pub fn json_files(dir: &Path) -> Vec<(std::path::PathBuf, Value)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()));
            (p, value)
        })
        .collect()
}

/// Lower case without accents, for the servers' title and prefix matching.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}
