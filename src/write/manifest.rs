//! `manifest.json`: provenance of a build — the tool, the schema version, every source
//! article (url, part, title, date, hash, entry count), the problems found, and the hash of
//! every other output file (all of [`crate::schema::FILES`] before it). Nothing in it comes
//! from the clock.

use serde::Serialize;

use super::{OutputFile, TOOL, TOOL_VERSION};
use crate::digest::sha256_hex;
use crate::error::Result;
use crate::model::{Article, Dataset, Problem};
use crate::schema::SCHEMA_VERSION;

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    tool_version: &'static str,
    schema_version: u32,
    rows: usize,
    articles: &'a [Article],
    problems: &'a [Problem],
    files: Vec<FileRecord>,
}

#[derive(Serialize)]
struct FileRecord {
    name: &'static str,
    bytes: usize,
    sha256: String,
}

/// The manifest of `dataset` and of `files`, the outputs rendered before it; `name` is its
/// own file name, for errors.
pub(crate) fn manifest_json(
    dataset: &Dataset,
    files: &[OutputFile],
    name: &str,
) -> Result<Vec<u8>> {
    let manifest = Manifest {
        tool: TOOL,
        tool_version: TOOL_VERSION,
        schema_version: SCHEMA_VERSION,
        rows: dataset.rows.len(),
        articles: &dataset.articles,
        problems: &dataset.problems,
        files: files
            .iter()
            .map(|f| FileRecord {
                name: f.name,
                bytes: f.bytes.len(),
                sha256: sha256_hex(&f.bytes),
            })
            .collect(),
    };
    super::json::to_pretty(&manifest, name)
}
