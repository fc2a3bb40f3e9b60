//! Deciding, per row, which Wikidata item and which MusicBrainz release group it is about:
//! pure functions of the row and the candidates read from the APIs (issue 21, filled on
//! the readers branch). Never links the wrong film: an exact title and an independent second
//! signal, and no rival, or the row goes to review.

use std::collections::BTreeMap;

use super::{Decision, FilmDecision, Item, ReleaseGroup, ReleaseGroupDecision, RowQuery};

/// What an item is, by its P31 classes and their P279 closure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Film,
    Series,
    /// Not a film or series; the class that says so.
    Other(String),
    /// Its classes are not yet known (fetch [`Classes::unknown`] and [`Classes::learn`]).
    Unknown,
}

/// The class hierarchy as far as it has been read: seeded with the allow-list (film,
/// short, documentary, animated, anime, television film; television series, miniseries,
/// anime series) and the classes that are never a film (episode, season, novel, song, …).
#[derive(Debug, Clone, Default)]
pub struct Classes {
    parents: BTreeMap<String, Vec<String>>,
}

impl Classes {
    pub fn new() -> Classes {
        Classes::default()
    }

    /// Records a class item's P279 parents.
    pub fn learn(&mut self, class: &Item) {
        self.parents
            .insert(class.id.clone(), class.subclass_of.clone());
    }

    /// The classes to fetch next, one P279 level at a time, sorted, for items whose kind is
    /// still [`Kind::Unknown`].
    pub fn unknown(&self, items: &[Item]) -> Vec<String> {
        let _ = items;
        Vec::new()
    }

    pub fn kind(&self, item: &Item) -> Kind {
        let _ = item;
        Kind::Unknown
    }
}

/// A compilation (several films' music) is never one film's item: `not_applicable`.
pub fn is_compilation(row: &RowQuery) -> bool {
    let _ = row;
    false
}

/// The decision for a compilation: not applicable for both services.
pub fn compilation(row: &RowQuery) -> Decision {
    let _ = row;
    unimplemented_decision(row)
}

/// What to search Wikidata for, and in which language: `(text, lang)`, English first.
pub fn search_texts(row: &RowQuery) -> Vec<(String, String)> {
    let _ = row;
    Vec::new()
}

/// The film or series for a row among `candidates` (read with `wbgetentities`), given the
/// class hierarchy and the people named by the candidates' P86 (keyed by QID).
pub fn decide_film(
    row: &RowQuery,
    candidates: &[Item],
    classes: &Classes,
    people: &BTreeMap<String, Item>,
) -> FilmDecision {
    let _ = (candidates, classes, people);
    unimplemented_decision(row).film
}

/// The release group: `groups` came from the film's P406 → P436 lookups when `via_wikidata`,
/// else from a search.
pub fn decide_release_group(
    row: &RowQuery,
    film: &FilmDecision,
    groups: &[ReleaseGroup],
    via_wikidata: bool,
) -> ReleaseGroupDecision {
    let _ = (film, groups, via_wikidata);
    unimplemented_decision(row).release_group
}

/// What a reviewer should know (the heading's year disagrees with Wikidata's, …).
pub fn notes(row: &RowQuery, film: &FilmDecision) -> Vec<String> {
    let _ = (row, film);
    Vec::new()
}

fn unimplemented_decision(row: &RowQuery) -> Decision {
    use super::{Evidence, Status};
    Decision {
        id: row.id.clone(),
        inputs: row.clone(),
        film: FilmDecision {
            status: Status::Unmatched,
            rule: "not-written".into(),
            wikidata: None,
            imdb: None,
            year: None,
            soundtracks: Vec::new(),
            evidence: Evidence::default(),
            candidates: Vec::new(),
        },
        release_group: ReleaseGroupDecision {
            status: Status::Unmatched,
            rule: "not-written".into(),
            mbid: None,
            evidence: Evidence::default(),
            candidates: Vec::new(),
        },
        notes: Vec::new(),
    }
}
