//! The TLS crypto provider: rustls with *ring*, installed once for the process. reqwest is
//! built without a provider of its own (its default, aws-lc-rs, builds a large C library);
//! a client built before a provider is installed would fail.

/// Installs the ring provider as the process default, unless one is already installed.
pub(crate) fn install_provider() {
    // Err means a provider is already installed (by us or the embedding program): fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
