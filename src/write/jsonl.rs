//! `soundtracks.jsonl`: JSON Lines — one compact row object per line, keys in column order,
//! the same keys and values as `soundtracks.json`.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Row;

/// One `serde_json` object per row, each ending in `\n` (no blank line at the end).
pub fn rows_jsonl(rows: &[Row]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for row in rows {
        serde_json::to_writer(&mut out, row).map_err(|e| Error::Encode {
            path: PathBuf::from("soundtracks.jsonl"),
            reason: format!("row {}: {e}", row.id),
        })?;
        out.push(b'\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{release, row};
    use crate::model::Section;

    #[test]
    fn one_object_per_line_equal_to_the_row() {
        let row = Row {
            position: 2,
            section: Section::HonourableMention,
            heading: "A ~ B\n(C, 1999)".into(),
            composer: Some("A".into()),
            composers: vec!["A".into()],
            title: "B".into(),
            film_title: "B".into(),
            release_year: Some(1999),
            labels: vec!["C".into()],
            releases: vec![release(&["C"], Some(1999), None)],
            reviewer: None,
            review: "para one\n\npara two".into(),
            ..row("a")
        };
        let bytes = rows_jsonl(&[row.clone(), row.clone()]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.split_terminator('\n').collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            let back: Row = serde_json::from_str(line).unwrap();
            assert_eq!(back, row);
        }
    }
}
