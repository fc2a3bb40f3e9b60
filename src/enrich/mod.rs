//! Linking rows to Wikidata and MusicBrainz (issue 21): the film or series an entry is
//! about, its IMDb id and first year, and the soundtrack's MusicBrainz release group.
//!
//! Data flows one way here too: [`client`] asks the two APIs (network, `net` feature) and
//! hands back bytes → [`wikidata`] and [`musicbrainz`] read them into [`Item`]s and
//! [`ReleaseGroup`]s (pure) → [`matching`] decides per row (pure) → [`cache`] keeps the raw
//! responses, one [`Decision`] per row and the hand-edited overrides under
//! `<fixtures>/enrichment/`; `build` reads only that cache, so it stays offline and
//! deterministic. [`run`] is the job that ties them together for `soundtracks enrich` and
//! `refresh`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{FilmYearSource, Row};

pub mod cache;
#[cfg(feature = "net")]
pub mod client;
pub mod error;
pub mod matching;
pub mod musicbrainz;
#[cfg(feature = "net")]
pub mod run;
pub mod wikidata;
pub mod wire;

/// Which API a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Wikidata,
    MusicBrainz,
}

impl Service {
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Wikidata => "wikidata",
            Service::MusicBrainz => "musicbrainz",
        }
    }
}

/// One GET request, relative to the service's base URL (`SOUNDTRACKS_WIKIDATA_API`,
/// `SOUNDTRACKS_MUSICBRAINZ_API`). `query` is the path suffix and query string exactly as
/// sent (`?action=wbgetentities&ids=Q1&…` for Wikidata's `api.php`, `release-group?query=…`
/// for MusicBrainz), built only by the request builders in [`wikidata`] and [`musicbrainz`],
/// so it is stable and is also the response cache's key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApiRequest {
    pub service: Service,
    pub query: String,
}

/// What the matcher knows of a row: copied from the [`Row`], and recorded in its
/// [`Decision`] so that a row whose heading changed is decided again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowQuery {
    pub id: String,
    pub title: String,
    pub alt_title: Option<String>,
    pub film_title: String,
    pub composers: Vec<String>,
    /// The film's year as the heading states it.
    pub film_year: Option<i32>,
    pub release_year: Option<i32>,
}

impl RowQuery {
    pub fn of(row: &Row) -> RowQuery {
        RowQuery {
            id: row.id.clone(),
            title: row.title.clone(),
            alt_title: row.alt_title.clone(),
            film_title: row.film_title.clone(),
            composers: row.composers.clone(),
            // The heading's year only: once Wikidata fills `film_year`, the inputs stay the
            // same and the row is not decided again.
            film_year: row
                .film_year
                .filter(|_| row.film_year_source != Some(FilmYearSource::Wikidata)),
            release_year: row.release_year,
        }
    }
}

/// A Wikidata item as read from `wbgetentities`: terms by language code, and the values of
/// the statements the matcher uses (value snaks of non-deprecated statements only, in the
/// order given, preferred rank first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The entity's own `id` (for a merged item, the target, not the id asked for).
    pub id: String,
    pub labels: BTreeMap<String, String>,
    pub aliases: BTreeMap<String, Vec<String>>,
    pub descriptions: BTreeMap<String, String>,
    /// P31 instance of.
    pub instance_of: Vec<String>,
    /// P279 subclass of.
    pub subclass_of: Vec<String>,
    /// P86 composer.
    pub composers: Vec<String>,
    /// P577 publication date, as years (precision ≥ year), ascending, without repeats; for
    /// an item without any usable P577 (a series, usually), its P580 start-time years.
    pub publication_years: Vec<i32>,
    /// P345 IMDb id.
    pub imdb: Vec<String>,
    /// P406 soundtrack release (film → album).
    pub soundtracks: Vec<String>,
    /// P436 MusicBrainz release group id (on an album item).
    pub release_groups: Vec<String>,
    /// P434 MusicBrainz artist id (on a person item).
    pub musicbrainz_artists: Vec<String>,
}

/// One credited artist of a release group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The name as credited on the release group.
    pub name: String,
    /// The artist's MBID.
    pub artist_id: Option<String>,
    /// The artist's canonical name.
    pub artist_name: Option<String>,
}

/// A MusicBrainz release group as read from a search or a lookup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseGroup {
    pub id: String,
    pub title: String,
    pub disambiguation: Option<String>,
    pub primary_type: Option<String>,
    pub secondary_types: Vec<String>,
    /// The year of `first-release-date`.
    pub first_release_year: Option<i32>,
    pub credits: Vec<Credit>,
    /// Wikidata item URLs from `url-rels` (lookups with `inc=url-rels`).
    pub wikidata: Vec<String>,
}

/// How a row stands with one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Linked automatically: exact title and an independent second signal, no rival.
    Linked,
    /// Candidates exist but the rules do not single one out: a person decides (overrides).
    Review,
    /// Nothing fits.
    Unmatched,
    /// No item is expected (a compilation, not one film's music).
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Linked => "linked",
            Status::Review => "review",
            Status::Unmatched => "unmatched",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// A candidate shown to the reviewer: enough to choose without opening Wikidata or
/// MusicBrainz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// QID or MBID.
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
    /// Film: every usable P577 year; release group: the first release year.
    pub years: Vec<i32>,
    /// Composer or credited artist names.
    pub composers: Vec<String>,
    /// Why it was not linked, when it was not (`"not a film or series (Q7725634)"`).
    pub note: Option<String>,
}

/// What matched, for the reviewer and the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The label or alias that equals the row's title, and its language (`"en: Tron"`).
    pub title: Option<String>,
    /// The row's composers found among the item's composers or the credits.
    pub composers: Vec<String>,
    /// The years that fit.
    pub years: Vec<i32>,
}

/// The film or series decision for a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmDecision {
    pub status: Status,
    /// The rule that fired (`"title+composer"`, `"title+year"`, `"rival"`, `"no-candidate"`, …).
    pub rule: String,
    pub wikidata: Option<String>,
    pub imdb: Option<String>,
    /// The earliest usable P577 year of the chosen item.
    pub year: Option<i32>,
    /// The chosen item's P406 soundtrack albums (for the release-group step).
    #[serde(default)]
    pub soundtracks: Vec<String>,
    pub evidence: Evidence,
    /// For review: the top candidates, best first (at most 5).
    pub candidates: Vec<Candidate>,
}

/// The release-group decision for a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseGroupDecision {
    pub status: Status,
    /// `"wikidata-p406"` (film → album → P436, confirmed by a lookup), `"search"`, …
    pub rule: String,
    pub mbid: Option<String>,
    pub evidence: Evidence,
    pub candidates: Vec<Candidate>,
}

/// Everything decided for one row: `<fixtures>/enrichment/decisions/<id>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    /// The row as it was when decided; a row whose inputs changed is decided again.
    pub inputs: RowQuery,
    pub film: FilmDecision,
    pub release_group: ReleaseGroupDecision,
    /// Things a reviewer should know (the heading's year disagrees with Wikidata's, …).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The links a row gets in the dataset, after overrides: what `build` reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    pub film_wikidata: Option<String>,
    pub film_imdb: Option<String>,
    pub release_group_mbid: Option<String>,
    /// The film's first year from Wikidata (the heading's year, where stated, still wins).
    pub film_year: Option<i32>,
}
