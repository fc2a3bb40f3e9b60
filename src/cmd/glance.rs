//! `soundtracks glance`: prints the list at a glance (Markdown, for the README) from the
//! saved pages, built in memory as `build` would build `output/` from them; with
//! `--readme FILE`, writes it into FILE's block instead. `add --readme` and
//! `refresh --readme` do the same after they change the data ([`after_change`]), so a
//! commit that brings a part keeps the README's test green.

use std::path::{Path, PathBuf};

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

/// Builds the dataset in memory and prints its summary, or writes it into `--readme`.
pub fn run(args: &GlanceArgs) -> soundtracks::Result<()> {
    let summary = summary(&args.inputs)?;
    let Some(path) = &args.readme else {
        print!("{summary}");
        return Ok(());
    };
    let doc = read(path)?;
    let updated = soundtracks::glance::splice(&doc, &summary)
        .ok_or_else(|| Error::NoGlanceBlock { path: path.clone() })?;
    write_if_changed(path, &doc, &updated).map(drop)
}

/// After `add` or `refresh` changed the data in `fixtures` (with `--readme`): the README's
/// block gets the new summary. Says on stderr what it did.
pub fn after_change(readme: &Path, fixtures: &Path) -> soundtracks::Result<()> {
    let doc = read(readme)?;
    let summary = summary(&[fixtures.to_path_buf()])?;
    match soundtracks::glance::splice(&doc, &summary) {
        Some(updated) => {
            if write_if_changed(readme, &doc, &updated)? {
                eprintln!("updated the list at a glance in {}", readme.display());
            }
        }
        None => {
            return Err(Error::NoGlanceBlock {
                path: readme.to_path_buf(),
            })
        }
    }
    Ok(())
}

fn summary(inputs: &[PathBuf]) -> soundtracks::Result<String> {
    let dataset = collect(inputs, &BuildOptions::default())?;
    Ok(soundtracks::glance::markdown(&dataset.rows))
}

fn read(path: &Path) -> soundtracks::Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `new` over `path` (atomically) unless it equals `old`; whether it wrote.
fn write_if_changed(path: &Path, old: &str, new: &str) -> soundtracks::Result<bool> {
    if new == old {
        return Ok(false);
    }
    soundtracks::atomic::write_file(path, new.as_bytes()).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(true)
}
