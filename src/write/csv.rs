//! `soundtracks.csv`: the rows flattened for spreadsheets. RFC 4180 as the `csv` crate writes
//! it (comma-separated, CRLF record ends, fields quoted only when they hold a comma, quote or
//! line break, quotes doubled; line breaks inside a quoted field are kept as they are), UTF-8
//! without a BOM, a header row of the column names in [`COLUMNS`] order.
//!
//! Flattening: list columns are joined with `; `; each release is written as
//! `Label / Label, Year (edition)` (year and edition left out when null) and releases are
//! joined with `; `; nulls and empty lists are empty fields.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::{Release, Row};
use crate::schema::COLUMNS;

const NAME: &str = "soundtracks.csv";

/// The separator between list items in a cell.
pub const LIST_SEPARATOR: &str = "; ";

fn encode_err(e: impl std::fmt::Display) -> Error {
    Error::Encode {
        path: PathBuf::from(NAME),
        reason: e.to_string(),
    }
}

/// One release as `Label / Label, Year (edition)`.
pub fn release_cell(release: &Release) -> String {
    let mut out = release.labels.join(" / ");
    if let Some(year) = release.year {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&year.to_string());
    }
    if let Some(edition) = &release.edition {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("({edition})"));
    }
    out
}

/// The cell of `row` under `column`, flattened to text.
fn cell(row: &Row, column: &str) -> Result<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let year = |v: Option<i16>| v.map(|y| y.to_string()).unwrap_or_default();
    Ok(match column {
        "id" => row.id.clone(),
        "part" => row.part.to_string(),
        "position" => row.position.to_string(),
        "section" => row.section.as_str().to_string(),
        "heading" => row.heading.clone(),
        "composer" => opt(&row.composer),
        "composers" => row.composers.join(LIST_SEPARATOR),
        "title" => row.title.clone(),
        "alt_title" => opt(&row.alt_title),
        "film_title" => row.film_title.clone(),
        "film_year" => year(row.film_year),
        "release_year" => year(row.release_year),
        "labels" => row.labels.join(LIST_SEPARATOR),
        "releases" => row
            .releases
            .iter()
            .map(release_cell)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        "reviewer" => opt(&row.reviewer),
        "review" => row.review.clone(),
        "source_url" => row.source_url.clone(),
        other => {
            return Err(encode_err(format!(
                "column `{other}` of src/schema.rs has no CSV flattening in src/write/csv.rs"
            )))
        }
    })
}

/// The dialect, as the writer below is configured and as `datapackage.json` declares it.
pub(crate) const DELIMITER: char = ',';
pub(crate) const QUOTE: char = '"';
pub(crate) const LINE_TERMINATOR: &str = "\r\n";

/// The header and one record per row, written by the `csv` crate: fields quoted only when
/// they hold the delimiter, a quote or a line break, quotes doubled, CRLF after every record.
pub fn rows_csv(rows: &[Row]) -> Result<Vec<u8>> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(DELIMITER as u8)
        .quote(QUOTE as u8)
        .double_quote(true)
        .quote_style(::csv::QuoteStyle::Necessary)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(COLUMNS.iter().map(|c| c.name))
        .map_err(encode_err)?;
    for row in rows {
        let record = COLUMNS
            .iter()
            .map(|c| cell(row, c.name))
            .collect::<Result<Vec<_>>>()?;
        writer.write_record(&record).map_err(encode_err)?;
    }
    writer.into_inner().map_err(encode_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{release, row};

    #[test]
    fn release_cells() {
        let cases = [
            (
                release(&["Island Records"], Some(1983), None),
                "Island Records, 1983",
            ),
            (
                release(&["Orange Mountain Music"], Some(2009), Some("Full version")),
                "Orange Mountain Music, 2009 (Full version)",
            ),
            (
                release(&["Nonesuch", "Warners"], Some(2002), None),
                "Nonesuch / Warners, 2002",
            ),
            (release(&["Label"], None, None), "Label"),
            (release(&[], Some(1999), None), "1999"),
            (release(&[], None, Some("Deluxe")), "(Deluxe)"),
        ];
        for (r, want) in cases {
            assert_eq!(release_cell(&r), want);
        }
    }

    #[test]
    fn rfc4180_quoting_nulls_and_lists() {
        let row = Row {
            position: 2,
            heading: "A ~ \"B\", C (L, 1999)".into(),
            composer: None,
            composers: vec!["X".into(), "Y".into()],
            title: "B".into(),
            film_title: "B".into(),
            release_year: Some(1999),
            labels: vec!["L".into(), "M".into()],
            releases: vec![
                release(&["L"], Some(1999), None),
                release(&["M"], Some(2001), Some("Full")),
            ],
            reviewer: None,
            review: "one\n\ntwo".into(),
            ..row("a")
        };
        let text = String::from_utf8(rows_csv(&[row]).unwrap()).unwrap();
        let header = COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
        assert_eq!(
            text,
            format!(
                "{header}\r\na,1,2,main,\"A ~ \"\"B\"\", C (L, 1999)\",,X; Y,B,,B,,1999,L; M,\
                 \"L, 1999; M, 2001 (Full)\",,\"one\n\ntwo\",https://example.org/\r\n"
            )
        );
    }

    /// What the committed `soundtracks.csv` depends on: quotes only around a comma, a quote or
    /// a line break (a lone CR too); leading spaces, `#` and empty fields stay bare.
    #[test]
    fn quoted_only_when_necessary() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("a\rb", "\"a\rb\""),
            ("a\nb", "\"a\nb\""),
            (" lead", " lead"),
            ("#x", "#x"),
            ("", ""),
        ];
        for (heading, want) in cases {
            let row = Row {
                heading: heading.into(),
                ..row("a")
            };
            let text = String::from_utf8(rows_csv(&[row]).unwrap()).unwrap();
            let record = text.split_once(LINE_TERMINATOR).unwrap().1;
            let rest = record.strip_prefix("a,1,1,main,").unwrap();
            assert!(
                rest.starts_with(&format!("{want},C,")),
                "{heading:?}: {record:?}"
            );
        }
    }
}
