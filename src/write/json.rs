//! JSON output (`soundtracks.json`): a JSON array of a table's records, keys in column order
//! (serde's field order, which `schema`'s tests hold equal to the columns). Also the pretty
//! encoding every JSON file here shares (the descriptor and the manifest).

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};

/// Pretty JSON (two-space indent) with a trailing newline: stable bytes, readable diffs.
/// `name` is the file's, for errors.
pub(crate) fn records_json<R: Serialize>(records: &[R], name: &str) -> Result<Vec<u8>> {
    to_pretty(records, name)
}

pub(crate) fn to_pretty<T: Serialize + ?Sized>(value: &T, name: &str) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
