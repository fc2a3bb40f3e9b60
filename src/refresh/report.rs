//! The change report of a refresh: per part, the ids of rows added, removed and changed
//! (with each changed column's old and new value), comparing the typed rows before and
//! after; printed on the terminal, or rendered as Markdown for a pull request
//! ([`markdown`]). Pure.
//!
//! Text from the site (reviews, titles, warnings) is made inert in the Markdown ([`inert`]):
//! a pull request body must not mention users or teams (`@name`) or link issues (`#123`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::meta::PageSource;
use crate::model::Row;

/// What changed in one part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartChanges {
    pub part: i64,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<RowChange>,
    /// Rows present before and after with identical values.
    pub unchanged: usize,
}

/// One row present before and after, with the columns whose values differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    pub id: String,
    pub columns: Vec<ColumnChange>,
}

/// One column of a changed row: its value before and after (`null` when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChange {
    pub column: String,
    pub before: Value,
    pub after: Value,
}

impl RowChange {
    /// The names of the changed columns.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.column.as_str()).collect()
    }
}

impl PartChanges {
    /// Rows of this part before the refresh.
    pub(crate) fn rows_before(&self) -> usize {
        self.unchanged + self.changed.len() + self.removed.len()
    }

    /// Rows of this part after the refresh.
    pub(crate) fn rows_after(&self) -> usize {
        self.unchanged + self.changed.len() + self.added.len()
    }
}

/// Every part's changes, in part order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeReport {
    pub parts: Vec<PartChanges>,
}

impl ChangeReport {
    /// Whether any row was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.parts
            .iter()
            .all(|p| p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty())
    }
}

/// A row's columns as values, keyed by column name (the names and values its JSON has).
fn columns(row: &Row) -> Map<String, Value> {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn entry(parts: &mut BTreeMap<i64, PartChanges>, part: i64) -> &mut PartChanges {
    parts.entry(part).or_insert_with(|| PartChanges {
        part,
        ..PartChanges::default()
    })
}

/// Compares the rows before and after, by `id`. A row whose part changed is counted under
/// its new part, as changed.
pub fn diff(old: &[Row], new: &[Row]) -> ChangeReport {
    let old_by_id: BTreeMap<&str, &Row> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(|r| r.id.as_str()).collect();
    let mut parts: BTreeMap<i64, PartChanges> = BTreeMap::new();
    for row in new {
        let p = entry(&mut parts, i64::from(row.part));
        match old_by_id.get(row.id.as_str()) {
            None => p.added.push(row.id.clone()),
            Some(before) if *before == row => p.unchanged += 1,
            Some(before) => p.changed.push(RowChange {
                id: row.id.clone(),
                columns: changed_columns(before, row),
            }),
        }
    }
    for row in old {
        if !new_ids.contains(row.id.as_str()) {
            entry(&mut parts, i64::from(row.part))
                .removed
                .push(row.id.clone());
        }
    }
    ChangeReport {
        parts: parts.into_values().collect(),
    }
}

/// The columns whose values differ, in column-name order.
fn changed_columns(before: &Row, after: &Row) -> Vec<ColumnChange> {
    let (before, after) = (columns(before), columns(after));
    let mut names: BTreeSet<&String> = after.keys().collect();
    names.extend(before.keys());
    names
        .into_iter()
        .filter(|c| after.get(*c) != before.get(*c))
        .map(|c| ColumnChange {
            column: c.clone(),
            before: before.get(c).cloned().unwrap_or(Value::Null),
            after: after.get(c).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

impl fmt::Display for ChangeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no rows added, removed or changed");
        }
        for p in &self.parts {
            writeln!(
                f,
                "Part {}: {} added, {} removed, {} changed, {} unchanged",
                p.part,
                p.added.len(),
                p.removed.len(),
                p.changed.len(),
                p.unchanged
            )?;
            for id in &p.added {
                writeln!(f, "  + {id}")?;
            }
            for id in &p.removed {
                writeln!(f, "  - {id}")?;
            }
            for change in &p.changed {
                writeln!(
                    f,
                    "  ~ {} ({})",
                    change.id,
                    change.column_names().join(", ")
                )?;
            }
        }
        Ok(())
    }
}

/// Longest cell text in the Markdown report; longer values are cut around their first
/// difference.
const CELL_CHARS: usize = 80;

/// The whole run as Markdown, for a pull request body: per part the rows added, removed and
/// changed (changed values old → new, long text shortened around the change), the pages
/// fetched and saved (or checked, unchanged), the discovery sources, the request count and
/// when the pages were checked. A run that changed no data is one line, the pages checked
/// and the time.
pub fn markdown(summary: &super::RefreshSummary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let host = summary.host.as_str();
    let Some(report) = &summary.report else {
        let _ = writeln!(
            out,
            "Nothing changed: {} part(s) checked with {} request(s) to {host}{}; the fixtures and the dataset are as they were.",
            summary.pages.len(),
            summary.requests,
            archive_requests(summary)
        );
        pages_table(&mut out, summary);
        archive_section(&mut out, summary);
        let _ = writeln!(out, "\nChecked at {}.", summary.checked_at);
        return out;
    };
    let total = |f: fn(&PartChanges) -> usize| report.parts.iter().map(f).sum::<usize>();
    let _ = writeln!(out, "# Dataset refresh\n");
    let _ = writeln!(
        out,
        "{} row(s) added, {} removed, {} changed, {} unchanged.",
        total(|p| p.added.len()),
        total(|p| p.removed.len()),
        total(|p| p.changed.len()),
        total(|p| p.unchanged)
    );
    for p in &report.parts {
        let _ = writeln!(out, "\n## Part {}\n", p.part);
        let _ = writeln!(
            out,
            "{} row(s) before, {} after: {} added, {} removed, {} changed.",
            p.rows_before(),
            p.rows_after(),
            p.added.len(),
            p.removed.len(),
            p.changed.len()
        );
        for (label, ids) in [("Added", &p.added), ("Removed", &p.removed)] {
            if !ids.is_empty() {
                let list: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
                let _ = writeln!(out, "\n{label}: {}", list.join(", "));
            }
        }
        if !p.changed.is_empty() {
            let _ = writeln!(out, "\n| id | column | before | after |\n|---|---|---|---|");
            for row in &p.changed {
                for c in &row.columns {
                    let (before, after) = shorten_pair(&cell(&c.before), &cell(&c.after));
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | {} | {} |",
                        row.id,
                        c.column,
                        escape(&before),
                        escape(&after)
                    );
                }
            }
        }
    }
    if let Some(enrichment) = &summary.enrichment {
        super::enrich::markdown(&mut out, enrichment);
    }
    let _ = writeln!(out, "\n## Pages");
    pages_table(&mut out, summary);
    archive_section(&mut out, summary);
    let _ = writeln!(out, "\n## Discovery\n");
    for source in &summary.sources {
        let _ = writeln!(out, "- {source}");
    }
    for warning in &summary.warnings {
        let _ = writeln!(out, "- warning: {}", escape(warning));
    }
    let _ = writeln!(
        out,
        "\n{} request(s) to {host}{}, checked at {}.",
        summary.requests,
        archive_requests(summary),
        summary.checked_at
    );
    out
}

/// The pages fetched, each saved or checked and left unchanged (a 304, the same bytes, or
/// new bytes giving the same rows).
fn pages_table(out: &mut String, summary: &super::RefreshSummary) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "\n| status | page | fixture |\n|---|---|---|");
    for page in &summary.pages {
        let fixture = match &page.saved {
            Some(path) => format!("saved `{}`", path.display()),
            None => "checked, unchanged".to_string(),
        };
        let _ = writeln!(out, "| {} | <{}> | {fixture} |", page.status, page.url);
    }
}

/// The pages that came from the Wayback Machine and when they were captured, and those the
/// site gives again after coming from it; nothing when there are none.
fn archive_section(out: &mut String, summary: &super::RefreshSummary) {
    use std::fmt::Write as _;
    let archived = summary
        .pages
        .iter()
        .filter(|p| p.source == Some(PageSource::Wayback) || p.live_again);
    for (i, page) in archived.enumerate() {
        if i == 0 {
            let _ = writeln!(out, "\n## Wayback Machine\n");
        }
        if page.live_again {
            let _ = writeln!(
                out,
                "- <{}>: the site answers again; {}",
                page.url,
                if page.saved.is_some() {
                    "taken from it instead of the archive"
                } else {
                    "its rows are the archived copy's, so that copy is kept"
                }
            );
        } else {
            let _ = writeln!(
                out,
                "- <{}>: capture of {}{}",
                page.url,
                page.captured_at.as_deref().unwrap_or("an unknown time"),
                if page.saved.is_some() {
                    ""
                } else {
                    " (unchanged)"
                }
            );
        }
    }
}

/// ` and N to the Wayback Machine`, when it was asked.
fn archive_requests(summary: &super::RefreshSummary) -> String {
    match summary.archive_requests {
        0 => String::new(),
        n => format!(" and {n} to the Wayback Machine"),
    }
}

/// A JSON value as table text: strings as they are, the rest as JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "(none)".to_string(),
        other => other.to_string(),
    }
}

/// Both values cut to [`CELL_CHARS`] around where they first differ, so a change deep in a
/// long review stays visible.
fn shorten_pair(before: &str, after: &str) -> (String, String) {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let common = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let start = common.saturating_sub(CELL_CHARS / 3);
    let cut = |chars: &[char]| {
        let end = (start + CELL_CHARS).min(chars.len());
        let mut s = String::new();
        if start > 0 {
            s.push('…');
        }
        s.extend(&chars[start.min(chars.len())..end]);
        if end < chars.len() {
            s.push('…');
        }
        s
    };
    (cut(&b), cut(&a))
}

/// Text from the site made safe for one Markdown table cell or list item: one line, no
/// table break, no HTML or link syntax, and [`inert`].
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '`' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    inert(&out)
}

/// A word joiner (U+2060, invisible) after every `@` and `#`, so that GitHub reads no
/// `@user`, `@org/team`, `#123` or `owner/repo#123` in the text: its mentions and
/// references need a letter or digit right after the sign. (HTML entities would not do:
/// GitHub finds mentions in the rendered text, where `&#64;` is an `@` again.)
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(c);
        if matches!(c, '@' | '#' | '＠' | '＃') {
            out.push('\u{2060}');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::row;
    use serde_json::json;

    /// Typed rows from `{id, part, title, review}` objects (the rest as the sample row).
    fn rows(v: Value) -> Vec<Row> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| Row {
                part: r["part"].as_i64().unwrap() as i32,
                title: r["title"].as_str().unwrap().into(),
                review: r["review"].as_str().unwrap().into(),
                ..row(r["id"].as_str().unwrap())
            })
            .collect()
    }

    #[test]
    fn cells_are_shortened_around_the_change() {
        let long = "a".repeat(200);
        let (b, a) = shorten_pair(&format!("{long} old end"), &format!("{long} new end"));
        assert!(b.starts_with('…') && b.contains("old end"), "{b}");
        assert!(a.contains("new end"), "{a}");
        assert!(b.chars().count() <= CELL_CHARS + 2);
        assert_eq!(
            shorten_pair("short", "shirt"),
            ("short".into(), "shirt".into())
        );
        assert_eq!(escape("a|b\nc\\d"), "a\\|b c\\\\d");
        assert_eq!(escape("<b>[x](y) `z`"), "\\<b\\>\\[x\\](y) \\`z\\`");
        assert_eq!(cell(&json!(["X", "Y"])), "[\"X\",\"Y\"]");
        assert_eq!(cell(&Value::Null), "(none)");
    }

    /// Regression: a review quoting `@name` or `#123` reached the pull request body as a
    /// mention or an issue link.
    #[test]
    fn page_text_cannot_mention_or_link() {
        let cases = [
            "thanks @octocat and @my-org/team",
            "see #123, owner/repo#45 and GH-6 #7",
            "@@x ##8 ＠full ＃9",
            "mail@example.com",
        ];
        for text in cases {
            let got = escape(text);
            let chars: Vec<char> = got.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if matches!(c, '@' | '#' | '＠' | '＃') {
                    let next = chars.get(i + 1).copied();
                    assert_eq!(next, Some('\u{2060}'), "{text:?} → {got:?}");
                }
            }
            // Nothing else changes: without the joiners, the text is as it was.
            assert_eq!(got.replace('\u{2060}', ""), text);
        }
        let old = rows(json!([{"id": "a", "part": 1, "title": "A", "review": "x"}]));
        let new =
            rows(json!([{"id": "a", "part": 1, "title": "A", "review": "hi @octocat, fixes #12"}]));
        let summary = crate::refresh::RefreshSummary {
            host: "h".into(),
            pages: vec![],
            checked_at: "2026-01-01T00:00:00Z".into(),
            discovered: vec![],
            written: vec![],
            report: Some(diff(&old, &new)),
            sources: vec![],
            warnings: vec!["sitemap @bad #1".into()],
            requests: 1,
            archive_requests: 0,
            enrichment: None,
        };
        let md = markdown(&summary);
        assert!(
            md.contains("hi @\u{2060}octocat, fixes #\u{2060}12"),
            "{md}"
        );
        assert!(md.contains("sitemap @\u{2060}bad #\u{2060}1"), "{md}");
        assert!(!md.contains("@octocat") && !md.contains("#12"), "{md}");
    }

    #[test]
    fn table_of_diffs() {
        let old = rows(json!([
            {"id": "a", "part": 1, "title": "A", "review": "x"},
            {"id": "b", "part": 1, "title": "B", "review": "y"},
            {"id": "c", "part": 1, "title": "C", "review": "z"},
        ]));
        let cases: Vec<(Value, ChangeReport)> = vec![
            (
                json!([
                    {"id": "a", "part": 1, "title": "A", "review": "x"},
                    {"id": "b", "part": 1, "title": "B", "review": "y"},
                    {"id": "c", "part": 1, "title": "C", "review": "z"},
                ]),
                ChangeReport {
                    parts: vec![PartChanges {
                        part: 1,
                        unchanged: 3,
                        ..Default::default()
                    }],
                },
            ),
            (
                json!([
                    {"id": "a", "part": 1, "title": "A", "review": "x"},
                    {"id": "b", "part": 1, "title": "B2", "review": "y2"},
                    {"id": "d", "part": 2, "title": "D", "review": "w"},
                ]),
                ChangeReport {
                    parts: vec![
                        PartChanges {
                            part: 1,
                            added: vec![],
                            removed: vec!["c".into()],
                            changed: vec![RowChange {
                                id: "b".into(),
                                columns: vec![
                                    ColumnChange {
                                        column: "review".into(),
                                        before: json!("y"),
                                        after: json!("y2"),
                                    },
                                    ColumnChange {
                                        column: "title".into(),
                                        before: json!("B"),
                                        after: json!("B2"),
                                    },
                                ],
                            }],
                            unchanged: 1,
                        },
                        PartChanges {
                            part: 2,
                            added: vec!["d".into()],
                            ..Default::default()
                        },
                    ],
                },
            ),
        ];
        for (new, want) in cases {
            let got = diff(&old, &rows(new.clone()));
            assert_eq!(got, want, "{new}");
        }
        let first = diff(&[], &old);
        assert_eq!(first.parts[0].added, vec!["a", "b", "c"]);
        assert!(diff(&old, &old).is_empty());
        assert!(diff(&old, &old).to_string().contains("no rows"));
        let text = diff(
            &old,
            &rows(json!([{"id": "a", "part": 1, "title": "Z", "review": "x"}])),
        )
        .to_string();
        assert!(
            text.contains("Part 1: 0 added, 2 removed, 1 changed, 0 unchanged"),
            "{text}"
        );
        assert!(text.contains("  ~ a (title)"), "{text}");
    }
}
