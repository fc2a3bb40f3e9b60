//! `manifest.json`: provenance of a build — the tool, the schema version, every source
//! article (url, part, title, date, hash, entry count), the problems found, and the size and
//! hash of every other output file (all of [`crate::schema::FILES`] before it), as they were
//! taken while those files were written. Nothing in it comes from the clock.

use serde::Serialize;

use super::{Sink, Written, TOOL, TOOL_VERSION};
use crate::about::{self, Coverage};
use crate::error::Result;
use crate::model::{Article, Dataset, Problem};
use crate::schema::SCHEMA_VERSION;

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    tool_version: &'static str,
    schema_version: u32,
    rows: usize,
    /// Which parts of the feature the dataset holds.
    coverage: Coverage,
    rights: &'static str,
    articles: &'a [Article],
    problems: &'a [Problem],
    files: &'a [Written],
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
        coverage: about::coverage(dataset),
        rights: about::RIGHTS,
        articles: &dataset.articles,
        problems: &dataset.problems,
        files,
    };
    super::json::to_pretty(&manifest, name, out)
}
