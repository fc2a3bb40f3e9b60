//! CSV output (`soundtracks.csv`): a table's records flattened for spreadsheets, one field
//! per column in schema order under a header row of the column names. RFC 4180 as the `csv`
//! crate writes it (comma-separated, CRLF record ends, fields quoted only when they hold a
//! comma, quote or line break, quotes doubled; line breaks inside a quoted field are kept as
//! they are), UTF-8 without a BOM.
//!
//! Flattening, by column type: list columns are joined with `; `; each release is written as
//! `Label / Label, Year (edition)` (year and edition left out when null) and releases are
//! joined with `; `; nulls and empty lists are empty fields.

use std::borrow::Cow;
use std::path::PathBuf;

use arrow_schema::DataType;

use super::Sink;
use crate::error::{Error, Result};
use crate::model::Release;
use crate::schema::{Column, Get};

/// The separator between list items in a cell.
pub(crate) const LIST_SEPARATOR: &str = "; ";

/// The dialect, as the writer below is configured and as `datapackage.json` declares it.
pub(crate) const DELIMITER: char = ',';
pub(crate) const QUOTE: char = '"';
pub(crate) const LINE_TERMINATOR: &str = "\r\n";

/// One release as `Label / Label, Year (edition)`.
pub(crate) fn release_cell(release: &Release) -> String {
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

/// What a column of this type holds in CSV where that differs from its description (a list
/// flattened to text); `None` for the columns written as they are.
pub(crate) fn flattening(data_type: &DataType) -> Option<String> {
    match data_type {
        DataType::List(item) if matches!(item.data_type(), DataType::Struct(_)) => Some(format!(
            "In CSV: each release as `Label / Label, Year (edition)`, joined with `{LIST_SEPARATOR}`."
        )),
        DataType::List(_) => Some(format!("In CSV: joined with `{LIST_SEPARATOR}`.")),
        _ => None,
    }
}

/// One column's value of `record`, flattened to text; text columns are borrowed, not
/// copied.
fn cell<'r, R>(record: &'r R, get: &Get<R>) -> Cow<'r, [u8]> {
    let owned = |s: String| Cow::Owned(s.into_bytes());
    match *get {
        Get::Str(f) => Cow::Borrowed(f(record).as_bytes()),
        Get::OptStr(f) => Cow::Borrowed(f(record).unwrap_or_default().as_bytes()),
        Get::Int32(f) => owned(f(record).to_string()),
        Get::OptInt32(f) => owned(f(record).map(|n| n.to_string()).unwrap_or_default()),
        Get::Strings(f) => owned(f(record).join(LIST_SEPARATOR)),
        Get::Releases(f) => owned(
            f(record)
                .iter()
                .map(release_cell)
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
        ),
    }
}

/// The header and one record per record of `blocks`, written by the `csv` crate: fields
/// quoted only when they hold the delimiter, a quote or a line break, quotes doubled, CRLF
/// after every record. `name` is the file's, for errors.
pub(crate) fn records_csv<R, B: AsRef<[R]>>(
    blocks: impl IntoIterator<Item = B>,
    columns: &[Column<R>],
    name: &str,
    out: Sink<'_>,
) -> Result<()> {
    let encode_err = |e: &dyn std::fmt::Display| Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    };
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(DELIMITER as u8)
        .quote(QUOTE as u8)
        .double_quote(true)
        .quote_style(::csv::QuoteStyle::Necessary)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer
        .write_record(columns.iter().map(|c| c.name))
        .map_err(|e| encode_err(&e))?;
    for block in blocks {
        for record in block.as_ref() {
            let fields = columns.iter().map(|c| cell(record, &c.get));
            writer.write_record(fields).map_err(|e| encode_err(&e))?;
        }
    }
    // Explicitly, because the writer's drop would flush its buffer too but drop the error.
    writer.flush().map_err(|e| encode_err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{release, row};
    use crate::model::Row;
    use crate::schema::{COLUMNS, SOUNDTRACKS_CSV};

    fn rows_csv(rows: &[Row]) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        records_csv([rows], &COLUMNS, SOUNDTRACKS_CSV, &mut bytes)?;
        Ok(bytes)
    }

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
            year: Some(1999),
            decade: Some(1990),
            labels: vec!["L".into(), "M".into()],
            releases: vec![
                release(&["L"], Some(1999), None),
                release(&["M"], Some(2001), Some("Full")),
            ],
            reviewer: None,
            review: "one\n\ntwo".into(),
            film_wikidata: Some("Q1".into()),
            ..row("a")
        };
        let text = String::from_utf8(rows_csv(&[row]).unwrap()).unwrap();
        let header = COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
        assert_eq!(
            text,
            format!(
                "{header}\r\na,1,2,main,\"A ~ \"\"B\"\", C (L, 1999)\",,X; Y,B,,B,,,1999,1999,release,1990,L; M,\
                 \"L, 1999; M, 2001 (Full)\",,\"one\n\ntwo\",https://example.org/,Q1,,\r\n"
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
