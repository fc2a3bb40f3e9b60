//! The library's error type. Every variant names the file, URL or entry it is about, and
//! its message says what to do next.

use std::path::PathBuf;

use crate::parse::decode::InputProblem;

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

    #[error(
        "{path}: invalid metadata sidecar: {source}; fix it or delete it and fetch the page again"
    )]
    Meta {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    #[error("{path}: {source}")]
    Page {
        path: PathBuf,
        #[source]
        source: crate::parse::page::PageError,
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

    #[error(transparent)]
    Fetch(#[from] crate::fetch::FetchError),
}

/// Why `add` refused a file as the article it was given for.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("it is the site's browser check page (\"Just a moment...\"), not the article")]
    Challenge,
    #[error("it is another page: its canonical URL is {found}")]
    OtherArticle { found: String },
    #[error("it names no canonical URL or og:url to check it against")]
    NoUrl,
    #[error("it names no part of the feature in its title {title:?}")]
    NoPart { title: String },
    #[error("{0}")]
    Page(crate::parse::page::PageError),
}
