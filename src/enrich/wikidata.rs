//! Wikidata's Action API: the requests this tool sends (`wbsearchentities`, `query` with
//! `list=search`, `wbgetentities`) and the readers of their JSON into [`Item`]s (pure; issue
//! 21).
//!
//! Every request asks for `format=json&formatversion=2` and carries `maxlag=5` (Wikimedia's
//! etiquette for batch jobs; the client waits and retries on the lag error). The readers
//! accept both format versions (`"missing": ""` and `"missing": true`), the 2017 and the
//! current `wbsearchentities` shapes, and read Wikidata's values as they are: deprecated
//! statements and `somevalue`/`novalue` snaks are skipped, preferred statements come first,
//! and time values count only at year precision or finer.

use std::collections::BTreeMap;

use serde_json::Value;

use super::matching::{FILM_CLASSES, SERIES_CLASSES};
use super::wire::{self, array_at, encode_query, str_at, ApiError, ReadError};
use super::{ApiRequest, Item, Service};

/// `wbgetentities` takes at most 50 ids a call.
pub const MAX_IDS: usize = 50;

/// How many hits a search asks for.
pub const SEARCH_LIMIT: usize = 10;

/// The term languages `wbgetentities` returns: English, `mul` (the language-independent
/// default that many film items now carry their title under, with no `en` label), and the
/// languages [`crate::enrich::matching::search_texts`] may search a title in.
pub const LANGUAGES: &[&str] = &["en", "mul", "fr", "de", "it", "es", "ja"];

/// One hit of `wbsearchentities` or `list=search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
}

fn request(pairs: &[(&str, &str)]) -> ApiRequest {
    ApiRequest {
        service: Service::Wikidata,
        query: format!("?{}", encode_query(pairs)),
    }
}

/// `action=wbsearchentities` for `text` in language `lang` (labels and aliases, prefix;
/// `mul` is a term language too).
pub fn search_request(text: &str, lang: &str) -> ApiRequest {
    let limit = SEARCH_LIMIT.to_string();
    request(&[
        ("action", "wbsearchentities"),
        ("search", text),
        ("language", lang),
        // Hits' shown terms in English: `mul` and some title languages are no interface
        // languages.
        ("uselang", "en"),
        ("type", "item"),
        ("limit", &limit),
        ("format", "json"),
        ("formatversion", "2"),
        ("maxlag", "5"),
    ])
}

/// `action=query&list=search` with `haswbstatement:` filters (full-text, CirrusSearch): the
/// text as a quoted phrase, and only items whose P31 is one of the allow-listed film and
/// series classes (the filter does not follow P279, so every class is named).
pub fn cirrus_request(text: &str) -> ApiRequest {
    let classes: Vec<String> = FILM_CLASSES
        .iter()
        .chain(SERIES_CLASSES)
        .map(|(qid, _)| format!("P31={qid}"))
        .collect();
    // The title as one phrase (CirrusSearch would read a leading `-` as "not", and `"` would
    // end the phrase early).
    let phrase: String = text.chars().filter(|c| *c != '"').collect();
    let search = format!("\"{}\" haswbstatement:{}", phrase.trim(), classes.join("|"));
    let limit = SEARCH_LIMIT.to_string();
    request(&[
        ("action", "query"),
        ("list", "search"),
        ("srsearch", &search),
        ("srnamespace", "0"),
        ("srlimit", &limit),
        ("format", "json"),
        ("formatversion", "2"),
        ("maxlag", "5"),
    ])
}

/// Whether `id` is an item or property id (`Q42`, `P31`): the letter, then a number
/// without leading zeros.
pub fn is_entity_id(id: &str) -> bool {
    let (Some(letter), Some(number)) = (id.get(..1), id.get(1..)) else {
        return false;
    };
    matches!(letter, "Q" | "P")
        && (1..=12).contains(&number.len())
        && !number.starts_with('0')
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Sorted by letter, then number (`P31`, `Q6`, `Q42`, `Q100`), without repeats, only
/// well-formed ids.
fn tidy_ids(ids: &[String]) -> Vec<String> {
    let key = |id: &String| {
        let number: u64 = id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
        (id.as_bytes().first().copied(), number)
    };
    let mut ids: Vec<&String> = ids.iter().filter(|id| is_entity_id(id)).collect();
    ids.sort_by_key(|id| key(id));
    ids.dedup();
    ids.into_iter().cloned().collect()
}

/// `action=wbgetentities` for up to [`MAX_IDS`] ids (sorted, without repeats, ids that are
/// not `Q…`/`P…` left out; beyond [`MAX_IDS`] use [`entities_requests`]), with the
/// [`LANGUAGES`] and the props the matcher reads.
pub fn entities_request(ids: &[String]) -> ApiRequest {
    let ids = tidy_ids(ids);
    let ids = ids.get(..MAX_IDS.min(ids.len())).unwrap_or(&[]).join("|");
    let languages = LANGUAGES.join("|");
    request(&[
        ("action", "wbgetentities"),
        ("ids", &ids),
        ("props", "labels|aliases|descriptions|claims"),
        ("languages", &languages),
        ("format", "json"),
        ("formatversion", "2"),
        ("maxlag", "5"),
    ])
}

/// As many [`entities_request`]s as `ids` need (sorted and without repeats first, so the
/// same set of ids always gives the same requests). No ids, no request.
pub fn entities_requests(ids: &[String]) -> Vec<ApiRequest> {
    tidy_ids(ids)
        .chunks(MAX_IDS)
        .map(entities_request)
        .collect()
}

/// The API's error in a body, if it is one (`maxlag` comes with HTTP 200).
pub fn api_error(body: &[u8]) -> Option<ApiError> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?;
    let code = str_at(error, "code")?.to_string();
    let info = str_at(error, "info").unwrap_or_default().to_string();
    let lag = error.get("lag").and_then(Value::as_f64);
    Some(ApiError { code, info, lag })
}

fn parse(body: &[u8]) -> Result<Value, ReadError> {
    wire::read_object(body, api_error)
}

/// Hits of `wbsearchentities`, in the API's order.
pub fn read_search(body: &[u8]) -> Result<Vec<SearchHit>, ReadError> {
    let value = parse(body)?;
    let hits = value
        .get("search")
        .and_then(Value::as_array)
        .ok_or_else(|| ReadError::Shape("no `search` list".into()))?;
    Ok(hits
        .iter()
        .filter_map(|hit| {
            let id = str_at(hit, "id").filter(|id| is_entity_id(id))?;
            // The current shape nests the shown terms under `display`; the 2017 one has
            // only the flat `label` and `description`, which are still sent.
            let display = |key: &str| {
                str_at(hit, key)
                    .or_else(|| hit.get("display")?.get(key)?.get("value")?.as_str())
                    .map(str::to_string)
            };
            Some(SearchHit {
                id: id.to_string(),
                label: display("label"),
                description: display("description"),
            })
        })
        .collect())
}

/// Hits of `list=search`: the item ids are the page titles (namespace 0).
pub fn read_cirrus(body: &[u8]) -> Result<Vec<SearchHit>, ReadError> {
    let value = parse(body)?;
    let hits = value
        .get("query")
        .and_then(|q| q.get("search"))
        .and_then(Value::as_array)
        .ok_or_else(|| ReadError::Shape("no `query.search` list".into()))?;
    Ok(hits
        .iter()
        .filter_map(|hit| {
            let id = str_at(hit, "title").filter(|id| is_entity_id(id))?;
            Some(SearchHit {
                id: id.to_string(),
                label: None,
                description: None,
            })
        })
        .collect())
}

/// Items keyed by the `id` inside each entity (a merged item answers under its target), in
/// the order of the response; missing entities (`"missing"`) are left out.
///
/// `publication_years` are the P577 years; an item without any usable P577 (a television
/// series usually has none) gets its P580 start-time years there instead, so the matcher's
/// year rule works for series too.
pub fn read_entities(body: &[u8]) -> Result<Vec<Item>, ReadError> {
    let value = parse(body)?;
    let entities = value
        .get("entities")
        .and_then(Value::as_object)
        .ok_or_else(|| ReadError::Shape("no `entities` object".into()))?;
    Ok(entities
        .values()
        .filter(|e| e.get("missing").is_none())
        .filter_map(read_entity)
        .collect())
}

fn read_entity(entity: &Value) -> Option<Item> {
    let id = str_at(entity, "id").filter(|id| is_entity_id(id))?;
    let claims = entity.get("claims");
    let statements = |p: &str| {
        claims
            .map(|c| statement_values(array_at(c, p)))
            .unwrap_or_default()
    };
    let ids =
        |p: &str| -> Vec<String> { dedup(statements(p).iter().filter_map(entity_id).collect()) };
    let strings = |p: &str| -> Vec<String> {
        dedup(
            statements(p)
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        )
    };
    let years = |p: &str| -> Vec<i32> {
        let mut years: Vec<i32> = statements(p).iter().filter_map(time_year).collect();
        years.sort_unstable();
        years.dedup();
        years
    };
    let mut publication_years = years("P577");
    if publication_years.is_empty() {
        publication_years = years("P580");
    }
    Some(Item {
        id: id.to_string(),
        labels: terms(entity.get("labels")),
        aliases: aliases(entity.get("aliases")),
        descriptions: terms(entity.get("descriptions")),
        instance_of: ids("P31"),
        subclass_of: ids("P279"),
        composers: ids("P86"),
        publication_years,
        imdb: strings("P345"),
        soundtracks: ids("P406"),
        release_groups: strings("P436"),
        musicbrainz_artists: strings("P434"),
    })
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// `{"en": {"language": "en", "value": "Tron"}}` → `en → Tron`.
fn terms(v: Option<&Value>) -> BTreeMap<String, String> {
    let Some(map) = v.and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    map.iter()
        .filter_map(|(lang, term)| Some((lang.clone(), str_at(term, "value")?.to_string())))
        .collect()
}

/// `{"en": [{"language": "en", "value": "…"}, …]}` → `en → […]`.
fn aliases(v: Option<&Value>) -> BTreeMap<String, Vec<String>> {
    let Some(map) = v.and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    map.iter()
        .filter_map(|(lang, list)| {
            let values: Vec<String> = list
                .as_array()?
                .iter()
                .filter_map(|t| str_at(t, "value").map(str::to_string))
                .collect();
            (!values.is_empty()).then(|| (lang.clone(), values))
        })
        .collect()
}

/// The `datavalue.value`s of a property's statements: deprecated ones left out, preferred
/// ones first (each rank in the order given), `somevalue`/`novalue` snaks (no datavalue)
/// skipped.
fn statement_values(statements: &[Value]) -> Vec<&Value> {
    let mut ranked: Vec<(u8, &Value)> = statements
        .iter()
        .filter_map(|s| {
            let rank = match str_at(s, "rank") {
                Some("deprecated") => return None,
                Some("preferred") => 0,
                _ => 1,
            };
            let snak = s.get("mainsnak")?;
            if str_at(snak, "snaktype").is_some_and(|t| t != "value") {
                return None;
            }
            Some((rank, snak.get("datavalue")?.get("value")?))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, v)| v).collect()
}

/// A `wikibase-entityid` value: its `id`, or `Q` + `numeric-id` in older dumps.
fn entity_id(v: &&Value) -> Option<String> {
    if let Some(id) = str_at(v, "id") {
        return is_entity_id(id).then(|| id.to_string());
    }
    let n = v.get("numeric-id")?.as_u64()?;
    let prefix = match str_at(v, "entity-type") {
        Some("property") => 'P',
        _ => 'Q',
    };
    Some(format!("{prefix}{n}"))
}

/// The year of a time value at year precision or finer (precision ≥ 9); decades, centuries
/// and values without a precision give nothing.
fn time_year(v: &&Value) -> Option<i32> {
    let precision = v.get("precision")?.as_u64()?;
    if precision < 9 {
        return None;
    }
    wire::leading_year(str_at(v, "time")?)
}
