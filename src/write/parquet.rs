//! `soundtracks.parquet`: the rows under the explicit Arrow schema of [`crate::schema`],
//! ZSTD-compressed, one row group, with provenance in the file's key-value metadata.

use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Int16Array, Int32Array, ListArray, ListBuilder, RecordBatch, StringArray,
    StringBuilder, StructArray,
};
use arrow::buffer::OffsetBuffer;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde::Serialize;

use super::{TOOL, TOOL_VERSION};
use crate::error::{Error, Result};
use crate::model::{Dataset, Row};
use crate::schema::{arrow_schema, release_fields, release_item, string_item, SCHEMA_VERSION};

/// Columns whose values are (nearly) all distinct: dictionary encoding would only add size.
const NO_DICTIONARY: &[&str] = &[
    "id",
    "heading",
    "title",
    "alt_title",
    "film_title",
    "review",
];

fn encode_err(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    }
}

/// A `list<string>` array with non-null items, one list per element of `lists`.
pub(crate) fn string_lists<'a, I>(lists: I) -> ListArray
where
    I: IntoIterator<Item = &'a [String]>,
{
    let mut b = ListBuilder::new(StringBuilder::new()).with_field(string_item());
    for list in lists {
        for s in list {
            b.values().append_value(s);
        }
        b.append(true);
    }
    b.finish()
}

/// The `releases` column: `list<struct<labels, year, edition>>`.
fn releases_array(rows: &[Row]) -> Result<ListArray> {
    let all: Vec<_> = rows.iter().flat_map(|r| &r.releases).collect();
    let labels = string_lists(all.iter().map(|r| r.labels.as_slice()));
    let years = Int16Array::from_iter(all.iter().map(|r| r.year));
    let editions = StringArray::from_iter(all.iter().map(|r| r.edition.as_deref()));
    let structs = StructArray::try_new(
        release_fields(),
        vec![Arc::new(labels), Arc::new(years), Arc::new(editions)],
        None,
    )
    .map_err(|e| encode_err("soundtracks.parquet", e))?;
    ListArray::try_new(
        release_item(),
        OffsetBuffer::from_lengths(rows.iter().map(|r| r.releases.len())),
        Arc::new(structs),
        None,
    )
    .map_err(|e| encode_err("soundtracks.parquet", e))
}

/// The rows as one Arrow record batch under [`arrow_schema`].
pub fn record_batch(rows: &[Row]) -> Result<RecordBatch> {
    let strings = |f: fn(&Row) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    };
    let opt_strings = |f: fn(&Row) -> Option<&str>| -> ArrayRef {
        Arc::new(StringArray::from_iter(rows.iter().map(f)))
    };
    let columns: Vec<ArrayRef> = vec![
        strings(|r| &r.id),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.part))),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| r.position),
        )),
        strings(|r| r.section.as_str()),
        strings(|r| &r.heading),
        opt_strings(|r| r.composer.as_deref()),
        Arc::new(string_lists(rows.iter().map(|r| r.composers.as_slice()))),
        strings(|r| &r.title),
        opt_strings(|r| r.alt_title.as_deref()),
        strings(|r| &r.film_title),
        Arc::new(Int16Array::from_iter(rows.iter().map(|r| r.film_year))),
        Arc::new(Int16Array::from_iter(rows.iter().map(|r| r.release_year))),
        Arc::new(string_lists(rows.iter().map(|r| r.labels.as_slice()))),
        Arc::new(releases_array(rows)?),
        opt_strings(|r| r.reviewer.as_deref()),
        strings(|r| &r.review),
        strings(|r| &r.source_url),
    ];
    RecordBatch::try_new(arrow_schema(), columns).map_err(|e| encode_err("soundtracks.parquet", e))
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    url: &'a str,
    part: i32,
    sha256: &'a str,
    fetched_at: Option<&'a str>,
}

/// Writer settings shared by every Parquet output: fixed `created_by` so bytes do not change
/// with the parquet crate's version, ZSTD, one row group, provenance in key-value metadata.
pub(crate) fn writer_properties(
    dataset: &Dataset,
    no_dictionary: &[&str],
) -> Result<WriterProperties> {
    let sources: Vec<SourceRecord> = dataset
        .articles
        .iter()
        .map(|a| SourceRecord {
            url: &a.url,
            part: a.part,
            sha256: &a.sha256,
            fetched_at: a.fetched_at.as_deref(),
        })
        .collect();
    let sources =
        serde_json::to_string(&sources).map_err(|e| encode_err("soundtracks.parquet", e))?;
    let level = ZstdLevel::try_new(9).map_err(|e| encode_err("soundtracks.parquet", e))?;
    let mut props = WriterProperties::builder()
        .set_created_by(format!("{TOOL} {TOOL_VERSION}"))
        .set_compression(Compression::ZSTD(level))
        .set_dictionary_enabled(true)
        .set_max_row_group_row_count(Some(usize::MAX))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(
                "soundtracks.schema_version".into(),
                SCHEMA_VERSION.to_string(),
            ),
            KeyValue::new("soundtracks.tool_version".into(), TOOL_VERSION.to_string()),
            KeyValue::new("soundtracks.sources".into(), sources),
        ]));
    for name in no_dictionary {
        props = props.set_column_dictionary_enabled(ColumnPath::from(*name), false);
    }
    Ok(props.build())
}

/// Encodes a record batch as a complete Parquet file.
pub(crate) fn encode(batch: &RecordBatch, props: WriterProperties, name: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut buf, batch.schema(), Some(props))
        .map_err(|e| encode_err(name, e))?;
    writer.write(batch).map_err(|e| encode_err(name, e))?;
    writer.close().map_err(|e| encode_err(name, e))?;
    Ok(buf)
}

pub fn soundtracks_parquet(dataset: &Dataset) -> Result<Vec<u8>> {
    let batch = record_batch(&dataset.rows)?;
    let props = writer_properties(dataset, NO_DICTIONARY)?;
    encode(&batch, props, "soundtracks.parquet")
}
