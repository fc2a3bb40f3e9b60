//! Lines → raw entries: which lines are entry headings (a heading element, a leading bold
//! run, or on pages without either a line that reads as a heading), which text is each
//! entry's write-up (up to the next heading, ending early at a `(Name)` attribution), and
//! which entries are honourable mentions (scoped by their lead-in). Pure.

use super::flatten::Line;
use super::grammar::year_group_end;
use super::heading::{looks_like_heading, strip_sentence_end};
use super::scan::{is_ascii_word, skip_ascii_spaces, starts_with_ignore_ascii_case};
use super::text::clean;
use crate::model::{RawEntry, Section};

/// Whether `text` announces honourable mentions: `(?i)\bhonou?rable\s+mentions?\b` with
/// ASCII case and whitespace, read by a scanner (compiling the regex cost more than all
/// the fixture's lines take to scan; the tests check the scanner against it).
fn announces_mentions(text: &str) -> bool {
    let b = text.as_bytes();
    let word = |i: usize| b.get(i).copied().is_some_and(is_ascii_word);
    let at = |i: usize, w: &[u8]| starts_with_ignore_ascii_case(b, i, w);
    // Only where an `h` stands can the phrase start.
    memchr::memchr2_iter(b'h', b'H', b).any(|i| {
        if i > 0 && word(i - 1) {
            return false;
        }
        let after = if at(i, b"honourable") {
            i + 10
        } else if at(i, b"honorable") {
            i + 9
        } else {
            return false;
        };
        let j = skip_ascii_spaces(b, after);
        if j == after || !at(j, b"mention") {
            return false;
        }
        let end = j + 7;
        !word(end) || (matches!(b.get(end), Some(b's' | b'S')) && !word(end + 1))
    })
}
/// A heading written as plain text at the start of a line, on pages without bold or heading
/// markup: `Composer ~ Title (Label, Year)` optionally followed by the write-up. `heading` is
/// the line up to the release group's `)`, `credit` and `title` the text around ` ~ `, and
/// `rest` the write-up after a `.` or `:` (absent when only whitespace follows).
#[derive(Debug, PartialEq, Eq)]
struct PlainHeading<'a> {
    heading: &'a str,
    credit: &'a str,
    title: &'a str,
    rest: Option<&'a str>,
}

/// Reads a [`PlainHeading`] as the pattern
/// `^(([^~()]+?)\s~\s([^()]+?)\([^()]*\b(?:1[89]|20)[0-9]{2}\b[^()]*\))(?:[.:]\s+(.*)|\s*)$`
/// would, groups 1 to 4. Its lazy groups leave no choice: the credit cannot hold a `~`, so
/// the ` ~ ` is the line's first tilde; the title cannot hold a parenthesis, so the release
/// group opens at the first one after it and closes at the next. The credit and title are at
/// most [`PLAIN_CREDIT_MAX`] and [`PLAIN_TITLE_MAX`] characters, checked by the caller.
fn plain_heading(s: &str) -> Option<PlainHeading<'_>> {
    let tilde = s.find('~')?;
    let space = s[..tilde]
        .chars()
        .next_back()
        .filter(|c| c.is_whitespace())?;
    let credit = &s[..tilde - space.len_utf8()];
    if credit.is_empty() || credit.contains(['(', ')']) {
        return None;
    }
    let space = s[tilde + 1..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())?;
    let title_start = tilde + 1 + space.len_utf8();
    let open = title_start + s[title_start..].find(['(', ')'])?;
    if open == title_start || s.as_bytes()[open] != b'(' {
        return None;
    }
    let close = year_group_end(s, open)?;
    let tail = &s[close + 1..];
    let rest = match tail.strip_prefix(['.', ':']) {
        Some(after) => {
            let rest = after.trim_start();
            if rest.len() == after.len() || rest.contains('\n') {
                return None;
            }
            Some(rest)
        }
        None if tail.trim_start().is_empty() => None,
        None => return None,
    };
    Some(PlainHeading {
        heading: &s[..=close],
        credit,
        title: &s[title_start..open],
        rest,
    })
}
const PLAIN_CREDIT_MAX: usize = 150;
const PLAIN_TITLE_MAX: usize = 250;
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das",
    "ter", "ten", "bin", "al", "y", "e",
];

/// The heading a line starts with, and the write-up text that follows it on the same line.
/// Sentence punctuation after the heading's closing parenthesis is dropped, also when the
/// bold run or heading element took it in (see [`strip_sentence_end`]).
/// `text` is the whole line, cleaned.
fn split_heading(line: &Line, text: &str) -> Option<(String, String)> {
    if line.heading_element {
        return looks_like_heading(text)
            .then(|| (strip_sentence_end(text).to_string(), String::new()));
    }
    if line.bold_end > 0 {
        let bold = clean(&line.text[..line.bold_end]);
        if looks_like_heading(&bold) {
            let rest = line.text[line.bold_end..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | ':' | '–' | '—' | '-')
            });
            return Some((strip_sentence_end(&bold).to_string(), clean(rest)));
        }
        return None;
    }
    let h = plain_heading(text)?;
    if h.credit.chars().count() > PLAIN_CREDIT_MAX || h.title.chars().count() > PLAIN_TITLE_MAX {
        return None;
    }
    Some((
        h.heading.to_string(),
        h.rest.unwrap_or_default().to_string(),
    ))
}

/// Splits a trailing `(Name)` attribution off a paragraph.
pub fn split_attribution(paragraph: &str) -> Option<(String, String)> {
    // `text (Name)`: the last `(` to the closing `)` at the very end, 2–80 characters with no
    // bracket between. Plain string search: the regex this replaced was a quarter of
    // `build`'s time on large pages (issue 5).
    let paragraph = paragraph.trim();
    let body = paragraph.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = &body[open + 1..];
    if inner.contains(')') || !(2..=80).contains(&inner.chars().count()) {
        return None;
    }
    let name = clean(inner);
    is_name(&name).then(|| (body[..open].trim().to_string(), name))
}

fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().enumerate().all(|(i, w)| {
            let first = w.chars().next();
            let capital = first.is_some_and(char::is_uppercase);
            let particle = i > 0 && NAME_PARTICLES.contains(w);
            (capital || particle)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-'))
        })
}

struct Building {
    heading: String,
    section: Section,
    block: usize,
    /// The block the write-up was taken from when the heading stood alone.
    writeup_block: Option<usize>,
    paragraphs: Vec<(usize, String)>,
    reviewer: Option<String>,
}

impl Building {
    /// Whether a line that is not a heading is part of this entry's write-up.
    fn takes(&self, line: &Line) -> bool {
        if self.reviewer.is_some() {
            // After the attribution: article text between entries, not write-up.
            false
        } else if self.section == Section::HonourableMention {
            // A mention's write-up stays in its own block (or, when the heading stood alone,
            // the one block after it).
            line.block == self.block
                || self.writeup_block == Some(line.block)
                || (self.paragraphs.is_empty() && self.writeup_block.is_none())
        } else {
            true
        }
    }

    fn add(&mut self, block: usize, text: String) {
        if text.is_empty() {
            return;
        }
        match self.paragraphs.last_mut() {
            Some((b, p)) if *b == block => {
                p.push('\n');
                p.push_str(&text);
            }
            _ => self.paragraphs.push((block, text)),
        }
        if let Some((b, last)) = self.paragraphs.pop() {
            match split_attribution(&last) {
                Some((rest, name)) => {
                    self.reviewer = Some(name);
                    if !rest.is_empty() {
                        self.paragraphs.push((b, rest));
                    }
                }
                None => self.paragraphs.push((b, last)),
            }
        }
    }

    fn finish(self) -> RawEntry {
        RawEntry {
            heading: self.heading,
            section: self.section,
            paragraphs: self.paragraphs.into_iter().map(|(_, p)| p).collect(),
            reviewer: self.reviewer,
        }
    }
}

/// Where honourable mentions are expected after a lead-in line.
struct LeadIn {
    block: usize,
    list: Option<usize>,
    /// Entries have been taken from the lead-in's own block or its list.
    scoped: bool,
    /// At least one entry was taken.
    used: bool,
}

impl LeadIn {
    /// The section of a heading on `line`: an honourable mention while the lead-in's scope
    /// lasts (its own block, then its list, else until the first entry of another block),
    /// the list proper after it (and the lead-in is over).
    fn section_of(lead_in: &mut Option<LeadIn>, line: &Line) -> Section {
        let section = match lead_in.as_mut() {
            Some(l) if line.block == l.block => {
                l.scoped = true;
                Section::HonourableMention
            }
            Some(l)
                if line.list.is_some()
                    && (l.list == line.list || (!l.used && l.list.is_none())) =>
            {
                l.list = line.list;
                l.scoped = true;
                Section::HonourableMention
            }
            Some(l) if !l.scoped => Section::HonourableMention,
            _ => {
                *lead_in = None;
                Section::Main
            }
        };
        if let Some(l) = lead_in.as_mut() {
            l.used = true;
        }
        section
    }

    /// A lead-in when `text` announces honourable mentions.
    fn starting_at(text: &str, line: &Line) -> Option<LeadIn> {
        announces_mentions(text).then_some(LeadIn {
            block: line.block,
            list: None,
            scoped: false,
            used: false,
        })
    }
}

/// Reads entries from lines as the flattener hands them over, one at a time: a line is
/// read and dropped, so a huge page never holds all its lines at once.
#[derive(Default)]
pub(super) struct EntryReader {
    entries: Vec<RawEntry>,
    current: Option<Building>,
    lead_in: Option<LeadIn>,
}

impl EntryReader {
    pub(super) fn line(&mut self, line: &Line) {
        let text = clean(&line.text);
        if let Some((heading, rest)) = split_heading(line, &text) {
            if let Some(b) = self.current.take() {
                self.entries.push(b.finish());
            }
            let section = LeadIn::section_of(&mut self.lead_in, line);
            let mut b = Building {
                heading,
                section,
                block: line.block,
                writeup_block: None,
                paragraphs: Vec::new(),
                reviewer: None,
            };
            b.add(line.block, rest);
            self.current = Some(b);
            return;
        }
        let Some(b) = self.current.as_mut() else {
            if let Some(l) = LeadIn::starting_at(&text, line) {
                self.lead_in = Some(l);
            }
            return;
        };
        if b.takes(line) {
            if b.section == Section::HonourableMention && line.block != b.block {
                b.writeup_block = Some(line.block);
            }
            b.add(line.block, text);
        } else {
            if b.section == Section::HonourableMention {
                self.lead_in = None;
            }
            if let Some(l) = LeadIn::starting_at(&text, line) {
                self.lead_in = Some(l);
            }
        }
    }

    pub(super) fn finish(mut self) -> Vec<RawEntry> {
        if let Some(b) = self.current.take() {
            self.entries.push(b.finish());
        }
        self.entries
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

    use super::*;
    use crate::parse::scan::span_in;

    /// The pattern [`plain_heading`] replaced, as the reference it is checked against.
    static PLAIN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(([^~()]+?)\s~\s([^()]+?)\([^()]*\b(?:1[89]|20)[0-9]{2}\b[^()]*\))(?:[.:]\s+(.*)|\s*)$",
        )
        .unwrap()
    });

    type Span = (usize, usize);

    /// Groups 1 to 4 as spans.
    fn by_scanner(s: &str) -> Option<(Span, Span, Span, Option<Span>)> {
        plain_heading(s).map(|h| {
            let span = |part| span_in(s, part);
            (
                span(h.heading),
                span(h.credit),
                span(h.title),
                h.rest.map(span),
            )
        })
    }

    fn by_pattern(s: &str) -> Option<(Span, Span, Span, Option<Span>)> {
        PLAIN_HEADING.captures(s).map(|c| {
            let span = |i| c.get(i).map(|m: regex::Match| (m.start(), m.end()));
            (
                span(1).unwrap(),
                span(2).unwrap(),
                span(3).unwrap(),
                span(4),
            )
        })
    }

    /// Lines made of the pieces the heading pattern cares about, often shaped like a heading
    /// (text, ` ~ `, text, a parenthesised group, a tail) so that most get far into it.
    fn line_soup() -> impl Strategy<Value = String> {
        let piece = || {
            prop::collection::vec(
                prop::sample::select(vec![
                    " ", "  ", "\u{a0}", "\u{2003}", "\n", "\t", "~", " ~ ", "(", ")", "[", "]",
                    ",", ";", ":", ".", "/", "&", "1899", "1900", "2023", "2099", "2100", "1799",
                    "0", "and", "ſ", "K", "é", "ð", "\u{301}", "٣", "_", "x", "Label",
                ]),
                0..5,
            )
            .prop_map(|v| v.concat())
        };
        let space = prop::sample::select(vec![" ", "\u{a0}", "\n", "\u{2003}", "", "  "]);
        let tail = prop::sample::select(vec![
            "",
            "",
            " ",
            ".",
            ". ",
            ": Write-up",
            ". Write-up\nmore",
            ".\nWrite-up",
            ":  x",
            "x",
            " .",
            "\n",
            ". (Jane Doe)",
        ]);
        (
            piece(),
            space.clone(),
            space,
            piece(),
            piece(),
            prop::sample::select(vec!["1990", "2100", "1899", "2023a", "٣1990", "19900"]),
            piece(),
            tail,
            piece(),
            any::<bool>(),
        )
            .prop_map(
                |(credit, s1, s2, title, before, year, after, tail, extra, shaped)| {
                    if shaped {
                        format!("{credit}{s1}~{s2}{title}({before}{year}{after}){tail}{extra}")
                    } else {
                        format!("{credit}{s1}~{s2}{title}{before}{year}{after}{tail}{extra}")
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn lead_in_scanner_agrees_with_the_pattern(
            parts in prop::collection::vec(prop::sample::select(vec![
                "honourable", "Honorable", "HONOURABLE", "honorable", "honour", "mention",
                "Mentions", "mentionsx", "s", " ", "\t", "\u{0B}", "\u{A0}", "x", "_", "é", ":",
            ]), 0..10),
        ) {
            let text = parts.concat();
            let pattern = Regex::new(r"(?i-u)\bhonou?rable\s+mentions?\b").unwrap();
            prop_assert_eq!(announces_mentions(&text), pattern.is_match(&text), "{:?}", text);
        }

        #[test]
        fn lead_in_scanner_agrees_on_any_text(text in any::<String>()) {
            let pattern = Regex::new(r"(?i-u)\bhonou?rable\s+mentions?\b").unwrap();
            prop_assert_eq!(announces_mentions(&text), pattern.is_match(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn plain_heading_scanner_agrees_with_the_pattern(s in line_soup()) {
            prop_assert_eq!(by_scanner(&s), by_pattern(&s), "{:?}", s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn plain_heading_scanner_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(by_scanner(&s), by_pattern(&s), "{:?}", s);
        }
    }

    /// Lines where the pattern's lazy groups, `.` at a line break and `\b` beyond ASCII are
    /// easy to get wrong.
    #[test]
    fn plain_heading_scanner_agrees_on_edge_cases() {
        let cases = [
            "",
            "A ~ B (L, 1990)",
            "A ~ B (L, 1990). Write-up ~ (1991)",
            "A ~ B (L, 1990): x\ny",
            "A ~ B (L, 1990).\nx",
            "A ~ B (L, 1990). ",
            "A ~ B (L, 1990) \n ",
            "A ~ B (L, 1990).x",
            "A ~ B (L, 1990)x",
            "A ~ B ~ C (L, 1990)",
            "A ~ B ~C (L, 1990)",
            "A~ B (L, 1990)",
            " ~ B (L, 1990)",
            "A\u{a0}~\u{2003}B (L, 1990)",
            "A  ~ B (L, 1990)",
            "A ~  B (L, 1990)",
            "A\n~\nB\n(L,\n1990)",
            "A (x) ~ B (L, 1990)",
            "A ~ B) (L, 1990)",
            "A ~ (L, 1990)",
            "A ~ B (L, 1990) (M, 1991)",
            "A ~ B (L, ٣1990)",
            "A ~ B (L, 1990\u{301})",
            "A ~ B (L, _1990)",
            "A ~ B (L, é1990)",
            "A ~ B (L, -1990-)",
            "A ~ B (L, 2100)",
            "A ~ B (L 1990",
            "  ~  (1990 ). Write-up\nmore",
            ") ~  (1899). ",
            "  ~ [(1990)\u{a0}",
        ];
        for s in cases {
            assert_eq!(by_scanner(s), by_pattern(s), "{s:?}");
        }
    }
}
