//! `soundtracks glance`: prints the list at a glance (Markdown, for the README) from the
//! saved pages, built in memory as `build` would build `output/` from them; with
//! `--readme FILE`, writes it into FILE's block instead (the weekly refresh does, so the
//! pull request that brings a part keeps the README's test green).

use std::path::PathBuf;

use soundtracks::build::{collect, BuildOptions};
use soundtracks::error::Error;

#[derive(Debug, Clone, clap::Args)]
pub struct GlanceArgs {
    /// Saved .html pages, or folders searched recursively for them.
    #[arg(value_name = "INPUT", default_value = "fixtures")]
    pub inputs: Vec<PathBuf>,
    /// Replace the block between `<!-- BEGIN AT A GLANCE -->` and `<!-- END AT A GLANCE -->`
    /// in FILE (atomically) instead of printing.
    #[arg(long, value_name = "FILE")]
    pub readme: Option<PathBuf>,
}

/// Builds the dataset in memory and prints its summary to standard output.
pub fn run(args: &GlanceArgs) -> soundtracks::Result<()> {
    let dataset = collect(&args.inputs, &BuildOptions::default())?;
    let summary = soundtracks::glance::markdown(&dataset.rows);
    let Some(path) = &args.readme else {
        print!("{summary}");
        return Ok(());
    };
    let doc = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let Some(updated) = soundtracks::glance::splice(&doc, &summary) else {
        return Err(Error::NoGlanceBlock { path: path.clone() });
    };
    if updated != doc {
        soundtracks::atomic::write_file(path, updated.as_bytes()).map_err(|source| {
            Error::Write {
                path: path.clone(),
                source,
            }
        })?;
    }
    Ok(())
}
