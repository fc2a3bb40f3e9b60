//! The writers: one module per output format, each a pure function from the [`Dataset`]
//! to bytes. [`render_all`] lists every file of the output directory; `build` writes them.

pub mod json;
pub mod manifest;
pub mod parquet;

use crate::error::Result;
use crate::model::Dataset;

/// The tool's name and version as recorded in outputs.
pub const TOOL: &str = env!("CARGO_PKG_NAME");
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One output file: its name inside the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// Renders every output file. The manifest comes last and lists the others' hashes.
pub fn render_all(dataset: &Dataset) -> Result<Vec<OutputFile>> {
    let mut files = vec![
        OutputFile {
            name: "soundtracks.json",
            bytes: json::rows_json(&dataset.rows)?,
        },
        OutputFile {
            name: "soundtracks.parquet",
            bytes: parquet::soundtracks_parquet(dataset)?,
        },
    ];
    let manifest = manifest::manifest_json(dataset, &files)?;
    files.push(OutputFile {
        name: "manifest.json",
        bytes: manifest,
    });
    Ok(files)
}
