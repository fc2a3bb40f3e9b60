//! A loopback MusicBrainz WS/2 (`/ws/2`) for the enrichment tests, served by wiremock on
//! 127.0.0.1. Needs `#[path = "http/loopback.rs"] mod loopback;` beside it.
//!
//! Modelled on the real service's recorded answers (`/work/shared/reference/linking.md` §5;
//! a-castellano/Musicbrainz-Wrapper's live recordings for searches, metabrainz/picard's
//! `test/data/ws_data/release_group.json` for lookups, darrylnatale/longplayr's verbatim
//! 503s):
//! - `/release-group/<mbid>?inc=…&fmt=json`: the table's release group, lookup-shaped
//!   (empty values present), `artist-credit` only with `inc=artist-credits`, `relations`
//!   only with `inc=url-rels`; an unknown id is 404 and a malformed one 400, with
//!   `{"error","help"}`;
//! - `/release-group?query=<lucene>&fmt=json`: the fielded query's `releasegroup:`,
//!   `artistname:`/`artist:`/`creditname:` and `secondarytype:` terms (quoted phrases,
//!   backslash escapes, all ANDed) matched against the table, accent- and case-folded;
//!   search-shaped hits (`score`, empty values omitted) in `{"created","count","offset",
//!   "release-groups"}`; or a [`Canned`] body matched on parameters;
//! - without `fmt=json` an XML document (the service's default);
//! - a missing or generic User-Agent: 403; requests closer together than
//!   [`MusicBrainzServer::enforce_interval`]: the 503 for our own rate
//!   (`x-ratelimit-zone: ws ip=…`); faults on request ([`Fault`]), the global 503 among them.
//!
//! SYNTHETIC: whatever the table holds is up to the test; the server invents nothing.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::loopback::{self, fold, Canned, Fault, Seen, Shared};

/// What the loopback MusicBrainz knows.
#[derive(Debug, Clone, Default)]
pub struct MusicBrainzTable {
    /// Release groups as a lookup with `inc=artist-credits+url-rels` returns them, by MBID.
    pub release_groups: BTreeMap<String, Value>,
    /// Answers that win over the computed ones, first match first.
    pub canned: Vec<Canned>,
}

impl MusicBrainzTable {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn release_group(mut self, value: Value) -> Self {
        self.add(value, Path::new("(table)"));
        self
    }

    pub fn canned(mut self, canned: Canned) -> Self {
        self.canned.push(canned);
        self
    }

    /// A folder: `release-groups/*.json` (lookup-shaped objects), `canned/*.json` (see
    /// [`Canned::from_json`]; `path` relative to `/ws/2`, e.g. `/release-group`).
    pub fn load(dir: &Path) -> Self {
        let mut table = MusicBrainzTable::new();
        for (file, value) in loopback::json_files(&dir.join("release-groups")) {
            table.add(value, &file);
        }
        for (file, value) in loopback::json_files(&dir.join("canned")) {
            table.canned.push(Canned::from_json(&value, &file));
        }
        table
    }

    fn add(&mut self, value: Value, file: &Path) {
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{}: a release group without \"id\"", file.display()))
            .to_string();
        self.release_groups.insert(id, value);
    }
}

/// The running server.
pub struct MusicBrainzServer {
    server: MockServer,
    shared: Arc<Shared>,
    interval: Arc<Mutex<Option<Duration>>>,
}

impl MusicBrainzServer {
    pub async fn start(table: MusicBrainzTable) -> Self {
        let server = MockServer::start().await;
        let shared = Arc::new(Shared::default());
        let interval = Arc::new(Mutex::new(None));
        let responder = Responder {
            table: Arc::new(table),
            shared: Arc::clone(&shared),
            interval: Arc::clone(&interval),
            last: Mutex::new(None),
        };
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;
        MusicBrainzServer {
            server,
            shared,
            interval,
        }
    }

    /// The API's URL, as `SOUNDTRACKS_MUSICBRAINZ_API` takes it (`http://127.0.0.1:N/ws/2`).
    pub fn url(&self) -> String {
        format!("{}/ws/2", self.server.uri())
    }

    /// Every request received so far, in order, with the time it arrived.
    pub fn requests(&self) -> Vec<Seen> {
        self.shared.requests()
    }

    /// The gaps between the arrivals of consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let seen = self.requests();
        seen.windows(2)
            .map(|w| w[1].at.duration_since(w[0].at))
            .collect()
    }

    /// Answer a request that arrives less than `interval` after the one before with the
    /// 503 for our own rate, as MusicBrainz does (it allows one a second from one address).
    pub fn enforce_interval(&self, interval: Option<Duration>) {
        *self.interval.lock().unwrap() = interval;
    }

    /// The next `n` requests (with an acceptable User-Agent) get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.shared.faults.lock().unwrap().push(n, fault);
    }

    /// Every request gets `fault`; `None` heals the server.
    pub fn fail_always(&self, fault: Option<Fault>) {
        self.shared.faults.lock().unwrap().always(fault);
    }
}

struct Responder {
    table: Arc<MusicBrainzTable>,
    shared: Arc<Shared>,
    interval: Arc<Mutex<Option<Duration>>>,
    last: Mutex<Option<Instant>>,
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let previous = self.last.lock().unwrap().replace(now);
        let (status, template) = self.answer(req, previous.map(|p| now.duration_since(p)));
        self.shared.record(req, status);
        template
    }
}

const HELP: &str = "For usage, please see: https://musicbrainz.org/development/mmd";

impl Responder {
    fn answer(&self, req: &Request, gap: Option<Duration>) -> (u16, ResponseTemplate) {
        let Some(path) = req.url.path().strip_prefix("/ws/2") else {
            return loopback::not_found();
        };
        if loopback::refused_agent(loopback::user_agent(req).as_deref()) {
            let body = json!({"error": "Requests without a proper User-Agent are refused; see https://musicbrainz.org/doc/MusicBrainz_API/Rate_Limiting (synthetic loopback text)"});
            let t = loopback::json(403, &body)
                .insert_header("x-mb-rate-limiter", "lua")
                .insert_header("x-ratelimit-who", "ua-missing");
            return (403, t);
        }
        let interval = *self.interval.lock().unwrap();
        if let (Some(interval), Some(gap)) = (interval, gap) {
            if gap < interval {
                return (503, Fault::RateLimited { retry_after: 1 }.template());
            }
        }
        if let Some(answer) = self.shared.fault() {
            return answer;
        }
        let params = loopback::params(req);
        let get = |name: &str| loopback::param(&params, name);
        if get("fmt") != Some("json") {
            let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><metadata xmlns=\"http://musicbrainz.org/ns/mmd-2.0#\"/>";
            return (
                200,
                ResponseTemplate::new(200).set_body_raw(xml, "application/xml; charset=utf-8"),
            );
        }
        if let Some(canned) = self.table.canned.iter().find(|c| c.matches(path, &params)) {
            return (canned.status, canned.template());
        }
        if path == "/release-group" {
            let body = self.search(get("query").unwrap_or(""), get("limit"), get("offset"));
            return (200, loopback::json(200, &body));
        }
        if let Some(mbid) = path.strip_prefix("/release-group/") {
            return self.lookup(mbid, get("inc").unwrap_or(""));
        }
        (
            400,
            loopback::json(400, &json!({"error": "Invalid resource.", "help": HELP})),
        )
    }

    fn lookup(&self, mbid: &str, inc: &str) -> (u16, ResponseTemplate) {
        if !is_mbid(mbid) {
            return (
                400,
                loopback::json(400, &json!({"error": "Invalid mbid.", "help": HELP})),
            );
        }
        let Some(group) = self.table.release_groups.get(mbid) else {
            return (
                404,
                loopback::json(404, &json!({"error": "Not Found", "help": HELP})),
            );
        };
        // `inc=artist-credits+url-rels` arrives with `+` decoded as a space.
        let inc: Vec<&str> = inc.split([' ', '+']).collect();
        let mut group = group.clone();
        if let Some(object) = group.as_object_mut() {
            if !inc.contains(&"artist-credits") {
                object.remove("artist-credit");
            }
            if !inc.contains(&"url-rels") {
                object.remove("relations");
            }
        }
        (200, loopback::json(200, &group))
    }

    fn search(&self, query: &str, limit: Option<&str>, offset: Option<&str>) -> Value {
        let limit = limit
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(25)
            .clamp(1, 100);
        let offset = offset.and_then(|o| o.parse::<usize>().ok()).unwrap_or(0);
        let terms = lucene_terms(query);
        let mut hits: Vec<(u32, Value)> = self
            .table
            .release_groups
            .values()
            .filter_map(|group| score(group, &terms).map(|s| (s, group)))
            .map(|(s, group)| (s, search_shape(group, s)))
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.0));
        let count = hits.len();
        let groups: Vec<Value> = hits
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, h)| h)
            .collect();
        json!({"created": "2026-01-01T00:00:00.000Z", "count": count, "offset": offset, "release-groups": groups})
    }
}

fn is_mbid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}

/// The fielded terms of a Lucene query, `(field, value)`, quotes and escapes removed.
pub fn lucene_terms(query: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    let mut word = String::new();
    while let Some(c) = chars.next() {
        if c == ':' && !word.is_empty() {
            let field = std::mem::take(&mut word).to_ascii_lowercase();
            let mut value = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next()),
                        '"' => break,
                        c => value.push(c),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == ')' {
                        break;
                    }
                    chars.next();
                    if c == '\\' {
                        value.extend(chars.next());
                    } else {
                        value.push(c);
                    }
                }
            }
            out.push((field, value));
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            word.clear();
        }
    }
    out
}

/// Whether `group` matches every term, and its score: 100 for an exact title.
fn score(group: &Value, terms: &[(String, String)]) -> Option<u32> {
    let title = fold(group.get("title").and_then(Value::as_str).unwrap_or(""));
    let credits: Vec<String> = group
        .get("artist-credit")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|c| {
            [c.get("name"), c.get("artist").and_then(|a| a.get("name"))]
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(fold)
        })
        .collect();
    let types: Vec<String> = group
        .get("secondary-types")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(fold)
        .collect();
    let mut exact = false;
    for (field, value) in terms {
        let value = fold(value);
        let ok = match field.as_str() {
            "releasegroup" | "releasegroupaccent" => {
                exact |= title == value;
                title.contains(&value)
            }
            "artistname" | "artist" | "creditname" => credits.iter().any(|c| c.contains(&value)),
            "secondarytype" => types.contains(&value),
            "primarytype" => group
                .get("primary-type")
                .and_then(Value::as_str)
                .is_some_and(|t| fold(t) == value),
            "rgid" => group.get("id").and_then(Value::as_str) == Some(value.as_str()),
            _ => true,
        };
        if !ok {
            return None;
        }
    }
    Some(if exact { 100 } else { 90 })
}

/// A lookup-shaped group as a search hit: `score` added, `relations` dropped, empty
/// `secondary-types` and `disambiguation` omitted (search leaves out empty values).
fn search_shape(group: &Value, score: u32) -> Value {
    let mut hit = serde_json::Map::new();
    hit.insert("id".into(), group.get("id").cloned().unwrap_or(Value::Null));
    hit.insert("score".into(), json!(score));
    for (key, value) in group.as_object().into_iter().flatten() {
        let empty = match value {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if key == "id" || key == "relations" || empty {
            continue;
        }
        hit.insert(key.clone(), value.clone());
    }
    Value::Object(hit)
}

/// A synthetic release group in a lookup's shape (`inc=artist-credits+url-rels`):
/// credits as `(credited name, artist MBID)`.
pub fn release_group(
    id: &str,
    title: &str,
    first_release_date: &str,
    secondary_types: &[&str],
    credits: &[(&str, &str)],
) -> Value {
    let credits: Vec<Value> = credits
        .iter()
        .map(|(name, artist)| {
            json!({"name": name, "joinphrase": "", "artist": {"id": artist, "name": name, "sort-name": name, "disambiguation": ""}})
        })
        .collect();
    json!({
        "id": id,
        "title": title,
        "disambiguation": "",
        "first-release-date": first_release_date,
        "primary-type": "Album",
        "primary-type-id": "f529b476-6e62-324f-b0aa-1f3e33d313fc",
        "secondary-types": secondary_types,
        "secondary-type-ids": [],
        "artist-credit": credits,
        "relations": []
    })
}
