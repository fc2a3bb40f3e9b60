//! The writers: one module per output format, each a pure function from records to bytes.
//! [`render_all`] walks [`FILES`], the output folder as `src/schema.rs` lists it, and hands
//! each file's records and columns to the writer of its format; `build` writes the result.

pub mod csv;
pub mod datapackage;
pub mod json;
pub mod jsonl;
pub mod manifest;
pub mod parquet;
pub mod releases;

use serde::Serialize;

use crate::error::Result;
use crate::model::Dataset;
use crate::schema::{Column, Columns, Contents, File, Format, Table, FILES};

/// The tool's name and version as recorded in outputs.
pub(crate) const TOOL: &str = env!("CARGO_PKG_NAME");
pub(crate) const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One output file: its name inside the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// Renders every file of [`FILES`], in that order: `datapackage.json` describes the data
/// files before it; the manifest comes last and lists every other file's hash.
pub fn render_all(dataset: &Dataset) -> Result<Vec<OutputFile>> {
    let mut files: Vec<OutputFile> = Vec::with_capacity(FILES.len());
    for file in &FILES {
        let bytes = match file.contents {
            Contents::Table(table) => render_table(dataset, table, file)?,
            Contents::DataPackage => datapackage::datapackage_json(dataset, file.name)?,
            Contents::Manifest => manifest::manifest_json(dataset, &files, file.name)?,
        };
        files.push(OutputFile {
            name: file.name,
            bytes,
        });
    }
    Ok(files)
}

/// One file of a table: its records, read from the dataset, in the file's format.
fn render_table(dataset: &Dataset, table: &Table, file: &File) -> Result<Vec<u8>> {
    match table.columns {
        Columns::Rows(columns) => render_records(dataset, &dataset.rows, columns, file),
        Columns::Releases(columns) => {
            let records = releases::release_rows(&dataset.rows);
            render_records(dataset, &records, columns, file)
        }
    }
}

fn render_records<R: Serialize>(
    dataset: &Dataset,
    records: &[R],
    columns: &[Column<R>],
    file: &File,
) -> Result<Vec<u8>> {
    match file.format {
        Format::Json => json::records_json(records, file.name),
        Format::Jsonl => jsonl::records_jsonl(records, file.name),
        Format::Csv => csv::records_csv(records, columns, file.name),
        Format::Parquet => parquet::records_parquet(dataset, records, columns, file.name),
    }
}
