//! The review cache under `<fixtures>/enrichment/`: raw responses keyed by request, one
//! decision file per row id, and the hand-edited `overrides.json` that wins over both.
//! `build` reads it through [`links`] and never touches the network (issue 21, filled on
//! the cache branch).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::EnrichError;
use super::{ApiRequest, Decision, Links, RowQuery, Status};

/// The folder under a fixtures root.
pub const DIR: &str = "enrichment";

/// A response as it was received: the HTTP status and the body's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

/// One row's hand-made correction. A field left out keeps the decision's value; `null`
/// removes the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub film_wikidata: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub film_imdb: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_group_mbid: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub film_year: Option<Option<i32>>,
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How the rows stand: counts per status for each service, and the overridden row ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub film: BTreeMap<Status, usize>,
    pub release_group: BTreeMap<Status, usize>,
    pub overridden: Vec<String>,
    /// Rows with no decision yet.
    pub undecided: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: PathBuf,
    decisions: BTreeMap<String, Decision>,
    overrides: BTreeMap<String, Override>,
}

impl Cache {
    /// Reads `<fixtures>/enrichment/` (a missing folder is an empty cache).
    pub fn open(fixtures: &Path) -> Result<Cache, EnrichError> {
        Ok(Cache {
            dir: fixtures.join(DIR),
            ..Cache::default()
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The stored response to `request`, if any.
    pub fn response(&self, request: &ApiRequest) -> Result<Option<StoredResponse>, EnrichError> {
        let _ = request;
        Ok(None)
    }

    /// Records a response atomically (its file appears whole or not at all).
    pub fn store_response(
        &self,
        request: &ApiRequest,
        response: &StoredResponse,
    ) -> Result<(), EnrichError> {
        let _ = (request, response);
        Ok(())
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.get(id)
    }

    pub fn decisions(&self) -> &BTreeMap<String, Decision> {
        &self.decisions
    }

    /// True when the row has no decision, or was decided from other inputs.
    pub fn needs_decision(&self, row: &RowQuery) -> bool {
        self.decisions.get(&row.id).is_none_or(|d| d.inputs != *row)
    }

    /// Writes `decisions/<id>.json` atomically and keeps it.
    pub fn store_decision(&mut self, decision: Decision) -> Result<(), EnrichError> {
        self.decisions.insert(decision.id.clone(), decision);
        Ok(())
    }

    pub fn overrides(&self) -> &BTreeMap<String, Override> {
        &self.overrides
    }

    /// A row's links: its decision's, then its override's.
    pub fn links(&self, id: &str) -> Links {
        let _ = id;
        Links::default()
    }

    /// How the rows `ids` stand.
    pub fn summary(&self, ids: &[String]) -> Summary {
        let _ = ids;
        Summary::default()
    }
}

/// Every row's links from the cache under `fixtures`, as `build` reads them.
pub fn links(fixtures: &Path) -> Result<BTreeMap<String, Links>, EnrichError> {
    let cache = Cache::open(fixtures)?;
    Ok(cache
        .decisions()
        .keys()
        .chain(cache.overrides().keys())
        .map(|id| (id.clone(), cache.links(id)))
        .collect())
}
