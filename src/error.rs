//! The error types, at the bottom of the house: every other module imports them, they
//! import nothing above them. Every variant names the file, URL or entry it is about, and
//! its message says what to do next. [`Error`] is what the library returns; [`FetchError`]
//! a network failure, [`InputProblem`] a page that cannot be read as HTML, [`PageError`]
//! one that is not an article, [`SidecarError`] a `meta.json` that cannot be read,
//! [`Refusal`] why `add` refused a file ([`SavedProblem`]: a saved file that could not be
//! unwrapped), [`HeadingProblem`] why a heading did not parse fully.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: no such file or directory; pass saved .html pages or folders of them (default: fixtures/)")]
    NotFound { path: PathBuf },

    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: no .html files found; pass saved pages or a folder holding them")]
    NoInputs { path: PathBuf },

    #[error("{path}: {problem}")]
    Input {
        path: PathBuf,
        problem: InputProblem,
    },

    #[error(transparent)]
    Sidecar(#[from] SidecarError),

    #[error("{path}: {source}")]
    Page {
        path: PathBuf,
        #[source]
        source: PageError,
    },

    #[error("{first} and {second} are both Part {part} ({url}); keep one of them")]
    DuplicatePart {
        part: i32,
        url: String,
        first: String,
        second: String,
    },

    #[error("cannot write {path}: {source}; the previous output is unchanged")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: cannot read or write it on this disk: {source}; check the folder exists, is writable and has room, then run again (nothing else was changed)")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: no `<!-- BEGIN AT A GLANCE -->` … `<!-- END AT A GLANCE -->` block to write the list at a glance into; add the two marker lines where it belongs (nothing was written)")]
    NoGlanceBlock { path: PathBuf },

    #[error("cannot encode {path}: {reason}; the previous output is unchanged (please report this as a bug)")]
    Encode { path: PathBuf, reason: String },

    #[error(
        "{count} heading(s) did not parse fully and --strict is set; see the problems listed above"
    )]
    Strict { count: usize },

    #[error("{path}: not the article at {url}: {reason}; nothing was written. Save that article's own page from the browser (once any browser check has passed) and run `add` again")]
    NotTheArticle {
        path: PathBuf,
        url: String,
        reason: Refusal,
    },

    #[cfg(feature = "net")]
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Enrich(#[from] crate::enrich::error::EnrichError),
}

/// Why `add` refused a file as the article it was given for.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[cfg(feature = "net")]
    #[error("it is {kind}, not the article. {}", kind.advice())]
    Challenge {
        kind: crate::fetch::challenge::ChallengeKind,
    },
    #[error("it is another page: its canonical URL is {found}")]
    OtherArticle { found: String },
    #[error("it names no canonical URL or og:url to check it against")]
    NoUrl,
    #[error("it names no canonical URL or og:url, and the file says it was saved from another page, {found}")]
    SavedFrom { found: String },
    #[error("it names no part of the feature in its title {title:?} or its URL")]
    NoPart { title: String },
    #[error("{0}")]
    Page(PageError),
    #[error("{0}")]
    Saved(SavedProblem),
}

/// Why a file saved by a browser could not be unwrapped into its page (`saved`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedProblem {
    #[error("it starts like an MHTML file (\"Webpage, Single File\") but cannot be read as one ({reason}); save the page again")]
    Mhtml { reason: String },
    #[error("it is an MHTML file with no HTML page among its {parts} part(s); save the article's page again")]
    NoHtmlPart { parts: usize },
}

/// A `meta.json` sidecar that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: invalid metadata sidecar: {source}; fix it or delete it with its .html and fetch the page again")]
    Invalid {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

/// Why a file's bytes are not a usable HTML page. Messages say what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputProblem {
    #[error("the file is empty; fetch the page again with `soundtracks fetch URL`")]
    Empty,
    #[error("the file is binary, not HTML (NUL byte at offset {offset}); pass a saved .html page")]
    Binary { offset: usize },
    #[error("the file is not HTML (no <html> or <body> tag found); pass a saved .html page")]
    NotHtml,
    #[error(
        "the page ends before </html>: it looks truncated; fetch it again with `soundtracks fetch URL`"
    )]
    Truncated,
    #[error("the page declares charset {label:?}, which is not a known encoding; fix the <meta charset> or the metadata")]
    UnknownCharset { label: String },
    #[error("the page is declared {encoding} but byte {offset} is not valid {encoding}; fix the declared charset or re-save the page")]
    Malformed {
        encoding: &'static str,
        offset: usize,
    },
    #[error("elements are nested {depth} deep (the limit is {limit}); no article page is, so this is not one — check the file")]
    TooDeep { depth: usize, limit: usize },
    #[error("the file is {size} bytes, over the {limit}-byte input limit; raise it with --max-input-bytes if the page is genuine")]
    TooLarge { size: u64, limit: u64 },
}

/// Why a page yields no dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("no article body found (looked for WordPress's .entry-content, .wp-block-post-content, itemprop=articleBody and <article>); is this a saved article page?")]
    NoArticleBody,
    #[error("no list entries found in the article body (no line reads `Composer ~ Title (Label, Year)`); is this the right page?")]
    NoEntries,
    #[error("cannot tell which part of the feature this is from its title {title:?} or its URL; the title must name \"Part One\", \"Part 2\", …")]
    NoPart { title: String },
    #[error("the page has no <link rel=\"canonical\">, no og:url and no metadata sidecar with its url; save it with `soundtracks fetch URL`")]
    NoUrl,
}

#[cfg(feature = "net")]
/// Why a fetch failed. Every variant names the URL (or the file) and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid http(s) URL ({reason}); pass a full URL such as https://acloserlisten.com/…")]
    InvalidUrl { url: String, reason: String },

    #[error("cannot set up the HTTP client: {reason} (please report this as a bug)")]
    Client { reason: String },

    #[error("{url}: disallowed for this tool (`soundtracks`) by {robots}; not fetched. Save the page by hand if the site owner agrees")]
    Disallowed { url: String, robots: String },

    #[error("{url}: cannot read {robots} ({}); nothing is fetched from a host whose robots.txt does not answer: try again later", cause_without(robots, source.as_ref()))]
    RobotsUnavailable {
        url: String,
        robots: String,
        /// Why robots.txt could not be read, as the fetch of robots.txt itself failed. Shared:
        /// a host's robots.txt is read once and every page on it reports the same cause.
        #[source]
        source: std::sync::Arc<FetchError>,
    },

    #[error(
        "{url}: {} (after {attempts} attempt(s)); check the network connection and try again",
        error_chain(source)
    )]
    Network {
        url: String,
        attempts: u32,
        /// The client's error, with its own causes (connection refused, DNS, TLS …).
        #[source]
        source: reqwest::Error,
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

    #[error(transparent)]
    Sidecar(#[from] SidecarError),

    #[error("{url}: the site answered HTTP {status} with {kind} instead of the page, so nothing more is asked of this host in this run and nothing was written. {}, then run `soundtracks add FILE --url {url}`", kind.advice())]
    Challenge {
        url: String,
        status: u16,
        kind: crate::fetch::challenge::ChallengeKind,
    },

    #[error("{url}: no usable copy: live site: {}; Wayback Machine: {archive}; nothing was written. Open {calendar} in a browser to look for a capture, or open the page itself; save it (\"Save page as…\"), then run `soundtracks add FILE --url {url}`", live_text(live.as_deref()))]
    NotArchived {
        url: String,
        /// Why the live site gave nothing; `None` when it was not asked (`--archive only`).
        live: Option<Box<FetchError>>,
        archive: ArchiveMiss,
        /// The Wayback calendar of the page, for a person: `{base}/web/*/{url}`.
        calendar: String,
    },

    #[error("{first} (and {} more failure(s): {})", rest.len(), list(rest))]
    Several {
        first: Box<FetchError>,
        rest: Vec<FetchError>,
    },
}

#[cfg(feature = "net")]
/// Why the archive route gave no page, as the exit-4 message words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveMiss {
    #[error("no capture of the page")]
    NoCapture,
    #[error("only captures of the browser check ({tried} tried), none of the article")]
    OnlyChallenges { tried: usize },
    #[error("rate-limited (HTTP 429 from {url}); not asked again in this run, as the archive asks: wait an hour before the next run")]
    RateLimited { url: String },
    #[error("unreachable ({reason})")]
    Unreachable { reason: String },
    #[error("{reason}")]
    Failed { reason: String },
    #[error("the limit of {max} {what} request(s) per run was reached")]
    Budget { what: &'static str, max: usize },
}

#[cfg(feature = "net")]
/// The live half of [`FetchError::NotArchived`]'s message.
fn live_text(live: Option<&FetchError>) -> String {
    match live {
        None => "not asked (--archive only)".to_string(),
        Some(FetchError::Challenge { status, .. }) => {
            format!("a browser check (bot challenge, HTTP {status})")
        }
        Some(e) => e.to_string(),
    }
}

#[cfg(feature = "net")]
fn status_advice(status: u16, attempts: u32) -> String {
    match status {
        404 | 410 => "; the page is not there: check the URL".to_string(),
        401 | 403 => "; the site refuses the request: do not retry, check the URL".to_string(),
        429 => format!("; still rate-limited after {attempts} attempt(s): wait and run again later, or raise --delay"),
        s if s >= 500 => format!("; the server failed {attempts} time(s): try again later"),
        _ => "; check the URL".to_string(),
    }
}

#[cfg(feature = "net")]
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
            | FetchError::Challenge { url, .. }
            | FetchError::NotArchived { url, .. } => Some(url),
            FetchError::Several { first, .. } => first.url(),
            FetchError::Client { .. } | FetchError::Sidecar(_) => None,
        }
    }

    /// Whether the site answered with a browser check (here or in the first of several).
    pub fn is_challenge(&self) -> bool {
        match self {
            FetchError::Challenge { .. } => true,
            // Exit 4 as before the archive route: a person has to bring the page in.
            FetchError::NotArchived { live, .. } => live.as_ref().is_none_or(|l| l.is_challenge()),
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
                rest: errors,
            }
        })
    }
}

#[cfg(feature = "net")]
/// Errors listed in one line: `a; b; c`.
fn list(errors: &[FetchError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(feature = "net")]
/// `source`'s message and causes without the leading `url: ` it starts with, for a message
/// that has named `url` already: a URL is said once.
fn cause_without(url: &str, source: &dyn std::error::Error) -> String {
    let text = error_chain(source);
    match text.strip_prefix(url).and_then(|t| t.strip_prefix(": ")) {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(feature = "net")]
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

/// Why a heading did not parse fully.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadingProblem {
    #[error("the heading is empty")]
    Empty,
    #[error("no `(Label, Year)` release details at the end of the heading")]
    NoReleaseDetails,
    #[error("unbalanced brackets in the heading")]
    Unbalanced,
    #[error("nothing before ` ~ `: the composer credit is empty")]
    EmptyComposer,
    #[error("no title")]
    EmptyTitle,
    #[error("release details `{0}` give no year")]
    NoYear(String),
    #[error("release details `{0}` name no label")]
    NoLabel(String),
}
