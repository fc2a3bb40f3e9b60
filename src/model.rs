//! The records handed between stages: what the page parser finds ([`RawEntry`]), what the
//! normalizer produces ([`Row`], [`Release`]), and what is known of each source
//! ([`Article`], [`Problem`]). Field names here are the dataset's column names.

use serde::{Deserialize, Serialize};

use crate::error::HeadingProblem;
use crate::meta::PageSource;

/// Which part of the list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// A numbered entry of the list proper.
    Main,
    /// A mention outside the list (Part One's two Disney soundtracks).
    HonourableMention,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Main => "main",
            Section::HonourableMention => "honourable_mention",
        }
    }
}

/// Which year [`Row::year`] is: the film's, where the heading states it, else the first
/// release's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    Film,
    Release,
}

impl YearBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            YearBasis::Film => "film",
            YearBasis::Release => "release",
        }
    }
}

/// Where [`Row::film_year`] comes from: the heading, which always wins, or the film's
/// Wikidata item (its earliest publication date) where the heading states no film year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilmYearSource {
    Heading,
    Wikidata,
}

impl FilmYearSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FilmYearSource::Heading => "heading",
            FilmYearSource::Wikidata => "wikidata",
        }
    }
}

/// The year an analyst groups by, which year it is, and its decade: the film's year where
/// known, else the first release's; `None` for all three when neither is known.
pub fn year_and_basis(
    film_year: Option<i32>,
    release_year: Option<i32>,
) -> (Option<i32>, Option<YearBasis>, Option<i32>) {
    let (year, basis) = match (film_year, release_year) {
        (Some(y), _) => (Some(y), Some(YearBasis::Film)),
        (None, Some(y)) => (Some(y), Some(YearBasis::Release)),
        (None, None) => (None, None),
    };
    (year, basis, year.map(decade))
}

/// The decade a year is in, as its first year: 1983 → 1980.
pub fn decade(year: i32) -> i32 {
    year.div_euclid(10) * 10
}

/// One entry as found on the page, before its heading is interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// The heading text, entities decoded, NFC, whitespace collapsed.
    pub heading: String,
    pub section: Section,
    /// The write-up's paragraphs, cleaned, without the attribution.
    pub paragraphs: Vec<String>,
    /// The trailing `(Name)` attribution, if any.
    pub reviewer: Option<String>,
}

/// What the page parser reads from one article page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The article's title (`h1.entry-title`, else `og:title`, else `<title>`).
    pub title: String,
    /// `<link rel="canonical">`.
    pub canonical_url: Option<String>,
    /// `<meta property="og:url">`.
    pub og_url: Option<String>,
    /// `article:published_time` or the entry's `<time datetime>`.
    pub published: Option<String>,
    pub entries: Vec<RawEntry>,
}

/// One release of a soundtrack: `Full version: Orange Mountain Music, 2009`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub labels: Vec<String>,
    pub year: Option<i32>,
    pub edition: Option<String>,
}

/// One row of the dataset: one list entry. Field order is column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    pub part: i32,
    pub position: i32,
    pub section: Section,
    pub heading: String,
    pub composer: Option<String>,
    pub composers: Vec<String>,
    pub title: String,
    pub alt_title: Option<String>,
    pub film_title: String,
    /// The film's year: the heading's, else the film's Wikidata item's.
    pub film_year: Option<i32>,
    /// Where `film_year` comes from; `None` when it is unknown.
    pub film_year_source: Option<FilmYearSource>,
    pub release_year: Option<i32>,
    /// The film's year where known, else the release year ([`year_and_basis`]).
    pub year: Option<i32>,
    pub year_basis: Option<YearBasis>,
    /// `year` rounded down to its decade (1983 → 1980).
    pub decade: Option<i32>,
    pub labels: Vec<String>,
    pub releases: Vec<Release>,
    pub reviewer: Option<String>,
    pub review: String,
    pub source_url: String,
    /// The film or series' Wikidata item (QID), from the reviewed enrichment cache.
    pub film_wikidata: Option<String>,
    /// The film's IMDb title id (`tt…`), from the same cache.
    pub film_imdb: Option<String>,
    /// The soundtrack's MusicBrainz release group (MBID), from the same cache.
    pub release_group_mbid: Option<String>,
}

/// What is recorded of one source page in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The page file, relative to the input root it was found under, with `/` separators.
    pub file: String,
    pub url: String,
    pub part: i32,
    pub title: String,
    pub published: Option<String>,
    /// From the page's metadata sidecar; never from the clock.
    pub fetched_at: Option<String>,
    /// Hex SHA-256 of the page bytes as read.
    pub sha256: String,
    pub encoding: String,
    pub entries: usize,
    /// Where the page's bytes came from (its sidecar's `source`), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PageSource>,
    /// When a page from the Wayback Machine was captured (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// The sidecar's note (e.g. that the page was reconstructed, not fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A heading-like line that did not parse fully. The entry is still emitted with what
/// could be read; `build --strict` turns any of these into a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub part: i32,
    pub position: i32,
    pub heading: String,
    /// Why, typed; written (in the manifest) as one sentence under `reason`.
    #[serde(rename = "reason", serialize_with = "reasons_as_sentence")]
    pub reasons: Vec<HeadingProblem>,
}

impl Problem {
    /// The reasons as one sentence: `a; b`.
    pub fn reason(&self) -> String {
        self.reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn reasons_as_sentence<S: serde::Serializer>(
    reasons: &[HeadingProblem],
    out: S,
) -> Result<S::Ok, S::Error> {
    let text: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    out.serialize_str(&text.join("; "))
}

/// One record of `release_labels`: one label of one release of one entry, keyed by the
/// entry's `id`, the release's index and the label's index. Only columns that `soundtracks`
/// does not have, so a join back on `id` brings no two columns of one name. Made from the
/// rows by `write::releases::release_rows`. Field order is column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseRow {
    pub id: String,
    /// 1-based index of the release within the entry's `releases`.
    pub release_index: i32,
    /// 1-based index of the label within the release's `labels` (1 for the one row of a
    /// release that names no label).
    pub label_index: i32,
    pub label: Option<String>,
    pub edition: Option<String>,
    /// The release's year.
    pub released: Option<i32>,
}

/// Everything one `build` produces, before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dataset {
    pub articles: Vec<Article>,
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

/// Sample records for unit tests anywhere in the crate: start from [`testing::row`] and change
/// only what a test is about with struct update syntax (`Row { review: …, ..row("a") }`).
#[cfg(test)]
pub(crate) mod testing {
    use super::{Article, Dataset, Release, Row, Section};

    /// The source URL of every sample row and article.
    pub(crate) const URL: &str = "https://example.org/";

    /// A main-list entry `id` (also its heading, title and film title) by composer `C`, with
    /// one release (`L`, 2000), reviewer `R` and the review `text`.
    pub(crate) fn row(id: &str) -> Row {
        Row {
            id: id.into(),
            part: 1,
            position: 1,
            section: Section::Main,
            heading: id.into(),
            composer: Some("C".into()),
            composers: vec!["C".into()],
            title: id.into(),
            alt_title: None,
            film_title: id.into(),
            film_year: None,
            film_year_source: None,
            release_year: Some(2000),
            year: Some(2000),
            year_basis: Some(super::YearBasis::Release),
            decade: Some(2000),
            labels: vec!["L".into()],
            releases: vec![release(&["L"], Some(2000), None)],
            reviewer: Some("R".into()),
            review: "text".into(),
            source_url: URL.into(),
            film_wikidata: None,
            film_imdb: None,
            release_group_mbid: None,
        }
    }

    /// One release.
    pub(crate) fn release(labels: &[&str], year: Option<i32>, edition: Option<&str>) -> Release {
        Release {
            labels: labels.iter().map(|l| l.to_string()).collect(),
            year,
            edition: edition.map(str::to_string),
        }
    }

    /// `rows` from one article (`a.html` at [`URL`], fetched 2024-01-01), with no problems.
    pub(crate) fn dataset(rows: Vec<Row>) -> Dataset {
        Dataset {
            articles: vec![Article {
                file: "a.html".into(),
                url: URL.into(),
                part: 1,
                title: "T".into(),
                published: None,
                fetched_at: Some("2024-01-01T00:00:00Z".into()),
                sha256: "00".into(),
                encoding: "UTF-8".into(),
                entries: rows.len(),
                source: None,
                captured_at: None,
                note: None,
            }],
            rows,
            problems: vec![],
        }
    }
}
