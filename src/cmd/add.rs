//! `soundtracks add FILE… --url URL…`: its arguments (one URL per file, else a usage
//! error) and what it prints.

use std::path::PathBuf;

use clap::CommandFactory;
use soundtracks::add::{add, AddPage};
use soundtracks::build::BuildOptions;
use soundtracks::fetch::parse_url;

/// `soundtracks add FILE… --url URL… [--fixtures DIR] [--out DIR]`
#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// Pages saved from a browser: HTML (only, or the .html of a "complete" save), MHTML
    /// ("Webpage, Single File"), SingleFile, or any of these saved while viewing the Wayback
    /// Machine.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The article's URL, once per FILE and in the same order.
    #[arg(long = "url", required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// The fixtures folder the pages are written into.
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    pub fixtures: PathBuf,
    /// The dataset folder rebuilt with them.
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Also rewrite the list at a glance in this README for the new data (the repository's
    /// README.md, so that its test stays green).
    #[arg(long, value_name = "FILE")]
    pub readme: Option<PathBuf>,
}

/// Runs `soundtracks add`.
pub fn run(args: &AddArgs) -> soundtracks::Result<()> {
    if args.files.len() != args.urls.len() {
        super::Cli::command()
            .error(
                clap::error::ErrorKind::WrongNumberOfValues,
                format!(
                    "{} FILE(s) but {} --url: give one --url per FILE, in the same order",
                    args.files.len(),
                    args.urls.len()
                ),
            )
            .exit();
    }
    let mut pages = Vec::new();
    for (file, url) in args.files.iter().zip(&args.urls) {
        pages.push(AddPage {
            file: file.clone(),
            url: parse_url(url)?,
        });
    }
    let summary = add(&pages, &args.fixtures, &args.out, &BuildOptions::default())?;
    for (part, path) in &summary.added {
        println!(
            "added Part {part} as {}",
            args.fixtures.join(path).display()
        );
    }
    print!("{}", summary.report);
    match &args.readme {
        Some(readme) => super::glance::after_change(readme, &args.fixtures),
        None => Ok(()),
    }
}
