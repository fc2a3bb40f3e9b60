//! The writers: one module per output format, each a pure function from the [`Dataset`]
//! to bytes. [`render_all`] lists every file of the output directory; `build` writes them.

pub mod csv;
pub mod datapackage;
pub mod json;
pub mod jsonl;
pub mod manifest;
pub mod parquet;
pub mod releases;

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

/// Renders every output file. `datapackage.json` describes the data files before it; the
/// manifest comes last and lists every other file's hash.
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
        OutputFile {
            name: "soundtracks.jsonl",
            bytes: jsonl::rows_jsonl(&dataset.rows)?,
        },
        OutputFile {
            name: "soundtracks.csv",
            bytes: csv::rows_csv(&dataset.rows)?,
        },
        OutputFile {
            name: "releases.parquet",
            bytes: releases::releases_parquet(dataset)?,
        },
    ];
    let datapackage = datapackage::datapackage_json(dataset, &files)?;
    files.push(OutputFile {
        name: "datapackage.json",
        bytes: datapackage,
    });
    let manifest = manifest::manifest_json(dataset, &files)?;
    files.push(OutputFile {
        name: "manifest.json",
        bytes: manifest,
    });
    Ok(files)
}
