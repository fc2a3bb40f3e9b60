//! A loopback Wikidata Action API (`/w/api.php`) for the enrichment tests, served by
//! wiremock on 127.0.0.1. Needs `#[path = "http/loopback.rs"] mod loopback;` beside it.
//!
//! Modelled on the real API's recorded answers (`/work/shared/reference/linking.md` §1–2;
//! Wikidata-Toolkit's `wdtk-wikibaseapi/src/test/resources/*.json`, OpenRefine's
//! `tests/entities/*.json`):
//! - `action=wbgetentities&ids=Q1|Q2`: `{"entities":{…},"success":1}` from a table of
//!   entities, each filtered to the `languages` and `props` asked for; an unknown id is
//!   `{"id":…,"missing":""}`; a redirected (merged) id answers under its target with
//!   `"redirects":{"from","to"}`; an id that is not one is the `no-such-entity` error and
//!   more than 50 ids the `toomanyvalues` error, both with HTTP 200 as the API sends them;
//! - `action=wbsearchentities`: prefix search over the table's labels and aliases in the
//!   `language` asked (and `mul`, the language-neutral terms), exact matches first, up to
//!   `limit` (default 7), with the hit shape of today's API (`display`, `match`, `aliases`
//!   only when an alias matched, protocol-relative `url`);
//! - `action=query&list=search` (CirrusSearch): `haswbstatement:P31=Q…|…` filters and the
//!   remaining words matched against labels and aliases;
//! - any of these can be answered instead by a [`Canned`] body, matched on parameters;
//! - without `format=json` the API answers an HTML page (`jsonfm`); a missing or generic
//!   User-Agent is refused with 403 and Wikimedia's text (phabricator T400119);
//! - faults on request ([`Fault`]): `maxlag` (HTTP 200 + `Retry-After`), 429/503 with
//!   `Retry-After`, malformed JSON, a hang.
//!
//! SYNTHETIC: whatever the table holds is up to the test; the server invents nothing.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Map, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::loopback::{self, fold, Canned, Fault, Seen, Shared};

/// What the loopback Wikidata knows.
#[derive(Debug, Clone, Default)]
pub struct WikidataTable {
    /// Entities as `wbgetentities` returns them (with every language and prop), by id.
    pub entities: BTreeMap<String, Value>,
    /// Merged items: the id asked for → the id it now answers under.
    pub redirects: BTreeMap<String, String>,
    /// Answers that win over the computed ones, first match first.
    pub canned: Vec<Canned>,
}

impl WikidataTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entity object (it must carry its `id`), or every entity of a recorded
    /// `wbgetentities` response (`{"entities":{…}}`).
    pub fn entity(mut self, value: Value) -> Self {
        self.add(value, Path::new("(table)"));
        self
    }

    pub fn redirect(mut self, from: &str, to: &str) -> Self {
        self.redirects.insert(from.into(), to.into());
        self
    }

    pub fn canned(mut self, canned: Canned) -> Self {
        self.canned.push(canned);
        self
    }

    /// A folder: `entities/*.json` (entity objects or `wbgetentities` responses),
    /// `redirects.json` (`{"Q_old": "Q_new"}`), `canned/*.json` (see [`Canned::from_json`]).
    pub fn load(dir: &Path) -> Self {
        let mut table = WikidataTable::new();
        for (file, value) in loopback::json_files(&dir.join("entities")) {
            table.add(value, &file);
        }
        for (file, value) in loopback::json_files(dir) {
            if file.file_name().is_some_and(|n| n == "redirects.json") {
                for (from, to) in value.as_object().into_iter().flatten() {
                    let to = to.as_str().unwrap_or_else(|| panic!("{}", file.display()));
                    table.redirects.insert(from.clone(), to.to_string());
                }
            }
        }
        for (file, value) in loopback::json_files(&dir.join("canned")) {
            table.canned.push(Canned::from_json(&value, &file));
        }
        table
    }

    fn add(&mut self, value: Value, file: &Path) {
        if let Some(entities) = value.get("entities").and_then(Value::as_object) {
            for entity in entities.values() {
                self.add(entity.clone(), file);
            }
            return;
        }
        if value.get("missing").is_some() {
            return;
        }
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{}: an entity without \"id\"", file.display()))
            .to_string();
        self.entities.insert(id, value);
    }
}

/// The running server.
pub struct WikidataServer {
    server: MockServer,
    shared: Arc<Shared>,
}

impl WikidataServer {
    pub async fn start(table: WikidataTable) -> Self {
        let server = MockServer::start().await;
        let shared = Arc::new(Shared::default());
        let responder = Responder {
            table: Arc::new(table),
            shared: Arc::clone(&shared),
        };
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;
        WikidataServer { server, shared }
    }

    /// The API's URL, as `SOUNDTRACKS_WIKIDATA_API` takes it (`http://127.0.0.1:N/w/api.php`).
    pub fn url(&self) -> String {
        format!("{}/w/api.php", self.server.uri())
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.shared.requests()
    }

    /// The next `n` requests (with an acceptable User-Agent) get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.shared.faults.lock().unwrap().push(n, fault);
    }

    /// Every request gets `fault` (after any queued by [`fail_next`](Self::fail_next));
    /// `None` heals the server.
    pub fn fail_always(&self, fault: Option<Fault>) {
        self.shared.faults.lock().unwrap().always(fault);
    }
}

struct Responder {
    table: Arc<WikidataTable>,
    shared: Arc<Shared>,
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let (status, template) = self.answer(req);
        self.shared.record(req, status);
        template
    }
}

impl Responder {
    fn answer(&self, req: &Request) -> (u16, ResponseTemplate) {
        if req.url.path() != "/w/api.php" {
            return loopback::not_found();
        }
        if loopback::refused_agent(loopback::user_agent(req).as_deref()) {
            let text = "Please set a user-agent and respect our robot policy https://w.wiki/4wJS.   See also T400119.\n";
            return (
                403,
                ResponseTemplate::new(403).set_body_raw(text, "text/plain"),
            );
        }
        if let Some(answer) = self.shared.fault() {
            return answer;
        }
        let params = loopback::params(req);
        let get = |name: &str| loopback::param(&params, name);
        if get("format") != Some("json") {
            let page = "<!DOCTYPE html><html><body><pre>(jsonfm: the API's HTML rendering; add format=json)</pre></body></html>";
            return (
                200,
                ResponseTemplate::new(200).set_body_raw(page, "text/html"),
            );
        }
        if let Some(canned) = self
            .table
            .canned
            .iter()
            .find(|c| c.matches(req.url.path(), &params))
        {
            return (canned.status, canned.template());
        }
        let body = match (get("action"), get("list")) {
            (Some("wbgetentities"), _) => self.entities(get("ids"), get("languages"), get("props")),
            (Some("wbsearchentities"), _) => {
                self.search(get("search"), get("language"), get("limit"))
            }
            (Some("query"), Some("search")) => {
                self.cirrus(get("srsearch").unwrap_or(""), get("srlimit"))
            }
            (action, _) => api_error(
                "badvalue",
                &format!(
                    "Unrecognized value for parameter \"action\": {}.",
                    action.unwrap_or("")
                ),
            ),
        };
        let mut template = loopback::json(200, &body);
        if let Some(code) = body.pointer("/error/code").and_then(Value::as_str) {
            // Errors come with HTTP 200 and name themselves in this header too.
            template = template.insert_header("mediawiki-api-error", code);
        }
        (200, template)
    }

    fn entities(&self, ids: Option<&str>, languages: Option<&str>, props: Option<&str>) -> Value {
        let Some(ids) = ids.filter(|i| !i.is_empty()) else {
            return api_error("param-missing", "Either provide the item \"ids\" or pairs of \"site\" and \"title\" for corresponding pages");
        };
        let ids: Vec<&str> = ids.split('|').collect();
        if ids.len() > 50 {
            return json!({"error": {"code": "toomanyvalues", "info": "Too many values supplied for parameter \"ids\". The limit is 50.", "parameter": "ids", "limit": 50, "lowlimit": 50, "highlimit": 500, "*": ""}});
        }
        if let Some(bad) = ids.iter().find(|id| !is_entity_id(id)) {
            return api_error(
                "no-such-entity",
                &format!("Could not find such an entity (Invalid id: {bad})"),
            );
        }
        let languages: Option<Vec<&str>> = languages.map(|l| l.split('|').collect());
        let props = props.unwrap_or("info|sitelinks|aliases|labels|descriptions|claims|datatype");
        let props: Vec<&str> = props.split('|').collect();
        let mut out = Map::new();
        for id in ids {
            let target = self.table.redirects.get(id).map_or(id, String::as_str);
            match self.table.entities.get(target) {
                Some(entity) => {
                    let mut entity = filter(entity, languages.as_deref(), &props);
                    if target != id {
                        entity["redirects"] = json!({"from": id, "to": target});
                    }
                    out.insert(target.to_string(), entity);
                }
                None => {
                    out.insert(id.to_string(), json!({"id": id, "missing": ""}));
                }
            }
        }
        json!({"entities": out, "success": 1})
    }

    fn search(&self, text: Option<&str>, language: Option<&str>, limit: Option<&str>) -> Value {
        let (Some(text), Some(language)) = (text, language) else {
            return api_error(
                "missingparam",
                "The \"search\" and \"language\" parameters must be set.",
            );
        };
        let limit = limit
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(7)
            .min(50);
        let want = fold(text.trim());
        let mut hits: Vec<(bool, u64, Value)> = Vec::new();
        for (id, entity) in &self.table.entities {
            if let Some((exact, hit)) = search_hit(id, entity, &want, language) {
                hits.push((!exact, numeric(id), hit));
            }
        }
        hits.sort_by_key(|(inexact, n, _)| (*inexact, *n));
        let more = hits.len() > limit;
        let search: Vec<Value> = hits.into_iter().take(limit).map(|(_, _, h)| h).collect();
        let mut body = json!({"searchinfo": {"search": text}, "search": search});
        if more {
            body["search-continue"] = json!(limit);
        }
        body["success"] = json!(1);
        body
    }

    fn cirrus(&self, srsearch: &str, limit: Option<&str>) -> Value {
        let limit = limit.and_then(|l| l.parse::<usize>().ok()).unwrap_or(10);
        let mut classes: Vec<String> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for token in srsearch.split_whitespace() {
            match token.strip_prefix("haswbstatement:") {
                Some(filter) => classes.extend(
                    filter
                        .split('|')
                        .filter_map(|f| f.strip_prefix("P31="))
                        .map(str::to_owned),
                ),
                None => words.push(token),
            }
        }
        // A quoted phrase is matched as its words in order.
        let want = fold(words.join(" ").replace('"', "").trim());
        let mut found: Vec<(u64, &String)> = self
            .table
            .entities
            .iter()
            .filter(|(_, e)| {
                classes.is_empty() || claim_ids(e, "P31").iter().any(|c| classes.contains(c))
            })
            .filter(|(_, e)| {
                terms(e, None)
                    .iter()
                    .any(|(_, t, _)| fold(t).contains(&want))
            })
            .map(|(id, _)| (numeric(id), id))
            .collect();
        found.sort();
        let total = found.len();
        let search: Vec<Value> = found
            .into_iter()
            .take(limit)
            .map(|(_, id)| json!({"ns": 0, "title": id, "pageid": numeric(id), "size": 1000, "wordcount": 10, "snippet": "", "timestamp": "2026-01-01T00:00:00Z"}))
            .collect();
        json!({"batchcomplete": "", "query": {"searchinfo": {"totalhits": total}, "search": search}})
    }
}

/// The API's error body (HTTP 200), as WDTK's recorded `wbgetentities-bogus.json`.
fn api_error(code: &str, info: &str) -> Value {
    json!({"servedby": "mw-loopback", "error": {"code": code, "info": info, "*": "See https://www.wikidata.org/w/api.php for API usage."}})
}

fn is_entity_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('Q' | 'P' | 'L'))
        && !chars.as_str().is_empty()
        && chars.all(|c| c.is_ascii_digit())
}

fn numeric(id: &str) -> u64 {
    id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
}

/// An entity with only the languages and props asked for.
fn filter(entity: &Value, languages: Option<&[&str]>, props: &[&str]) -> Value {
    let mut out = Map::new();
    for (key, value) in entity.as_object().into_iter().flatten() {
        let keep = match key.as_str() {
            "labels" | "descriptions" | "aliases" | "claims" | "sitelinks" => {
                props.contains(&key.as_str())
            }
            "pageid" | "ns" | "title" | "lastrevid" | "modified" => props.contains(&"info"),
            _ => true,
        };
        if !keep {
            continue;
        }
        let value = match (key.as_str(), languages, value.as_object()) {
            ("labels" | "descriptions" | "aliases", Some(langs), Some(terms)) => Value::Object(
                terms
                    .iter()
                    .filter(|(lang, _)| langs.contains(&lang.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// (language, text, is a label) of an entity's labels and aliases, in `language` only if
/// given.
fn terms(entity: &Value, language: Option<&str>) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let wanted = |lang: &str| language.is_none_or(|l| l == lang);
    for (lang, label) in entity
        .get("labels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let (true, Some(text)) = (wanted(lang), label.get("value").and_then(Value::as_str)) {
            out.push((lang.clone(), text.to_string(), true));
        }
    }
    for (lang, aliases) in entity
        .get("aliases")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for alias in aliases.as_array().into_iter().flatten() {
            if let (true, Some(text)) = (wanted(lang), alias.get("value").and_then(Value::as_str)) {
                out.push((lang.clone(), text.to_string(), false));
            }
        }
    }
    out
}

fn term(entity: &Value, kind: &str, language: &str) -> Option<(String, String)> {
    [language, "mul", "en"].iter().find_map(|lang| {
        let value = entity.get(kind)?.get(*lang)?.get("value")?.as_str()?;
        Some((value.to_string(), lang.to_string()))
    })
}

/// A `wbsearchentities` hit for `entity` if one of its terms in `language` (or `mul`)
/// starts with `want`; and whether it is an exact match.
fn search_hit(id: &str, entity: &Value, want: &str, language: &str) -> Option<(bool, Value)> {
    let (match_lang, text, is_label) = [language, "mul"]
        .iter()
        .flat_map(|lang| terms(entity, Some(lang)))
        .filter(|(_, text, _)| fold(text).starts_with(want))
        .min_by_key(|(_, text, is_label)| (fold(text) != want, !is_label))?;
    let exact = fold(&text) == want;
    let (label, label_lang) =
        term(entity, "labels", language).unwrap_or((text.clone(), match_lang.clone()));
    let mut hit = json!({
        "id": id,
        "title": id,
        "repository": "wikidata",
        "url": format!("//www.wikidata.org/wiki/{id}"),
        "concepturi": format!("http://www.wikidata.org/entity/{id}"),
        "label": label,
        "match": {"type": if is_label { "label" } else { "alias" }, "language": match_lang, "text": text},
    });
    if let Some(pageid) = entity.get("pageid") {
        hit["pageid"] = pageid.clone();
    }
    let mut display = json!({"label": {"value": label, "language": label_lang}});
    if let Some((description, lang)) = term(entity, "descriptions", language) {
        hit["description"] = json!(description);
        display["description"] = json!({"value": description, "language": lang});
    }
    hit["display"] = display;
    if !is_label && text != label {
        hit["aliases"] = json!([text]);
    }
    Some((exact, hit))
}

/// The item ids of an entity's value snaks for `property` (not deprecated).
pub fn claim_ids(entity: &Value, property: &str) -> Vec<String> {
    entity
        .get("claims")
        .and_then(|c| c.get(property))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|s| s.get("rank").and_then(Value::as_str) != Some("deprecated"))
        .filter_map(|s| {
            s.get("mainsnak")?
                .get("datavalue")?
                .get("value")?
                .get("id")?
                .as_str()
        })
        .map(str::to_owned)
        .collect()
}

/// A synthetic item in `wbgetentities`' shape, for tests that need a few: labels by
/// language, an English description, and `P31` values. Add statements with [`with`].
pub fn item(id: &str, labels: &[(&str, &str)], description: &str, instance_of: &[&str]) -> Value {
    let labels: Map<String, Value> = labels
        .iter()
        .map(|(lang, value)| (lang.to_string(), json!({"language": lang, "value": value})))
        .collect();
    let entity = json!({
        "type": "item",
        "id": id,
        "labels": labels,
        "descriptions": {"en": {"language": "en", "value": description}},
        "aliases": {},
        "claims": {},
        "sitelinks": {}
    });
    with(
        entity,
        instance_of.iter().map(|c| statement("P31", c)).collect(),
    )
}

/// `entity` with `statements` appended to its claims, each under its property, with a
/// statement id (`<entity>$<n>`, as the API's `Q…$uuid`).
pub fn with(mut entity: Value, statements: Vec<Value>) -> Value {
    let id = entity
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("Q0")
        .to_string();
    if !entity["claims"].is_object() {
        entity["claims"] = json!({});
    }
    let first: usize = entity["claims"].as_object().map_or(0, |c| {
        c.values().filter_map(Value::as_array).map(Vec::len).sum()
    });
    for (n, mut statement) in (first..).zip(statements) {
        let property = statement
            .pointer("/mainsnak/property")
            .and_then(Value::as_str)
            .unwrap_or("P0")
            .to_string();
        statement["id"] = json!(format!("{id}${n:08x}-0000-4000-8000-000000000000"));
        let list = &mut entity["claims"][&property];
        if !list.is_array() {
            *list = json!([]);
        }
        if let Some(list) = list.as_array_mut() {
            list.push(statement);
        }
    }
    entity
}

/// A normal-rank statement with a value snak: `Q…` is a `wikibase-item`, anything else an
/// `external-id` string (P345 `tt…`, P436 an MBID).
pub fn statement(property: &str, value: &str) -> Value {
    let datavalue = if is_entity_id(value) && value.starts_with('Q') {
        json!({"value": {"entity-type": "item", "numeric-id": numeric(value), "id": value}, "type": "wikibase-entityid"})
    } else {
        json!({"value": value, "type": "string"})
    };
    let datatype = if datavalue["type"] == "string" {
        "external-id"
    } else {
        "wikibase-item"
    };
    json!({
        "mainsnak": {"snaktype": "value", "property": property, "datavalue": datavalue, "datatype": datatype},
        "type": "statement",
        "rank": "normal"
    })
}

/// A time statement (P577): `time` as Wikidata writes it (`+1968-00-00T00:00:00Z`) and its
/// precision (9 year, 10 month, 11 day).
pub fn time_statement(property: &str, time: &str, precision: u8) -> Value {
    json!({
        "mainsnak": {"snaktype": "value", "property": property, "datavalue": {"value": {
            "time": time, "timezone": 0, "before": 0, "after": 0, "precision": precision,
            "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}, "type": "time"}, "datatype": "time"},
        "type": "statement",
        "rank": "normal"
    })
}

/// A statement whose snak has no value (`somevalue` or `novalue`): no `datavalue`.
pub fn no_value_statement(property: &str, snaktype: &str, datatype: &str) -> Value {
    json!({
        "mainsnak": {"snaktype": snaktype, "property": property, "datatype": datatype},
        "type": "statement",
        "rank": "normal"
    })
}

/// `statement` with another rank (`preferred`, `deprecated`).
pub fn ranked(mut statement: Value, rank: &str) -> Value {
    statement["rank"] = json!(rank);
    statement
}
