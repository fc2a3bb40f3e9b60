//! The refresh's last step: after a refresh that changed the rows, link the rows that need
//! a decision (the new and changed ones, and any never decided) to Wikidata and
//! MusicBrainz ([`crate::enrich::run`]). It never fails the refresh: when the services
//! cannot be reached or refuse, or the cache cannot be written, the rows stay unlinked and
//! the summary says so; the pages and rows are refreshed all the same, and the exit status
//! is the one they give.

use crate::enrich::client::ClientConfig;
use crate::enrich::run::{enrich, EnrichConfig, EnrichEvent, EnrichReport};

use super::report::escape;
use super::RefreshConfig;

/// What enrichment did after a refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrichment {
    /// It ran (it may have stopped asking early: [`EnrichReport::stopped`]).
    Ran(Box<EnrichReport>),
    /// It could not run (the cache or the rebuild failed); the rows stay as the refresh
    /// left them.
    Failed(String),
}

impl Enrichment {
    /// Why rows stayed unlinked, when something went wrong.
    pub fn trouble(&self) -> Option<&str> {
        match self {
            Enrichment::Ran(report) => report
                .stopped
                .as_ref()
                .filter(|s| !s.cap)
                .map(|s| s.reason.as_str()),
            Enrichment::Failed(reason) => Some(reason),
        }
    }
}

/// Runs enrichment over the refreshed fixtures and output with `client`.
pub(super) async fn after_refresh(config: &RefreshConfig, client: &ClientConfig) -> Enrichment {
    let config = EnrichConfig {
        fixtures: config.fixtures.clone(),
        out: config.out.clone(),
        build: config.build.clone(),
        client: client.clone(),
    };
    let result = enrich(&config, &mut log).await;
    match result {
        Ok(report) => Enrichment::Ran(Box::new(report)),
        Err(e) => {
            tracing::info!(error = %e, "enrichment failed; the rows stay unlinked");
            Enrichment::Failed(e.to_string())
        }
    }
}

/// Enrichment's progress in the log (`-v`), beside the fetcher's lines; what went wrong is
/// in the summary, so it is not a warning here too.
fn log(event: EnrichEvent) {
    match event {
        EnrichEvent::Asked {
            service,
            url,
            status,
        } => {
            tracing::debug!(service = service.as_str(), %url, ?status, "enrichment request");
        }
        EnrichEvent::Stopped { id, reason } => {
            tracing::info!(row = %id, %reason, "enrichment stopped asking");
        }
        other => tracing::info!(?other, "enrichment"),
    }
}

/// The report's section on links, for the pull request: counts per service, the rows
/// awaiting review with their top candidate, the rows unmatched, overridden or undecided,
/// and why asking stopped. Text from Wikidata and MusicBrainz is made inert as the site's.
pub(super) fn markdown(out: &mut String, enrichment: &Enrichment) {
    use crate::enrich::run::report::{candidate_text, subject};
    use crate::enrich::Service;
    use std::fmt::Write as _;
    let _ = writeln!(out, "\n## Links (Wikidata, MusicBrainz)\n");
    let report = match enrichment {
        Enrichment::Ran(report) => report,
        Enrichment::Failed(reason) => {
            let _ = writeln!(
                out,
                "The rows were not linked: {}. Run `soundtracks enrich` later.",
                escape(reason)
            );
            return;
        }
    };
    for service in [Service::Wikidata, Service::MusicBrainz] {
        let _ = writeln!(
            out,
            "- {}: {}",
            subject(service),
            report.counts_line(service)
        );
    }
    let review: Vec<_> = report.in_review().collect();
    if !review.is_empty() {
        let _ = writeln!(
            out,
            "\nAwaiting review (settle each in `fixtures/enrichment/overrides.json`):\n"
        );
        let _ = writeln!(out, "| row | link | top candidate |\n|---|---|---|");
        for a in review {
            let top = a.top.as_ref().map_or("(none)".to_string(), candidate_text);
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                a.id,
                subject(a.service),
                escape(&top)
            );
        }
    }
    let list = |ids: &[&str]| {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for service in [Service::Wikidata, Service::MusicBrainz] {
        let ids = report.unmatched(service);
        if !ids.is_empty() {
            let _ = writeln!(out, "\nUnmatched {}: {}", subject(service), list(&ids));
        }
    }
    for (label, ids) in [
        ("Overridden", &report.summary.overridden),
        ("Undecided", &report.undecided),
        (
            "Overrides for rows the dataset does not have",
            &report.summary.unknown_overrides,
        ),
    ] {
        if !ids.is_empty() {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let _ = writeln!(out, "\n{label}: {}", list(&ids));
        }
    }
    if let Some(stop) = &report.stopped {
        let what = if stop.cap {
            "The request cap was reached"
        } else {
            "Wikidata or MusicBrainz could not be asked"
        };
        let _ = writeln!(
            out,
            "\n{what} at `{}`: {}. The undecided rows stay unlinked until `soundtracks enrich` runs again; the refresh itself is not affected.",
            stop.id,
            escape(&stop.reason)
        );
    }
    let _ = writeln!(
        out,
        "\n{} request(s) to Wikidata and MusicBrainz, {} answered from the cache.",
        report.requests, report.cached
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::cache::Summary;
    use crate::enrich::run::{Awaiting, Stop};
    use crate::enrich::{Candidate, Service, Status};

    fn report() -> EnrichReport {
        let mut summary = Summary::default();
        summary.film.insert(Status::Linked, 2);
        summary.film.insert(Status::Review, 1);
        summary.release_group.insert(Status::Unmatched, 3);
        EnrichReport {
            rows: 3,
            decided: vec!["a".into(), "b".into()],
            summary,
            awaiting: vec![
                Awaiting {
                    id: "b".into(),
                    title: "B".into(),
                    service: Service::Wikidata,
                    status: Status::Review,
                    top: Some(Candidate {
                        id: "Q1000001".into(),
                        label: Some("B | @someone".into()),
                        description: Some("film #12".into()),
                        years: vec![1990],
                        composers: vec![],
                        note: None,
                    }),
                },
                Awaiting {
                    id: "a".into(),
                    title: "A".into(),
                    service: Service::MusicBrainz,
                    status: Status::Unmatched,
                    top: None,
                },
            ],
            undecided: vec!["c".into()],
            stopped: Some(Stop {
                id: "c".into(),
                reason: "http://127.0.0.1:9/w/api.php?…: connection refused".into(),
                cap: false,
            }),
            requests: 4,
            cached: 1,
            rebuilt: None,
        }
    }

    /// The section lists counts, reviews (with the candidate's text made inert), unmatched
    /// and undecided rows, and why asking stopped.
    #[test]
    fn the_links_section() {
        let mut out = String::new();
        markdown(&mut out, &Enrichment::Ran(Box::new(report())));
        for want in [
            "## Links (Wikidata, MusicBrainz)",
            "- film (Wikidata): 2 linked, 1 review, 0 unmatched, 0 not applicable",
            "- soundtrack (MusicBrainz): 0 linked, 0 review, 3 unmatched, 0 not applicable",
            "| `b` | film (Wikidata) | Q1000001 \"B \\| @\u{2060}someone\" (1990): film #\u{2060}12 |",
            "Unmatched soundtrack (MusicBrainz): `a`",
            "Undecided: `c`",
            "Wikidata or MusicBrainz could not be asked at `c`: http://127.0.0.1:9/w/api.php?…: connection refused.",
            "4 request(s) to Wikidata and MusicBrainz, 1 answered from the cache.",
        ] {
            assert!(out.contains(want), "{want:?} not in\n{out}");
        }
        assert_eq!(
            Enrichment::Ran(Box::new(report())).trouble(),
            Some("http://127.0.0.1:9/w/api.php?…: connection refused")
        );

        let mut out = String::new();
        let failed = Enrichment::Failed("fixtures/enrichment/overrides.json: bad".into());
        markdown(&mut out, &failed);
        assert!(
            out.contains("The rows were not linked: fixtures/enrichment/overrides.json: bad."),
            "{out}"
        );
        assert_eq!(
            failed.trouble(),
            Some("fixtures/enrichment/overrides.json: bad")
        );
    }
}
