//! `soundtracks build`: its arguments, and its report on stderr (articles read, problems,
//! rows written).

use std::io::{LineWriter, StderrLock, Write};
use std::path::PathBuf;

use soundtracks::build::{collect, write_checked, BuildOptions};
use soundtracks::model::Dataset;

fn defaults() -> BuildOptions {
    BuildOptions::default()
}

#[derive(Debug, Clone, clap::Args)]
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
    #[arg(long, value_name = "BYTES", default_value_t = defaults().max_input_bytes)]
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
pub fn run(args: &BuildArgs) -> soundtracks::Result<()> {
    let opts = args.options();
    let dataset = collect(&args.inputs, &opts)?;
    report(&dataset);
    write_checked(&dataset, &args.out, &opts)?;
    let mut err = stderr_lines();
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

/// Standard error, a line per write: unbuffered, each piece of a formatted line was a
/// system call of its own.
fn stderr_lines() -> LineWriter<StderrLock<'static>> {
    LineWriter::new(std::io::stderr().lock())
}

fn report(dataset: &Dataset) {
    let mut err = stderr_lines();
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
            p.file,
            p.position,
            p.heading,
            p.reason()
        );
    }
}
