//! The list at a glance: the README's generated summary of the dataset (rows per part and
//! section, entries per decade of first release with a Mermaid bar chart that GitHub renders
//! without images, the labels and composers that recur). Pure: rows in, Markdown out.
//! `soundtracks glance` prints it from `output/soundtracks.json`; `tests/readme.rs` fails
//! when the README's copy is stale. Counting and ordering rules live here and nowhere else.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{decade, Row, Section};

/// The lines that enclose the summary in the README.
pub const BEGIN: &str = "<!-- BEGIN AT A GLANCE -->\n";
pub const END: &str = "<!-- END AT A GLANCE -->";

/// `doc` with the text between [`BEGIN`] and [`END`] replaced by `summary`; `None` when
/// `doc` lacks the markers. How the weekly refresh keeps the README's copy fresh.
pub fn splice(doc: &str, summary: &str) -> Option<String> {
    let start = doc.find(BEGIN)? + BEGIN.len();
    let end = start + doc[start..].find(END)?;
    Some(format!("{}{summary}{}", &doc[..start], &doc[end..]))
}

/// How many labels and composers the summary lists at most.
const TOP: usize = 10;

/// The summary of `rows` as Markdown, ending in a newline.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    parts_table(rows, &mut out);
    decades(rows, &mut out);
    recurring(
        "Labels",
        "label",
        rows.iter().flat_map(|r| r.labels.iter()),
        &mut out,
    );
    recurring(
        "Composers",
        "composer",
        rows.iter().flat_map(|r| r.composers.iter()),
        &mut out,
    );
    // One newline at the end, not a blank line.
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Rows per part and section, with totals.
fn parts_table(rows: &[Row], out: &mut String) {
    let mut per_part: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for row in rows {
        let counts = per_part.entry(row.part).or_default();
        match row.section {
            Section::HonourableMention => counts.0 += 1,
            Section::Main => counts.1 += 1,
        }
    }
    let _ = writeln!(
        out,
        "{} entries from {} part(s) of the feature.\n",
        rows.len(),
        per_part.len()
    );
    out.push_str("| part | honourable mentions | main list | entries |\n|---:|---:|---:|---:|\n");
    for (part, (mentions, main)) in &per_part {
        let _ = writeln!(
            out,
            "| {part} | {mentions} | {main} | {} |",
            mentions + main
        );
    }
    out.push('\n');
}

/// Entries per decade of their first release, every decade between the first and the last
/// shown (an empty decade is a zero bar, not a gap), then those without a year.
fn decades(rows: &[Row], out: &mut String) {
    let mut per_decade: BTreeMap<i32, usize> = BTreeMap::new();
    let mut unknown = 0;
    for row in rows {
        match row.release_year {
            Some(year) => *per_decade.entry(decade(year)).or_default() += 1,
            None => unknown += 1,
        }
    }
    let (Some(&first), Some(&last)) = (per_decade.keys().next(), per_decade.keys().last()) else {
        return;
    };
    let all: Vec<(i32, usize)> = (first..=last)
        .step_by(10)
        .map(|d| (d, per_decade.get(&d).copied().unwrap_or(0)))
        .collect();
    let most = all.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let names: Vec<String> = all.iter().map(|(d, _)| format!("\"{d}s\"")).collect();
    let bars: Vec<String> = all.iter().map(|(_, n)| n.to_string()).collect();
    out.push_str("Entries per decade of first release:\n\n```mermaid\nxychart-beta\n");
    out.push_str("    title \"Entries per decade of first release\"\n");
    let _ = writeln!(out, "    x-axis [{}]", names.join(", "));
    let _ = writeln!(out, "    y-axis \"entries\" 0 --> {most}");
    let _ = writeln!(out, "    bar [{}]\n```\n", bars.join(", "));
    out.push_str("| decade | entries |\n|---|---:|\n");
    for (decade, n) in &all {
        let _ = writeln!(out, "| {decade}s | {n} |");
    }
    if unknown > 0 {
        let _ = writeln!(out, "| no year | {unknown} |");
    }
    out.push('\n');
}

/// The names that occur in more than one entry, most frequent first (ties by name), at most
/// [`TOP`], and how many occur once.
fn recurring<'a>(
    title: &str,
    noun: &str,
    names: impl Iterator<Item = &'a String>,
    out: &mut String,
) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in names {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    // Stable: the BTreeMap's name order breaks ties.
    ranked.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let once = ranked.iter().filter(|&&(_, n)| n == 1).count();
    let _ = writeln!(out, "{title} with more than one entry:\n");
    let _ = writeln!(out, "| {noun} | entries |\n|---|---:|");
    for (name, n) in ranked.iter().filter(|&&(_, n)| n > 1).take(TOP) {
        let _ = writeln!(out, "| {} | {n} |", escape_cell(name));
    }
    let _ = writeln!(out, "\n…and {once} {noun}(s) with one entry each.\n");
}

/// A table cell's text: pipes would end the cell.
fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        part: i32,
        section: Section,
        year: Option<i32>,
        labels: &[&str],
        composers: &[&str],
    ) -> Row {
        Row {
            id: String::new(),
            part,
            position: 1,
            section,
            heading: String::new(),
            composer: None,
            composers: composers.iter().map(|s| s.to_string()).collect(),
            title: String::new(),
            alt_title: None,
            film_title: String::new(),
            film_year: None,
            film_year_source: None,
            release_year: year,
            year,
            year_basis: None,
            decade: None,
            labels: labels.iter().map(|s| s.to_string()).collect(),
            releases: Vec::new(),
            reviewer: None,
            review: String::new(),
            source_url: String::new(),
            film_wikidata: None,
            film_imdb: None,
            release_group_mbid: None,
        }
    }

    #[test]
    fn parts_decades_and_recurring_names() {
        let rows = [
            row(
                1,
                Section::HonourableMention,
                Some(1994),
                &["Disney"],
                &["A"],
            ),
            row(
                1,
                Section::Main,
                Some(1956),
                &["Milan", "Disney"],
                &["B", "A"],
            ),
            row(1, Section::Main, Some(1976), &["Milan"], &["C"]),
            row(2, Section::Main, None, &["Pipe|Label"], &["C"]),
            row(2, Section::Main, Some(1979), &["Pipe|Label"], &["D"]),
        ];
        let md = markdown(&rows);
        assert!(
            md.starts_with("5 entries from 2 part(s) of the feature.\n"),
            "{md}"
        );
        assert!(
            md.contains("| 1 | 1 | 2 | 3 |\n| 2 | 0 | 2 | 2 |\n"),
            "{md}"
        );
        // 1960s had nothing: a zero bar, not a gap.
        assert!(
            md.contains("x-axis [\"1950s\", \"1960s\", \"1970s\", \"1980s\", \"1990s\"]"),
            "{md}"
        );
        assert!(md.contains("bar [1, 0, 2, 0, 1]"), "{md}");
        assert!(md.contains("y-axis \"entries\" 0 --> 2"), "{md}");
        assert!(md.contains("| no year | 1 |"), "{md}");
        // Ties in frequency are broken by name; a pipe is escaped.
        assert!(
            md.contains("| Disney | 2 |\n| Milan | 2 |\n| Pipe\\|Label | 2 |\n"),
            "{md}"
        );
        assert!(md.contains("…and 0 label(s) with one entry each."), "{md}");
        assert!(md.contains("| A | 2 |\n| C | 2 |\n"), "{md}");
        assert!(
            md.contains("…and 2 composer(s) with one entry each."),
            "{md}"
        );
    }

    #[test]
    fn splice_replaces_only_the_block() {
        let doc = format!("# T\n\n{BEGIN}old\nlines\n{END}\n\nrest\n");
        assert_eq!(
            splice(&doc, "new\n").as_deref(),
            Some(format!("# T\n\n{BEGIN}new\n{END}\n\nrest\n").as_str())
        );
        assert_eq!(splice("no markers", "x"), None);
        assert_eq!(splice(&format!("{BEGIN} but no end"), "x"), None);
        assert_eq!(
            splice(&format!("{END} {BEGIN}"), "x"),
            None,
            "end before begin"
        );
    }

    #[test]
    fn no_rows() {
        let md = markdown(&[]);
        assert!(md.starts_with("0 entries from 0 part(s)"), "{md}");
        assert!(!md.contains("mermaid"), "no chart without years: {md}");
    }
}
