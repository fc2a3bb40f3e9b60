//! The soundtrack's MusicBrainz release group (issue 21). Pure.
//!
//! A group fits when its title, without soundtrack boilerplate, equals the row's title,
//! alternative title or film title; a credited artist (as credited, or by the artist's
//! name) is one of the row's composers; its first release is no later than the row's
//! release year + 1 (reissue groups first released later are out); and it is not a single,
//! nor typed with secondary types that exclude a soundtrack (remix, live, …; untyped groups
//! are common for soundtracks and pass). The search score is never used.
//!
//! Rules: `wikidata-p406` (groups from the linked film's P406 album's P436: the film link
//! already ties them to the film, so the title, a composer, or the group's own Wikidata
//! link back to that album must agree, with the year and type checks), `search` (title *and* composer), `rival` (review: several fit equally),
//! `partial` (review: title or composer agree, not all checks pass), `no-match` and
//! `no-candidate` (unmatched).

use std::collections::BTreeSet;

use super::text::{normalise_title, same_name, soundtrack_title};
use crate::enrich::{
    Candidate, Evidence, FilmDecision, ReleaseGroup, ReleaseGroupDecision, RowQuery, Status,
};

/// How many candidates a review lists.
const MAX_CANDIDATES: usize = 5;

/// The row's titles a group title may equal, normalised and without boilerplate.
fn row_titles(row: &RowQuery) -> BTreeSet<String> {
    [
        Some(&row.title),
        row.alt_title.as_ref(),
        Some(&row.film_title),
    ]
    .into_iter()
    .flatten()
    .map(|t| normalise_title(&soundtrack_title(t)))
    .filter(|t| !t.is_empty())
    .collect()
}

struct GroupFit<'a> {
    group: &'a ReleaseGroup,
    /// The group's own Wikidata link names one of the film's P406 albums.
    album: bool,
    title: bool,
    composers: Vec<String>,
    year: bool,
    kind_ok: bool,
    soundtrack: bool,
}

impl GroupFit<'_> {
    fn fits(&self, via_wikidata: bool) -> bool {
        let names = if via_wikidata {
            self.album || self.title || !self.composers.is_empty()
        } else {
            self.title && !self.composers.is_empty()
        };
        names && self.year && self.kind_ok
    }

    /// For ordering and ties: fits first, then how much agrees.
    fn strength(&self, via_wikidata: bool) -> usize {
        usize::from(self.fits(via_wikidata)) * 10
            + usize::from(self.album)
            + usize::from(self.title)
            + usize::from(!self.composers.is_empty())
            + usize::from(self.soundtrack)
    }

    fn note(&self) -> Option<String> {
        let mut why = Vec::new();
        if !self.title {
            why.push("title differs");
        }
        if self.composers.is_empty() {
            why.push("no composer of the row is credited");
        }
        if !self.year {
            why.push("first released after the row's release year + 1, or undated");
        }
        if !self.kind_ok {
            why.push("not a soundtrack album (single, or other secondary types)");
        }
        (!why.is_empty()).then(|| why.join("; "))
    }

    fn candidate(&self, note: Option<String>) -> Candidate {
        Candidate {
            id: self.group.id.clone(),
            label: Some(self.group.title.clone()),
            description: self.group.disambiguation.clone(),
            years: self.group.first_release_year.into_iter().collect(),
            composers: self.group.credits.iter().map(|c| c.name.clone()).collect(),
            note,
        }
    }
}

fn assess<'a>(
    row: &RowQuery,
    film: &FilmDecision,
    titles: &BTreeSet<String>,
    group: &'a ReleaseGroup,
) -> GroupFit<'a> {
    let composers = row
        .composers
        .iter()
        .filter(|composer| {
            group.credits.iter().any(|c| {
                same_name(&c.name, composer)
                    || c.artist_name
                        .as_deref()
                        .is_some_and(|n| same_name(n, composer))
            })
        })
        .cloned()
        .collect();
    let year = match (group.first_release_year, row.release_year) {
        (Some(first), Some(release)) => first <= release.saturating_add(1),
        _ => false,
    };
    let soundtrack = group
        .secondary_types
        .iter()
        .any(|t| t.eq_ignore_ascii_case("soundtrack"));
    let single = group
        .primary_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("single"));
    let album = group.wikidata.iter().any(|url| {
        film.soundtracks
            .iter()
            .any(|qid| url.rsplit('/').next() == Some(qid.as_str()))
    });
    GroupFit {
        group,
        album,
        title: titles.contains(&normalise_title(&soundtrack_title(&group.title))),
        composers,
        year,
        kind_ok: !single && (group.secondary_types.is_empty() || soundtrack),
        soundtrack,
    }
}

/// The release group: `groups` came from the film's P406 → P436 lookups when `via_wikidata`,
/// else from a search. Groups repeated count once.
pub fn decide_release_group(
    row: &RowQuery,
    film: &FilmDecision,
    groups: &[ReleaseGroup],
    via_wikidata: bool,
) -> ReleaseGroupDecision {
    // Groups reached through Wikidata stand for the film only when the film is linked.
    let via_wikidata = via_wikidata && film.status == Status::Linked;
    let titles = row_titles(row);
    let mut seen = BTreeSet::new();
    let mut fits: Vec<GroupFit> = groups
        .iter()
        .filter(|g| seen.insert(g.id.clone()))
        .map(|g| assess(row, film, &titles, g))
        .collect();
    fits.sort_by(|a, b| {
        b.strength(via_wikidata)
            .cmp(&a.strength(via_wikidata))
            .then_with(|| a.group.id.cmp(&b.group.id))
    });
    let matching: Vec<&GroupFit> = fits.iter().filter(|f| f.fits(via_wikidata)).collect();
    let best = matching.first().map(|f| f.strength(via_wikidata));
    let tied = matching
        .iter()
        .filter(|f| Some(f.strength(via_wikidata)) == best)
        .count();
    let linked_rule = if via_wikidata {
        "wikidata-p406"
    } else {
        "search"
    };
    let unlinked = |status: Status, rule: &str| ReleaseGroupDecision {
        status,
        rule: rule.to_string(),
        mbid: None,
        evidence: Evidence::default(),
        candidates: fits
            .iter()
            .take(MAX_CANDIDATES)
            .map(|f| {
                let note = if rule == "rival" && Some(f.strength(via_wikidata)) == best {
                    Some("fits as well as another group".to_string())
                } else {
                    f.note()
                };
                f.candidate(note)
            })
            .collect(),
    };
    match matching.first() {
        Some(top) if tied == 1 => ReleaseGroupDecision {
            status: Status::Linked,
            rule: linked_rule.to_string(),
            mbid: Some(top.group.id.clone()),
            evidence: Evidence {
                title: top.title.then(|| top.group.title.clone()),
                composers: top.composers.clone(),
                years: top.group.first_release_year.into_iter().collect(),
            },
            candidates: Vec::new(),
        },
        Some(_) => unlinked(Status::Review, "rival"),
        None if fits.is_empty() => unlinked(Status::Unmatched, "no-candidate"),
        None if fits.iter().any(|f| f.title || !f.composers.is_empty()) => {
            unlinked(Status::Review, "partial")
        }
        None => unlinked(Status::Unmatched, "no-match"),
    }
}
