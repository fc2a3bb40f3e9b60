//! `soundtracks.json`: a JSON array of row objects, keys in column order.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Row;

/// Pretty JSON (two-space indent) with a trailing newline: stable bytes, readable diffs.
pub fn rows_json(rows: &[Row]) -> Result<Vec<u8>> {
    to_pretty(rows, "soundtracks.json")
}

pub(crate) fn to_pretty<T: serde::Serialize + ?Sized>(value: &T, name: &str) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Encode {
        path: PathBuf::from(name),
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
