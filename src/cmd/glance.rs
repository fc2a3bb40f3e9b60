//! `soundtracks glance`: prints the list at a glance (Markdown, for the README) from the
//! saved pages, built in memory as `build` would build `output/` from them.

use std::path::PathBuf;

use soundtracks::build::{collect, BuildOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct GlanceArgs {
    /// Saved .html pages, or folders searched recursively for them.
    #[arg(value_name = "INPUT", default_value = "fixtures")]
    pub inputs: Vec<PathBuf>,
}

/// Builds the dataset in memory and prints its summary to standard output.
pub fn run(args: &GlanceArgs) -> soundtracks::Result<()> {
    let dataset = collect(&args.inputs, &BuildOptions::default())?;
    print!("{}", soundtracks::glance::markdown(&dataset.rows));
    Ok(())
}
