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
            tracing::warn!(error = %e, "enrichment failed; the rows stay unlinked");
            Enrichment::Failed(e.to_string())
        }
    }
}

/// Enrichment's progress in the log (`-v`), beside the fetcher's lines.
fn log(event: EnrichEvent) {
    match event {
        EnrichEvent::Asked { service, url, ok } => {
            tracing::debug!(service = service.as_str(), %url, ok, "enrichment request");
        }
        EnrichEvent::Stopped { id, reason } => {
            tracing::warn!(row = %id, %reason, "enrichment stopped asking");
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
    let list = |ids: Vec<String>| {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let unmatched: Vec<String> = [Service::Wikidata, Service::MusicBrainz]
        .into_iter()
        .flat_map(|service| {
            report
                .unmatched(service)
                .into_iter()
                .map(move |id| format!("{id} ({})", subject(service)))
        })
        .collect();
    for (label, ids) in [
        ("Unmatched", unmatched),
        ("Overridden", report.summary.overridden.clone()),
        ("Undecided", report.undecided.clone()),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(out, "\n{label}: {}", list(ids));
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
