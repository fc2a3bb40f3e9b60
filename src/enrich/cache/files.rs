//! Reading and writing the cache's files: every decision and the overrides, checked as
//! they are read, and atomic pretty JSON writes. Each error names the file, the row and
//! what to do.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::Serialize;

use super::ids::{check_decision, check_override, is_file_safe_id};
use super::Override;
use crate::enrich::error::EnrichError;
use crate::enrich::Decision;

/// The cache error about `path`.
pub(super) fn problem(path: &Path, problem: impl Into<String>) -> EnrichError {
    EnrichError::Cache {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}

/// A file's bytes, or `None` when it does not exist.
pub(super) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, EnrichError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(problem(
            path,
            format!("cannot read it: {e}; check that it is a readable file"),
        )),
    }
}

/// Pretty JSON with a trailing newline, written atomically.
pub(super) fn write_json(path: &Path, value: &impl Serialize) -> Result<(), EnrichError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| problem(path, format!("cannot encode it: {e}")))?;
    text.push('\n');
    crate::atomic::write_file(path, text.as_bytes()).map_err(|e| {
        problem(
            path,
            format!("cannot write it: {e}; check that the folder is writable and has room"),
        )
    })
}

/// the decision of the row its file is named after.
pub(super) fn read_decisions(dir: &Path) -> Result<BTreeMap<String, Decision>, EnrichError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(problem(
                dir,
                format!("cannot list it: {e}; check that it is a readable folder"),
            ))
        }
    };
    let mut decisions = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| problem(dir, format!("cannot list it: {e}")))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".json") else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let decision = read_decision(&path, id)?;
        decisions.insert(id.to_string(), decision);
    }
    Ok(decisions)
}

fn read_decision(path: &Path, id: &str) -> Result<Decision, EnrichError> {
    let bytes = read_optional(path)?
        .ok_or_else(|| problem(path, "disappeared while it was being read; run again"))?;
    let decision: Decision = serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            path,
            format!(
                "row `{id}`: not a decision ({e}); fix it, or delete it and run \
                 `soundtracks enrich` to decide the row again"
            ),
        )
    })?;
    if decision.id != id {
        return Err(problem(
            path,
            format!(
                "holds the decision of row `{}`, not of `{id}`; rename the file after its `id` \
                 or delete it",
                decision.id
            ),
        ));
    }
    check_decision(&decision).map_err(|p| {
        problem(
            path,
            format!("row `{id}`: {p}; correct it, or delete the file to decide the row again"),
        )
    })?;
    Ok(decision)
}

pub(super) fn read_overrides(path: &Path) -> Result<BTreeMap<String, Override>, EnrichError> {
    let Some(bytes) = read_optional(path)? else {
        return Ok(BTreeMap::new());
    };
    let overrides: BTreeMap<String, Override> = serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            path,
            format!(
                "not an overrides file ({e}); it maps row ids to objects with `film_wikidata`, \
                 `film_imdb`, `release_group_mbid`, `film_year`, `not_applicable` and `note` \
                 (see fixtures/enrichment/README.md)"
            ),
        )
    })?;
    for (id, o) in &overrides {
        if !is_file_safe_id(id) {
            return Err(problem(
                path,
                format!("{id:?} is not a row id; use the `id` column of soundtracks.json"),
            ));
        }
        check_override(o).map_err(|p| problem(path, format!("row `{id}`: {p}; correct it")))?;
    }
    Ok(overrides)
}
