//! The change report printed after a refresh: per part, the ids of rows added, removed and
//! changed (with the changed column names), comparing two `soundtracks.json` files. Pure.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

/// One JSON row, keyed by column name.
pub type JsonRow = Map<String, Value>;

/// What changed in one part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartChanges {
    pub part: i64,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// (id, changed columns).
    pub changed: Vec<(String, Vec<String>)>,
    /// Rows present before and after with identical values.
    pub unchanged: usize,
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

fn id_of(row: &JsonRow) -> Option<String> {
    row.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn part_of(row: &JsonRow) -> i64 {
    row.get("part").and_then(Value::as_i64).unwrap_or(0)
}

fn entry(parts: &mut BTreeMap<i64, PartChanges>, part: i64) -> &mut PartChanges {
    parts.entry(part).or_insert_with(|| PartChanges {
        part,
        ..PartChanges::default()
    })
}

/// Compares the rows before and after. A row whose part changed is counted under its new
/// part, as changed in `part`.
pub fn diff(old: &[JsonRow], new: &[JsonRow]) -> ChangeReport {
    let old_by_id: BTreeMap<String, &JsonRow> = old
        .iter()
        .filter_map(|r| id_of(r).map(|id| (id, r)))
        .collect();
    let new_ids: BTreeSet<String> = new.iter().filter_map(id_of).collect();
    let mut parts: BTreeMap<i64, PartChanges> = BTreeMap::new();
    for row in new {
        let Some(id) = id_of(row) else { continue };
        let p = entry(&mut parts, part_of(row));
        match old_by_id.get(&id) {
            None => p.added.push(id),
            Some(before) => {
                let mut columns: BTreeSet<&String> = row.keys().collect();
                columns.extend(before.keys());
                let changed: Vec<String> = columns
                    .into_iter()
                    .filter(|c| row.get(*c) != before.get(*c))
                    .cloned()
                    .collect();
                if changed.is_empty() {
                    p.unchanged += 1;
                } else {
                    p.changed.push((id, changed));
                }
            }
        }
    }
    for row in old {
        let Some(id) = id_of(row) else { continue };
        if !new_ids.contains(&id) {
            entry(&mut parts, part_of(row)).removed.push(id);
        }
    }
    ChangeReport {
        parts: parts.into_values().collect(),
    }
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
            for (id, cols) in &p.changed {
                writeln!(f, "  ~ {id} ({})", cols.join(", "))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows(v: Value) -> Vec<JsonRow> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
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
                            changed: vec![("b".into(), vec!["review".into(), "title".into()])],
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
