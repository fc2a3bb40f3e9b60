//! `soundtracks enrich`: its arguments, a progress line per request and per row decided
//! (stderr), the report (stdout), and its exit status: 0 when every row was decided or the
//! request cap was reached, 1 when a service could not be asked (the decisions made before
//! are kept and the dataset rebuilt with them).

use std::path::PathBuf;

use soundtracks::build::BuildOptions;
use soundtracks::enrich::client::ClientConfig;
use soundtracks::enrich::run::{enrich, EnrichConfig, EnrichEvent};

use super::net::{init_logging, runtime};

/// `soundtracks enrich [--fixtures DIR] [--out DIR] [--max-requests N]`
#[derive(Debug, Clone, clap::Args)]
pub struct EnrichArgs {
    /// The fixtures folder: the saved pages, and the review cache under
    /// `<DIR>/enrichment/` (responses, decisions, overrides.json).
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    pub fixtures: PathBuf,
    /// The dataset folder rebuilt with the links (as `soundtracks build` writes it).
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Most requests sent in one run (retries count); the rows left stay undecided until
    /// the next run.
    #[arg(long, default_value_t = ClientConfig::from_env().cap, value_name = "N")]
    pub max_requests: usize,
    /// Log detail (each request, retries and waits) to stderr.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Runs `soundtracks enrich`; returns its exit status.
pub fn run(args: &EnrichArgs) -> soundtracks::Result<u8> {
    init_logging(args.verbose);
    let mut client = ClientConfig::from_env();
    client.cap = args.max_requests;
    let config = EnrichConfig {
        fixtures: args.fixtures.clone(),
        out: args.out.clone(),
        build: BuildOptions::default(),
        client,
    };
    let report = runtime()?.block_on(enrich(&config, &mut |event| {
        eprintln!("{}", line(&event));
    }))?;
    print!("{report}");
    Ok(match &report.stopped {
        Some(stop) if !stop.cap => {
            eprintln!(
                "error: {}\n  the {} row(s) decided so far are kept; run `soundtracks enrich` again to go on",
                stop.reason,
                report.decided.len()
            );
            1
        }
        _ => 0,
    })
}

/// The progress line of an event.
pub fn line(event: &EnrichEvent) -> String {
    match event {
        EnrichEvent::Start { pending, rows } => {
            format!("{pending} of {rows} row(s) need a decision")
        }
        EnrichEvent::Asked {
            service,
            url,
            status,
        } => {
            let status = status.map_or("ERR".to_string(), |s| s.to_string());
            format!("{status} {:<11} {url}", service.as_str())
        }
        EnrichEvent::Decided {
            id,
            film,
            release_group,
        } => format!(
            "decided {id}: film {}, soundtrack {}",
            film.as_str(),
            release_group.as_str()
        ),
        EnrichEvent::Waited {
            url,
            reason,
            seconds,
        } => format!("waited {seconds:.1} s before asking again ({reason}): {url}"),
        EnrichEvent::Stopped { id, .. } => format!("stopped at {id}"),
        EnrichEvent::Rebuilt { out, rows } => {
            format!("rebuilt {}/ ({rows} rows)", out.display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use soundtracks::enrich::{Service, Status};

    #[test]
    fn event_lines() {
        let url = "http://127.0.0.1:9/ws/2/release-group/x".to_string();
        let cases = [
            (
                EnrichEvent::Asked {
                    service: Service::MusicBrainz,
                    url: url.clone(),
                    status: Some(404),
                },
                "404 musicbrainz http://127.0.0.1:9/ws/2/release-group/x",
            ),
            (
                EnrichEvent::Asked {
                    service: Service::Wikidata,
                    url: url.clone(),
                    status: None,
                },
                "ERR wikidata    http://127.0.0.1:9/ws/2/release-group/x",
            ),
            (
                EnrichEvent::Waited {
                    url,
                    reason: "maxlag: Waiting for all: 7 seconds lagged.".into(),
                    seconds: 5.0,
                },
                "waited 5.0 s before asking again (maxlag: Waiting for all: 7 seconds lagged.): http://127.0.0.1:9/ws/2/release-group/x",
            ),
            (
                EnrichEvent::Decided {
                    id: "a".into(),
                    film: Status::Linked,
                    release_group: Status::NotApplicable,
                },
                "decided a: film linked, soundtrack not_applicable",
            ),
        ];
        for (event, want) in cases {
            assert_eq!(line(&event), want);
        }
    }
}
