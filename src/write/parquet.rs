//! `soundtracks.parquet`: the rows under the explicit Arrow schema of [`crate::schema`],
//! ZSTD-compressed, one row group, with provenance in the file's key-value metadata. Also the
//! writer settings and encoder every Parquet output shares (see [`super::releases`]).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, Int16Array, Int32Array, ListArray, RecordBatch, StringArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
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

/// The only leaf columns whose values repeat enough for dictionary encoding to pay: the two
/// sections, a handful of reviewers, labels shared across entries. Everything else is (nearly)
/// distinct per row or a small integer, where a dictionary only adds a page. Paths are Parquet
/// leaf paths: a `list<string>` column's values live at `<name>.list.item`.
const DICTIONARY: &[&[&str]] = &[&["section"], &["reviewer"], &["labels", "list", "item"]];

pub(crate) fn encode_err(name: &str, e: impl std::fmt::Display) -> Error {
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
/// with the parquet crate's version, ZSTD, one row group, provenance in key-value metadata,
/// and dictionary encoding only for the leaf columns listed in `dictionary`.
pub(crate) fn writer_properties(
    dataset: &Dataset,
    dictionary: &[&[&str]],
    name: &str,
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
    let sources = serde_json::to_string(&sources).map_err(|e| encode_err(name, e))?;
    let level = ZstdLevel::try_new(3).map_err(|e| encode_err(name, e))?;
    let mut props = WriterProperties::builder()
        .set_created_by(format!("{TOOL} {TOOL_VERSION}"))
        .set_compression(Compression::ZSTD(level))
        .set_dictionary_enabled(false)
        .set_max_row_group_row_count(Some(usize::MAX))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(
                "soundtracks.schema_version".into(),
                SCHEMA_VERSION.to_string(),
            ),
            KeyValue::new("soundtracks.tool_version".into(), TOOL_VERSION.to_string()),
            KeyValue::new("soundtracks.sources".into(), sources),
        ]));
    for path in dictionary {
        let path = ColumnPath::new(path.iter().map(|p| p.to_string()).collect());
        props = props.set_column_dictionary_enabled(path, true);
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
    let props = writer_properties(dataset, DICTIONARY, "soundtracks.parquet")?;
    encode(&batch, props, "soundtracks.parquet")
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Seek, Write};

    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;
    use crate::model::testing;

    /// Two rows with the same reviewer and label, from one article.
    pub(crate) fn dataset() -> Dataset {
        testing::dataset(vec![testing::row("a"), testing::row("b")])
    }

    /// The leaf columns of a Parquet file that have a dictionary page, and its metadata keys.
    pub(crate) fn inspect(bytes: &[u8]) -> (Vec<String>, Vec<String>, usize) {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.rewind().unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let meta = reader.metadata();
        let dictionary = meta
            .row_group(0)
            .columns()
            .iter()
            .filter(|c| c.dictionary_page_offset().is_some())
            .map(|c| c.column_path().string())
            .collect();
        let keys = meta
            .file_metadata()
            .key_value_metadata()
            .into_iter()
            .flatten()
            .map(|kv| kv.key.clone())
            .collect();
        (dictionary, keys, meta.num_row_groups())
    }

    #[test]
    fn dictionary_only_where_values_repeat() {
        let bytes = soundtracks_parquet(&dataset()).unwrap();
        let (dictionary, keys, row_groups) = inspect(&bytes);
        assert_eq!(dictionary, ["section", "labels.list.item", "reviewer"]);
        assert_eq!(row_groups, 1);
        for key in [
            "soundtracks.schema_version",
            "soundtracks.tool_version",
            "soundtracks.sources",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key} missing from {keys:?}");
        }
    }
}
