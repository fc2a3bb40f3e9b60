//! How HTTP clients are built: the one builder (User-Agent, timeouts, proxy rule, redirect
//! policy), and the TLS crypto provider it installs first: rustls with *ring*, installed once
//! for the process. reqwest is built without a provider of its own (its default, aws-lc-rs,
//! builds a large C library); a client built before a provider is installed would fail.

use super::{FetchConfig, FetchError};

/// Installs the ring provider as the process default, unless one is already installed.
pub(crate) fn install_provider() {
    // Err means a provider is already installed (by us or the embedding program): fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A reqwest client with `config`'s User-Agent, timeouts and proxy rule, and `policy` for
/// redirects: the one place clients are built (the fetcher's, the archive's, and
/// enrichment's).
pub(crate) fn http_client(
    config: &FetchConfig,
    policy: reqwest::redirect::Policy,
) -> Result<reqwest::Client, FetchError> {
    install_provider();
    let mut builder = reqwest::Client::builder()
        .user_agent(config.user_agent.clone())
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .redirect(policy);
    if !config.env_proxy {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| FetchError::Client {
        reason: e.to_string(),
    })
}
