//! `soundtracks` turns A Closer Listen's feature "The Best Film & TV Soundtracks of All Time"
//! into a typed dataset.
//!
//! Data flows one way: [`fetch`] saves pages with their HTTP metadata → [`parse`] makes
//! them UTF-8, finds the article and its entries and reads each heading → [`dataset`] turns
//! entries into typed rows → [`write`](mod@write) renders JSON, CSV, Parquet, the data
//! package and the manifest. Parsing, normalizing and rendering are pure functions; I/O
//! happens only in [`build`] (reading pages, swapping the output folder in), [`fetch`],
//! [`refresh`] and [`add`], and the files are replaced through [`atomic`].
#![forbid(unsafe_code)]

pub mod add;
pub mod atomic;
pub mod build;
pub mod dataset;
pub mod digest;
pub mod error;
pub mod fetch;
pub mod fixtures;
pub mod meta;
pub mod model;
pub mod parse;
pub mod refresh;
pub mod schema;
pub mod write;

pub use error::{Error, Result};
