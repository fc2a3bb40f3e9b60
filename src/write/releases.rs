//! The `release_labels` table: the long table analysts would otherwise build by hand, one
//! [`ReleaseRow`] per entry × release × label, unnested from the rows and keyed by
//! (`id`, `release_index`, `label_index`). Its columns are [`crate::schema::RELEASE_COLUMNS`];
//! it is written like any table (`release_labels.parquet`), made one block of rows at a time
//! as the writer asks for it.

use crate::model::ReleaseRow;
use crate::model::Row;

/// Unnests `releases` and then each release's `labels`, in row, release and label order. A
/// release that names no label still gets one row (with a null label), so none is lost.
pub(crate) fn release_rows(rows: &[Row]) -> Vec<ReleaseRow> {
    let mut out = Vec::new();
    for row in rows {
        for (i, release) in row.releases.iter().enumerate() {
            let labels: Vec<Option<&String>> = if release.labels.is_empty() {
                vec![None]
            } else {
                release.labels.iter().map(Some).collect()
            };
            for (j, label) in labels.into_iter().enumerate() {
                out.push(ReleaseRow {
                    id: row.id.clone(),
                    release_index: index(i),
                    label_index: index(j),
                    label: label.cloned(),
                    edition: release.edition.clone(),
                    released: release.year,
                });
            }
        }
    }
    out
}

/// A 0-based position as a 1-based `int32` index.
fn index(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{self, release};
    use crate::model::Release;
    use crate::schema::{RELEASE_COLUMNS, RELEASE_LABELS, RELEASE_LABELS_PARQUET};
    use crate::write::parquet::record_batch;

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
        let long = release_rows(&rows);
        let long: Vec<_> = long
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.release_index,
                    r.label_index,
                    r.label.as_deref(),
                    r.released,
                    r.edition.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            long,
            vec![
                (
                    "koyaanisqatsi",
                    1,
                    1,
                    Some("Island Records"),
                    Some(1983),
                    None
                ),
                (
                    "koyaanisqatsi",
                    2,
                    1,
                    Some("Orange Mountain Music"),
                    Some(2009),
                    Some("Full version")
                ),
                ("miners", 1, 1, Some("130701"), Some(2011), None),
                ("miners", 1, 2, Some("12 Tónar"), Some(2011), None),
                ("no-label", 1, 1, None, Some(1999), None),
            ]
        );
    }

    #[test]
    fn batch_matches_schema() {
        let rows = vec![row("a", vec![release(&["X", "Y"], Some(2000), None)])];
        let batch = record_batch(
            &release_rows(&rows),
            &RELEASE_COLUMNS,
            RELEASE_LABELS_PARQUET,
        )
        .unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema(), RELEASE_LABELS.arrow_schema());
    }
}

#[cfg(test)]
mod file_tests {
    #[test]
    fn label_alone_is_dictionary_encoded() {
        use crate::schema::RELEASE_COLUMNS;
        use crate::write::parquet::tests::{dataset, inspect, parquet_bytes};
        let dataset = dataset();
        let rows = super::release_rows(&dataset.rows);
        let bytes = parquet_bytes(&dataset, &rows, &RELEASE_COLUMNS);
        let (dictionary, keys, row_groups) = inspect(&bytes);
        assert_eq!(dictionary, ["label"]);
        assert_eq!(row_groups, 1);
        assert!(keys.iter().any(|k| k == "soundtracks.sources"), "{keys:?}");
    }
}
