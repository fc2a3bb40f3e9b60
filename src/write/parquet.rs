//! Every Parquet output: a table's records under the Arrow schema of its columns in
//! [`crate::schema`], encoded `BATCH_ROWS` records at a time (one array per column for
//! those records), so the Arrow arrays of a whole table never exist at once; Snappy-compressed,
//! still one row group, dictionary encoding only for the columns whose values repeat, and
//! provenance in the file's key-value metadata. Which records and columns a file holds is
//! `super::render_file`'s business.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Int32Array, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::OffsetBuffer;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde::Serialize;

use super::{Sink, TOOL, TOOL_VERSION};
use crate::about;
use crate::error::{Error, Result};
use crate::model::{Dataset, Release};
use crate::schema::{
    arrow_schema, release_fields, release_item, string_item, Column, Get, SCHEMA_VERSION,
};

fn encode_err(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    }
}

/// A `list<string>` array with non-null items, one list per element of `lists`.
fn string_lists<'a, I>(lists: I) -> ListArray
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

/// A `list<struct<labels, year, edition>>` array, one list per element of `lists`.
fn releases_array(lists: &[&[Release]], name: &str) -> Result<ListArray> {
    let all: Vec<&Release> = lists.iter().flat_map(|l| l.iter()).collect();
    let labels = string_lists(all.iter().map(|r| r.labels.as_slice()));
    let years = Int32Array::from_iter(all.iter().map(|r| r.year));
    let editions = StringArray::from_iter(all.iter().map(|r| r.edition.as_deref()));
    let structs = StructArray::try_new(
        release_fields(),
        vec![Arc::new(labels), Arc::new(years), Arc::new(editions)],
        None,
    )
    .map_err(|e| encode_err(name, e))?;
    ListArray::try_new(
        release_item(),
        OffsetBuffer::from_lengths(lists.iter().map(|l| l.len())),
        Arc::new(structs),
        None,
    )
    .map_err(|e| encode_err(name, e))
}

/// One column's values, read from every record with the column's accessor.
fn array<R>(records: &[R], get: &Get<R>, name: &str) -> Result<ArrayRef> {
    Ok(match *get {
        Get::Str(f) => Arc::new(StringArray::from_iter_values(records.iter().map(f))),
        Get::OptStr(f) => Arc::new(StringArray::from_iter(records.iter().map(f))),
        Get::Int32(f) => Arc::new(Int32Array::from_iter_values(records.iter().map(f))),
        Get::OptInt32(f) => Arc::new(Int32Array::from_iter(records.iter().map(f))),
        Get::Strings(f) => Arc::new(string_lists(records.iter().map(f))),
        Get::Releases(f) => {
            let lists: Vec<&[Release]> = records.iter().map(f).collect();
            Arc::new(releases_array(&lists, name)?)
        }
    })
}

/// The records as one Arrow record batch: one array per column, in column order.
pub(crate) fn record_batch<R>(
    records: &[R],
    columns: &[Column<R>],
    name: &str,
) -> Result<RecordBatch> {
    let arrays = columns
        .iter()
        .map(|c| array(records, &c.get, name))
        .collect::<Result<Vec<_>>>()?;
    RecordBatch::try_new(arrow_schema(columns), arrays).map_err(|e| encode_err(name, e))
}

/// The Parquet leaf paths of the columns whose values repeat: a `list<string>` column's
/// values live at `<name>.list.item`. (No nested `releases` column is marked repeating.)
fn dictionary_paths<R>(columns: &[Column<R>]) -> Vec<ColumnPath> {
    columns
        .iter()
        .filter(|c| c.repeats)
        .map(|c| match c.get {
            Get::Strings(_) => vec![c.name, "list", "item"],
            _ => vec![c.name],
        })
        .map(|path| ColumnPath::new(path.into_iter().map(str::to_string).collect()))
        .collect()
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    url: &'a str,
    part: i32,
    sha256: &'a str,
    fetched_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    captured_at: Option<&'a str>,
}

/// Writer settings shared by every Parquet output: fixed `created_by` so bytes do not change
/// with the parquet crate's version, Snappy, one row group, provenance in key-value metadata,
/// and dictionary encoding only for the leaf columns in `dictionary`.
fn writer_properties(
    dataset: &Dataset,
    dictionary: Vec<ColumnPath>,
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
            source: a.source.map(|s| s.name()),
            captured_at: a.captured_at.as_deref(),
        })
        .collect();
    let sources = serde_json::to_string(&sources).map_err(|e| encode_err(name, e))?;
    let coverage =
        serde_json::to_string(&about::coverage(dataset)).map_err(|e| encode_err(name, e))?;
    let mut props = WriterProperties::builder()
        .set_created_by(format!("{TOOL} {TOOL_VERSION}"))
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .set_max_row_group_row_count(Some(usize::MAX))
        .set_max_row_group_bytes(None)
        .set_key_value_metadata(Some(vec![
            KeyValue::new(
                "soundtracks.schema_version".into(),
                SCHEMA_VERSION.to_string(),
            ),
            KeyValue::new("soundtracks.tool_version".into(), TOOL_VERSION.to_string()),
            KeyValue::new("soundtracks.sources".into(), sources),
            KeyValue::new("soundtracks.coverage".into(), coverage),
            KeyValue::new("soundtracks.rights".into(), about::RIGHTS.to_string()),
        ]));
    for path in dictionary {
        props = props.set_column_dictionary_enabled(path, true);
    }
    Ok(props.build())
}

/// How many records go into one Arrow record batch: the arrays of one batch are all the
/// Arrow data alive at a time (larger batches raised the peak memory of large builds;
/// BENCHMARKS.md). The row group is still one: the writer appends every batch to it.
pub(crate) const BATCH_ROWS: usize = 1024;

/// The records of one table, in the order `blocks` holds them, as a complete Parquet file
/// named `name`, with the provenance of `dataset`, written into `out`.
pub(crate) fn records_parquet<R, B: AsRef<[R]>>(
    dataset: &Dataset,
    blocks: impl IntoIterator<Item = B>,
    columns: &[Column<R>],
    name: &str,
    out: Sink<'_>,
) -> Result<()> {
    let props = writer_properties(dataset, dictionary_paths(columns), name)?;
    let mut writer = ArrowWriter::try_new(out, arrow_schema(columns), Some(props))
        .map_err(|e| encode_err(name, e))?;
    for block in blocks {
        for records in block.as_ref().chunks(BATCH_ROWS) {
            let batch = record_batch(records, columns, name)?;
            writer.write(&batch).map_err(|e| encode_err(name, e))?;
        }
    }
    writer.close().map_err(|e| encode_err(name, e))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Seek, Write};

    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;
    use crate::model::testing;
    use crate::schema::COLUMNS;

    /// Two rows with the same reviewer and label, from one article.
    pub(crate) fn dataset() -> Dataset {
        testing::dataset(vec![testing::row("a"), testing::row("b")])
    }

    /// The Parquet file of `records`, in memory.
    pub(crate) fn parquet_bytes<R>(
        dataset: &Dataset,
        records: &[R],
        columns: &[Column<R>],
    ) -> Vec<u8> {
        let mut bytes = Vec::new();
        records_parquet(dataset, [records], columns, "test.parquet", &mut bytes).unwrap();
        bytes
    }

    fn reopened(bytes: &[u8]) -> std::fs::File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.rewind().unwrap();
        file
    }

    /// The leaf columns of a Parquet file that have a dictionary page, its metadata keys, and
    /// its number of row groups.
    pub(crate) fn inspect(bytes: &[u8]) -> (Vec<String>, Vec<String>, usize) {
        let reader = SerializedFileReader::new(reopened(bytes)).unwrap();
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
        let dataset = dataset();
        let bytes = parquet_bytes(&dataset, &dataset.rows, &COLUMNS);
        let (dictionary, keys, row_groups) = inspect(&bytes);
        assert_eq!(
            dictionary,
            [
                "section",
                "film_year_source",
                "year_basis",
                "labels.list.item",
                "reviewer"
            ]
        );
        assert_eq!(row_groups, 1);
        for key in [
            "soundtracks.schema_version",
            "soundtracks.tool_version",
            "soundtracks.sources",
            "soundtracks.coverage",
            "soundtracks.rights",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key} missing from {keys:?}");
        }
    }

    /// More than 8192 records and several batches, handed over in blocks that do not line
    /// up with the batches: still one row group, every record, in order.
    #[test]
    fn many_batches_make_one_row_group() {
        let n = (8 * BATCH_ROWS).max(8192) + 5;
        let ids: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
        let dataset = testing::dataset(ids.iter().map(|id| testing::row(id)).collect());
        let mut bytes = Vec::new();
        let blocks = dataset.rows.chunks(3000);
        records_parquet(&dataset, blocks, &COLUMNS, "test.parquet", &mut bytes).unwrap();

        let reader = SerializedFileReader::new(reopened(&bytes)).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.num_row_groups(), 1);
        assert_eq!(meta.row_group(0).num_rows(), n as i64);
        assert_eq!(meta.file_metadata().num_rows(), n as i64);

        let batches = ParquetRecordBatchReaderBuilder::try_new(reopened(&bytes))
            .unwrap()
            .build()
            .unwrap();
        let mut back = Vec::new();
        for batch in batches {
            let batch = batch.unwrap();
            let column = batch.column_by_name("id").unwrap();
            let column = column.as_any().downcast_ref::<StringArray>().unwrap();
            back.extend(column.iter().map(|s| s.unwrap().to_string()));
        }
        assert_eq!(back, ids);
    }
}
