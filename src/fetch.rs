//! HTTP fetching: a polite async client that saves pages with their metadata as fixtures.
//! (Stub: being written.)

use std::path::PathBuf;

/// Why a fetch failed. Every variant names the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: {reason}")]
    Other { url: String, reason: String },
}

/// `soundtracks fetch URL… [--fixtures DIR]`
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Pages to fetch.
    #[arg(required = true)]
    pub urls: Vec<String>,
    /// Where pages are saved as `<slug>.html` + `<slug>.meta.json`.
    #[arg(long, default_value = "fixtures")]
    pub fixtures: PathBuf,
}

/// Runs `soundtracks fetch`.
pub fn run(_args: &FetchArgs) -> crate::Result<()> {
    Err(crate::Error::Fetch(FetchError::Other {
        url: String::new(),
        reason: "not implemented yet".into(),
    }))
}
