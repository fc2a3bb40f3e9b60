//! The `soundtracks` command: parse arguments, call the library, map errors to a message
//! and an exit code (0 ok, 1 failed, 2 usage, 3 `--strict` problems).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use soundtracks::cli::{run_build, Cli, Command};
use soundtracks::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => run_build(args).map(|()| 0),
        Command::Fetch(args) => soundtracks::fetch::run(args).map(|()| 0),
        Command::Refresh(args) => {
            soundtracks::refresh::run(args)
                .map(|changed| if changed && args.exit_code { 5 } else { 0 })
        }
        Command::Add(args) => {
            if args.files.len() != args.urls.len() {
                Cli::command()
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
            soundtracks::add::run(args).map(|()| 0)
        }
        Command::Schema => {
            print!("{}", soundtracks::schema::markdown_dictionary());
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let message = e.to_string();
            eprintln!("error: {message}");
            // Most messages already include their cause; print only what they leave out.
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                let cause = s.to_string();
                if !message.contains(&cause) {
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
