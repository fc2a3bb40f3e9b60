//! Wikidata's Action API: the requests this tool sends (`wbsearchentities`, `query` with
//! `list=search`, `wbgetentities`) and the readers of their JSON into [`Item`]s (pure; issue
//! 21, filled on the readers branch).

use super::wire::{ApiError, ReadError};
use super::{ApiRequest, Item};

/// `wbgetentities` takes at most 50 ids a call.
pub const MAX_IDS: usize = 50;

/// One hit of `wbsearchentities` or `list=search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
}

/// `action=wbsearchentities` for `text` in language `lang` (labels and aliases, prefix).
pub fn search_request(text: &str, lang: &str) -> ApiRequest {
    let _ = (text, lang);
    unimplemented_request()
}

/// `action=query&list=search` with `haswbstatement:` filters (full-text, CirrusSearch).
pub fn cirrus_request(text: &str) -> ApiRequest {
    let _ = text;
    unimplemented_request()
}

/// `action=wbgetentities` for up to [`MAX_IDS`] ids (sorted, without repeats), with the
/// languages and props the matcher reads.
pub fn entities_request(ids: &[String]) -> ApiRequest {
    let _ = ids;
    unimplemented_request()
}

/// As many [`entities_request`]s as `ids` need.
pub fn entities_requests(ids: &[String]) -> Vec<ApiRequest> {
    ids.chunks(MAX_IDS).map(entities_request).collect()
}

/// The API's error in a body, if it is one (`maxlag` comes with HTTP 200).
pub fn api_error(body: &[u8]) -> Option<ApiError> {
    let _ = body;
    None
}

pub fn read_search(body: &[u8]) -> Result<Vec<SearchHit>, ReadError> {
    let _ = body;
    Ok(Vec::new())
}

pub fn read_cirrus(body: &[u8]) -> Result<Vec<SearchHit>, ReadError> {
    let _ = body;
    Ok(Vec::new())
}

/// Items keyed by the `id` inside each entity (a merged item answers under its target).
pub fn read_entities(body: &[u8]) -> Result<Vec<Item>, ReadError> {
    let _ = body;
    Ok(Vec::new())
}

fn unimplemented_request() -> ApiRequest {
    ApiRequest {
        service: super::Service::Wikidata,
        query: String::new(),
    }
}
