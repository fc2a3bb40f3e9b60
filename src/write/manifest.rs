//! `manifest.json`: provenance of a build — the tool, the schema version, how many rows are
//! linked to Wikidata and MusicBrainz, every source
//! article (url, part, title, date, hash, entry count), the problems found, and the size and
//! hash of every other output file (all of [`crate::schema::FILES`] before it), as they were
//! taken while those files were written. Nothing in it comes from the clock.

use serde::Serialize;

use super::{Sink, Written, TOOL, TOOL_VERSION};
use crate::about::{self, Coverage};
use crate::error::Result;
use crate::model::{Article, Dataset, FilmYearSource, Problem, Row};
use crate::schema::SCHEMA_VERSION;

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    tool_version: &'static str,
    schema_version: u32,
    rows: usize,
    /// How many rows the enrichment cache links, per column.
    linked: Linked,
    /// Which parts of the feature the dataset holds.
    coverage: Coverage,
    rights: &'static str,
    articles: &'a [Article],
    problems: &'a [Problem],
    files: &'a [Written],
}

/// Rows with a value in each link column, and rows whose `film_year` is Wikidata's.
#[derive(Serialize)]
struct Linked {
    film_wikidata: usize,
    film_imdb: usize,
    release_group_mbid: usize,
    film_year_from_wikidata: usize,
}

impl Linked {
    fn of(rows: &[Row]) -> Linked {
        let count = |f: fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
        Linked {
            film_wikidata: count(|r| r.film_wikidata.is_some()),
            film_imdb: count(|r| r.film_imdb.is_some()),
            release_group_mbid: count(|r| r.release_group_mbid.is_some()),
            film_year_from_wikidata: count(|r| {
                r.film_year_source == Some(FilmYearSource::Wikidata)
            }),
        }
    }
}

/// The manifest of `dataset` and of `files`, the outputs rendered before it, into `out`;
/// `name` is its own file name, for errors.
pub(crate) fn manifest_json(
    dataset: &Dataset,
    files: &[Written],
    name: &str,
    out: Sink<'_>,
) -> Result<()> {
    let manifest = Manifest {
        tool: TOOL,
        tool_version: TOOL_VERSION,
        schema_version: SCHEMA_VERSION,
        rows: dataset.rows.len(),
        linked: Linked::of(&dataset.rows),
        coverage: about::coverage(dataset),
        rights: about::RIGHTS,
        articles: &dataset.articles,
        problems: &dataset.problems,
        files,
    };
    super::json::to_pretty(&manifest, name, out)
}
