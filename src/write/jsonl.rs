//! JSON Lines output (`soundtracks.jsonl`): one compact object per record and line, keys in
//! column order, the same keys and values as the JSON array.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::Sink;
use crate::error::{Error, Result};

/// One `serde_json` object per record, each ending in `\n` (no blank line at the end). `name`
/// is the file's, for errors, which give the line.
pub(crate) fn records_jsonl<R: Serialize, B: AsRef<[R]>>(
    blocks: impl IntoIterator<Item = B>,
    name: &str,
    out: Sink<'_>,
) -> Result<()> {
    let mut line = 0;
    for block in blocks {
        for record in block.as_ref() {
            line += 1;
            write_line(record, line, name, &mut *out)?;
        }
    }
    Ok(())
}

fn write_line<R: Serialize>(
    record: &R,
    line: usize,
    name: &str,
    out: &mut (impl Write + ?Sized),
) -> Result<()> {
    let encode_err = |e: &dyn std::fmt::Display| Error::Encode {
        path: PathBuf::from(name),
        reason: format!("line {line}: {e}"),
    };
    serde_json::to_writer(&mut *out, record).map_err(|e| encode_err(&e))?;
    out.write_all(b"\n").map_err(|e| encode_err(&e))
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
        let mut bytes = Vec::new();
        let blocks = [vec![row.clone()], vec![], vec![row.clone()]];
        records_jsonl(&blocks, SOUNDTRACKS_JSONL, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.split_terminator('\n').collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            let back: Row = serde_json::from_str(line).unwrap();
            assert_eq!(back, row);
        }
    }
}
