//! Why a fetch failed: one error type whose every variant names the URL (or the file) and
//! says what to do next.

use std::path::PathBuf;

use crate::parse::decode::InputProblem;

use super::config::AGENT_TOKEN;

/// Why a fetch failed. Every variant names the URL (or the file) and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid http(s) URL ({reason}); pass a full URL such as https://acloserlisten.com/…")]
    InvalidUrl { url: String, reason: String },

    #[error("cannot set up the HTTP client: {reason} (please report this as a bug)")]
    Client { reason: String },

    #[error("{url}: disallowed for `{AGENT_TOKEN}` by {robots}; not fetched. Save the page by hand if the site owner agrees")]
    Disallowed { url: String, robots: String },

    #[error("{url}: cannot read {robots} ({reason}); nothing is fetched from a host whose robots.txt does not answer: try again later")]
    RobotsUnavailable {
        url: String,
        robots: String,
        reason: String,
    },

    #[error(
        "{url}: {reason} (after {attempts} attempt(s)); check the network connection and try again"
    )]
    Network {
        url: String,
        attempts: u32,
        reason: String,
    },

    #[error("{url}: no complete response within {secs:.1} s (after {attempts} attempt(s)); the site may be slow: try again later or raise --timeout")]
    Timeout {
        url: String,
        attempts: u32,
        secs: f64,
    },

    #[error("{url}: HTTP {status}{}", status_advice(*status, *attempts))]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },

    #[error("{url}: HTTP {status} and the server asks to wait {wait_secs} s, more than the {cap_secs} s this tool waits; run again later")]
    RetryAfterTooLong {
        url: String,
        status: u16,
        wait_secs: u64,
        cap_secs: u64,
    },

    #[error("{url}: the response is over the {limit}-byte cap; if the page is genuine, raise --max-bytes")]
    TooLarge { url: String, limit: u64 },

    #[error("{url}: the response is `{content_type}`, not an HTML page; pass the article's URL")]
    NotHtml { url: String, content_type: String },

    #[error("{url}: {problem}")]
    BadPage { url: String, problem: InputProblem },

    #[error("{url}: redirects to {to}, which is {why}; not followed. If that page is the right one, pass its URL yourself")]
    Redirect {
        url: String,
        to: String,
        why: &'static str,
    },

    #[error("{url}: more than {max} redirects; not followed. Open the URL in a browser and pass the final URL")]
    TooManyRedirects { url: String, max: usize },

    #[error("{path}: cannot write or read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: invalid metadata sidecar: {source}; fix it or delete it with its .html and fetch the page again")]
    Meta {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    #[error("{url}: the site answered HTTP {status} with a browser check (a bot challenge) instead of the page, so nothing more is asked of this host in this run and nothing was written. Open the page in a browser, save it (\"Save page as…\"), then run `soundtracks add FILE --url {url}`")]
    Challenge { url: String, status: u16 },

    #[error("{first} (and {more} more failure(s), listed above)")]
    Several { first: Box<FetchError>, more: usize },
}

fn status_advice(status: u16, attempts: u32) -> String {
    match status {
        404 | 410 => "; the page is not there: check the URL".to_string(),
        401 | 403 => "; the site refuses the request: do not retry, check the URL".to_string(),
        429 => format!("; still rate-limited after {attempts} attempt(s): wait and run again later, or raise --delay"),
        s if s >= 500 => format!("; the server failed {attempts} time(s): try again later"),
        _ => "; check the URL".to_string(),
    }
}

impl FetchError {
    /// The URL the error is about, when it is about one.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::Disallowed { url, .. }
            | FetchError::RobotsUnavailable { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::RetryAfterTooLong { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::NotHtml { url, .. }
            | FetchError::BadPage { url, .. }
            | FetchError::Redirect { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Challenge { url, .. } => Some(url),
            FetchError::Several { first, .. } => first.url(),
            FetchError::Client { .. } | FetchError::Io { .. } | FetchError::Meta { .. } => None,
        }
    }

    /// Whether the site answered with a browser check (here or in the first of several).
    pub fn is_challenge(&self) -> bool {
        match self {
            FetchError::Challenge { .. } => true,
            FetchError::Several { first, .. } => first.is_challenge(),
            _ => false,
        }
    }

    /// One error for a list of failures: the first, counting the rest. A challenge comes
    /// first: it is the one failure that says what to do about all of them.
    pub fn combine(mut errors: Vec<FetchError>) -> Option<FetchError> {
        if let Some(at) = errors.iter().position(FetchError::is_challenge) {
            let challenge = errors.remove(at);
            errors.insert(0, challenge);
        }
        if errors.is_empty() {
            return None;
        }
        let first = errors.remove(0);
        Some(if errors.is_empty() {
            first
        } else {
            FetchError::Several {
                first: Box::new(first),
                more: errors.len(),
            }
        })
    }
}

/// An error with its causes: `error sending request: connection refused`.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
