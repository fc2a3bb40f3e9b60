//! The README's data dictionary is generated from `src/schema.rs`: this test fails when the
//! block between the `DATA DICTIONARY` markers differs from `schema::markdown_dictionary()`,
//! and says how to regenerate it.

use std::path::Path;

const BEGIN: &str = "<!-- BEGIN DATA DICTIONARY -->\n";
const END: &str = "<!-- END DATA DICTIONARY -->";

#[test]
fn readme_data_dictionary_matches_the_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let start = readme
        .find(BEGIN)
        .map(|i| i + BEGIN.len())
        .unwrap_or_else(|| panic!("README.md has no `{}` line", BEGIN.trim_end()));
    let len = readme[start..]
        .find(END)
        .unwrap_or_else(|| panic!("README.md has no `{END}` line after the BEGIN marker"));
    let in_readme = &readme[start..start + len];
    let generated = soundtracks::schema::markdown_dictionary();
    if in_readme != generated {
        let first_diff = in_readme
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| in_readme.lines().count().min(generated.lines().count()));
        panic!(
            "README.md's data dictionary differs from src/schema.rs (first at line {} of the \
             block).\nRegenerate it: replace the lines between the markers with the output of \
             `cargo run -- schema`, e.g.\n\n  cargo run --quiet -- schema > /tmp/dictionary.md\n\n\
             README has:\n  {:?}\nschema gives:\n  {:?}",
            first_diff + 1,
            in_readme
                .lines()
                .nth(first_diff)
                .unwrap_or("<end of block>"),
            generated
                .lines()
                .nth(first_diff)
                .unwrap_or("<end of dictionary>"),
        );
    }
}
