//! A loopback Wayback Machine for the archive-route tests, served by wiremock on 127.0.0.1.
//!
//! Modelled on recorded responses of the real one, not on this tool's expectations:
//! - the CDX server (`/cdx/search/cdx`, `output=json`) as internetarchive/wayback's
//!   `JsonWriter.java` (iipc/openwayback `wayback-cdx-server/…/writer/JsonWriter.java`)
//!   writes it: `[` then the header row only together with the first capture (no captures is
//!   `[]`), rows joined by `,\n`, fields by `", "`, every value a string; SURT `urlkey`s;
//!   `filter=[!]field:regex` matching the whole field; `collapse=urlkey` keeping the first of
//!   adjacent rows; and a duplicate line, as edgi-govdata-archiving/wayback's cassette
//!   `test_search_multipage.yaml` shows the real server sending;
//! - raw playback (`/web/<ts>id_/<url>`) as edgi's cassette `test_get_memento.yaml`
//!   (`src/wayback/tests/cassettes/`) recorded it: an exact capture is its captured status
//!   with `Memento-Datetime`, a `Link` header (`original`, `timemap`, `timegate`, `memento`
//!   with `datetime`), `X-Archive-Src`, `X-Archive-Orig-*` and `Content-Type` unprefixed; an
//!   inexact timestamp is a 302 to the exact one with the `id_` flag kept and no
//!   `Memento-Datetime`; a page never captured is a 404 without it;
//! - a capture of a gzip response served as raw gzip under a blank `Content-Encoding`
//!   (edgi-govdata-archiving/web-monitoring-processing#309; duckdb-web-archive PR #7);
//! - the live rate limit (edgi `test_client.py` `WAYBACK_RATE_LIMIT_ERROR`): 429,
//!   `text/html`, no `Retry-After`.
//!
//! SYNTHETIC: the captures are the test pages of `tests/pages/` and the Part One fixture;
//! their timestamps, digests and WARC names are invented.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One capture held by the archive.
#[derive(Debug, Clone)]
pub struct Capture {
    /// `YYYYMMDDhhmmss`.
    pub timestamp: String,
    /// The URL as captured.
    pub original: String,
    /// The captured status, replayed as is.
    pub status: u16,
    pub body: Vec<u8>,
    /// Captured from a server that sent it gzip-encoded: replayed as raw gzip.
    pub gzip: bool,
    /// `X-Archive-Orig-*` headers beyond `Date`, e.g. `cf-mitigated: challenge`.
    pub orig_headers: Vec<(String, String)>,
    /// Listed by the CDX server, but playback redirects to this other capture (as
    /// internetarchive/wayback#210 reports for a CDX-listed timestamp).
    pub redirects_to: Option<String>,
}

impl Capture {
    pub fn page(timestamp: &str, original: &str, body: &[u8]) -> Self {
        Capture {
            timestamp: timestamp.into(),
            original: original.into(),
            status: 200,
            body: body.to_vec(),
            gzip: false,
            orig_headers: Vec::new(),
            redirects_to: None,
        }
    }

    /// The CDX digest: base32 of the SHA-1 of the payload as captured (here a stand-in
    /// derived from the bytes, 32 characters of the base32 alphabet).
    pub fn digest(&self) -> String {
        let hex = soundtracks::digest::sha256_hex(&self.body);
        hex.bytes()
            .take(32)
            .map(|b| b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[(b % 32) as usize] as char)
            .collect()
    }
}

/// How the archive behaves.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    pub captures: Vec<Capture>,
    /// Answer every request with the live rate limit.
    pub rate_limited: bool,
    /// The site is excluded: playback answers 200 without `Memento-Datetime` (edgi cassette
    /// `test_get_memento_raises_blocked_error`).
    pub excluded: bool,
}

/// One request the archive received, with when.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub query: String,
    pub at: Instant,
}

#[derive(Clone)]
struct Served {
    archive: Archive,
    log: Arc<Mutex<Vec<Seen>>>,
}

/// A running loopback archive and its request log.
pub struct Running {
    pub server: MockServer,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Running {
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    pub fn cdx_calls(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path == "/cdx/search/cdx")
            .collect()
    }

    pub fn playbacks(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path.starts_with("/web/"))
            .collect()
    }
}

pub async fn start(archive: Archive) -> Running {
    let server = MockServer::start().await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let served = Served {
        archive,
        log: Arc::clone(&log),
    };
    Mock::given(any()).respond_with(served).mount(&server).await;
    Running { server, log }
}

impl Respond for Served {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let path = req.url.path().to_string();
        let resp = if self.archive.rate_limited {
            ResponseTemplate::new(429).set_body_raw(
                b"<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a given amount of time.\n</body></html>".to_vec(),
                "text/html",
            )
        } else if path == "/cdx/search/cdx" {
            self.cdx(req)
        } else if raw_path(req).is_some() && self.archive.excluded {
            ResponseTemplate::new(200).set_body_raw(
                b"<html><body><p>Sorry.</p><p>This URL has been excluded from the Wayback Machine.</p></body></html>".to_vec(),
                "text/html; charset=utf-8",
            )
        } else if let Some(rest) = raw_path(req) {
            self.playback(&rest)
        } else {
            ResponseTemplate::new(404).set_body_raw(b"<html>Not Found</html>".to_vec(), "text/html")
        };
        self.log.lock().unwrap().push(Seen {
            path,
            query: req.url.query().unwrap_or("").to_string(),
            at: Instant::now(),
        });
        resp
    }
}

/// `/web/<ts>id_/<original>` as asked (the original keeps its own `?query`).
fn raw_path(req: &Request) -> Option<String> {
    let path = req.url.path().strip_prefix("/web/")?;
    Some(match req.url.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    })
}

/// `com,acloserlisten)/2023/05/08/x`: host labels reversed, `www.` and scheme dropped,
/// the port kept, no trailing slash, lower case.
pub fn surt(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, format!(":{p}")),
        None => (host, String::new()),
    };
    let name = name.strip_prefix("www.").unwrap_or(name);
    let labels: Vec<&str> = name.split('.').rev().collect();
    format!("{}{port}){}", labels.join(","), path.trim_end_matches('/')).to_ascii_lowercase()
}

/// The 14-digit timestamp as an HTTP date, as `Memento-Datetime` carries it.
fn http_date(ts: &str) -> String {
    let t: jiff::civil::DateTime = format!(
        "{}-{}-{}T{}:{}:{}",
        &ts[0..4],
        &ts[4..6],
        &ts[6..8],
        &ts[8..10],
        &ts[10..12],
        &ts[12..14]
    )
    .parse()
    .unwrap();
    t.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

impl Served {
    fn cdx(&self, req: &Request) -> ResponseTemplate {
        let pairs: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let url = get("url").unwrap_or_default();
        let prefix = get("matchType").as_deref() == Some("prefix");
        let fields: Vec<String> = get("fl")
            .unwrap_or_else(|| "urlkey,timestamp,original,mimetype,statuscode,digest,length".into())
            .split(',')
            .map(str::to_string)
            .collect();
        let filters: Vec<(bool, String, regex::Regex)> = pairs
            .iter()
            .filter(|(k, _)| k == "filter")
            .map(|(_, v)| {
                let (neg, v) = match v.strip_prefix('!') {
                    Some(v) => (true, v),
                    None => (false, v.as_str()),
                };
                let (field, re) = v.split_once(':').unwrap();
                // Java's `matches()`: the whole field.
                (
                    neg,
                    field.to_string(),
                    regex::Regex::new(&format!("^(?:{re})$")).unwrap(),
                )
            })
            .collect();
        let key = surt(&url);
        let mut rows: Vec<(String, Vec<String>)> = Vec::new();
        let mut captures = self.archive.captures.clone();
        captures.sort_by(|a, b| {
            (surt(&a.original), &a.timestamp).cmp(&(surt(&b.original), &b.timestamp))
        });
        for c in &captures {
            let k = surt(&c.original);
            let hit = if prefix {
                k.starts_with(&key)
            } else {
                k == key
            };
            if !hit {
                continue;
            }
            let value = |f: &str| match f {
                "urlkey" => k.clone(),
                "timestamp" => c.timestamp.clone(),
                "original" => c.original.clone(),
                "mimetype" => "text/html".to_string(),
                "statuscode" => c.status.to_string(),
                "digest" => c.digest(),
                "length" => (c.body.len() / 3).to_string(),
                _ => "-".to_string(),
            };
            if filters
                .iter()
                .all(|(neg, f, re)| re.is_match(&value(f)) != *neg)
            {
                rows.push((k.clone(), fields.iter().map(|f| value(f)).collect()));
            }
        }
        if get("collapse").as_deref() == Some("urlkey") {
            rows.dedup_by(|b, a| a.0 == b.0);
        }
        // The real server repeats lines now and then: the first one is sent twice.
        if let Some(first) = rows.first().cloned() {
            rows.insert(0, first);
        }
        let mut body = String::from("[");
        for (i, (_, row)) in rows.iter().enumerate() {
            if i == 0 {
                let names: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
                body.push_str(&format!("[{}],\n", names.join(",")));
            } else {
                body.push_str(",\n");
            }
            body.push_str(&format!("[\"{}\"]", row.join("\", \"")));
        }
        body.push_str("]\n");
        ResponseTemplate::new(200)
            .set_body_raw(body.into_bytes(), "text/plain")
            .insert_header("x-ts", "200")
    }

    fn playback(&self, rest: &str) -> ResponseTemplate {
        let Some((ts, original)) = rest.split_once("id_/") else {
            return not_archived();
        };
        let key = surt(original);
        let mine: Vec<&Capture> = self
            .archive
            .captures
            .iter()
            .filter(|c| surt(&c.original) == key)
            .collect();
        let exact = mine.iter().find(|c| c.timestamp == ts);
        let target = match exact {
            Some(c) => match &c.redirects_to {
                Some(to) => Some(to.clone()),
                None => return memento(c),
            },
            None => {
                let n = |t: &str| format!("{t:0<14}").parse::<u64>().unwrap_or(0);
                mine.iter()
                    .min_by_key(|c| n(&c.timestamp).abs_diff(n(ts)))
                    .map(|c| c.timestamp.clone())
            }
        };
        match target {
            Some(to) => ResponseTemplate::new(302)
                .insert_header("location", format!("/web/{to}id_/{original}").as_str())
                .insert_header(
                    "x-archive-redirect-reason",
                    format!("found capture at {to}").as_str(),
                )
                .insert_header("x-ts", "302")
                .set_body_raw(Vec::new(), "text/plain"),
            None => not_archived(),
        }
    }
}

fn not_archived() -> ResponseTemplate {
    ResponseTemplate::new(404)
        .insert_header("x-ts", "404")
        .set_body_raw(
            b"<html><body><p>Wayback Machine doesn't have that page archived.</p></body></html>"
                .to_vec(),
            "text/html; charset=utf-8",
        )
}

fn memento(c: &Capture) -> ResponseTemplate {
    let when = http_date(&c.timestamp);
    let link = format!(
        "<{o}>; rel=\"original\", <https://web.archive.org/web/timemap/link/{o}>; rel=\"timemap\"; type=\"application/link-format\", \
         <https://web.archive.org/web/{o}>; rel=\"timegate\", <https://web.archive.org/web/{ts}/{o}>; rel=\"memento\"; datetime=\"{when}\"",
        o = c.original,
        ts = c.timestamp
    );
    let mut resp = ResponseTemplate::new(c.status)
        .insert_header("memento-datetime", when.as_str())
        .insert_header("link", link.as_str())
        .insert_header(
            "x-archive-src",
            format!("spn2-{}-wwwb-spn01/synthetic.warc.gz", &c.timestamp[..8]).as_str(),
        )
        .insert_header("x-archive-orig-date", when.as_str())
        .insert_header("x-ts", c.status.to_string().as_str());
    for (name, value) in &c.orig_headers {
        resp = resp.insert_header(format!("x-archive-orig-{name}").as_str(), value.as_str());
    }
    if c.gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&c.body).unwrap();
        resp.insert_header("content-encoding", "")
            .set_body_raw(enc.finish().unwrap(), "text/html")
    } else {
        resp.set_body_raw(c.body.clone(), "text/html")
    }
}
