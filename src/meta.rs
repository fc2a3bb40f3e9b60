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
    /// Where the bytes came from; absent from sidecars written before the archive route.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Where a saved page's bytes came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSource {
    /// Fetched from the site itself.
    Live,
    /// Played back from the Internet Archive's Wayback Machine.
    Wayback,
    /// Saved by a person from a browser (`soundtracks add`).
    Saved,
    /// Rebuilt from the article's text, not fetched (the bundled Part One:
    /// `fixtures/tools/reconstruct_part_one.py`).
    Reconstructed,
}

impl PageSource {
    /// How the sidecar, the manifest and the report name it.
    pub fn name(self) -> &'static str {
        match self {
            PageSource::Live => "live",
            PageSource::Wayback => "wayback",
            PageSource::Saved => "saved",
            PageSource::Reconstructed => "reconstructed",
        }
    }
}

/// The provenance keys of a sidecar: the source, and for a Wayback capture what the
/// archive said of it. Every key is left out when unknown, so sidecars written before
/// these keys existed read and write back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PageSource>,
    /// The raw playback URL the bytes came from (`…/web/<ts>id_/<url>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memento_url: Option<String>,
    /// `Memento-Datetime` as the archive sent it (RFC 1123).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memento_datetime: Option<String>,
    /// The same instant as RFC 3339: when the page was captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// The URL as captured (`Link: <…>; rel="original"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    /// The CDX `digest` of the capture (base32 SHA-1 of the payload as captured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdx_digest: Option<String>,
    /// `X-Archive-Src`: the WARC file holding the capture (its prefix says who captured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_src: Option<String>,
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
