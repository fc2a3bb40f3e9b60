//! What the two APIs share on the wire: their error bodies and the query strings the
//! request builders write (issue 21; filled on the readers branch).

use thiserror::Error;

/// An API's own error, read from its body (Wikidata's `{"error":{"code","info"}}`, sent with
/// HTTP 200 for `maxlag`; MusicBrainz's `{"error": "…"}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub info: String,
    /// Seconds of replication lag, for Wikidata's `maxlag` error.
    pub lag: Option<f64>,
}

impl ApiError {
    pub fn is_maxlag(&self) -> bool {
        self.code == "maxlag"
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.info)
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReadError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("not the documented shape: {0}")]
    Shape(String),
    #[error("the API answered with an error: {0}")]
    Api(ApiError),
}

/// `k=v&k=v`, each part percent-encoded, in the order given (so a request's text, and its
/// cache key, is stable).
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let _ = pairs;
    String::new()
}
