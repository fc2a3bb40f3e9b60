//! JSON output (`soundtracks.json`): a JSON array of a table's records, keys in column order
//! (serde's field order, which `schema`'s tests hold equal to the columns). Also the pretty
//! encoding every JSON file here shares (the descriptor and the manifest).

use std::path::PathBuf;

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use super::Sink;
use crate::error::{Error, Result};

fn encode_err(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    }
}

/// The records of `blocks`, in order, as one array, encoded as [`to_pretty`] encodes a
/// slice of them. `name` is the file's, for errors.
pub(crate) fn records_json<R: Serialize, B: AsRef<[R]>>(
    blocks: impl IntoIterator<Item = B>,
    name: &str,
    out: Sink<'_>,
) -> Result<()> {
    // `to_writer_pretty`'s serializer, fed one element at a time: a slice would need every
    // block at once.
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    let mut array = serializer
        .serialize_seq(None)
        .map_err(|e| encode_err(name, e))?;
    for block in blocks {
        for record in block.as_ref() {
            array
                .serialize_element(record)
                .map_err(|e| encode_err(name, e))?;
        }
    }
    array.end().map_err(|e| encode_err(name, e))?;
    out.write_all(b"\n").map_err(|e| encode_err(name, e))
}

/// Pretty JSON (two-space indent) with a trailing newline: stable bytes, readable diffs.
/// `name` is the file's, for errors.
pub(crate) fn to_pretty<T: Serialize + ?Sized>(value: &T, name: &str, out: Sink<'_>) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| encode_err(name, e))?;
    out.write_all(b"\n").map_err(|e| encode_err(name, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::row;
    use crate::model::Row;

    /// Blocks of any size give the bytes `to_pretty` gives for all the records at once,
    /// the empty array included.
    #[test]
    fn blocks_encode_as_one_array() {
        let rows: Vec<Row> = (0..5).map(|i| row(&format!("r{i}"))).collect();
        for n in 0..=rows.len() {
            let mut want = Vec::new();
            to_pretty(&rows[..n], "t.json", &mut want).unwrap();
            for size in 1..=3 {
                let mut got = Vec::new();
                records_json(rows[..n].chunks(size), "t.json", &mut got).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want.clone()).unwrap(),
                    "{n} rows in blocks of {size}"
                );
            }
        }
    }
}
