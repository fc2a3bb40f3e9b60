//! The film or series of a row: what to search Wikidata for, and which candidate (if any)
//! to link (issue 21). Pure.
//!
//! The rules, each named in the decision's `rule`:
//! - `title+composer+year`, `title+composer`, `title+year` (linked): the candidate is a film
//!   or series ([`Classes::kind`]), its normalised label or alias (any language asked for)
//!   equals the row's film title (or its alternative title), and a second, independent
//!   signal agrees: a composer of the row is among the labels and aliases of the item's P86
//!   people, or the year fits ([`year_fits`]). The strongest candidate wins only when no
//!   other candidate is as strong.
//! - `rival` (review): two or more candidates are equally strong.
//! - `title-only` (review): film or series candidates with the exact title, no second signal.
//! - `no-exact-title` (unmatched): candidates, none a film or series with the exact title.
//! - `no-candidate` (unmatched): the searches found nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::text::{guess_language, normalise_title, same_name, soundtrack_title};
use super::{Classes, Kind};
use crate::enrich::{Candidate, Evidence, FilmDecision, Item, RowQuery, Status};

/// Without a film year in the heading, the item's earliest year fits when it is at most this
/// many years before the soundtrack's release year (premieres, festival runs and late
/// albums: Koyaanisqatsi 1982 → 1983, It Follows 2014 → 2015)…
pub const YEARS_BEFORE_RELEASE: i32 = 3;
/// …or at most this many years after it (an album out weeks before a January release).
pub const YEARS_AFTER_RELEASE: i32 = 1;

/// How many candidates a review lists.
pub const MAX_CANDIDATES: usize = 5;

/// What to search Wikidata for, and in which language: `(text, lang)`, English first: the
/// film title, the alternative title when it names the film differently ("Lift To The
/// Scaffold"), the film title in its own language when its letters say which
/// ([`guess_language`]), and the film title under `mul` (the language-independent labels
/// many film items now carry their title under). No repeats, no blank texts.
pub fn search_texts(row: &RowQuery) -> Vec<(String, String)> {
    let film = row.film_title.trim().to_string();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |text: String, lang: &str| {
        if !normalise_title(&text).is_empty() && !out.iter().any(|(t, l)| *t == text && l == lang) {
            out.push((text, lang.to_string()));
        }
    };
    push(film.clone(), "en");
    if let Some(alt) = &row.alt_title {
        let alt = soundtrack_title(alt);
        if normalise_title(&alt) != normalise_title(&film) {
            push(alt, "en");
        }
    }
    if let Some(title) = without_possessive(&film) {
        push(title, "en");
    }
    if let Some(lang) = guess_language(&film) {
        push(film.clone(), lang);
    }
    push(film, "mul");
    out
}

/// The row's titles a label or alias may equal, normalised: the film title, the
/// alternative title without its soundtrack boilerplate, and the film title without a
/// presenter's possessive ([`without_possessive`]).
fn row_titles(row: &RowQuery) -> BTreeSet<String> {
    [
        Some(row.film_title.clone()),
        row.alt_title.as_deref().map(soundtrack_title),
        without_possessive(&row.film_title),
    ]
    .into_iter()
    .flatten()
    .map(|t| normalise_title(&t))
    .filter(|t| !t.is_empty())
    .collect()
}

/// A title presented by a person or studio of two or three words, without them: "Walt
/// Disney’s Fantasia" → "Fantasia". A one-word possessive is part of the title
/// ("Schindler's List", "Ocean's Eleven") and is kept.
pub fn without_possessive(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let at = words.iter().position(|w| {
        let lower = w.to_lowercase();
        lower.ends_with("’s") || lower.ends_with("'s")
    })?;
    if !(1..=2).contains(&at) || at + 1 >= words.len() {
        return None;
    }
    Some(words[at + 1..].join(" "))
}

/// An item's label in the first language that has one: English, `mul`, then any.
pub fn label(item: &Item) -> Option<String> {
    item.labels
        .get("en")
        .or_else(|| item.labels.get("mul"))
        .or_else(|| item.labels.values().next())
        .cloned()
}

/// The label or alias equal to one of `titles`, as `"lang: text"`: labels before aliases,
/// English and `mul` before the other languages.
fn title_match(item: &Item, titles: &BTreeSet<String>) -> Option<String> {
    let order = |lang: &str| match lang {
        "en" => 0,
        "mul" => 1,
        _ => 2,
    };
    let mut terms: Vec<(u8, i32, &str, &str)> = Vec::new();
    for (lang, text) in &item.labels {
        terms.push((0, order(lang), lang, text));
    }
    for (lang, texts) in &item.aliases {
        for text in texts {
            terms.push((1, order(lang), lang, text));
        }
    }
    terms.sort_by_key(|(kind, order, _, _)| (*kind, *order));
    terms
        .into_iter()
        .find(|(_, _, _, text)| titles.contains(&normalise_title(text)))
        .map(|(_, _, lang, text)| format!("{lang}: {text}"))
}

/// Every name of a person item: labels and aliases in every language asked for.
fn names(person: &Item) -> impl Iterator<Item = &String> {
    person
        .labels
        .values()
        .chain(person.aliases.values().flatten())
}

/// The row's composers found among the item's P86 people (by any of their names).
fn composer_matches(row: &RowQuery, item: &Item, people: &BTreeMap<String, Item>) -> Vec<String> {
    row.composers
        .iter()
        .filter(|composer| {
            item.composers.iter().any(|qid| {
                people
                    .get(qid)
                    .is_some_and(|p| names(p).any(|n| same_name(n, composer)))
            })
        })
        .cloned()
        .collect()
}

/// The years that make the item's year fit the row: the heading's film year when the
/// heading states one (it must be among the item's years), else the item's earliest year
/// within [`YEARS_BEFORE_RELEASE`] before to [`YEARS_AFTER_RELEASE`] after the release year.
pub fn year_fits(row: &RowQuery, item: &Item) -> Vec<i32> {
    if let Some(year) = row.film_year {
        return if item.publication_years.contains(&year) {
            vec![year]
        } else {
            Vec::new()
        };
    }
    match (item.publication_years.first(), row.release_year) {
        (Some(&earliest), Some(release))
            if earliest >= release.saturating_sub(YEARS_BEFORE_RELEASE)
                && earliest <= release.saturating_add(YEARS_AFTER_RELEASE) =>
        {
            vec![earliest]
        }
        _ => Vec::new(),
    }
}

/// One candidate weighed against the row.
struct Assessed<'a> {
    item: &'a Item,
    kind: Kind,
    title: Option<String>,
    composers: Vec<String>,
    years: Vec<i32>,
}

impl Assessed<'_> {
    fn eligible(&self) -> bool {
        matches!(self.kind, Kind::Film | Kind::Series) && self.title.is_some()
    }

    /// 0 when not eligible; else 1 + one per agreeing signal.
    fn strength(&self) -> usize {
        if !self.eligible() {
            return 0;
        }
        1 + usize::from(!self.composers.is_empty()) + usize::from(!self.years.is_empty())
    }

    fn evidence(&self) -> Evidence {
        Evidence {
            title: self.title.clone(),
            composers: self.composers.clone(),
            years: self.years.clone(),
        }
    }

    fn rule(&self) -> &'static str {
        match (self.composers.is_empty(), self.years.is_empty()) {
            (false, false) => "title+composer+year",
            (false, true) => "title+composer",
            _ => "title+year",
        }
    }

    fn candidate(&self, people: &BTreeMap<String, Item>, note: Option<String>) -> Candidate {
        Candidate {
            id: self.item.id.clone(),
            label: label(self.item),
            description: self
                .item
                .descriptions
                .get("en")
                .or_else(|| self.item.descriptions.get("mul"))
                .or_else(|| self.item.descriptions.values().next())
                .cloned(),
            years: self.item.publication_years.clone(),
            composers: self
                .item
                .composers
                .iter()
                .map(|qid| {
                    people
                        .get(qid)
                        .and_then(label)
                        .unwrap_or_else(|| qid.clone())
                })
                .collect(),
            note,
        }
    }

    /// Why this candidate was not linked.
    fn note(&self) -> Option<String> {
        match &self.kind {
            Kind::Other(class) => Some(format!("not a film or series ({class})")),
            Kind::Unknown => Some("its classes were not resolved to a film or series".into()),
            _ if self.title.is_none() => Some("no label or alias equals the title".into()),
            _ if self.strength() == 1 => {
                Some("title only: no composer or year of the row agrees".into())
            }
            _ => None,
        }
    }
}

/// `Q123` → 123, for a stable order among equals.
fn qid_number(id: &str) -> u64 {
    id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
}

/// The film or series for a row among `candidates` (read with `wbgetentities`), given the
/// class hierarchy and the people named by the candidates' P86 (keyed by QID). Candidates
/// repeated (found by several searches) count once.
pub fn decide_film(
    row: &RowQuery,
    candidates: &[Item],
    classes: &Classes,
    people: &BTreeMap<String, Item>,
) -> FilmDecision {
    let titles = row_titles(row);
    let mut seen = BTreeSet::new();
    let mut assessed: Vec<Assessed> = candidates
        .iter()
        .filter(|item| seen.insert(item.id.clone()))
        .map(|item| {
            let kind = classes.kind(item);
            Assessed {
                item,
                title: title_match(item, &titles),
                composers: composer_matches(row, item, people),
                years: year_fits(row, item),
                kind,
            }
        })
        .collect();
    assessed.sort_by_key(|a| {
        (
            std::cmp::Reverse(a.strength()),
            !matches!(a.kind, Kind::Film | Kind::Series),
            qid_number(&a.item.id),
        )
    });
    let best = assessed.first().map(Assessed::strength).unwrap_or(0);
    let tied = assessed.iter().filter(|a| a.strength() == best).count();
    let unlinked = |status: Status, rule: &str, rival: bool| FilmDecision {
        status,
        rule: rule.to_string(),
        wikidata: None,
        imdb: None,
        year: None,
        soundtracks: Vec::new(),
        evidence: Evidence::default(),
        candidates: assessed
            .iter()
            .take(MAX_CANDIDATES)
            .map(|a| {
                let note = if rival && a.strength() == best {
                    Some("fits as well as another candidate".to_string())
                } else {
                    a.note()
                };
                a.candidate(people, note)
            })
            .collect(),
    };
    match assessed.first() {
        None => unlinked(Status::Unmatched, "no-candidate", false),
        Some(top) if best >= 2 && tied == 1 => FilmDecision {
            status: Status::Linked,
            rule: top.rule().to_string(),
            wikidata: Some(top.item.id.clone()),
            imdb: top
                .item
                .imdb
                .iter()
                .find(|id| crate::enrich::cache::is_imdb(id))
                .cloned(),
            year: top.item.publication_years.first().copied(),
            soundtracks: top.item.soundtracks.clone(),
            evidence: top.evidence(),
            candidates: Vec::new(),
        },
        Some(_) if best >= 2 => unlinked(Status::Review, "rival", true),
        Some(_) if best == 1 => unlinked(Status::Review, "title-only", false),
        Some(_) => unlinked(Status::Unmatched, "no-exact-title", false),
    }
}

/// What a reviewer should know: the heading's film year disagrees with Wikidata's earliest
/// year (the heading's is kept), the linked item has no usable year, or its earliest year is
/// after the soundtrack's release.
pub fn notes(row: &RowQuery, film: &FilmDecision) -> Vec<String> {
    let mut notes = Vec::new();
    let (Status::Linked, Some(qid)) = (film.status, &film.wikidata) else {
        return notes;
    };
    match (row.film_year, film.year) {
        (Some(heading), Some(wikidata)) if heading != wikidata => notes.push(format!(
            "the heading gives the film's year as {heading}, Wikidata's earliest date for {qid} is {wikidata}; the heading's year is kept"
        )),
        (_, None) => notes.push(format!("Wikidata gives no usable year for {qid}")),
        _ => {}
    }
    if let (Some(release), Some(year)) = (row.release_year, film.year) {
        if year > release.saturating_add(YEARS_AFTER_RELEASE) {
            notes.push(format!(
                "Wikidata's earliest year for {qid} ({year}) is after the soundtrack's release ({release})"
            ));
        }
    }
    notes
}
