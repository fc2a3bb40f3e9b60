//! `soundtracks` turns A Closer Listen's feature "The Best Film & TV Soundtracks of All Time"
//! into a typed dataset.
//!
//! Data flows one way: [`fetch`] saves pages with their HTTP metadata → [`decode`] makes
//! them UTF-8 → [`page`] finds the article and its entries → [`heading`] and [`dataset`]
//! turn entries into typed rows ([`part`] reads which part of the series a title names) → [`write`](mod@write) renders JSON, CSV, Parquet, the data package and
//! the manifest. Parsing, normalizing and rendering are pure functions; I/O happens only in
//! [`build`] (reading pages, swapping the output folder in), [`fetch`] and [`refresh`].
#![forbid(unsafe_code)]

pub mod add;
pub mod atomic;
pub mod build;
pub mod dataset;
pub mod decode;
pub mod digest;
pub mod error;
pub mod fetch;
pub mod heading;
pub mod meta;
pub mod model;
pub mod page;
pub mod part;
pub mod refresh;
pub mod schema;
pub mod text;
pub mod write;

pub use error::{Error, Result};
