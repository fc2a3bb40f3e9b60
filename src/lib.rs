//! `soundtracks` turns A Closer Listen's feature "The Best Film & TV Soundtracks of All Time"
//! into a typed dataset.
//!
//! Data flows one way: [`fetch`] saves pages with their HTTP metadata → [`parse`] makes
//! them UTF-8, finds the article and its entries and reads each heading → `dataset` turns
//! entries into typed rows → [`write`](mod@write) renders JSON, CSV, Parquet, the data
//! package and the manifest. Parsing, normalizing and rendering are pure functions; I/O
//! happens only in [`build`](mod@build) (reading pages, swapping the output folder in), [`fetch`],
//! [`refresh`](mod@refresh) and [`add`](mod@add), and the files are replaced through [`atomic`].
//!
//! Building the dataset from the bundled fixtures, as `soundtracks build` does:
//!
//! ```
//! use soundtracks::build::{collect, BuildOptions};
//!
//! let dataset = collect(&["fixtures".into()], &BuildOptions::default())?;
//! // One row per entry of every part saved there; Part One has 27, and comes first.
//! assert_eq!(dataset.rows.iter().filter(|r| r.part == 1).count(), 27);
//! let entries: usize = dataset.articles.iter().map(|a| a.entries).sum();
//! assert_eq!(dataset.rows.len(), entries);
//! let first = &dataset.rows[0];
//! assert_eq!((first.part, first.position), (1, 1));
//! // Every output file, rendered in memory: JSON, JSONL, CSV, Parquet, the data package
//! // and the manifest (`build::write_checked` writes them atomically into a folder).
//! let files = soundtracks::write::render_all(&dataset)?;
//! assert!(files.iter().any(|f| f.name == soundtracks::schema::SOUNDTRACKS_PARQUET));
//! # Ok::<(), soundtracks::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod about;
#[cfg(feature = "net")]
pub mod add;
pub mod atomic;
pub mod build;
mod dataset;
pub mod digest;
pub mod enrich;
pub mod error;
#[cfg(feature = "net")]
pub mod fetch;
#[cfg(feature = "net")]
pub mod fixtures;
pub mod glance;
pub mod meta;
pub mod model;
pub mod parse;
#[cfg(feature = "net")]
pub mod refresh;
#[cfg(feature = "net")]
pub mod saved;
pub mod schema;
pub mod write;

pub use error::{Error, Result};

// The entry points of each stage and the records they hand on; the modules above hold the
// rest (parsers and discovery are public for the fuzz targets, property tests and benches).
#[cfg(feature = "net")]
pub use add::{add, AddPage, AddSummary};
pub use build::{build, collect, write_checked, BuildOptions};
#[cfg(feature = "net")]
pub use fetch::{FetchConfig, Fetcher};
#[cfg(feature = "net")]
pub use fixtures::{fetch_to_fixtures, Saved};
pub use model::{Dataset, Release, Row};
#[cfg(feature = "net")]
pub use refresh::{refresh, RefreshConfig, RefreshSummary};
