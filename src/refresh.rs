//! Refreshing the dataset: fetch known and newly discovered parts, rebuild, report changes.
//! (Stub: being written.)

use std::path::PathBuf;

/// `soundtracks refresh [--url URL] [--fixtures DIR] [--out DIR]`
#[derive(Debug, Clone, clap::Args)]
pub struct RefreshArgs {
    /// Part One's URL; other parts are discovered from it.
    #[arg(
        long,
        default_value = "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/"
    )]
    pub url: String,
    #[arg(long, default_value = "fixtures")]
    pub fixtures: PathBuf,
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
}

/// Runs `soundtracks refresh`.
pub fn run(_args: &RefreshArgs) -> crate::Result<()> {
    Err(crate::Error::Fetch(crate::fetch::FetchError::Other {
        url: String::new(),
        reason: "not implemented yet".into(),
    }))
}
