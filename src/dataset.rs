//! Parsed pages → dataset rows: which part each page is, row ids, positions, sections,
//! the interpreted heading, review text and source URL. Pure: no I/O.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::enrich::Links;
use crate::error::{Error, Result};
use crate::meta::FixtureMeta;
use crate::model::{
    year_and_basis, Article, Dataset, FilmYearSource, Page, Problem, RawEntry, Row,
};
use crate::parse::heading;
use crate::parse::page::PageError;
use crate::parse::part;
use crate::parse::text::slug;

/// One page as read from disk, with what is known about where it came from.
#[derive(Debug, Clone)]
pub(crate) struct SourcePage {
    /// Display path of the page file (relative to the input it was found under), as
    /// recorded in the manifest.
    pub file: String,
    /// The path it was read from, for error messages.
    pub path: PathBuf,
    pub sha256: String,
    pub encoding: String,
    pub meta: Option<FixtureMeta>,
    pub page: Page,
}

/// Turns parsed pages into the dataset. Rows are ordered by part, then position.
pub(crate) fn assemble(mut pages: Vec<SourcePage>) -> Result<Dataset> {
    let mut by_part: BTreeMap<i32, SourcePage> = BTreeMap::new();
    for source in pages.drain(..) {
        // At most `part::MAX_PART`, so the conversion cannot fail.
        let part = part::of_page(&source.page.title, source_url(&source).as_deref())
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| Error::Page {
                path: source.path.clone(),
                source: PageError::NoPart {
                    title: source.page.title.clone(),
                },
            })?;
        if let Some(first) = by_part.get(&part) {
            return Err(Error::DuplicatePart {
                part,
                url: source_url(first).unwrap_or_default(),
                first: first.path.display().to_string(),
                second: source.path.display().to_string(),
            });
        }
        by_part.insert(part, source);
    }

    let mut dataset = Dataset::default();
    // Sized once: grown by doubling, a large table briefly holds its old and new buffers
    // and keeps part of its capacity unused.
    dataset
        .rows
        .reserve_exact(by_part.values().map(|s| s.page.entries.len()).sum());
    for (part, mut source) in by_part {
        let url = source_url(&source).ok_or_else(|| Error::Page {
            path: source.path.clone(),
            source: PageError::NoUrl,
        })?;
        // Each entry is consumed as its row is made: a large page's text is not held twice.
        let entries = std::mem::take(&mut source.page.entries);
        let entry_count = entries.len();
        for (i, entry) in entries.into_iter().enumerate() {
            let position = i as i32 + 1;
            let row = entry_row(
                entry,
                part,
                position,
                &url,
                &source.file,
                &mut dataset.problems,
            );
            dataset.rows.push(row);
        }
        dataset.articles.push(Article {
            file: source.file.clone(),
            url,
            part,
            title: source.page.title.clone(),
            published: source.page.published.as_deref().and_then(published_date),
            fetched_at: source.meta.as_ref().and_then(|m| m.fetched_at.clone()),
            sha256: source.sha256.clone(),
            encoding: source.encoding.clone(),
            entries: entry_count,
            source: source.meta.as_ref().and_then(|m| m.provenance.source),
            captured_at: source
                .meta
                .as_ref()
                .and_then(|m| m.provenance.captured_at.clone()),
            note: source.meta.as_ref().and_then(|m| m.note.clone()),
        });
    }
    assign_ids(&mut dataset.rows);
    Ok(dataset)
}

/// One entry's row: its heading parsed (a heading that does not parse fully is recorded in
/// `problems` and its partial reading used).
fn entry_row(
    entry: RawEntry,
    part: i32,
    position: i32,
    url: &str,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Row {
    let mut h = match heading::parse(&entry.heading) {
        Ok(h) => h,
        Err(e) => {
            problems.push(Problem {
                file: file.to_string(),
                part,
                position,
                heading: entry.heading.clone(),
                reasons: e.problems.clone(),
            });
            *e.partial
        }
    };
    // Rows live until every output is written: lists grown by pushing keep room for four
    // items (measured for issue 11; the history of BENCHMARKS.md), so they are trimmed.
    h.composers.shrink_to_fit();
    h.releases.shrink_to_fit();
    for release in &mut h.releases {
        release.labels.shrink_to_fit();
    }
    let release_year = h.release_year();
    let (year, year_basis, decade) = year_and_basis(h.film_year, release_year);
    Row {
        id: String::new(),
        part,
        position,
        section: entry.section,
        heading: entry.heading,
        release_year,
        year,
        year_basis,
        decade,
        labels: h.labels(),
        composer: h.composer,
        composers: h.composers,
        title: h.title,
        alt_title: h.alt_title,
        film_title: h.film_title,
        film_year_source: h.film_year.map(|_| FilmYearSource::Heading),
        film_year: h.film_year,
        releases: h.releases,
        reviewer: entry.reviewer,
        review: entry.paragraphs.join("\n\n"),
        source_url: url.to_string(),
        film_wikidata: None,
        film_imdb: None,
        release_group_mbid: None,
    }
}

/// Gives each row its links from the enrichment cache (by row id). The heading's film year
/// always wins; Wikidata's fills `film_year` only where the heading states none, and then
/// `year`, `year_basis` and `decade` follow it as they follow a heading's film year.
pub(crate) fn apply_links(rows: &mut [Row], links: &BTreeMap<String, Links>) {
    for row in rows {
        let Some(l) = links.get(&row.id) else {
            continue;
        };
        row.film_wikidata = l.film_wikidata.clone();
        row.film_imdb = l.film_imdb.clone();
        row.release_group_mbid = l.release_group_mbid.clone();
        let from_heading =
            row.film_year.is_some() && row.film_year_source != Some(FilmYearSource::Wikidata);
        if from_heading {
            continue;
        }
        row.film_year = l.film_year;
        row.film_year_source = l.film_year.map(|_| FilmYearSource::Wikidata);
        (row.year, row.year_basis, row.decade) = year_and_basis(row.film_year, row.release_year);
    }
}

/// The calendar date of a published time as the page states it (`2023-05-08T09:00:00+01:00`
/// → `2023-05-08`, in the page's own offset): the day is what the article says; a time of
/// day would often be invented (a reconstruction writes midnight). `None` unless it starts
/// with a `YYYY-MM-DD` date.
fn published_date(published: &str) -> Option<String> {
    let date = published.trim().get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| date.to_string())
}

/// `<link rel=canonical>`, else `og:url`, else the URL the page was fetched from.
fn source_url(source: &SourcePage) -> Option<String> {
    source
        .page
        .canonical_url
        .clone()
        .or_else(|| source.page.og_url.clone())
        .or_else(|| source.meta.as_ref().map(|m| m.url.clone()))
        .filter(|u| !u.is_empty())
}

/// Ids are slugs of the composer credit and title; a repeated slug gets `-2`, `-3`, … in
/// row order, so ids stay stable as long as the list's order does.
fn assign_ids(rows: &mut [Row]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut() {
        let base = match &row.composer {
            Some(c) => slug(&format!("{c} {}", row.title)),
            None => slug(&row.title),
        };
        let base = if base.is_empty() {
            format!("part-{}-entry-{}", row.part, row.position)
        } else {
            base
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        row.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_dates() {
        for (given, want) in [
            ("2023-05-08T00:00:00+00:00", Some("2023-05-08")),
            ("2023-05-09T23:30:00-07:00", Some("2023-05-09")),
            (" 2023-05-08", Some("2023-05-08")),
            ("2023-5-8", None),
            ("May 8, 2023", None),
            ("2023-05-0", None),
            ("", None),
            ("２０２３-05-08", None),
        ] {
            assert_eq!(published_date(given).as_deref(), want, "{given:?}");
        }
    }
    use crate::model::{RawEntry, Section};

    fn source(file: &str, title: &str, headings: &[&str]) -> SourcePage {
        SourcePage {
            file: file.into(),
            path: PathBuf::from("pages").join(file),
            sha256: "00".into(),
            encoding: "UTF-8".into(),
            meta: None,
            page: Page {
                title: title.into(),
                canonical_url: Some(format!("https://example.org/{file}")),
                og_url: None,
                published: None,
                entries: headings
                    .iter()
                    .map(|h| RawEntry {
                        heading: h.to_string(),
                        section: Section::Main,
                        paragraphs: vec!["One.".into(), "Two.".into()],
                        reviewer: Some("Jane Doe".into()),
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn rows_are_ordered_by_part_with_unique_ids() {
        let ds = assemble(vec![
            source("b.html", "List ~ Part Two", &["A ~ B (L, 1990)"]),
            source(
                "a.html",
                "List ~ Part One",
                &["A ~ B (L, 1990)", "C ~ D (L, 1991)", "A ~ B (M, 1992)"],
            ),
        ])
        .unwrap();
        let got: Vec<(i32, i32, &str)> = ds
            .rows
            .iter()
            .map(|r| (r.part, r.position, r.id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 1, "a-b"),
                (1, 2, "c-d"),
                (1, 3, "a-b-2"),
                (2, 1, "a-b-3")
            ]
        );
        assert_eq!(ds.rows[0].review, "One.\n\nTwo.");
        assert_eq!(ds.rows[3].source_url, "https://example.org/b.html");
        assert_eq!(ds.articles.len(), 2);
        assert!(ds.problems.is_empty());
    }

    #[test]
    fn broken_heading_is_kept_and_reported() {
        let ds = assemble(vec![source("a.html", "List ~ Part One", &["A ~ B"])]).unwrap();
        assert_eq!(ds.rows.len(), 1);
        assert_eq!(ds.rows[0].title, "B");
        assert_eq!(ds.problems.len(), 1);
        assert_eq!(ds.problems[0].position, 1);
        assert!(
            ds.problems[0].reason().contains("no `(Label, Year)`"),
            "{}",
            ds.problems[0].reason()
        );
    }

    /// Regression: `build` read parts one to ten and `refresh` one to twenty, so a "Part
    /// Eleven" that refresh saved was refused by build. Both now read titles with crate::parse::part.
    #[test]
    fn part_eleven_found_by_refresh_is_accepted_by_build() {
        let ds = assemble(vec![
            source("a.html", "List ~ Part Eleven", &["A ~ B (L, 1990)"]),
            source("b.html", "List ~ Part XII", &["C ~ D (L, 1990)"]),
            source("c.html", "List ~ Part Twenty-One", &["E ~ F (L, 1990)"]),
        ])
        .unwrap();
        let parts: Vec<i32> = ds.articles.iter().map(|a| a.part).collect();
        assert_eq!(parts, [11, 12, 21]);
    }

    #[test]
    fn page_errors_name_the_file() {
        let err =
            assemble(vec![source("x.html", "No part here", &["A ~ B (L, 1990)"])]).unwrap_err();
        assert!(err.to_string().starts_with("pages/x.html: "), "{err}");
        let err = assemble(vec![
            source("a.html", "L ~ Part One", &["A ~ B (L, 1990)"]),
            source("b.html", "L ~ Part 1", &["A ~ B (L, 1990)"]),
        ])
        .unwrap_err();
        assert!(matches!(err, Error::DuplicatePart { part: 1, .. }), "{err}");
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;
    use crate::model::testing::row;
    use crate::model::YearBasis;

    fn links(wikidata: Option<&str>, year: Option<i32>) -> Links {
        Links {
            film_wikidata: wikidata.map(str::to_string),
            film_imdb: wikidata.map(|_| "tt9000001".to_string()),
            release_group_mbid: None,
            film_year: year,
        }
    }

    /// (heading's film year, release year, links) → (film_year, source, year, basis, decade).
    #[test]
    fn the_headings_year_wins_and_wikidatas_fills_the_gap() {
        use FilmYearSource::{Heading, Wikidata};
        type Years = (Option<i32>, Option<FilmYearSource>, Option<i32>);
        type Want = (Years, Option<YearBasis>, Option<i32>);
        type Case = (Option<i32>, Option<i32>, Option<Links>, Want);
        let cases: [Case; 6] = [
            // No links: as the heading says.
            (
                None,
                Some(1983),
                None,
                (
                    (None, None, Some(1983)),
                    Some(YearBasis::Release),
                    Some(1980),
                ),
            ),
            (
                Some(1956),
                Some(1976),
                None,
                (
                    (Some(1956), Some(Heading), Some(1956)),
                    Some(YearBasis::Film),
                    Some(1950),
                ),
            ),
            // Wikidata's year where the heading has none; year follows it.
            (
                None,
                Some(1983),
                Some(links(Some("Q1"), Some(1982))),
                (
                    (Some(1982), Some(Wikidata), Some(1982)),
                    Some(YearBasis::Film),
                    Some(1980),
                ),
            ),
            // The heading wins.
            (
                Some(1956),
                Some(1976),
                Some(links(Some("Q1"), Some(1954))),
                (
                    (Some(1956), Some(Heading), Some(1956)),
                    Some(YearBasis::Film),
                    Some(1950),
                ),
            ),
            // A link without a year leaves the years alone.
            (
                None,
                Some(2001),
                Some(links(Some("Q1"), None)),
                (
                    (None, None, Some(2001)),
                    Some(YearBasis::Release),
                    Some(2000),
                ),
            ),
            // No release year either: the film's year is the only one.
            (
                None,
                None,
                Some(links(None, Some(1940))),
                (
                    (Some(1940), Some(Wikidata), Some(1940)),
                    Some(YearBasis::Film),
                    Some(1940),
                ),
            ),
        ];
        for (heading, release, link, want) in cases {
            let (year, basis, decade) = year_and_basis(heading, release);
            let mut rows = vec![Row {
                film_year: heading,
                film_year_source: heading.map(|_| Heading),
                release_year: release,
                year,
                year_basis: basis,
                decade,
                ..row("a")
            }];
            let map: BTreeMap<String, Links> =
                link.iter().map(|l| ("a".into(), l.clone())).collect();
            apply_links(&mut rows, &map);
            // Applying twice changes nothing: a build is a function of its inputs.
            let once = rows.clone();
            apply_links(&mut rows, &map);
            assert_eq!(rows, once);
            let r = &rows[0];
            let got = (
                (r.film_year, r.film_year_source, r.year),
                r.year_basis,
                r.decade,
            );
            assert_eq!(got, want, "{heading:?} {release:?} {link:?}");
            assert_eq!(
                r.film_wikidata,
                link.as_ref().and_then(|l| l.film_wikidata.clone())
            );
            assert_eq!(r.film_imdb, link.as_ref().and_then(|l| l.film_imdb.clone()));
        }
    }

    #[test]
    fn rows_without_links_are_untouched() {
        let mut rows = vec![row("a"), row("b")];
        let before = rows.clone();
        let map = BTreeMap::from([("c".to_string(), links(Some("Q1"), Some(1990)))]);
        apply_links(&mut rows, &map);
        assert_eq!(rows, before);
    }
}
