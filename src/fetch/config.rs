//! The fetcher's settings and their defaults (the one home of every network default the
//! command line shows), the User-Agent, and the one parser of user-given URLs.

use std::time::Duration;

use reqwest::Url;

use super::{FetchError, Progress, RetryPolicy};

/// The product token robots.txt groups are matched against.
pub(crate) const AGENT_TOKEN: &str = "soundtracks";

/// `soundtracks/<version> (+<repository>)`.
pub(crate) fn user_agent() -> String {
    format!(
        "{AGENT_TOKEN}/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Everything the fetcher needs, validated once from the command line (or built by tests).
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Minimum time between the starts of two requests to one host.
    pub delay: Duration,
    /// Pages fetched at the same time (over all hosts).
    pub concurrency: usize,
    pub connect_timeout: Duration,
    /// Limit for one whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    pub retry: RetryPolicy,
    /// Redirects followed per request (same host, http(s) only).
    pub max_redirects: usize,
    /// Use HTTP(S)_PROXY from the environment. Tests turn this off so loopback stays loopback.
    pub env_proxy: bool,
    /// Where progress events go (nowhere by default; the binary prints them).
    pub progress: Progress,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: user_agent(),
            delay: Duration::from_secs(1),
            concurrency: 2,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            retry: RetryPolicy::default(),
            max_redirects: 5,
            env_proxy: true,
            progress: Progress::none(),
        }
    }
}

/// Parses a URL given by the user or found on a page; only http(s) is accepted.
pub fn parse_url(text: &str) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|e| FetchError::InvalidUrl {
        url: text.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FetchError::InvalidUrl {
            url: text.to_string(),
            reason: format!("scheme `{}` or missing host", url.scheme()),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_the_project() {
        let ua = user_agent();
        assert!(ua.starts_with("soundtracks/"), "{ua}");
        assert!(ua.contains("(+https://"), "{ua}");
    }

    #[test]
    fn urls_given_by_the_user() {
        assert!(parse_url(" https://acloserlisten.com/x/ ").is_ok());
        for bad in ["ftp://x/", "not a url", "mailto:a@b.c", "https://"] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }
}
