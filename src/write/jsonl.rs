//! JSON Lines output (`soundtracks.jsonl`): one compact object per record and line, keys in
//! column order, the same keys and values as the JSON array.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};

/// One `serde_json` object per record, each ending in `\n` (no blank line at the end). `name`
/// is the file's, for errors, which give the line.
pub(crate) fn records_jsonl<R: Serialize>(records: &[R], name: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (i, record) in records.iter().enumerate() {
        serde_json::to_writer(&mut out, record).map_err(|e| Error::Encode {
            path: PathBuf::from(name),
            reason: format!("line {}: {e}", i + 1),
        })?;
        out.push(b'\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{release, row};
    use crate::model::{Row, Section};
    use crate::schema::SOUNDTRACKS_JSONL;

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
        let bytes = records_jsonl(&[row.clone(), row.clone()], SOUNDTRACKS_JSONL).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.split_terminator('\n').collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            let back: Row = serde_json::from_str(line).unwrap();
            assert_eq!(back, row);
        }
    }
}
