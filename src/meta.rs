//! The `<slug>.meta.json` sidecar saved beside every fetched, reconstructed or hand-saved
//! page: the HTTP facts about the response. Written by the fetcher and `add`, read by
//! `build`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SidecarError;

/// HTTP metadata of one saved page. Field order is the on-disk key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureMeta {
    /// The URL that was requested.
    pub url: String,
    /// The URL after redirects.
    #[serde(default)]
    pub final_url: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    /// RFC 3339 time of the fetch; never read from the clock by `build`.
    #[serde(default)]
    pub fetched_at: Option<String>,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub charset: Option<String>,
    /// Hex SHA-256 of the saved HTML bytes.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub bytes: Option<u64>,
    /// Free text, e.g. that a fixture was reconstructed rather than fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// RFC 3339 time a page was saved from a browser (`soundtracks add`); absent for pages
    /// this tool fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
}

impl FixtureMeta {
    /// The sidecar path for a page: `x.html` → `x.meta.json`.
    pub fn path_for(html: &Path) -> PathBuf {
        html.with_extension("meta.json")
    }

    /// Reads the sidecar at `path`: the one reader of sidecars.
    pub fn read(path: &Path) -> Result<Self, SidecarError> {
        let bytes = std::fs::read(path).map_err(|source| SidecarError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_slice(&bytes).map_err(|source| SidecarError::Invalid {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The sidecar beside page `html`, if it has one.
    pub(crate) fn read_beside(html: &Path) -> Result<Option<Self>, SidecarError> {
        let path = Self::path_for(html);
        match Self::read(&path) {
            Ok(meta) => Ok(Some(meta)),
            Err(SidecarError::Read { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    #[cfg(feature = "net")]
    /// The sidecar's bytes: pretty JSON with a final newline (the one writer's format).
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
