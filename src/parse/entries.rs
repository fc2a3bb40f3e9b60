//! Lines → raw entries: which lines are entry headings (a heading element, a leading bold
//! run, or on pages without either a line that reads as a heading), which text is each
//! entry's write-up (up to the next heading, ending early at a `(Name)` attribution), and
//! which entries are honourable mentions (scoped by their lead-in). Pure.

use std::sync::LazyLock;

use regex::Regex;

use super::flatten::Line;
use super::grammar::plain_heading;
use super::heading::{looks_like_heading, strip_sentence_end};
use super::text::clean;
use crate::model::{RawEntry, Section};

/// A line that announces honourable mentions (ASCII case and whitespace).
static MENTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\bhonou?rable\s+mentions?\b").expect("static pattern"));

/// The longest credit and title of a heading written as plain text.
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
    // bracket between.
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
        MENTIONS.is_match(text).then_some(LeadIn {
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
    use super::*;

    #[test]
    fn lead_ins() {
        let cases = [
            ("Before we begin, a couple of honourable mentions:", true),
            ("Two honorable mentions first.", true),
            ("HONOURABLE\tMENTION", true),
            ("honourable mentionsx", false),
            ("dishonourable mentions", false),
            ("honourable\u{a0}mentions", false),
            ("honour mention", false),
        ];
        for (text, want) in cases {
            assert_eq!(MENTIONS.is_match(text), want, "{text:?}");
        }
    }
}
