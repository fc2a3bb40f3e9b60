//! Deciding, per row, which Wikidata item and which MusicBrainz release group it is about:
//! pure functions of the row and the candidates read from the APIs (issue 21). Never links
//! the wrong film: an exact title and an independent second signal, and no rival, or the
//! row goes to review.
//!
//! - [`Classes`] and [`Kind`]: is a candidate a film or series? Its P31 classes, walked up
//!   P279 one level at a time, against an allow-list and a deny-list.
//! - [`film`] holds [`search_texts`], [`decide_film`] and [`notes`].
//! - [`release`] holds [`decide_release_group`].
//! - [`text`] holds [`normalise_title`], [`soundtrack_title`] and name comparison.

use std::collections::{BTreeMap, BTreeSet};

use super::{Decision, Evidence, FilmDecision, Item, ReleaseGroupDecision, RowQuery, Status};

pub mod film;
pub mod release;
pub mod text;

pub use film::{decide_film, notes, search_texts};
pub use release::decide_release_group;
pub use text::{normalise_title, soundtrack_title};

/// Film classes (P31 values, with their P279 subclasses). Q11424 is shown by a recorded
/// entity (openrefine-wikibase `tests/entities/Q11424.json`); the others are the ids several
/// public Wikidata clients use for these classes (`/work/shared/reference/linking.md` §4).
pub const FILM_CLASSES: &[(&str, &str)] = &[
    ("Q11424", "film"),
    ("Q24862", "short film"),
    ("Q93204", "documentary film"),
    ("Q202866", "animated film"),
    ("Q20650540", "anime film"),
    ("Q506240", "television film"),
    ("Q24869", "feature film"),
    ("Q29168811", "animated feature film"),
];

/// Series classes. Q5398426 is the P31 of a recorded television series
/// (openrefine-wikibase `tests/entities/Q3965121.json`); the others as for films.
pub const SERIES_CLASSES: &[(&str, &str)] = &[
    ("Q5398426", "television series"),
    ("Q1259759", "miniseries"),
    ("Q581714", "animated series"),
    ("Q63952888", "anime television series"),
    ("Q117467246", "animated television series"),
];

/// Classes that are never a film or series, whatever else they are: an item of one of them
/// (or of a subclass) is never linked. Album, single, song, literary work, written work,
/// compilation and live album, EP, human and disambiguation page are shown by recorded
/// entities of openrefine-wikibase's tests; episode, season and novel are the ids several
/// public clients use. Manga is left to the P279 walk (no id for it could be confirmed).
pub const DENIED_CLASSES: &[(&str, &str)] = &[
    ("Q21191270", "television series episode"),
    ("Q3464665", "television series season"),
    ("Q7725634", "literary work"),
    ("Q47461344", "written work"),
    ("Q8261", "novel"),
    ("Q7366", "song"),
    ("Q134556", "single"),
    ("Q482994", "album"),
    ("Q222910", "compilation album"),
    ("Q209939", "live album"),
    ("Q169930", "extended play"),
    ("Q5", "human"),
    ("Q4167410", "Wikimedia disambiguation page"),
];

/// How many P279 levels the run walks above an item's classes before it gives up: a class
/// still unknown after that is not a film ([`Kind::Other`]).
pub const CLASS_DEPTH: usize = 4;

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

/// What one class is found to be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassKind {
    Film,
    Series,
    Denied(String),
    /// Walked to the top without meeting a listed class.
    Root(String),
    /// Some ancestors are not known yet: these.
    Unknown(Vec<String>),
}

fn listed(list: &[(&str, &str)], class: &str) -> bool {
    list.iter().any(|(qid, _)| *qid == class)
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
        let mut out = BTreeSet::new();
        for item in items {
            if self.kind(item) != Kind::Unknown {
                continue;
            }
            for class in &item.instance_of {
                if let ClassKind::Unknown(frontier) = self.class_kind(class) {
                    out.extend(frontier);
                }
            }
        }
        out.into_iter().collect()
    }

    /// An episode or a song is never a film even if it is also typed as one: a denied class
    /// among the P31s wins; then film, then series; then unknown.
    pub fn kind(&self, item: &Item) -> Kind {
        let kinds: Vec<ClassKind> = item
            .instance_of
            .iter()
            .map(|c| self.class_kind(c))
            .collect();
        if let Some(ClassKind::Denied(c)) = kinds.iter().find(|k| matches!(k, ClassKind::Denied(_)))
        {
            return Kind::Other(c.clone());
        }
        if kinds.contains(&ClassKind::Film) {
            return Kind::Film;
        }
        if kinds.contains(&ClassKind::Series) {
            return Kind::Series;
        }
        if kinds.iter().any(|k| matches!(k, ClassKind::Unknown(_))) {
            return Kind::Unknown;
        }
        match item.instance_of.first() {
            Some(first) => Kind::Other(first.clone()),
            None => Kind::Other("no instance of (P31)".into()),
        }
    }

    /// Breadth first up P279: the nearest listed class decides (at equal distance a denied
    /// class wins over an allowed one).
    fn class_kind(&self, class: &str) -> ClassKind {
        let mut seen: BTreeSet<&str> = BTreeSet::from([class]);
        let mut level: Vec<&str> = vec![class];
        let mut frontier = Vec::new();
        while !level.is_empty() {
            if let Some(denied) = level.iter().find(|c| listed(DENIED_CLASSES, c)) {
                return ClassKind::Denied((*denied).to_string());
            }
            if level.iter().any(|c| listed(FILM_CLASSES, c)) {
                return ClassKind::Film;
            }
            if level.iter().any(|c| listed(SERIES_CLASSES, c)) {
                return ClassKind::Series;
            }
            let mut next = Vec::new();
            for c in &level {
                match self.parents.get(*c) {
                    Some(parents) => {
                        for p in parents {
                            if seen.insert(p.as_str()) {
                                next.push(p.as_str());
                            }
                        }
                    }
                    None => frontier.push((*c).to_string()),
                }
            }
            level = next;
        }
        if frontier.is_empty() {
            ClassKind::Root(class.to_string())
        } else {
            ClassKind::Unknown(frontier)
        }
    }
}

/// Words (as slugs) that make a title a compilation of several films' music.
const COMPILATION_MARKS: &[&str] = &[
    "music-for-films",
    "music-from-films",
    "music-from-the-films",
    "film-music",
    "films-music",
    "film-works",
    "filmworks",
    "soundtracks",
    "music-for-film-and-television",
    "music-for-film-and-tv",
    "film-and-tv-music",
    "film-and-television-music",
    "selected-film",
];

/// A compilation (several films' music) is never one film's item: `not_applicable`. Read
/// from the title or film title: "Music for Films", "Film Music", "Filmworks", "…
/// Soundtracks" (plural), matched as whole words; "Music for the Film Varmints" is one film.
pub fn is_compilation(row: &RowQuery) -> bool {
    [
        Some(&row.title),
        Some(&row.film_title),
        row.alt_title.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|t| {
        let s = format!("-{}-", normalise_title(t));
        COMPILATION_MARKS
            .iter()
            .any(|mark| s.contains(&format!("-{mark}-")))
    })
}

/// The decision for a compilation: not applicable for both services.
pub fn compilation(row: &RowQuery) -> Decision {
    let rule = "compilation".to_string();
    Decision {
        id: row.id.clone(),
        inputs: row.clone(),
        film: FilmDecision {
            status: Status::NotApplicable,
            rule: rule.clone(),
            wikidata: None,
            imdb: None,
            year: None,
            soundtracks: Vec::new(),
            evidence: Evidence::default(),
            candidates: Vec::new(),
        },
        release_group: ReleaseGroupDecision {
            status: Status::NotApplicable,
            rule,
            mbid: None,
            evidence: Evidence::default(),
            candidates: Vec::new(),
        },
        notes: vec![format!(
            "\"{}\" is a compilation of several films' music: no one film or release group to link",
            row.title
        )],
    }
}
