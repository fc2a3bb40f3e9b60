//! Command-line arguments (clap derive), converted once into the library's settings, and
//! the `build` command's report on stderr.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, DEFAULT_MAX_INPUT_BYTES};
use crate::error::Result;
use crate::model::Dataset;

/// Turns A Closer Listen's "The Best Film & TV Soundtracks of All Time" into a typed
/// dataset (JSON + Parquet).
#[derive(Debug, Parser)]
#[command(name = "soundtracks", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the dataset from saved pages (default: the bundled fixtures/) into output/.
    Build(BuildArgs),
    /// Fetch pages and save them as fixtures (HTML + metadata); nothing else.
    Fetch(crate::fetch::FetchArgs),
    /// Fetch known and newly published parts, then rebuild the dataset.
    Refresh(crate::refresh::RefreshArgs),
    /// Bring in pages saved from a browser (when the site answers with a browser check),
    /// then rebuild the dataset.
    Add(crate::add::AddArgs),
    /// Print the data dictionary (Markdown) generated from the schema.
    Schema,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Saved .html pages, or folders searched recursively for them.
    #[arg(value_name = "INPUT", default_value = "fixtures")]
    pub inputs: Vec<PathBuf>,
    /// Output directory; replaced atomically, so a failed run leaves it as it was.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Exit non-zero (and write nothing) when any heading did not parse fully.
    #[arg(long)]
    pub strict: bool,
    /// Reject input pages larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT_BYTES)]
    pub max_input_bytes: u64,
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            strict: self.strict,
            max_input_bytes: self.max_input_bytes,
        }
    }
}

/// Runs `build` and prints its summary: articles read, rows written, problems found.
pub fn run_build(args: &BuildArgs) -> Result<()> {
    let opts = args.options();
    let dataset = crate::build::collect(&args.inputs, &opts)?;
    report(&dataset);
    if opts.strict && !dataset.problems.is_empty() {
        return Err(crate::Error::Strict {
            count: dataset.problems.len(),
        });
    }
    crate::build::write_outputs(&dataset, &args.out)?;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "wrote {} rows from {} article(s) to {}/ ({} problem(s))",
        dataset.rows.len(),
        dataset.articles.len(),
        args.out.display(),
        dataset.problems.len()
    );
    Ok(())
}

fn report(dataset: &Dataset) {
    let mut err = std::io::stderr().lock();
    for a in &dataset.articles {
        let _ = writeln!(
            err,
            "read {}: Part {}, {} entries ({})",
            a.file, a.part, a.entries, a.url
        );
    }
    for p in &dataset.problems {
        let _ = writeln!(
            err,
            "problem: {} entry {} {:?}: {}",
            p.file, p.position, p.heading, p.reason
        );
    }
}
