//! HTTP fetching: a polite async client that saves pages with their metadata as fixtures.
//!
//! [`client`] is the [`Fetcher`] itself (limits, spacing, robots.txt, retries, redirects,
//! browser checks), with what it keeps per host in `hosts`; [`pages`] what it is asked for (pages, feeds, sitemaps, look-ups) and
//! the saving of pages as fixtures; [`config`] its settings; [`progress`] the events it reports. It hands back bytes and [`FixtureMeta`]; parsing is
//! left to [`crate::build`](mod@crate::build), discovery and staging to [`crate::refresh`](mod@crate::refresh). The pure parts:
//! [`robots`], [`retry`], [`challenge`]. [`wayback`] is the second source: the Internet
//! Archive's captures, for pages the site will not give. Where pages are saved is [`crate::fixtures`]'s.
//!
//! [`FixtureMeta`]: crate::meta::FixtureMeta

pub mod challenge;
pub mod client;
pub mod config;
mod hosts;
pub mod pages;
pub mod progress;
pub mod retry;
pub mod robots;
pub mod tls;
pub mod wayback;

pub use crate::error::FetchError;
pub use client::Fetcher;
pub(crate) use config::AGENT_TOKEN;
pub use config::{parse_url, FetchConfig};
pub use pages::{Fetched, IndexKind, LookUp, Outcome};
pub use progress::{Event, Progress};
pub use retry::RetryPolicy;
