//! `releases.parquet`: the long table analysts would otherwise build by hand — one row per
//! entry × release × label, under [`crate::schema::RELEASE_COLUMNS`]. Written with the same
//! settings and provenance metadata as `soundtracks.parquet` (see [`super::parquet`]).

use std::sync::Arc;

use arrow_array::{ArrayRef, Int16Array, Int32Array, RecordBatch, StringArray};

use super::parquet::{encode, encode_err, writer_properties};
use crate::error::Result;
use crate::model::{Dataset, Row};
use crate::schema::releases_arrow_schema;

const NAME: &str = "releases.parquet";

/// Labels repeat across entries; every other column is either a small integer or repeats
/// only within one entry's few rows, where a dictionary page costs more than it saves.
const DICTIONARY: &[&[&str]] = &[&["label"]];

/// One row of the long table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRow<'a> {
    pub row: &'a Row,
    /// 1-based index of the release within `row.releases`.
    pub release_index: i32,
    pub label: Option<&'a str>,
    pub year: Option<i16>,
    pub edition: Option<&'a str>,
}

/// Unnests `releases` and then each release's `labels`, in row, release and label order. A
/// release that names no label still gets one row (with a null label), so none is lost.
pub fn release_rows(rows: &[Row]) -> Vec<ReleaseRow<'_>> {
    let mut out = Vec::new();
    for row in rows {
        for (i, release) in row.releases.iter().enumerate() {
            let release_index = i32::try_from(i + 1).unwrap_or(i32::MAX);
            let labels: Vec<Option<&str>> = if release.labels.is_empty() {
                vec![None]
            } else {
                release.labels.iter().map(|l| Some(l.as_str())).collect()
            };
            for label in labels {
                out.push(ReleaseRow {
                    row,
                    release_index,
                    label,
                    year: release.year,
                    edition: release.edition.as_deref(),
                });
            }
        }
    }
    out
}

/// The long table as one Arrow record batch under [`releases_arrow_schema`].
pub fn record_batch(rows: &[Row]) -> Result<RecordBatch> {
    let long = release_rows(rows);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            long.iter().map(|r| r.row.id.as_str()),
        )),
        Arc::new(Int32Array::from_iter_values(
            long.iter().map(|r| r.row.part),
        )),
        Arc::new(Int32Array::from_iter_values(
            long.iter().map(|r| r.row.position),
        )),
        Arc::new(StringArray::from_iter(
            long.iter().map(|r| r.row.composer.as_deref()),
        )),
        Arc::new(StringArray::from_iter_values(
            long.iter().map(|r| r.row.title.as_str()),
        )),
        Arc::new(StringArray::from_iter(long.iter().map(|r| r.label))),
        Arc::new(Int16Array::from_iter(long.iter().map(|r| r.year))),
        Arc::new(StringArray::from_iter(long.iter().map(|r| r.edition))),
        Arc::new(Int32Array::from_iter_values(
            long.iter().map(|r| r.release_index),
        )),
    ];
    RecordBatch::try_new(releases_arrow_schema(), columns).map_err(|e| encode_err(NAME, e))
}

pub fn releases_parquet(dataset: &Dataset) -> Result<Vec<u8>> {
    let batch = record_batch(&dataset.rows)?;
    let props = writer_properties(dataset, DICTIONARY, NAME)?;
    encode(&batch, props, NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{self, release};
    use crate::model::Release;

    fn row(id: &str, releases: Vec<Release>) -> Row {
        Row {
            releases,
            ..testing::row(id)
        }
    }

    #[test]
    fn one_row_per_release_and_label() {
        let rows = vec![
            row(
                "koyaanisqatsi",
                vec![
                    release(&["Island Records"], Some(1983), None),
                    release(&["Orange Mountain Music"], Some(2009), Some("Full version")),
                ],
            ),
            row(
                "miners",
                vec![release(&["130701", "12 Tónar"], Some(2011), None)],
            ),
            row("no-label", vec![release(&[], Some(1999), None)]),
            row("no-release", vec![]),
        ];
        let long: Vec<_> = release_rows(&rows)
            .iter()
            .map(|r| {
                (
                    r.row.id.as_str(),
                    r.release_index,
                    r.label,
                    r.year,
                    r.edition,
                )
            })
            .collect();
        assert_eq!(
            long,
            vec![
                ("koyaanisqatsi", 1, Some("Island Records"), Some(1983), None),
                (
                    "koyaanisqatsi",
                    2,
                    Some("Orange Mountain Music"),
                    Some(2009),
                    Some("Full version")
                ),
                ("miners", 1, Some("130701"), Some(2011), None),
                ("miners", 1, Some("12 Tónar"), Some(2011), None),
                ("no-label", 1, None, Some(1999), None),
            ]
        );
    }

    #[test]
    fn batch_matches_schema() {
        let rows = vec![row("a", vec![release(&["X", "Y"], Some(2000), None)])];
        let batch = record_batch(&rows).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema(), releases_arrow_schema());
    }
}

#[cfg(test)]
mod file_tests {
    #[test]
    fn label_alone_is_dictionary_encoded() {
        use crate::write::parquet::tests::{dataset, inspect};
        let bytes = super::releases_parquet(&dataset()).unwrap();
        let (dictionary, keys, row_groups) = inspect(&bytes);
        assert_eq!(dictionary, ["label"]);
        assert_eq!(row_groups, 1);
        assert!(keys.iter().any(|k| k == "soundtracks.sources"), "{keys:?}");
    }
}
