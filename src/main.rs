//! The `soundtracks` command: parse arguments, run the subcommand (`cmd/`), print the error
//! chain, exit with a status: 0 ok, 1 failed, 2 usage, 3 `--strict` problems, 4 the site
//! answered with a browser check, 5 `refresh --exit-code` changed the dataset.

mod cmd;

use std::process::ExitCode;

use clap::Parser;
use soundtracks::Error;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(&cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let message = e.to_string();
            eprintln!("error: {message}");
            // Most messages already include their cause; print only what they leave out.
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                let cause = s.to_string();
                // A cause that opens with the URL the message has named is the same words.
                let words = cause.split_once(": ").map_or(cause.as_str(), |(_, w)| w);
                if !message.contains(&cause) && !message.contains(words) {
                    eprintln!("  caused by: {cause}");
                }
                source = s.source();
            }
            ExitCode::from(match e {
                Error::Strict { .. } => 3,
                Error::Fetch(f) if f.is_challenge() => 4,
                _ => 1,
            })
        }
    }
}
