//! The errors of the enrichment stage: the cache on disk, a request to Wikidata or
//! MusicBrainz, and a response that cannot be read. Each carries the file or URL it is
//! about and says what to do next; `crate::Error::Enrich` wraps them.

use std::path::PathBuf;

use thiserror::Error;

use super::wire::ReadError;

#[derive(Debug, Error)]
pub enum EnrichError {
    /// A cache file (decision, response, overrides) that cannot be read, parsed or written.
    #[error("{path}: {problem}")]
    Cache { path: PathBuf, problem: String },
    /// A request that failed after its retries, or was refused.
    #[error("{url}: {problem}")]
    Request { url: String, problem: String },
    /// A response that is not what the API documents.
    #[error("{url}: cannot read the response: {source}; nothing was recorded for it, run again later or report it")]
    Response {
        url: String,
        #[source]
        source: ReadError,
    },
    /// The per-run request cap was reached; the remaining rows stay undecided.
    #[error(
        "stopped after {cap} requests (the per-run cap); run `soundtracks enrich` again to go on"
    )]
    Cap { cap: usize },
}
