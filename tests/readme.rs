//! The documentation stays true: the data dictionary in `docs/dataset.md` is the one
//! `src/schema.rs` generates, the README's "list at a glance" is the one the bundled fixtures
//! give, the README stays a front door (≤ 200 lines), and every path that README.md and
//! docs/*.md name exists. Each failure says how to regenerate or what to fix.

use std::path::{Path, PathBuf};

use soundtracks::build::{collect, BuildOptions};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between `<!-- BEGIN {name} -->` and `<!-- END {name} -->` in `doc`.
fn block<'a>(doc: &'a str, name: &str, file: &str) -> &'a str {
    let begin = format!("<!-- BEGIN {name} -->\n");
    let end = format!("<!-- END {name} -->");
    let start = doc
        .find(&begin)
        .map(|i| i + begin.len())
        .unwrap_or_else(|| panic!("{file} has no `{}` line", begin.trim_end()));
    let len = doc[start..]
        .find(&end)
        .unwrap_or_else(|| panic!("{file} has no `{end}` line after the BEGIN marker"));
    &doc[start..start + len]
}

/// Fails with the first differing line and the command that regenerates the block.
fn assert_block(in_doc: &str, generated: &str, file: &str, command: &str) {
    if in_doc == generated {
        return;
    }
    let first = in_doc
        .lines()
        .zip(generated.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| in_doc.lines().count().min(generated.lines().count()));
    panic!(
        "{file} is stale (first difference at line {} of the block).\nRegenerate it: replace \
         the lines between the markers with the output of `{command}`.\n\n{file} has:\n  {:?}\n\
         generated:\n  {:?}",
        first + 1,
        in_doc.lines().nth(first).unwrap_or("<end of block>"),
        generated.lines().nth(first).unwrap_or("<end of output>"),
    );
}

#[test]
fn data_dictionary_matches_the_schema() {
    let doc = read(&root().join("docs/dataset.md"));
    assert_block(
        block(&doc, "DATA DICTIONARY", "docs/dataset.md"),
        &soundtracks::schema::markdown_dictionary(),
        "docs/dataset.md",
        "cargo run --quiet -- schema",
    );
}

#[test]
fn list_at_a_glance_matches_the_fixtures() {
    let readme = read(&root().join("README.md"));
    let dataset = collect(&[root().join("fixtures")], &BuildOptions::default()).unwrap();
    assert_block(
        block(&readme, "AT A GLANCE", "README.md"),
        &soundtracks::glance::markdown(&dataset.rows),
        "README.md",
        "cargo run --quiet -- glance",
    );
}

#[test]
fn readme_is_a_front_door() {
    let readme = read(&root().join("README.md"));
    let lines = readme.lines().count();
    assert!(
        lines <= 200,
        "README.md has {lines} lines: move detail to docs/"
    );
    let first_screen: String = readme.lines().take(40).collect::<Vec<_>>().join("\n");
    for what in ["read_parquet", "Data and rights", "Part One"] {
        assert!(
            first_screen.contains(what),
            "the first screen lacks {what:?}"
        );
    }
}

/// The documents whose paths are checked.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// Repository paths a document names: relative Markdown link targets, and code spans that
/// start at one of the repository's top-level folders or name a top-level file. A span
/// with a placeholder (`<slug>`, `*`, `…`) or a URL is not a path.
fn named_paths(doc: &str) -> Vec<String> {
    const TOP: [&str; 13] = [
        "src/",
        "tests/",
        "fixtures/",
        "output/",
        "docs/",
        "bench/",
        "benches/",
        "examples/",
        "fuzz/",
        ".github/",
        ".ci/",
        "../",
        "./",
    ];
    const FILES: [&str; 7] = [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "BENCHMARKS.md",
        "LICENSE",
        "CITATION.cff",
        "build.rs",
    ];
    let mut out = Vec::new();
    for (i, _) in doc.match_indices("](") {
        let rest = &doc[i + 2..];
        if let Some(end) = rest.find(')') {
            let target = rest[..end].split('#').next().unwrap_or("");
            if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
                out.push(target.to_string());
            }
        }
    }
    for span in doc.split('`').skip(1).step_by(2) {
        let span = span.trim();
        let looks_like_path = TOP.iter().any(|t| span.starts_with(t)) || FILES.contains(&span);
        let placeholder = span.contains(['<', '*', '…', ' ', '{', '$']) || span.contains("://");
        if looks_like_path && !placeholder {
            out.push(span.to_string());
        }
    }
    out
}

#[test]
fn every_path_the_docs_name_exists() {
    let mut missing = Vec::new();
    for doc in documents() {
        let text = read(&doc);
        let dir = doc.parent().unwrap();
        for path in named_paths(&text) {
            // Links resolve from the document's folder; code spans from the repository root.
            let from_doc = dir.join(&path);
            let from_root = root().join(&path);
            if !from_doc.exists() && !from_root.exists() {
                missing.push(format!("{}: {path}", doc.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths named in the docs that do not exist:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn path_finder_reads_links_and_spans() {
    let doc = "See [the data](docs/dataset.md#x), [a site](https://e.org/), `src/lib.rs`, \
               `fixtures/<site>/<slug>.html`, `cargo test`, `LICENSE` and `output/*.parquet`.";
    assert_eq!(
        named_paths(doc),
        ["docs/dataset.md", "src/lib.rs", "LICENSE"]
    );
}
