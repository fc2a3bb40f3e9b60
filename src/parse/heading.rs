//! The heading grammar: `Composer ~ Title [Alt] (Label / Label, Year; soundtrack: Label, Year)`
//! → typed parts. Pure: a string in, a [`Heading`] (or what could be read of one) out.
//!
//! The parenthesised release details are `;`-separated segments. A bare year segment is the
//! film's year (`1956; soundtrack: Planet Records, 1976`). Within a segment, `/` separates
//! labels, and a part ending in `, Year` closes a release; a bare year after a release is a
//! reissue on the same labels (`Disneyland Records, 1940 / 1957`), and `Edition: Label, Year`
//! names an edition (`Full version: Orange Mountain Music, 2009`).
//!
//! The fixed patterns inside it are `parse::grammar`'s.

pub use crate::error::HeadingProblem;
use crate::model::Release;
use crate::parse::grammar::{
    edition_of, label_year, music_for, CREDIT_SEPARATOR, RELEASE_MARKER, TILDE, TILDE_BETWEEN,
    YEAR, YEAR_GROUP_AT_END,
};
use crate::parse::text::clean;

/// A parsed heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Heading {
    /// The credit before ` ~ `, as printed; `None` when the heading has no ` ~ `.
    pub composer: Option<String>,
    /// The individuals in the credit.
    pub composers: Vec<String>,
    pub title: String,
    /// The `[…]` text after the title.
    pub alt_title: Option<String>,
    /// The film or show scored: `X` of `[Music for (the Film) X]`, else the title.
    pub film_title: String,
    /// The film's year, only where the heading states it apart from the release.
    pub film_year: Option<i32>,
    pub releases: Vec<Release>,
}

impl Heading {
    /// The year of the first listed release.
    pub fn release_year(&self) -> Option<i32> {
        self.releases.first().and_then(|r| r.year)
    }

    /// Distinct labels across all releases, in order of first appearance.
    pub fn labels(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for label in self.releases.iter().flat_map(|r| &r.labels) {
            if !out.contains(label) {
                out.push(label.clone());
            }
        }
        out.shrink_to_fit();
        out
    }
}

/// A heading that did not parse fully: what could be read, and why the rest could not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
pub struct HeadingError {
    /// Boxed so that `Result<Heading, HeadingError>` stays small on the happy path.
    pub partial: Box<Heading>,
    pub problems: Vec<HeadingProblem>,
}

/// Sentence punctuation that may follow a heading's closing parenthesis in running text.
const SENTENCE_END: &[char] = &['.', ',', ';', ':', '!'];

/// Whether a line reads like an entry heading: it has ` ~ ` or ends in `(… Year …)`.
pub fn looks_like_heading(line: &str) -> bool {
    let line = strip_sentence_end(line.trim());
    !line.is_empty()
        && line.chars().count() <= 400
        && (TILDE_BETWEEN.is_match(line) || YEAR_GROUP_AT_END.is_match(line))
}

/// Drops the sentence punctuation after a heading's closing parenthesis, which is not part
/// of the heading: `… (Label, 1994).` → `… (Label, 1994)` when a bold run swallowed the full
/// stop (also `,` `;` `:` `!`, and whitespace around them). Anything else, a title's own `!`
/// included, is kept; only trailing whitespace is trimmed.
pub(crate) fn strip_sentence_end(s: &str) -> &str {
    let stripped = s.trim_end_matches(|c: char| c.is_whitespace() || SENTENCE_END.contains(&c));
    if stripped.ends_with(')') {
        stripped
    } else {
        s.trim_end()
    }
}

/// Parses a heading. On failure the error still carries everything that could be read.
pub fn parse(raw: &str) -> Result<Heading, HeadingError> {
    let mut problems = Vec::new();
    let s = clean(raw);
    let s = strip_sentence_end(&s);
    if s.is_empty() {
        return Err(HeadingError {
            partial: Box::default(),
            problems: vec![HeadingProblem::Empty],
        });
    }

    let (head, details) = match split_trailing_group(s, '(', ')') {
        Some((head, inner)) => (head, Some(inner)),
        None => {
            problems.push(if s.ends_with(')') {
                HeadingProblem::Unbalanced
            } else {
                HeadingProblem::NoReleaseDetails
            });
            (s, None)
        }
    };

    let mut heading = Heading::default();
    let rest = match TILDE.find(head).map(|m| (m.start(), m.end())) {
        Some((start, end)) => {
            let composer = head[..start].trim();
            if composer.is_empty() {
                problems.push(HeadingProblem::EmptyComposer);
            } else {
                heading.composer = Some(composer.to_string());
                heading.composers = split_composers(composer);
            }
            head[end..].trim()
        }
        None => head,
    };

    let (title, alt) = match split_trailing_group(rest, '[', ']') {
        Some((title, alt)) => (title, Some(alt.trim())),
        None if rest.ends_with(']') => {
            problems.push(HeadingProblem::Unbalanced);
            (rest, None)
        }
        None => (rest, None),
    };
    heading.title = title.trim().to_string();
    if heading.title.is_empty() {
        problems.push(HeadingProblem::EmptyTitle);
    }
    heading.alt_title = alt.filter(|a| !a.is_empty()).map(str::to_string);
    heading.film_title = heading
        .alt_title
        .as_deref()
        .and_then(music_for)
        .map(|film| film.trim().to_string())
        .unwrap_or_else(|| heading.title.clone());

    if let Some(details) = details {
        parse_details(details, &mut heading, &mut problems);
    }

    if problems.is_empty() {
        Ok(heading)
    } else {
        Err(HeadingError {
            partial: Box::new(heading),
            problems,
        })
    }
}

/// Splits `text (inner)` into `("text", "inner")` when `text` ends with a balanced group.
fn split_trailing_group(s: &str, open: char, close: char) -> Option<(&str, &str)> {
    let body = s.strip_suffix(close)?;
    let mut depth = 1usize;
    for (i, c) in body.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth -= 1;
            if depth == 0 {
                return Some((body[..i].trim_end(), &body[i + open.len_utf8()..]));
            }
        }
    }
    None
}

fn split_composers(credit: &str) -> Vec<String> {
    let parts: Vec<&str> = CREDIT_SEPARATOR
        .split(credit)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // "Bebe and Louis Barron": a lone first name shares the last person's surname.
    let surname = parts
        .last()
        .filter(|last| last.split_whitespace().count() >= 2)
        .and_then(|last| last.split_whitespace().last());
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| match surname {
            Some(surname) if i + 1 < parts.len() && !p.contains(' ') => format!("{p} {surname}"),
            _ => p.to_string(),
        })
        .collect()
}

fn parse_details(details: &str, heading: &mut Heading, problems: &mut Vec<HeadingProblem>) {
    for segment in details.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if heading.releases.is_empty() && heading.film_year.is_none() {
            if let Some(year) = YEAR.is_match(segment).then(|| year_of(segment)).flatten() {
                heading.film_year = Some(year);
                continue;
            }
        }
        let segment = match RELEASE_MARKER.find(segment) {
            Some(marker) => &segment[marker.end()..],
            None => segment,
        };
        parse_releases(segment, &mut heading.releases, problems);
    }
    if heading.releases.is_empty()
        && !problems
            .iter()
            .any(|p| matches!(p, HeadingProblem::NoYear(_)))
    {
        problems.push(HeadingProblem::NoReleaseDetails);
    }
}

fn parse_releases(segment: &str, releases: &mut Vec<Release>, problems: &mut Vec<HeadingProblem>) {
    let mut labels: Vec<String> = Vec::new();
    let mut edition: Option<String> = None;
    for part in segment.split('/').map(str::trim).filter(|p| !p.is_empty()) {
        let mut part = part;
        if labels.is_empty() && edition.is_none() {
            if let Some((name, rest)) = edition_of(part) {
                edition = Some(name.trim().to_string());
                part = rest.trim();
            }
        }
        match label_year(part) {
            Some((label, year)) => {
                let year = year_of(year);
                if let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) {
                    labels.push(label.to_string());
                }
                if labels.is_empty() {
                    // A bare year: a reissue on the previous release's labels.
                    match releases.last() {
                        Some(prev) if edition.is_none() => labels.clone_from(&prev.labels),
                        _ => problems.push(HeadingProblem::NoLabel(part.to_string())),
                    }
                }
                releases.push(Release {
                    labels: std::mem::take(&mut labels),
                    year,
                    edition: edition.take(),
                });
            }
            None => labels.push(part.to_string()),
        }
    }
    if !labels.is_empty() || edition.is_some() {
        problems.push(HeadingProblem::NoYear(segment.to_string()));
        releases.push(Release {
            labels,
            year: None,
            edition,
        });
    }
}

fn year_of(s: &str) -> Option<i32> {
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(labels: &[&str], year: i32, edition: Option<&str>) -> Release {
        Release {
            labels: labels.iter().map(|s| s.to_string()).collect(),
            year: Some(year),
            edition: edition.map(str::to_string),
        }
    }

    struct Case {
        input: &'static str,
        composer: Option<&'static str>,
        composers: &'static [&'static str],
        title: &'static str,
        alt: Option<&'static str>,
        film_title: &'static str,
        film_year: Option<i32>,
        releases: Vec<Release>,
    }

    /// Credits of one or more people, a film year, reissues, several labels.
    #[test]
    fn heading_forms_credits_and_releases() {
        check_forms(vec![
            Case {
                input: "Angelo Badalamenti ~ Twin Peaks (Warner Bros, 1990)",
                composer: Some("Angelo Badalamenti"),
                composers: &["Angelo Badalamenti"],
                title: "Twin Peaks",
                alt: None,
                film_title: "Twin Peaks",
                film_year: None,
                releases: vec![rel(&["Warner Bros"], 1990, None)],
            },
            Case {
                input: "Bebe and Louis Barron ~ Forbidden Planet (1956; soundtrack: Planet Records, 1976)",
                composer: Some("Bebe and Louis Barron"),
                composers: &["Bebe Barron", "Louis Barron"],
                title: "Forbidden Planet",
                alt: None,
                film_title: "Forbidden Planet",
                film_year: Some(1956),
                releases: vec![rel(&["Planet Records"], 1976, None)],
            },
            Case {
                input: "Elton John, Tim Rice, Hans Zimmer ~ The Lion King (Walt Disney Records, 1994).",
                composer: Some("Elton John, Tim Rice, Hans Zimmer"),
                composers: &["Elton John", "Tim Rice", "Hans Zimmer"],
                title: "The Lion King",
                alt: None,
                film_title: "The Lion King",
                film_year: None,
                releases: vec![rel(&["Walt Disney Records"], 1994, None)],
            },
            Case {
                input: "Walt Disney’s Fantasia (Disneyland Records, 1940 / 1957 / 1982 / 1986)",
                composer: None,
                composers: &[],
                title: "Walt Disney’s Fantasia",
                alt: None,
                film_title: "Walt Disney’s Fantasia",
                film_year: None,
                releases: vec![
                    rel(&["Disneyland Records"], 1940, None),
                    rel(&["Disneyland Records"], 1957, None),
                    rel(&["Disneyland Records"], 1982, None),
                    rel(&["Disneyland Records"], 1986, None),
                ],
            },
            Case {
                input: "Jon Brion ~ Punch-Drunk Love (Nonesuch / Warners, 2002)",
                composer: Some("Jon Brion"),
                composers: &["Jon Brion"],
                title: "Punch-Drunk Love",
                alt: None,
                film_title: "Punch-Drunk Love",
                film_year: None,
                releases: vec![rel(&["Nonesuch", "Warners"], 2002, None)],
            },
        ]);
    }

    /// Alternate titles, `[Music for …]`, labels with catalogue numbers.
    #[test]
    fn heading_forms_alternate_titles() {
        check_forms(vec![
            Case {
                input: "Miles Davis ~ Ascenseur Pour L’Échafaud [Lift To The Scaffold] (Fontana, 1958)",
                composer: Some("Miles Davis"),
                composers: &["Miles Davis"],
                title: "Ascenseur Pour L’Échafaud",
                alt: Some("Lift To The Scaffold"),
                film_title: "Ascenseur Pour L’Échafaud",
                film_year: None,
                releases: vec![rel(&["Fontana"], 1958, None)],
            },
            Case {
                input: "Peter Gabriel ~ Passion [Music for The Last Temptation Of Christ] (Real World, 1989)",
                composer: Some("Peter Gabriel"),
                composers: &["Peter Gabriel"],
                title: "Passion",
                alt: Some("Music for The Last Temptation Of Christ"),
                film_title: "The Last Temptation Of Christ",
                film_year: None,
                releases: vec![rel(&["Real World"], 1989, None)],
            },
            Case {
                input: "Jóhann Jóhannsson ~ and in the endless pause there came the sound of bees [Music for the Film Varmints] (NTOV / Type / 12 Tónar, 2009)",
                composer: Some("Jóhann Jóhannsson"),
                composers: &["Jóhann Jóhannsson"],
                title: "and in the endless pause there came the sound of bees",
                alt: Some("Music for the Film Varmints"),
                film_title: "Varmints",
                film_year: None,
                releases: vec![rel(&["NTOV", "Type", "12 Tónar"], 2009, None)],
            },
            Case {
                input: "Jóhann Jóhannsson ~ The Miners’ Hymns (130701 / 12 Tónar, 2011)",
                composer: Some("Jóhann Jóhannsson"),
                composers: &["Jóhann Jóhannsson"],
                title: "The Miners’ Hymns",
                alt: None,
                film_title: "The Miners’ Hymns",
                film_year: None,
                releases: vec![rel(&["130701", "12 Tónar"], 2011, None)],
            },
        ]);
    }

    /// Editions, non-breaking spaces, years in the title, trailing punctuation, no comma.
    #[test]
    fn heading_forms_editions_and_punctuation() {
        check_forms(vec![
            Case {
                input: "Philip Glass ~ Koyaanisqatsi (Island Records, 1983 / Full version: Orange Mountain Music, 2009)",
                composer: Some("Philip Glass"),
                composers: &["Philip Glass"],
                title: "Koyaanisqatsi",
                alt: None,
                film_title: "Koyaanisqatsi",
                film_year: None,
                releases: vec![
                    rel(&["Island Records"], 1983, None),
                    rel(&["Orange Mountain Music"], 2009, Some("Full version")),
                ],
            },
            Case {
                input: "Geinoh Yamashirogumi ~ Akira (Victor, 1988 / Symphonic Suite: Invitation, 1990)",
                composer: Some("Geinoh Yamashirogumi"),
                composers: &["Geinoh Yamashirogumi"],
                title: "Akira",
                alt: None,
                film_title: "Akira",
                film_year: None,
                releases: vec![
                    rel(&["Victor"], 1988, None),
                    rel(&["Invitation"], 1990, Some("Symphonic Suite")),
                ],
            },
            // Non-breaking spaces around the tilde, doubled spaces: collapsed first.
            Case {
                input: "Chu\u{a0}Ishikawa\u{a0}~\u{a0}Tetsuo  (1989; soundtrack: Adisc, 1992)",
                composer: Some("Chu Ishikawa"),
                composers: &["Chu Ishikawa"],
                title: "Tetsuo",
                alt: None,
                film_title: "Tetsuo",
                film_year: Some(1989),
                releases: vec![rel(&["Adisc"], 1992, None)],
            },
            // A colon and a year range in the title: neither is release details.
            Case {
                input: "Synthetic Ensemble ~ Synthetic Series: The Complete Seasons 1990–1994 (Test Label, 2005)",
                composer: Some("Synthetic Ensemble"),
                composers: &["Synthetic Ensemble"],
                title: "Synthetic Series: The Complete Seasons 1990–1994",
                alt: None,
                film_title: "Synthetic Series: The Complete Seasons 1990–1994",
                film_year: None,
                releases: vec![rel(&["Test Label"], 2005, None)],
            },
            // The bold run swallowed the sentence's full stop.
            Case {
                input: "Synthetic Composer ~ Synthetic Score (Test Label, 1994).",
                composer: Some("Synthetic Composer"),
                composers: &["Synthetic Composer"],
                title: "Synthetic Score",
                alt: None,
                film_title: "Synthetic Score",
                film_year: None,
                releases: vec![rel(&["Test Label"], 1994, None)],
            },
            Case {
                input: "Simon & Garfunkel ~ The Graduate (Columbia 1968)",
                composer: Some("Simon & Garfunkel"),
                composers: &["Simon", "Garfunkel"],
                title: "The Graduate",
                alt: None,
                film_title: "The Graduate",
                film_year: None,
                releases: vec![rel(&["Columbia"], 1968, None)],
            },
        ]);
    }

    fn check_forms(cases: Vec<Case>) {
        for case in cases {
            let h = parse(case.input).unwrap_or_else(|e| panic!("{}: {e}", case.input));
            assert_eq!(h.composer.as_deref(), case.composer, "{}", case.input);
            assert_eq!(h.composers, case.composers, "{}", case.input);
            assert_eq!(h.title, case.title, "{}", case.input);
            assert_eq!(h.alt_title.as_deref(), case.alt, "{}", case.input);
            assert_eq!(h.film_title, case.film_title, "{}", case.input);
            assert_eq!(h.film_year, case.film_year, "{}", case.input);
            assert_eq!(h.releases, case.releases, "{}", case.input);
        }
    }

    #[test]
    fn sentence_end_after_the_closing_parenthesis() {
        let cases = [
            ("A ~ B (L, 1994)", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994).", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994),", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994);", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994):", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994)!", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994) . ", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994)\u{a0}.", "A ~ B (L, 1994)"),
            ("A ~ B (L, 1994)...", "A ~ B (L, 1994)"),
            // Not after a closing parenthesis: the title's own punctuation stays.
            ("A ~ Oklahoma!", "A ~ Oklahoma!"),
            ("A ~ B.  ", "A ~ B."),
            ("A ~ B [C].", "A ~ B [C]."),
            ("A ~ B (L, 1994)?", "A ~ B (L, 1994)?"),
            (".", "."),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(strip_sentence_end(input), want, "{input:?}");
        }
        for input in ["A ~ B (L, 1994).", "A ~ B (L, 1994);", "A ~ B (L, 1994)!"] {
            let h = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(h.title, "B", "{input}");
            assert_eq!(h.releases, [rel(&["L"], 1994, None)], "{input}");
            assert!(looks_like_heading(input), "{input}");
        }
    }

    #[test]
    fn labels_are_distinct_in_order() {
        let h = parse("X ~ Y (A / B, 1990 / Deluxe: B / C, 2000 / 2001)").unwrap();
        assert_eq!(h.labels(), ["A", "B", "C"]);
        assert_eq!(h.release_year(), Some(1990));
        assert_eq!(h.releases.len(), 3);
        assert_eq!(h.releases[2].labels, ["B", "C"]);
    }

    #[test]
    fn broken_headings_keep_what_could_be_read() {
        let cases: &[(&str, &[HeadingProblem], &str)] = &[
            (
                "Composer ~ Title",
                &[HeadingProblem::NoReleaseDetails],
                "Title",
            ),
            (
                "Composer ~ Title (Label)",
                &[HeadingProblem::NoYear("Label".into())],
                "Title",
            ),
            (
                "Composer ~ Title (Label, 1990",
                &[HeadingProblem::NoReleaseDetails],
                "Title (Label, 1990",
            ),
            ("Composer ~ Title [Alt (Label, 1990)", &[], "Title [Alt"),
            (
                " ~ Title (Label, 1990)",
                &[HeadingProblem::EmptyComposer],
                "Title",
            ),
            (
                "Composer ~  (Label, 1990)",
                &[HeadingProblem::EmptyTitle],
                "",
            ),
            ("", &[HeadingProblem::Empty], ""),
            (
                "Composer ~ Title ()",
                &[HeadingProblem::NoReleaseDetails],
                "Title",
            ),
            (
                "Composer ~ Title (1990)",
                &[HeadingProblem::NoReleaseDetails],
                "Title",
            ),
            (
                "Composer ~ Title (Deluxe: 1990)",
                &[HeadingProblem::NoLabel("1990".into())],
                "Title",
            ),
        ];
        for (input, want, title) in cases {
            match parse(input) {
                Ok(h) if want.is_empty() => assert_eq!(h.title, *title, "{input:?}"),
                Ok(h) => panic!("{input:?} parsed as {h:?}"),
                Err(e) => {
                    assert_eq!(e.problems, *want, "{input:?}");
                    assert_eq!(e.partial.title, *title, "{input:?}");
                }
            }
        }
    }

    #[test]
    fn what_looks_like_a_heading() {
        let yes = [
            "Composer ~ Title",
            "Walt Disney’s Fantasia (Disneyland Records, 1940 / 1957)",
            "Title (Label, 1990).",
            "Title (Label, 1990),",
        ];
        let no = [
            "Before we begin, a couple of honourable mentions for the House of Mouse:",
            "(Jeremy Bye)",
            "glacial crescendi from near silences ~all",
            "Share this:",
            "",
        ];
        for s in yes {
            assert!(looks_like_heading(s), "{s:?}");
        }
        for s in no {
            assert!(!looks_like_heading(s), "{s:?}");
        }
    }
}
