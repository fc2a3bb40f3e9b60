//! What an enrichment run did and how the rows stand after it: counts per service and
//! status, the rows awaiting review (with their top candidate) or unmatched, the rows left
//! undecided and why, the requests made. Plain values for the command line and the refresh
//! report; its text form is the terminal's (pure).

use std::fmt;
use std::path::PathBuf;

use crate::enrich::cache::{Cache, Summary};
use crate::enrich::{Candidate, RowQuery, Service, Status};

/// Why a run stopped asking before every row was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The row being decided when asking failed (it stays undecided).
    pub id: String,
    /// The error, naming the URL and what to do.
    pub reason: String,
    /// The per-run request cap was reached (not a failure: run again to go on).
    pub cap: bool,
}

/// A row a person should look at for one service: in review, or unmatched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaiting {
    pub id: String,
    /// The film's title as the heading gives it.
    pub title: String,
    pub service: Service,
    pub status: Status,
    /// The best candidate, if the matcher listed any.
    pub top: Option<Candidate>,
}

/// The run's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrichReport {
    /// Rows in the dataset.
    pub rows: usize,
    /// Rows decided in this run, in dataset order.
    pub decided: Vec<String>,
    /// How every row stands after the run: the decisions' counts per service, the rows
    /// overridden, and overrides for rows the dataset does not have.
    pub summary: Summary,
    /// Rows in review or unmatched that no override settles, in dataset order.
    pub awaiting: Vec<Awaiting>,
    /// Rows still without a current decision.
    pub undecided: Vec<String>,
    /// Set when asking stopped early.
    pub stopped: Option<Stop>,
    /// Requests sent (retries count), and requests answered from the cache.
    pub requests: usize,
    pub cached: usize,
    /// The dataset folder, when it was rebuilt (only when a decision was recorded).
    pub rebuilt: Option<PathBuf>,
}

impl EnrichReport {
    pub(super) fn new(
        cache: &Cache,
        rows: &[RowQuery],
        decided: Vec<String>,
        stopped: Option<Stop>,
        requests: usize,
        cached: usize,
        rebuilt: Option<PathBuf>,
    ) -> EnrichReport {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        EnrichReport {
            rows: rows.len(),
            decided,
            summary: cache.summary(&ids),
            awaiting: rows.iter().flat_map(|r| awaiting(cache, r)).collect(),
            undecided: rows
                .iter()
                .filter(|r| cache.needs_decision(r))
                .map(|r| r.id.clone())
                .collect(),
            stopped,
            requests,
            cached,
            rebuilt,
        }
    }

    /// Rows in review, for one service or both.
    pub fn in_review(&self) -> impl Iterator<Item = &Awaiting> {
        self.awaiting.iter().filter(|a| a.status == Status::Review)
    }

    /// The rows left unmatched for `service` that no override settles.
    pub fn unmatched(&self, service: Service) -> Vec<&str> {
        self.awaiting
            .iter()
            .filter(|a| a.status == Status::Unmatched && a.service == service)
            .map(|a| a.id.as_str())
            .collect()
    }

    /// How many rows' decisions have `status` for `service` (overrides aside).
    pub fn count(&self, service: Service, status: Status) -> usize {
        let counts = match service {
            Service::Wikidata => &self.summary.film,
            Service::MusicBrainz => &self.summary.release_group,
        };
        counts.get(&status).copied().unwrap_or(0)
    }

    /// `12 linked, 3 review, 11 unmatched, 1 not applicable`.
    pub fn counts_line(&self, service: Service) -> String {
        STATUSES
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    self.count(service, *s),
                    s.as_str().replace('_', " ")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const STATUSES: [Status; 4] = [
    Status::Linked,
    Status::Review,
    Status::Unmatched,
    Status::NotApplicable,
];

/// What the service is called in a report: what is linked, and where.
pub fn subject(service: Service) -> &'static str {
    match service {
        Service::Wikidata => "film (Wikidata)",
        Service::MusicBrainz => "soundtrack (MusicBrainz)",
    }
}

/// A row's review or unmatched entries, for each service an override does not settle.
fn awaiting(cache: &Cache, row: &RowQuery) -> Vec<Awaiting> {
    let Some(decision) = cache.decision(&row.id) else {
        return Vec::new();
    };
    if decision.inputs != *row {
        return Vec::new();
    }
    let over = cache.overrides().get(&row.id);
    let film_settled = over.is_some_and(|o| o.settles(Service::Wikidata));
    let group_settled = over.is_some_and(|o| o.settles(Service::MusicBrainz));
    let mut out = Vec::new();
    let entries = [
        (
            Service::Wikidata,
            decision.film.status,
            decision.film.candidates.first(),
            film_settled,
        ),
        (
            Service::MusicBrainz,
            decision.release_group.status,
            decision.release_group.candidates.first(),
            group_settled,
        ),
    ];
    for (service, status, top, settled) in entries {
        if !settled && matches!(status, Status::Review | Status::Unmatched) {
            out.push(Awaiting {
                id: row.id.clone(),
                title: row.film_title.clone(),
                service,
                status,
                top: top.cloned(),
            });
        }
    }
    out
}

/// `Q1000001 "Tron" (1982; Wendy Carlos): 1982 film by Steven Lisberger`.
pub fn candidate_text(c: &Candidate) -> String {
    let mut text = c.id.clone();
    if let Some(label) = &c.label {
        text.push_str(&format!(" {label:?}"));
    }
    let mut facts: Vec<String> = c.years.iter().map(ToString::to_string).collect();
    if !c.composers.is_empty() {
        facts.push(c.composers.join(", "));
    }
    if !facts.is_empty() {
        text.push_str(&format!(" ({})", facts.join("; ")));
    }
    if let Some(d) = &c.description {
        text.push_str(&format!(": {d}"));
    }
    if let Some(note) = &c.note {
        text.push_str(&format!(" [{note}]"));
    }
    text
}

impl fmt::Display for EnrichReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "enrich: {} row(s), {} decided in this run, {} undecided",
            self.rows,
            self.decided.len(),
            self.undecided.len()
        )?;
        for service in [Service::Wikidata, Service::MusicBrainz] {
            writeln!(f, "{}: {}", subject(service), self.counts_line(service))?;
        }
        if !self.summary.overridden.is_empty() {
            writeln!(
                f,
                "overridden (overrides.json): {}",
                self.summary.overridden.join(", ")
            )?;
        }
        if !self.summary.unknown_overrides.is_empty() {
            writeln!(
                f,
                "overrides for rows the dataset does not have (move them to the row's new id or delete them): {}",
                self.summary.unknown_overrides.join(", ")
            )?;
        }
        for a in self.in_review() {
            let top = match &a.top {
                Some(c) => format!(": top candidate {}", candidate_text(c)),
                None => String::new(),
            };
            writeln!(
                f,
                "review {} {} {:?}{top}",
                subject(a.service),
                a.id,
                a.title
            )?;
        }
        for service in [Service::Wikidata, Service::MusicBrainz] {
            let ids = self.unmatched(service);
            if !ids.is_empty() {
                writeln!(f, "unmatched {}: {}", subject(service), ids.join(", "))?;
            }
        }
        if let Some(stop) = &self.stopped {
            let what = if stop.cap {
                "stopped at the request cap"
            } else {
                "stopped asking"
            };
            writeln!(f, "{what} at row {}: {}", stop.id, stop.reason)?;
        }
        if !self.undecided.is_empty() {
            writeln!(f, "undecided: {}", self.undecided.join(", "))?;
        }
        writeln!(
            f,
            "{} request(s) to Wikidata and MusicBrainz, {} answered from the cache",
            self.requests, self.cached
        )?;
        match &self.rebuilt {
            Some(out) => writeln!(f, "rebuilt {}/ with the links", out.display()),
            None => writeln!(f, "no new decision: the dataset was not rebuilt"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{Decision, Evidence, FilmDecision, ReleaseGroupDecision};

    fn query(id: &str) -> RowQuery {
        RowQuery {
            id: id.into(),
            title: "The Garden".into(),
            alt_title: None,
            film_title: "The Garden".into(),
            composers: vec!["Simon Fisher Turner".into()],
            film_year: None,
            release_year: Some(1990),
        }
    }

    fn candidate(id: &str) -> Candidate {
        Candidate {
            id: id.into(),
            label: Some("The Garden".into()),
            description: Some("1990 film".into()),
            years: vec![1990],
            composers: vec!["Simon Fisher Turner".into()],
            note: Some("fits as well as another candidate".into()),
        }
    }

    fn decision(row: &RowQuery, film: Status, group: Status) -> Decision {
        Decision {
            id: row.id.clone(),
            inputs: row.clone(),
            film: FilmDecision {
                status: film,
                rule: "rival".into(),
                wikidata: None,
                imdb: None,
                year: None,
                soundtracks: Vec::new(),
                evidence: Evidence::default(),
                candidates: vec![candidate("Q1000061"), candidate("Q1000062")],
            },
            release_group: ReleaseGroupDecision {
                status: group,
                rule: "search".into(),
                mbid: None,
                evidence: Evidence::default(),
                candidates: Vec::new(),
            },
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_candidate_in_one_line() {
        assert_eq!(
            candidate_text(&candidate("Q1")),
            "Q1 \"The Garden\" (1990; Simon Fisher Turner): 1990 film [fits as well as another candidate]"
        );
        let bare = Candidate {
            id: "Q2".into(),
            label: None,
            description: None,
            years: vec![],
            composers: vec![],
            note: None,
        };
        assert_eq!(candidate_text(&bare), "Q2");
    }

    /// Review and unmatched rows are listed per service with their top candidate; a row
    /// decided from other inputs, or not decided, is undecided instead.
    #[test]
    fn rows_awaiting_a_person() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path()).unwrap();
        let (garden, changed, new) = (query("garden"), query("changed"), query("new"));
        cache
            .store_decision(decision(&garden, Status::Review, Status::Unmatched))
            .unwrap();
        let before = RowQuery {
            release_year: Some(1989),
            ..changed.clone()
        };
        cache
            .store_decision(decision(&before, Status::Review, Status::Review))
            .unwrap();
        let rows = [garden, changed, new];
        let report = EnrichReport::new(&cache, &rows, vec![], None, 0, 0, None);
        let got: Vec<(&str, Service, Status, Option<&str>)> = report
            .awaiting
            .iter()
            .map(|a| {
                let top = a.top.as_ref().map(|c| c.id.as_str());
                (a.id.as_str(), a.service, a.status, top)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "garden",
                    Service::Wikidata,
                    Status::Review,
                    Some("Q1000061")
                ),
                ("garden", Service::MusicBrainz, Status::Unmatched, None),
            ]
        );
        assert_eq!(report.undecided, ["changed", "new"]);
        assert_eq!(report.in_review().count(), 1);
        let text = report.to_string();
        assert!(
            text.contains(
                "review film (Wikidata) garden \"The Garden\": top candidate Q1000061 \"The Garden\""
            ),
            "{text}"
        );
        assert!(text.contains("undecided: changed, new"), "{text}");
        assert!(
            text.contains("unmatched soundtrack (MusicBrainz): garden\n"),
            "{text}"
        );
        assert!(text.contains("the dataset was not rebuilt"), "{text}");
    }

    /// An override settles what it sets: the film's review is no longer listed, the
    /// soundtrack's unmatched still is, and the row is reported as overridden.
    #[test]
    fn an_override_settles_what_it_sets() {
        let dir = tempfile::tempdir().unwrap();
        let garden = query("garden");
        let mut cache = Cache::open(dir.path()).unwrap();
        cache
            .store_decision(decision(&garden, Status::Review, Status::Unmatched))
            .unwrap();
        std::fs::write(
            dir.path().join("enrichment/overrides.json"),
            r#"{"garden": {"film_wikidata": "Q1000061", "note": "the 1990 film"}}"#,
        )
        .unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let rows = [garden];
        let report = EnrichReport::new(&cache, &rows, vec![], None, 0, 0, None);
        assert_eq!(report.in_review().count(), 0);
        assert_eq!(report.unmatched(Service::MusicBrainz), ["garden"]);
        assert_eq!(report.summary.overridden, ["garden"]);
        assert!(
            report
                .to_string()
                .contains("overridden (overrides.json): garden"),
            "{report}"
        );
    }
}
