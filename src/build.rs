//! The `build` job: read saved pages from disk, run them through parse → normalize, and
//! write the dataset atomically. (Being written.)

use std::path::{Path, PathBuf};

use crate::model::Dataset;
use crate::Result;

/// Settings for one build, validated once by the CLI.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Fail (after reporting) when any heading did not parse fully.
    pub strict: bool,
    /// Pages larger than this are rejected before they are read.
    pub max_input_bytes: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            strict: false,
            max_input_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Reads every page under `inputs` (files, or folders searched recursively for `*.html`)
/// and returns the dataset. Pure apart from reading the files.
pub fn collect(_inputs: &[PathBuf], _opts: &BuildOptions) -> Result<Dataset> {
    todo!()
}

/// Writes every output file for `dataset` into `out_dir`, replacing it atomically.
pub fn write_outputs(_dataset: &Dataset, _out_dir: &Path) -> Result<()> {
    todo!()
}

/// `collect` then `write_outputs`; with `strict`, problems fail the run before anything is
/// written.
pub fn build(inputs: &[PathBuf], out_dir: &Path, opts: &BuildOptions) -> Result<Dataset> {
    let dataset = collect(inputs, opts)?;
    write_outputs(&dataset, out_dir)?;
    Ok(dataset)
}
