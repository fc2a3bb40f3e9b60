//! The records handed between stages: what the page parser finds ([`RawEntry`]), what the
//! normalizer produces ([`Row`], [`Release`]), and what is known of each source
//! ([`Article`], [`Problem`]). Field names here are the dataset's column names.

use serde::{Deserialize, Serialize};

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
    pub year: Option<i16>,
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
    pub film_year: Option<i16>,
    pub release_year: Option<i16>,
    pub labels: Vec<String>,
    pub releases: Vec<Release>,
    pub reviewer: Option<String>,
    pub review: String,
    pub source_url: String,
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
}

/// A heading-like line that did not parse fully. The entry is still emitted with what
/// could be read; `build --strict` turns any of these into a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    pub part: i32,
    pub position: i32,
    pub heading: String,
    pub reason: String,
}

/// Everything one `build` produces, before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dataset {
    pub articles: Vec<Article>,
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}
