//! The archive route of a refresh: when it is taken (`--archive auto|never|only`), a page
//! taken from the Wayback Machine instead of the site, and what the run tells of it. The
//! archive client and its etiquette are [`crate::fetch::wayback`]'s; discovery through the
//! archive is [`super::sources`]'.

use std::str::FromStr;

use reqwest::Url;

use crate::error::ArchiveMiss;
use crate::fetch::pages::Head;
use crate::fetch::wayback::playback::{calendar_url, timestamp_of, Archived};
use crate::fetch::wayback::{Wayback, WaybackConfig};
use crate::fetch::{FetchError, Fetched, Outcome};
use crate::fixtures::Known;
use crate::meta::PageSource;

/// When the archive is asked for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArchiveMode {
    /// When the live fetch ends in a browser check, a 5xx after the retries, a timeout or a
    /// connection failure (never for a 404 or a page that is not the article).
    #[default]
    Auto,
    /// Never: the live site only.
    Never,
    /// Always, and the live site is not asked at all.
    Only,
}

impl ArchiveMode {
    /// The names the command line takes.
    pub const NAMES: [&'static str; 3] = ["auto", "never", "only"];
}

impl FromStr for ArchiveMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(ArchiveMode::Auto),
            "never" => Ok(ArchiveMode::Never),
            "only" => Ok(ArchiveMode::Only),
            other => Err(format!("`{other}`: expected auto, never or only")),
        }
    }
}

/// The archive route's settings.
#[derive(Debug, Clone, Default)]
pub struct ArchiveConfig {
    pub mode: ArchiveMode,
    pub wayback: WaybackConfig,
}

impl ArchiveConfig {
    /// The live site only: what a library caller gets unless it opts in, since the route
    /// sends requests to a third party.
    pub fn never() -> Self {
        ArchiveConfig {
            mode: ArchiveMode::Never,
            wayback: WaybackConfig::default(),
        }
    }
}

/// Whether a live failure sends the page to the archive: a browser check, a 5xx after the
/// retries, a timeout or a connection failure. A 404, a redirect elsewhere or a page that
/// is not HTML says something about the page itself, which a capture would not change.
pub(crate) fn worth_asking(e: &FetchError) -> bool {
    match e {
        FetchError::Challenge { .. }
        | FetchError::Timeout { .. }
        | FetchError::Network { .. }
        | FetchError::RobotsUnavailable { .. } => true,
        FetchError::Status { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Takes `url` from the archive; `live` is why the site gave nothing (`None`: not asked).
/// A capture that is the stored fixture's is [`Outcome::NotModified`].
pub(crate) async fn fetch(
    wayback: &Wayback,
    url: &Url,
    known: Option<&Known>,
    live: Option<FetchError>,
) -> Result<Outcome, FetchError> {
    let stored = known
        .filter(|k| k.meta.provenance.source == Some(PageSource::Wayback))
        .and_then(|k| k.meta.provenance.captured_at.as_deref())
        .and_then(timestamp_of);
    let miss = match wayback.page(url, stored.as_deref()).await {
        Ok(Archived::Stored) => {
            if let Some(known) = known {
                return Ok(Outcome::NotModified {
                    known: Box::new(known.clone()),
                });
            }
            ArchiveMiss::NoCapture
        }
        Ok(Archived::Page(memento)) => {
            let final_url = memento
                .provenance
                .original_url
                .as_deref()
                .and_then(|o| Url::parse(o).ok())
                .unwrap_or_else(|| url.clone());
            let head = Head {
                status: 200,
                content_type: memento.content_type,
                ..Head::default()
            };
            let page = Fetched::received(
                url,
                final_url,
                head,
                memento.body,
                known,
                memento.provenance,
            );
            match crate::fixtures::read_fetched(&page) {
                Ok(_) => return Ok(Outcome::Fetched(Box::new(page))),
                Err(e) => ArchiveMiss::Failed {
                    reason: format!("the capture is not a usable page: {e}"),
                },
            }
        }
        Err(miss) => miss,
    };
    Err(FetchError::NotArchived {
        url: url.to_string(),
        live: live.map(Box::new),
        archive: miss,
        calendar: calendar_url(&wayback.config().base, url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_and_which_failures_go_to_the_archive() {
        for (name, want) in ArchiveMode::NAMES.iter().zip([
            ArchiveMode::Auto,
            ArchiveMode::Never,
            ArchiveMode::Only,
        ]) {
            assert_eq!(name.parse::<ArchiveMode>(), Ok(want));
        }
        assert!("always".parse::<ArchiveMode>().is_err());
        let url = || "https://h/p/".to_string();
        let status = |status| FetchError::Status {
            url: url(),
            status,
            attempts: 3,
        };
        let cases = [
            (
                FetchError::Challenge {
                    url: url(),
                    status: 403,
                    kind: crate::fetch::challenge::ChallengeKind::Managed,
                },
                true,
            ),
            (status(503), true),
            (status(500), true),
            (status(404), false),
            (status(410), false),
            (status(429), false),
            (
                FetchError::Timeout {
                    url: url(),
                    attempts: 3,
                    secs: 30.0,
                },
                true,
            ),
            (
                FetchError::NotHtml {
                    url: url(),
                    content_type: "application/pdf".into(),
                },
                false,
            ),
        ];
        for (error, want) in cases {
            assert_eq!(worth_asking(&error), want, "{error}");
        }
    }
}
