//! `soundtracks fetch URL…`: save pages as fixtures, nothing else.

use std::path::PathBuf;

use soundtracks::fixtures::fetch_to_fixtures;

use super::net::{init_logging, runtime, NetArgs};

/// `soundtracks fetch URL… [--fixtures DIR]`
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Pages to fetch (http or https).
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Where pages are saved, as `<site>/<slug>.html` + `<slug>.meta.json`. A page already
    /// saved there (recognised by the url in its meta.json) is asked for conditionally
    /// and overwritten only when its bytes changed.
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    pub fixtures: PathBuf,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `soundtracks fetch`; one progress line per URL goes to stderr.
pub fn run(args: &FetchArgs) -> soundtracks::Result<()> {
    init_logging(args.net.verbose);
    let config = args.net.config();
    runtime()?.block_on(fetch_to_fixtures(&config, &args.urls, &args.fixtures))?;
    Ok(())
}
