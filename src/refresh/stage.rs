//! The transaction `refresh` and `add` both end with: copy `fixtures/` to a staging folder
//! beside it, write the new and changed pages there, build the dataset from the staging
//! copy into a staging output folder, compare the old and new rows, then swap both folders
//! into place together. Any failure before the swap removes the staging folders and leaves
//! `fixtures/` and `output/` byte-for-byte as they were.
//!
//! For `refresh`, "changed" means the data changed ([`commit_if_data_changed`]): pages whose
//! bytes differ but whose rows are the same as the previous output's (a WordPress page's
//! nonces, widgets and stats scripts change on every request) are not worth a commit, so
//! the staging is discarded and nothing on disk changes. `add` always writes ([`commit`]).

use std::fs;
use std::path::{Path, PathBuf};

use super::report::{self, ChangeReport};
use crate::build::{self, BuildOptions};
use crate::error::{Error, SidecarError};
use crate::fixtures;
use crate::meta::FixtureMeta;
use crate::model::{Dataset, Row};
use crate::schema::SOUNDTRACKS_JSON;

/// A page to write into the fixtures, with its sidecar.
#[derive(Debug, Clone)]
pub struct PageWrite {
    /// Where it goes (under the fixtures folder).
    pub target: PathBuf,
    pub bytes: Vec<u8>,
    pub meta: FixtureMeta,
}

/// Stages `fixtures` and `out` with `pages`, builds, and swaps both into place. Returns
/// the fixture files written (relative to `fixtures`) and the row changes.
pub fn commit(
    fixtures: &Path,
    out: &Path,
    build_options: &BuildOptions,
    pages: &[PageWrite],
) -> crate::error::Result<(Vec<PathBuf>, ChangeReport)> {
    let staged = stage(fixtures, out, build_options, pages, false)?;
    Ok(staged.unwrap_or_default())
}

/// As [`commit`], but only where the data changed. A page whose part gives the same rows as
/// in the previous output (typed, every column, in order) keeps its saved copy and sidecar.
/// When the rows built then equal the previous output's rows (each row names its source
/// article, so the set of articles is the same too), the staging folders are removed,
/// nothing is written, and the answer is `None`. The files written are the kept pages'.
pub fn commit_if_data_changed(
    fixtures: &Path,
    out: &Path,
    build_options: &BuildOptions,
    pages: &[PageWrite],
) -> crate::error::Result<Option<(Vec<PathBuf>, ChangeReport)>> {
    stage(fixtures, out, build_options, pages, true)
}

fn stage(
    fixtures: &Path,
    out: &Path,
    build_options: &BuildOptions,
    pages: &[PageWrite],
    only_if_data_changed: bool,
) -> crate::error::Result<Option<(Vec<PathBuf>, ChangeReport)>> {
    let stage_fixtures = staging_path(fixtures);
    let stage_out = staging_path(out);
    let result = (|| -> crate::error::Result<Option<(Vec<PathBuf>, ChangeReport)>> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        if fixtures.exists() {
            crate::atomic::copy_tree(fixtures, &stage_fixtures).map_err(io_err(&stage_fixtures))?;
        } else {
            fs::create_dir_all(&stage_fixtures).map_err(io_err(&stage_fixtures))?;
        }
        let mut rels = Vec::new();
        for page in pages {
            let rel = fixture_relative(fixtures, &page.target);
            fixtures::save(&stage_fixtures.join(&rel), &page.bytes, &page.meta)?;
            rels.push(rel);
        }
        let old = read_rows(&out.join(SOUNDTRACKS_JSON));
        let mut dataset = build::collect(std::slice::from_ref(&stage_fixtures), build_options)?;
        let mut kept = vec![true; pages.len()];
        if only_if_data_changed {
            // A page whose part gives the same rows as before keeps its saved copy.
            for (rel, keep) in rels.iter().zip(&mut kept) {
                if same_rows(&dataset, old.as_deref(), rel) {
                    restore(fixtures, &stage_fixtures, rel)?;
                    *keep = false;
                }
            }
            if kept.contains(&false) {
                dataset = build::collect(std::slice::from_ref(&stage_fixtures), build_options)?;
            }
            if old.as_deref() == Some(dataset.rows.as_slice()) {
                let _ = fs::remove_dir_all(&stage_fixtures);
                return Ok(None);
            }
        }
        build::write_checked(&dataset, &stage_out, build_options)?;
        let report = report::diff(old.as_deref().unwrap_or_default(), &dataset.rows);
        crate::atomic::swap_all(&[(&stage_fixtures, fixtures), (&stage_out, out)])
            .map_err(io_err(fixtures))?;
        let written = rels
            .into_iter()
            .zip(kept)
            .filter(|(_, keep)| *keep)
            .flat_map(|(rel, _)| {
                let meta = FixtureMeta::path_for(&rel);
                [rel, meta]
            })
            .collect();
        Ok(Some((written, report)))
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&stage_fixtures);
        let _ = fs::remove_dir_all(&stage_out);
    }
    result.map_err(|e| {
        let e = unstage(e, &stage_fixtures, fixtures);
        unstage(e, &stage_out, out)
    })
}

/// Whether the page saved at `rel` is the article of a part whose rows, built anew, are
/// the previous output's rows of that part (every column, in order).
fn same_rows<'a>(dataset: &'a Dataset, old: Option<&'a [Row]>, rel: &Path) -> bool {
    let (Some(old), Some(rel)) = (old, rel.to_str()) else {
        return false;
    };
    let rel = rel.replace('\\', "/");
    let Some(article) = dataset.articles.iter().find(|a| a.file == rel) else {
        return false;
    };
    let part_rows = |rows: &'a [Row]| rows.iter().filter(|r| r.part == article.part);
    let mut new = part_rows(&dataset.rows).peekable();
    new.peek().is_some() && new.eq(part_rows(old))
}

/// Puts the saved page at `rel` and its sidecar back in the staging copy as they are in
/// `fixtures` (or removes them from it when there were none).
fn restore(fixtures: &Path, staging: &Path, rel: &Path) -> crate::error::Result<()> {
    for rel in [rel.to_path_buf(), FixtureMeta::path_for(rel)] {
        let (saved, staged) = (fixtures.join(&rel), staging.join(&rel));
        let done = if saved.exists() {
            fs::copy(&saved, &staged).map(drop)
        } else {
            fs::remove_file(&staged)
        };
        done.map_err(|source| Error::Io {
            path: staged,
            source,
        })?;
    }
    Ok(())
}

/// A fixture's path relative to the fixtures folder (its file name if outside it).
pub(crate) fn fixture_relative(fixtures: &Path, target: &Path) -> PathBuf {
    target
        .strip_prefix(fixtures)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| target.file_name().map(PathBuf::from).unwrap_or_default())
}

/// Names the real folder instead of its staging copy in a build error's path.
fn unstage(err: crate::Error, staging: &Path, real: &Path) -> crate::Error {
    use crate::Error as E;
    let fix = |path: PathBuf| match path.strip_prefix(staging) {
        Ok(rel) => real.join(rel),
        Err(_) => path,
    };
    match err {
        E::NotFound { path } => E::NotFound { path: fix(path) },
        E::Read { path, source } => E::Read {
            path: fix(path),
            source,
        },
        E::NoInputs { path } => E::NoInputs { path: fix(path) },
        E::Input { path, problem } => E::Input {
            path: fix(path),
            problem,
        },
        E::Sidecar(SidecarError::Read { path, source }) => E::Sidecar(SidecarError::Read {
            path: fix(path),
            source,
        }),
        E::Sidecar(SidecarError::Invalid { path, source }) => E::Sidecar(SidecarError::Invalid {
            path: fix(path),
            source,
        }),
        E::Page { path, source } => E::Page {
            path: fix(path),
            source,
        },
        E::Write { path, source } => E::Write {
            path: fix(path),
            source,
        },
        E::Encode { path, reason } => E::Encode {
            path: fix(path),
            reason,
        },
        other => other,
    }
}

/// The rows of the previous dataset's `soundtracks.json`, typed; `None` when it is missing
/// or unreadable (then the data counts as changed and every row reads as added).
fn read_rows(path: &Path) -> Option<Vec<Row>> {
    fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<Row>>(&b).ok())
}

fn staging_path(target: &Path) -> PathBuf {
    crate::atomic::sibling(target, "refresh")
}
