//! The heading grammar: `Composer ~ Title [Alt] (Label / Label, Year; soundtrack: Label, Year)`
//! → typed parts. Pure: a string in, a [`Heading`] (or what could be read of one) out.
//!
//! The parenthesised release details are `;`-separated segments. A bare year segment is the
//! film's year (`1956; soundtrack: Planet Records, 1976`). Within a segment, `/` separates
//! labels, and a part ending in `, Year` closes a release; a bare year after a release is a
//! reissue on the same labels (`Disneyland Records, 1940 / 1957`), and `Edition: Label, Year`
//! names an edition (`Full version: Orange Mountain Music, 2009`).
//!
//! The grammar's fixed patterns are read with small scanners rather than regexes: compiling
//! the regexes they replaced was a good part of a fixture build (BENCHMARKS.md). Each
//! scanner's doc gives the pattern it stands for, and the tests check it against that
//! pattern, capture spans included.

pub use crate::error::HeadingProblem;
use crate::model::Release;
use crate::parse::scan::{is_word_char, skip_ascii_spaces, starts_with_ignore_ascii_case};
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
    pub film_year: Option<i16>,
    pub releases: Vec<Release>,
}

impl Heading {
    /// The year of the first listed release.
    pub fn release_year(&self) -> Option<i16> {
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
        && (has_tilde_between(line) || ends_in_year_group(line))
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
    let rest = match find_tilde(head) {
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
    let parts: Vec<&str> = split_credit(credit)
        .into_iter()
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
            if let Some(year) = is_year(segment.as_bytes())
                .then(|| year_of(segment))
                .flatten()
            {
                heading.film_year = Some(year);
                continue;
            }
        }
        let segment = match release_marker_end(segment) {
            Some(end) => &segment[end..],
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

fn year_of(s: &str) -> Option<i16> {
    s.parse().ok()
}

// The scanners below each read one fixed pattern as the `regex` crate would, with its
// defaults: `\s` is Unicode whitespace, `.` stops at `\n`, `$` is the end of the text, and a
// lazy quantifier takes the shortest span that lets the rest match.

/// `(?:1[89]|20)[0-9]{2}`: a plausible year. ASCII digits only: other scripts' digits are
/// not years here.
pub(crate) fn is_year(b: &[u8]) -> bool {
    matches!(b, [b'1', b'8' | b'9', c, d] | [b'2', b'0', c, d]
        if c.is_ascii_digit() && d.is_ascii_digit())
}

/// `\bYEAR\b` somewhere in `text`, which sits between non-word characters (the parentheses
/// of a release group), so its own ends count as word boundaries.
fn has_bounded_year(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        is_year(&b[i..i + 4])
            && !text[..i].chars().next_back().is_some_and(is_word_char)
            && !text[i + 4..].chars().next().is_some_and(is_word_char)
    })
}

/// `\([^()]*\bYEAR\b[^()]*\)` at the `(` at byte `open`: the byte index of its `)`.
pub(crate) fn year_group_end(s: &str, open: usize) -> Option<usize> {
    let inner = open + 1;
    let close = inner + s[inner..].find(['(', ')'])?;
    (s.as_bytes()[close] == b')' && has_bounded_year(&s[inner..close])).then_some(close)
}

/// `\([^()]*\bYEAR\b[^()]*\)$`: any year in parentheses at the end, what makes a line look
/// like a heading.
fn ends_in_year_group(s: &str) -> bool {
    s.ends_with(')')
        && s.rfind('(')
            .is_some_and(|open| year_group_end(s, open) == Some(s.len() - 1))
}

/// `^(?:(.*?)(?:\s*,\s*|\s+))?(YEAR)$`: `Label, 1990` or `Label 1990` → the label (absent
/// for a bare `1957`) and the year. The lazy label stops before the whitespace and comma
/// that end it, and cannot cross a line break.
fn label_year(s: &str) -> Option<(Option<&str>, &str)> {
    let cut = s.len().checked_sub(4)?;
    if !is_year(&s.as_bytes()[cut..]) {
        return None;
    }
    // The year is ASCII, so `cut` is a character boundary.
    let (before, year) = s.split_at(cut);
    if before.is_empty() {
        return Some((None, year));
    }
    let body = before.trim_end();
    let label = match body.strip_suffix(',') {
        Some(label) => label.trim_end(),
        None if body.len() < before.len() => body,
        None => return None,
    };
    (!label.contains('\n')).then_some((Some(label), year))
}

/// `^([^:,/]+?)\s*:\s*(.+)$`: `Full version: Orange Mountain Music, 2009` → the edition's
/// name and what follows the colon. The name is everything before the first colon bar the
/// whitespace that ends it (but at least one character); the rest cannot hold a line break,
/// and when it is all whitespace its last character is what is left for `.+`.
fn edition_of(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let before = &s[..colon];
    let first = before.chars().next()?;
    if before.contains([',', '/']) {
        return None;
    }
    let name = match before.trim_end() {
        "" => &before[..first.len_utf8()],
        name => name,
    };
    let after = &s[colon + 1..];
    let rest = match after.trim_start() {
        "" => &after[after.len() - after.chars().next_back()?.len_utf8()..],
        rest => rest,
    };
    (!rest.contains('\n')).then_some((name, rest))
}

/// `(?i-u)^(?:soundtrack|score|album|ost|original soundtrack)\s*:\s*`: where a segment's
/// marker for the soundtrack release after the film's year ends. ASCII case and whitespace.
fn release_marker_end(s: &str) -> Option<usize> {
    const MARKERS: [&str; 5] = ["soundtrack", "score", "album", "ost", "original soundtrack"];
    let b = s.as_bytes();
    let marker = MARKERS
        .iter()
        .find(|m| starts_with_ignore_ascii_case(b, 0, m.as_bytes()))?;
    let colon = skip_ascii_spaces(b, marker.len());
    (b.get(colon) == Some(&b':')).then(|| skip_ascii_spaces(b, colon + 1))
}

/// `s` after a leading `word` (ASCII lowercase) as `(?i)` matches it: with Unicode simple
/// case folding, where `s` also matches `ſ` and `k` the Kelvin sign.
fn strip_prefix_folded<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut chars = s.chars();
    for w in word.chars() {
        let c = chars.next()?;
        let folds = c.eq_ignore_ascii_case(&w)
            || (w == 's' && c == '\u{17F}')
            || (w == 'k' && c == '\u{212A}');
        if !folds {
            return None;
        }
    }
    Some(chars.as_str())
}

/// `s` split after its leading whitespace: `(whitespace, rest)`.
fn split_spaces(s: &str) -> (&str, &str) {
    let rest = s.trim_start();
    (&s[..s.len() - rest.len()], rest)
}

/// What `\s+(.+)$` captures when its greedy `\s+` first took all of `spaces` (at least one)
/// and `rest` followed: `rest` itself, or when it is empty the last space given back.
fn rest_after_spaces<'a>(spaces: &'a str, rest: &'a str) -> Option<&'a str> {
    let last = spaces.chars().next_back()?;
    let capture = if !rest.is_empty() {
        rest
    } else if spaces.len() > last.len_utf8() {
        &spaces[spaces.len() - last.len_utf8()..]
    } else {
        return None;
    };
    (!capture.contains('\n')).then_some(capture)
}

/// `(?i)^music\s+(?:for|from)\s+(?:the\s+(?:film|movie|series|show)\s+)?(.+)$`: the film
/// of `[Music for (the Film) X]`.
fn music_for(alt: &str) -> Option<&str> {
    let (spaces, rest) = split_spaces(strip_prefix_folded(alt, "music")?);
    if spaces.is_empty() {
        return None;
    }
    let rest = strip_prefix_folded(rest, "for").or_else(|| strip_prefix_folded(rest, "from"))?;
    let (spaces, rest) = split_spaces(rest);
    let kind_then_film = || {
        let (gap, kind) = split_spaces(strip_prefix_folded(rest, "the")?);
        if gap.is_empty() {
            return None;
        }
        let after = ["film", "movie", "series", "show"]
            .iter()
            .find_map(|k| strip_prefix_folded(kind, k))?;
        let (gap, film) = split_spaces(after);
        rest_after_spaces(gap, film)
    };
    kind_then_film().or_else(|| rest_after_spaces(spaces, rest))
}

/// `(?:^|\s+)~(?:\s+|$)`: the byte span of the first `~` with whitespace or the text's edge
/// on both sides, the whitespace included.
fn find_tilde(s: &str) -> Option<(usize, usize)> {
    s.match_indices('~').find_map(|(t, _)| {
        let (before, after) = (&s[..t], &s[t + 1..]);
        let start = before.trim_end().len();
        let rest = after.trim_start();
        let spaced_before = before.is_empty() || start < before.len();
        let spaced_after = after.is_empty() || rest.len() < after.len();
        (spaced_before && spaced_after).then_some((start, s.len() - rest.len()))
    })
}

/// `\S\s+~\s+\S`: a tilde with whitespace and then text on both sides, the stricter form
/// that marks a line as heading-like.
fn has_tilde_between(s: &str) -> bool {
    s.match_indices('~').any(|(t, _)| {
        let (before, after) = (&s[..t], &s[t + 1..]);
        let (b, a) = (before.trim_end(), after.trim_start());
        !b.is_empty() && b.len() < before.len() && !a.is_empty() && a.len() < after.len()
    })
}

/// The end of `(?:and|&)\s+` at byte `i`.
fn conjunction_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let word = rest
        .strip_prefix("and")
        .or_else(|| rest.strip_prefix('&'))?;
    let (spaces, after) = split_spaces(word);
    (!spaces.is_empty()).then_some(s.len() - after.len())
}

/// The credit split as `Regex::split` splits it on
/// `\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+`: at commas (with an `and` or `&` after them)
/// and at a spaced `and` or `&`; each separator takes the whitespace around it.
fn split_credit(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut piece, mut i) = (0, 0);
    while let Some(c) = s[i..].chars().next() {
        let run_end = s.len() - s[i..].trim_start().len();
        let separator_end = if s[run_end..].starts_with(',') {
            let after = s.len() - s[run_end + 1..].trim_start().len();
            Some(conjunction_end(s, after).unwrap_or(after))
        } else if run_end > i {
            conjunction_end(s, run_end)
        } else {
            None
        };
        match separator_end {
            Some(end) => {
                pieces.push(&s[piece..i]);
                (piece, i) = (end, end);
            }
            // No separator starts anywhere in a run of whitespace that none follows.
            None if run_end > i => i = run_end,
            None => i += c.len_utf8(),
        }
    }
    pieces.push(&s[piece..]);
    pieces
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

    use super::*;
    use crate::parse::scan::span_in;

    // The patterns the scanners replaced, as the reference they are checked against.
    const YEAR: &str = r"(?:1[89]|20)[0-9]{2}";
    static YEAR_ONLY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^({YEAR})$")).unwrap());
    static LABEL_YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^(?:(.*?)(?:\s*,\s*|\s+))?({YEAR})$")).unwrap());
    static EDITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([^:,/]+?)\s*:\s*(.+)$").unwrap());
    static RELEASE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)^(?:soundtrack|score|album|ost|original soundtrack)\s*:\s*").unwrap()
    });
    static MUSIC_FOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^music\s+(?:for|from)\s+(?:the\s+(?:film|movie|series|show)\s+)?(.+)$")
            .unwrap()
    });
    static TILDE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\s+)~(?:\s+|$)").unwrap());
    static TILDE_BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S\s+~\s+\S").unwrap());
    static COMPOSER_SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+").unwrap());
    static TRAILING_DETAILS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"\([^()]*\b{YEAR}\b[^()]*\)$")).unwrap());

    type Span = (usize, usize);

    /// What each scanner reads in `s`, as spans, or what the pattern it replaced reads.
    #[derive(Debug, PartialEq, Eq)]
    struct Reading {
        year_only: bool,
        label_year: Option<(Option<Span>, Span)>,
        edition: Option<(Span, Span)>,
        release_marker: Option<usize>,
        music_for: Option<Span>,
        tilde: Option<Span>,
        tilde_between: bool,
        composer_split: Vec<Span>,
        trailing_details: bool,
    }

    fn scanners(s: &str) -> Reading {
        let span = |part: &str| span_in(s, part);
        Reading {
            year_only: is_year(s.as_bytes()),
            label_year: label_year(s).map(|(l, y)| (l.map(span), span(y))),
            edition: edition_of(s).map(|(e, r)| (span(e), span(r))),
            release_marker: release_marker_end(s),
            music_for: music_for(s).map(span),
            tilde: find_tilde(s),
            tilde_between: has_tilde_between(s),
            composer_split: split_credit(s).into_iter().map(span).collect(),
            trailing_details: ends_in_year_group(s),
        }
    }

    fn patterns(s: &str) -> Reading {
        let span = |m: regex::Match| (m.start(), m.end());
        Reading {
            year_only: YEAR_ONLY.is_match(s),
            label_year: LABEL_YEAR
                .captures(s)
                .map(|c| (c.get(1).map(span), span(c.get(2).unwrap()))),
            edition: EDITION
                .captures(s)
                .map(|c| (span(c.get(1).unwrap()), span(c.get(2).unwrap()))),
            release_marker: RELEASE_MARKER.find(s).map(|m| m.end()),
            music_for: MUSIC_FOR.captures(s).map(|c| span(c.get(1).unwrap())),
            tilde: TILDE.find(s).map(span),
            tilde_between: TILDE_BETWEEN.is_match(s),
            composer_split: COMPOSER_SPLIT
                .split(s)
                .map(|piece| span_in(s, piece))
                .collect(),
            trailing_details: TRAILING_DETAILS.is_match(s),
        }
    }

    /// Strings made of the pieces the patterns care about: whitespace of several kinds (line
    /// breaks included), the grammar's punctuation, years and near-years, the marker words in
    /// odd cases and with the characters `(?i)` folds onto them, word characters beyond ASCII
    /// (letters, a combining mark, another script's digit, `_`) and non-word ones.
    fn soup() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            " ",
            " ",
            "  ",
            "\u{a0}",
            "\u{2003}",
            "\n",
            "\t",
            "\u{0B}",
            "\u{85}",
            "~",
            "(",
            ")",
            "[",
            "]",
            ",",
            ";",
            ":",
            "/",
            "&",
            ".",
            "-",
            "1899",
            "1900",
            "2023",
            "2099",
            "2100",
            "1799",
            "19",
            "0",
            "7",
            "and",
            "And",
            "AND",
            "ſ",
            "K",
            "k",
            "é",
            "ð",
            "\u{301}",
            "٣",
            "_",
            "x",
            "Label",
            "music",
            "Music",
            "MUſIC",
            "for",
            "FOR",
            "from",
            "fro",
            "the",
            "The",
            "film",
            "Movie",
            "series",
            "ſhow",
            "show",
            "soundtrack",
            "Score",
            "album",
            "OST",
            "original soundtrack",
            "Original  Soundtrack",
            "Deluxe",
            "–",
        ]);
        let start = prop::sample::select(vec![
            "",
            "",
            "music for ",
            "Music from the film ",
            "muſic\u{a0}FOR THE ſeries\n",
            "music for the show",
            "soundtrack: ",
            "Original soundtrack\t:",
            "score :",
            "A ~ ",
            "~ ",
            "Label, ",
            "Deluxe: ",
            " (",
        ]);
        let end = prop::sample::select(vec![
            "",
            "",
            "1990",
            ", 2023",
            " 1899",
            " ,\u{a0}2001",
            "\n1950",
            "(1990)",
            "(L, 1990)",
            ")",
            " ~",
            " ",
            "\n",
        ]);
        (start, prop::collection::vec(piece, 0..12), end)
            .prop_map(|(start, middle, end)| format!("{start}{}{end}", middle.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn scanners_agree_with_the_patterns(s in soup()) {
            prop_assert_eq!(scanners(&s), patterns(&s), "{:?}", s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn scanners_agree_on_any_text(s in any::<String>()) {
            prop_assert_eq!(scanners(&s), patterns(&s), "{:?}", s);
        }
    }

    /// Inputs where the patterns' semantics are easy to get wrong: lazy groups, what `.`
    /// and `$` do at a line break, folding, word boundaries beyond ASCII.
    #[test]
    fn scanners_agree_on_edge_cases() {
        let cases = [
            "",
            "1990",
            "19901",
            "Label\n, 1990",
            "La\nbel 1990",
            "\n1990",
            " \n 1990",
            ",1990",
            "A , , 1990",
            "A,\u{a0}1990",
            "٣1990",
            ":",
            " :x",
            "x: \n",
            "x:  ",
            "x: \u{a0}",
            "x:\n",
            "a\nb: c",
            "a, b: c",
            "a:b:c",
            "ORIGINAL SOUNDTRACK\u{0B}:\u{0C}x",
            "soundtrack\u{a0}: x",
            "SOUNDTRAC\u{212A}: x",
            "scores: x",
            "music for the film  ",
            "music for the film \n",
            "music for the film\u{a0}\u{a0}",
            "music for the film X\nY",
            "music for  ",
            "music for ",
            "muſic\u{a0}FOR THE ſeries\n~, 2023",
            "music for the film",
            "muſic from The ſhow X",
            "music fro X",
            "music\tform X",
            "~",
            "~x ~ y",
            "a~ b ~",
            "  ~  ",
            "a ~ ~ b",
            "~ ~\u{a0}1990",
            "a\n~\nb",
            "a , and b",
            "a ,and b",
            "a and  & b",
            "a & b and c, & d",
            ",",
            " , ",
            "a andrew b",
            "x (L, 1990)",
            "x (L,1990a)",
            "x (L, ٣1990)",
            "x (L, 1990\u{301})",
            "x (L, _1990)",
            "x (L, é1990)",
            "x (L (1990))",
            "x (1990) (L)",
            "x (L 2100)",
        ];
        for s in cases {
            assert_eq!(scanners(s), patterns(s), "{s:?}");
        }
    }

    fn rel(labels: &[&str], year: i16, edition: Option<&str>) -> Release {
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
        film_year: Option<i16>,
        releases: Vec<Release>,
    }

    #[test]
    fn heading_forms() {
        let cases = vec![
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
        ];
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
