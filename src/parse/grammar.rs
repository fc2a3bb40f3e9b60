//! The heading grammar's fixed patterns (a year, `Label, Year`, `Edition: …`, the release
//! marker, `[Music for the Film X]`, ` ~ `, the credit's separators, a trailing group with a
//! year), read by small scanners rather than regexes: compiling the regexes they replaced was
//! a good part of a fixture build (BENCHMARKS.md). Each scanner's doc gives the pattern it
//! stands for, and the tests check it against that pattern, capture spans included. Used by
//! [`crate::parse::heading`] and [`crate::parse::entries`]. Pure.

use crate::parse::scan::{is_word_char, skip_ascii_spaces, starts_with_ignore_ascii_case};

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
pub(super) fn ends_in_year_group(s: &str) -> bool {
    s.ends_with(')')
        && s.rfind('(')
            .is_some_and(|open| year_group_end(s, open) == Some(s.len() - 1))
}

/// `^(?:(.*?)(?:\s*,\s*|\s+))?(YEAR)$`: `Label, 1990` or `Label 1990` → the label (absent
/// for a bare `1957`) and the year. The lazy label stops before the whitespace and comma
/// that end it, and cannot cross a line break.
pub(super) fn label_year(s: &str) -> Option<(Option<&str>, &str)> {
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
pub(super) fn edition_of(s: &str) -> Option<(&str, &str)> {
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
pub(super) fn release_marker_end(s: &str) -> Option<usize> {
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
pub(super) fn music_for(alt: &str) -> Option<&str> {
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
pub(super) fn find_tilde(s: &str) -> Option<(usize, usize)> {
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
pub(super) fn has_tilde_between(s: &str) -> bool {
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
pub(super) fn split_credit(s: &str) -> Vec<&str> {
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
}
