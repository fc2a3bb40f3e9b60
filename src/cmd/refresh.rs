//! `soundtracks refresh`: its arguments, the summary it prints, the Markdown report it
//! writes, and its exit status (5 with `--exit-code` when the dataset changed).

use std::path::{Path, PathBuf};

use soundtracks::build::BuildOptions;
use soundtracks::enrich::client::ClientConfig;
use soundtracks::fetch::parse_url;
use soundtracks::fetch::wayback::{WaybackConfig, BASE_ENV, DEFAULT_BASE};
use soundtracks::meta::PageSource;
use soundtracks::refresh::archive::{ArchiveConfig, ArchiveMode};
use soundtracks::refresh::enrich::Enrichment;
use soundtracks::refresh::report::markdown;
use soundtracks::refresh::{refresh, RefreshConfig, RefreshSummary, PART_ONE_URL};

use super::net::{init_logging, runtime, NetArgs};

/// The exit status of `--exit-code` when fixtures/ and output/ changed.
pub const CHANGED: u8 = 5;

/// `soundtracks refresh [--url URL] [--fixtures DIR] [--out DIR] …`
#[derive(Debug, Clone, clap::Args)]
pub struct RefreshArgs {
    /// Part One's URL; other parts are discovered from it (links on the fetched parts,
    /// ?name= slug look-ups, the sitemaps robots.txt names, the host's /feed/), never
    /// leaving its host.
    #[arg(long, default_value = PART_ONE_URL, value_name = "URL")]
    pub url: String,
    /// The fixtures folder: saved pages and their meta.json sidecars. Pages already there
    /// are recognised by the url in their meta.json and asked for conditionally.
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    pub fixtures: PathBuf,
    /// The dataset folder rebuilt after the fetch (as `soundtracks build` writes it).
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Most parts fetched in one run, and the highest part number looked for (a guard
    /// against a page that links to itself under many names).
    #[arg(long, default_value_t = RefreshConfig::DEFAULT_MAX_PARTS, value_name = "N")]
    pub max_parts: usize,
    /// Also write the change report as Markdown to FILE (`-`: standard output, and the usual
    /// summary goes to standard error): rows added, removed and changed per part, pages
    /// fetched and saved, discovery sources, requests. One line when nothing changed.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit with status 5 when the refresh changed fixtures/ and output/ (the dataset's rows
    /// or its source articles changed), 0 when nothing changed (as `git diff --exit-code`);
    /// failures stay 1, a browser check 4.
    #[arg(long)]
    pub exit_code: bool,
    /// Also rewrite the list at a glance in this README when the data changed (the
    /// repository's README.md, so that its test stays green).
    #[arg(long, value_name = "FILE")]
    pub readme: Option<PathBuf>,
    /// When pages come from the Internet Archive's Wayback Machine: `auto` for a page the
    /// site will not give (a browser check, a 5xx after the retries, a timeout, no
    /// connection; never a 404), `never`, or `only` (the site is not asked at all). The
    /// archive is asked politely: one request at a time, CDX calls 3 s apart, at most 4 CDX
    /// calls per run and 4 playbacks per page, and a 429 ends the route for the run. Its
    /// address is the environment variable SOUNDTRACKS_WAYBACK_BASE (default
    /// https://web.archive.org).
    #[arg(long, default_value = "auto", value_name = "auto|never|only", value_parser = |s: &str| s.parse::<ArchiveMode>())]
    pub archive: ArchiveMode,
    /// Do not link the new and changed rows to Wikidata and MusicBrainz after a refresh
    /// that changed them (as `soundtracks enrich` does; see docs/enrich.md). Without it, a
    /// service that cannot be reached leaves the rows unlinked and says so, and never
    /// changes the exit status.
    #[arg(long)]
    pub no_enrich: bool,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `soundtracks refresh`; returns its exit status.
pub fn run(args: &RefreshArgs) -> soundtracks::Result<u8> {
    init_logging(args.net.verbose);
    let config = RefreshConfig {
        url: parse_url(&args.url)?,
        fixtures: args.fixtures.clone(),
        out: args.out.clone(),
        fetch: args.net.config(),
        build: BuildOptions::default(),
        max_parts: args.max_parts.max(1),
        archive: archive_config(args.archive)?,
        enrich: (!args.no_enrich).then(ClientConfig::from_env),
    };
    let summary = runtime()?.block_on(refresh(&config))?;
    let text = summary_text(&summary, &config);
    if args.report.as_deref() == Some(Path::new("-")) {
        eprint!("{text}");
        print!("{}", markdown(&summary));
    } else {
        print!("{text}");
        if let Some(path) = &args.report {
            soundtracks::atomic::write_file(path, markdown(&summary).as_bytes()).map_err(
                |source| soundtracks::Error::Write {
                    path: path.clone(),
                    source,
                },
            )?;
        }
    }
    let changed = summary.report.is_some();
    if changed {
        match &args.readme {
            Some(readme) => super::glance::after_change(readme, &args.fixtures),
            None => Ok(()),
        }?;
    }
    Ok(if changed && args.exit_code {
        CHANGED
    } else {
        0
    })
}

/// The archive route's settings: the mode given, the archive where the environment says.
fn archive_config(mode: ArchiveMode) -> soundtracks::Result<ArchiveConfig> {
    let base = std::env::var(BASE_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE.to_string());
    Ok(ArchiveConfig {
        mode,
        wayback: WaybackConfig::new(parse_url(&base)?),
    })
}

/// What the terminal shows after a run: files saved, row changes, sources, requests.
fn summary_text(summary: &RefreshSummary, config: &RefreshConfig) -> String {
    let mut text = String::new();
    match &summary.report {
        None => text.push_str(&format!(
            "the data did not change ({} part(s) checked at {}); {} and {} left as they were\n",
            summary.pages.len(),
            summary.checked_at,
            config.fixtures.display(),
            config.out.display()
        )),
        Some(report) => {
            for f in &summary.written {
                text.push_str(&format!("saved {}\n", config.fixtures.join(f).display()));
            }
            text.push_str(&report.to_string());
        }
    }
    for page in &summary.pages {
        if page.source == Some(PageSource::Wayback) && page.status != 304 {
            text.push_str(&format!(
                "from the Wayback Machine: {} (captured {})\n",
                page.url,
                page.captured_at.as_deref().unwrap_or("at an unknown time")
            ));
        }
        if page.live_again {
            text.push_str(&format!(
                "the site answers again: {} taken from it instead of the archive\n",
                page.url
            ));
        }
    }
    match &summary.enrichment {
        Some(Enrichment::Ran(report)) => {
            text.push_str(&report.to_string());
            if report.stopped.as_ref().is_some_and(|s| !s.cap) {
                text.push_str(&format!(
                    "enrich: {} row(s) stay unlinked until `soundtracks enrich` runs again; the refresh itself is not affected\n",
                    report.undecided.len()
                ));
            }
        }
        Some(Enrichment::Failed(reason)) => text.push_str(&format!(
            "enrich: the rows were not linked ({reason}); run `soundtracks enrich` later\n"
        )),
        None => {}
    }
    let sources: Vec<String> = summary.sources.iter().map(ToString::to_string).collect();
    text.push_str(&format!("discovery: {}\n", sources.join("; ")));
    text.push_str(&format!(
        "{} request(s) to {}\n",
        summary.requests, summary.host
    ));
    if summary.archive_requests > 0 {
        text.push_str(&format!(
            "{} request(s) to the Wayback Machine\n",
            summary.archive_requests
        ));
    }
    text
}
