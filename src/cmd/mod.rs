//! The command line: clap's definitions and one module per subcommand, each owning its
//! arguments, its run and everything it prints. The library below never prints.

pub mod add;
pub mod build;
pub mod enrich;
pub mod fetch;
pub mod glance;
pub mod net;
pub mod refresh;

use clap::{Parser, Subcommand};

/// Turns A Closer Listen's "The Best Film & TV Soundtracks of All Time" into a typed
/// dataset (JSON + Parquet).
#[derive(Debug, Parser)]
#[command(
    name = "soundtracks",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  soundtracks build                 # bundled fixtures/ -> output/\n  \
                  soundtracks refresh --report -    # fetch new and changed parts, rebuild, report\n  \
                  soundtracks enrich                # link the rows to Wikidata and MusicBrainz\n\n\
                  Exit status: 0 ok, 1 failed, 2 usage, 3 --strict problems, 4 a browser check, \
                  5 refresh --exit-code changed the dataset."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the dataset from saved pages (default: the bundled fixtures/) into output/.
    #[command(after_help = "Examples:\n  soundtracks build\n  \
                            soundtracks build saved/ --out /tmp/dataset --strict")]
    Build(build::BuildArgs),
    /// Fetch pages and save them as fixtures (HTML + metadata); nothing else.
    #[command(after_help = "Example:\n  soundtracks fetch \
                            https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/")]
    Fetch(fetch::FetchArgs),
    /// Fetch known and newly published parts, then rebuild the dataset.
    #[command(after_help = "Examples:\n  soundtracks refresh\n  \
                            soundtracks refresh --report refresh.md --exit-code   # 0 unchanged, 5 changed")]
    Refresh(refresh::RefreshArgs),
    /// Link every row to its film on Wikidata (QID, IMDb id, first year) and its soundtrack
    /// on MusicBrainz (release group), through the review cache under
    /// fixtures/enrichment/, then rebuild the dataset (network; see docs/enrich.md).
    #[command(after_help = "Examples:\n  soundtracks enrich\n  \
                            soundtracks enrich --fixtures fixtures --out output --max-requests 200\n\n\
                            The services' addresses: SOUNDTRACKS_WIKIDATA_API (default \
                            https://www.wikidata.org/w/api.php), SOUNDTRACKS_MUSICBRAINZ_API \
                            (default https://musicbrainz.org/ws/2).\n\
                            Exit status: 0 every row decided (or the request cap reached: run \
                            again to go on), 1 a service could not be asked (the rows decided \
                            before are kept).")]
    Enrich(enrich::EnrichArgs),
    /// Bring in pages saved from a browser (when the site answers with a browser check),
    /// then rebuild the dataset.
    #[command(after_help = "Example:\n  soundtracks add part-two.html \
                            --url https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/")]
    Add(add::AddArgs),
    /// Print the data dictionary (Markdown) generated from the schema.
    #[command(after_help = "Example:\n  soundtracks schema > dictionary.md")]
    Schema,
    /// Print the list at a glance (Markdown for the README): rows per part, decades, the
    /// labels and composers that recur.
    #[command(after_help = "Example:\n  soundtracks glance fixtures/")]
    Glance(glance::GlanceArgs),
}

/// Runs the command; `Ok` carries the exit status of a run that did not fail.
pub fn run(command: &Command) -> soundtracks::Result<u8> {
    match command {
        Command::Build(args) => build::run(args).map(|()| 0),
        Command::Fetch(args) => fetch::run(args).map(|()| 0),
        Command::Refresh(args) => refresh::run(args),
        Command::Add(args) => add::run(args).map(|()| 0),
        Command::Enrich(args) => enrich::run(args),
        Command::Glance(args) => glance::run(args).map(|()| 0),
        Command::Schema => {
            print!("{}", soundtracks::schema::markdown_dictionary());
            Ok(0)
        }
    }
}
