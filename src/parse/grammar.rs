//! The heading grammar's fixed patterns, each compiled once: a year, `Label, Year`,
//! `Edition: …`, the soundtrack-release marker, `[Music for the Film X]`, the ` ~ ` between
//! credit and title, the credit's separators, a trailing group with a year, and a heading
//! written as plain text. The nested structure around them (brackets inside parentheses,
//! `;` and `/` lists) is read by [`crate::parse::heading`]; [`crate::parse::entries`] uses
//! the last two. Pure.
//!
//! The patterns use the `regex` crate's defaults: `\s` and `\b` are Unicode-aware, `.` stops
//! at `\n`, `$` is the end of the text.

use std::sync::LazyLock;

use regex::Regex;

/// Compiles one of the fixed patterns below.
fn pattern(p: &str) -> Regex {
    Regex::new(p).expect("static pattern")
}

/// A plausible year, 1800 to 2099, in ASCII digits (other scripts' digits are no years here).
macro_rules! year {
    () => {
        r"(?:1[89]|20)[0-9]{2}"
    };
}

/// A year and nothing else.
pub(super) static YEAR: LazyLock<Regex> = LazyLock::new(|| pattern(concat!("^", year!(), "$")));

/// `Label, 1990` or `Label 1990`; a bare `1957` has no label.
static LABEL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"^(?:(?<label>.*?)(?:\s*,\s*|\s+))?(?<year>",
        year!(),
        ")$"
    ))
});

/// `Full version: Orange Mountain Music, 2009`.
static EDITION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^(?<name>[^:,/]+?)\s*:\s*(?<rest>.+)$"));

/// `soundtrack: …` after a film's year: the release that follows is the soundtrack's.
pub(super) static RELEASE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i-u)^(?:soundtrack|score|album|ost|original soundtrack)\s*:\s*"));

/// `[Music for the Film X]`, `[Music from X]`: the film is `X`.
static MUSIC_FOR: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?xi)
        ^music \s+ (?:for|from) \s+
        (?: the \s+ (?:film|movie|series|show) \s+ )?   # the kind of work, when named
        (?<film>.+)$",
    )
});

/// The ` ~ ` between credit and title, with the whitespace around it, or at the text's edge.
pub(super) static TILDE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?:^|\s+)~(?:\s+|$)"));

/// A tilde with whitespace and then text on both sides: what makes a line heading-like.
pub(super) static TILDE_BETWEEN: LazyLock<Regex> = LazyLock::new(|| pattern(r"\S\s+~\s+\S"));

/// Between the people of a credit: commas (an `and` or `&` may follow), a spaced `and` or `&`.
pub(super) static CREDIT_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+"));

/// Any year in parentheses at the end: what else makes a line heading-like.
pub(super) static YEAR_GROUP_AT_END: LazyLock<Regex> =
    LazyLock::new(|| pattern(concat!(r"\([^()]*\b", year!(), r"\b[^()]*\)$")));

/// A heading written as plain text at the start of a line, on pages without bold or heading
/// markup, and the write-up after it on the same line.
static PLAIN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(?x)
        ^(?<heading>
            (?<credit>[^~()]+?) \s~\s (?<title>[^()]+?)
            \( [^()]* \b",
        year!(),
        r"\b [^()]* \)              # the release group
        )
        (?: [.:]\s+ (?<rest>.*)      # the write-up, after a full stop or a colon
          | \s* )$"
    ))
});

/// `Label, 1990` → the label (absent for a bare `1957`) and the year.
pub(super) fn label_year(s: &str) -> Option<(Option<&str>, &str)> {
    let c = LABEL_YEAR.captures(s)?;
    Some((
        c.name("label").map(|m| m.as_str()),
        c.name("year")?.as_str(),
    ))
}

/// `Full version: Label, 2009` → the edition's name and what follows the colon.
pub(super) fn edition_of(s: &str) -> Option<(&str, &str)> {
    let c = EDITION.captures(s)?;
    Some((c.name("name")?.as_str(), c.name("rest")?.as_str()))
}

/// The film of `[Music for (the Film) X]`.
pub(super) fn music_for(alt: &str) -> Option<&str> {
    Some(MUSIC_FOR.captures(alt)?.name("film")?.as_str())
}

/// A heading written as plain text: the line up to the release group's `)`, the credit and
/// title around ` ~ `, and the write-up after a `.` or `:` (absent when only whitespace
/// follows).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PlainHeading<'a> {
    pub(super) heading: &'a str,
    pub(super) credit: &'a str,
    pub(super) title: &'a str,
    pub(super) rest: Option<&'a str>,
}

/// Reads a [`PlainHeading`] from a whole line.
pub(super) fn plain_heading(s: &str) -> Option<PlainHeading<'_>> {
    // Most lines are write-up, with no tilde: they need not be searched for captures.
    if !s.contains('~') {
        return None;
    }
    let c = PLAIN_HEADING.captures(s)?;
    Some(PlainHeading {
        heading: c.name("heading")?.as_str(),
        credit: c.name("credit")?.as_str(),
        title: c.name("title")?.as_str(),
        rest: c.name("rest").map(|m| m.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        for (s, want) in [
            ("1990", true),
            ("1800", true),
            ("2099", true),
            ("1799", false),
            ("2100", false),
            ("19901", false),
            ("٣990", false),
            ("", false),
        ] {
            assert_eq!(YEAR.is_match(s), want, "{s:?}");
        }
    }

    /// A label (if any) and a year.
    type LabelYear<'a> = Option<(Option<&'a str>, &'a str)>;

    #[test]
    fn label_and_year() {
        let cases: [(&str, LabelYear); 8] = [
            ("Warner Bros, 1990", Some((Some("Warner Bros"), "1990"))),
            ("Label 1990", Some((Some("Label"), "1990"))),
            ("A , , 1990", Some((Some("A ,"), "1990"))),
            (",1990", Some((Some(""), "1990"))),
            ("1957", Some((None, "1957"))),
            ("La\nbel 1990", None),
            ("Label1990", None),
            ("Label, 2100", None),
        ];
        for (s, want) in cases {
            assert_eq!(label_year(s), want, "{s:?}");
        }
    }

    #[test]
    fn editions_and_markers() {
        assert_eq!(
            edition_of("Full version: Orange Mountain Music, 2009"),
            Some(("Full version", "Orange Mountain Music, 2009"))
        );
        assert_eq!(edition_of("a, b: c"), None);
        assert_eq!(edition_of("a:b:c"), Some(("a", "b:c")));
        assert_eq!(edition_of("x:\n"), None);
        assert_eq!(
            RELEASE_MARKER
                .find("soundtrack: Planet, 1976")
                .map(|m| m.end()),
            Some(12)
        );
        assert_eq!(
            RELEASE_MARKER
                .find("Original Soundtrack :x")
                .map(|m| m.end()),
            Some(21)
        );
        assert_eq!(RELEASE_MARKER.find("scores: x").map(|m| m.end()), None);
    }

    #[test]
    fn music_for_the_film() {
        let cases = [
            ("Music for the Film Vertigo", Some("Vertigo")),
            ("music from The ſhow X", Some("X")),
            ("Music for Nosferatu", Some("Nosferatu")),
            ("music for the film", Some("the film")),
            ("music\tform X", None),
            ("music for the film X\nY", None),
        ];
        for (s, want) in cases {
            assert_eq!(music_for(s), want, "{s:?}");
        }
    }

    #[test]
    fn tildes_and_credits() {
        assert_eq!(TILDE.find("A ~ B").map(|m| m.range()), Some(1..4));
        assert_eq!(TILDE.find("~x ~ y").map(|m| m.range()), Some(2..5));
        assert_eq!(TILDE.find("a~b").map(|m| m.range()), None);
        assert!(TILDE_BETWEEN.is_match("a ~ b"));
        assert!(!TILDE_BETWEEN.is_match("~ b"));
        assert_eq!(
            CREDIT_SEPARATOR
                .split("a & b and c, & d, e")
                .collect::<Vec<_>>(),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(
            CREDIT_SEPARATOR
                .split("Bebe and Louis Barron")
                .collect::<Vec<_>>(),
            ["Bebe", "Louis Barron"]
        );
        assert_eq!(
            CREDIT_SEPARATOR.split("a andrew b").collect::<Vec<_>>(),
            ["a andrew b"]
        );
    }

    #[test]
    fn year_groups() {
        for (s, want) in [
            ("x (L, 1990)", true),
            ("x (L,1990a)", false),
            ("x (L, é1990)", false),
            ("x (L (1990))", false),
            ("x (L, 1990; L, 1991)", true),
            ("x (1990) (L)", false),
            ("x (L 2100)", false),
        ] {
            assert_eq!(YEAR_GROUP_AT_END.is_match(s), want, "{s:?}");
        }
    }

    #[test]
    fn plain_headings() {
        let h = plain_heading("A ~ B (L, 1990). Write-up ~ (1991)").unwrap();
        assert_eq!(
            (h.heading, h.credit, h.title, h.rest),
            ("A ~ B (L, 1990)", "A", "B ", Some("Write-up ~ (1991)"))
        );
        let h = plain_heading("A ~ B (L, 1990) \n ").unwrap();
        assert_eq!(h.rest, None);
        for s in [
            "A ~ B (L, 1990): x\ny",
            "A ~ B (L, 1990).x",
            "A ~ B (L, 1990)x",
            "A (x) ~ B (L, 1990)",
            "A ~ (L, 1990)",
            "A ~ B (L, 2100)",
            "A~ B (L, 1990)",
        ] {
            assert_eq!(plain_heading(s), None, "{s:?}");
        }
    }
}
