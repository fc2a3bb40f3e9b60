//! Regression inputs for the parsers (issue 5): every crash or blow-up found by the fuzz
//! targets in `fuzz/` or by the limit measurements in BENCHMARKS.md is kept here, run through
//! the same function that failed, and named after the input. Inputs live in
//! `tests/fuzz_regressions/<target>/`; every file there is also replayed through its target.

use std::fs;
use std::path::{Path, PathBuf};

use soundtracks::parse::decode::decode;
use soundtracks::parse::heading;
use soundtracks::parse::page::parse_page;

const FIXTURE: &str = include_str!("../fixtures/acloserlisten/part-one.html");

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    files.retain(|p| p.is_file());
    files.sort();
    files
}

/// What `fuzz/fuzz_targets/heading.rs` checks.
fn heading_target(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let _ = heading::looks_like_heading(&s);
    match heading::parse(&s) {
        Ok(h) => {
            assert!(!h.title.is_empty());
            assert!(!h.releases.is_empty());
            assert!(h.releases.iter().all(|r| r.year.is_some()));
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
}

/// What `fuzz/fuzz_targets/page.rs` checks.
fn page_target(data: &[u8]) {
    let run = |html: &str| {
        if let Ok(page) = parse_page(html) {
            for entry in &page.entries {
                assert!(!entry.heading.is_empty());
                let _ = heading::parse(&entry.heading);
            }
        }
    };
    if let Ok(decoded) = decode(data, None) {
        run(&decoded.text);
    }
    run(&String::from_utf8_lossy(data));
}

#[test]
fn replay_heading_inputs() {
    for path in inputs("heading") {
        let data = fs::read(&path).unwrap();
        heading_target(&data);
    }
}

#[test]
fn replay_page_inputs() {
    for path in inputs("page") {
        let data = fs::read(&path).unwrap();
        page_target(&data);
    }
}

/// The fixture page with `inner` placed at the start of its article body.
fn fixture_with(inner: &str) -> String {
    let marker = "<div class=\"entry-content\">";
    let at = FIXTURE.find(marker).expect("fixture has .entry-content") + marker.len();
    format!("{}{inner}{}", &FIXTURE[..at], &FIXTURE[at..])
}

/// 100 000 nested `<span>`s in the article body overflowed the stack: the body walker
/// recursed once per element (found measuring limits for issue 5). Test threads have a
/// 2 MiB stack, smaller than the binary's main thread, so this is the stricter check.
#[test]
fn deeply_nested_spans_100000() {
    let depth = 100_000;
    let inner = format!("{}x{}", "<span>".repeat(depth), "</span>".repeat(depth));
    let page = parse_page(&fixture_with(&inner)).expect("deep page parses");
    assert_eq!(page.entries.len(), 27);
}

/// Nested block elements with an entry at the bottom: found, and the page's own entries too.
/// (html5ever's scope checks make deep `<div>` nesting quadratic, so this stays at 5 000;
/// BENCHMARKS.md has the 100 000-deep timing.)
#[test]
fn deeply_nested_divs_with_an_entry_inside() {
    let depth = 5_000;
    let inner = format!(
        "{}<p><strong>A ~ B (L, 1990)</strong><br />Deep. (Jane Doe)</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = parse_page(&fixture_with(&inner)).expect("deep page parses");
    assert_eq!(page.entries.len(), 28);
    let deep = page
        .entries
        .iter()
        .find(|e| e.heading == "A ~ B (L, 1990)")
        .expect("deep entry found");
    assert_eq!(deep.paragraphs, ["Deep."]);
    assert_eq!(deep.reviewer.as_deref(), Some("Jane Doe"));
}
