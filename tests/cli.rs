//! End-to-end tests of the real `soundtracks` binary in temporary directories: outputs,
//! determinism, freshness of the committed dataset, bad input, atomicity and `--strict`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use soundtracks::schema::{MANIFEST_JSON, SOUNDTRACKS_JSON, SOUNDTRACKS_PARQUET};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_soundtracks"))
}

fn build(args: &[&str], out: &Path) -> Output {
    bin()
        .arg("build")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, keyed by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// The saved pages under `fixtures/`, relative to it: every part there, whichever are saved.
fn fixture_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = tree(Path::new("fixtures"))
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn build_writes_the_dataset_and_reports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&["fixtures"], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("read acloserlisten/part-one.html: Part 1, 27 entries"),
        "{err}"
    );
    let pages = fixture_pages();
    assert!(!pages.is_empty());
    let manifest = json(&out.join(MANIFEST_JSON));
    let articles = manifest["articles"].as_array().unwrap();
    // One article per saved page, each read and reported.
    assert_eq!(articles.len(), pages.len(), "{pages:?}");
    for page in &pages {
        assert!(
            err.contains(&format!("read {}: Part ", page.display())),
            "{err}"
        );
    }
    let entries: u64 = articles
        .iter()
        .map(|a| a["entries"].as_u64().unwrap())
        .sum();
    let rows = json(&out.join(SOUNDTRACKS_JSON));
    assert_eq!(rows.as_array().unwrap().len() as u64, entries);
    assert_eq!(manifest["rows"], entries);
    assert!(
        err.contains(&format!(
            "wrote {entries} rows from {} article(s)",
            pages.len()
        )),
        "{err}"
    );
    assert!(err.contains("(0 problem(s))"), "{err}");
    let one = articles.iter().find(|a| a["part"] == 1).expect("Part One");
    assert_eq!(one["file"], "acloserlisten/part-one.html");
    assert_eq!(one["entries"], 27);
    assert_eq!(one["published"], "2023-05-08");
    assert!(out.join(SOUNDTRACKS_PARQUET).is_file());
    // Nothing is left beside the output directory.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn same_inputs_give_byte_identical_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(build(&["fixtures"], &a).status.success());
    assert!(build(&["./fixtures/"], &b).status.success());
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() >= 3, "{:?}", ta.keys());
    assert_eq!(ta, tb);
}

#[test]
fn committed_output_is_fresh() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(build(&["fixtures"], &out).status.success());
    let (fresh, committed) = (tree(&out), tree(Path::new("output")));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "output/ has other files than a fresh build; run `cargo run --release -- build` and commit output/"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "output/{} is stale; run `cargo run --release -- build` and commit output/",
            name.display()
        );
    }
}

#[test]
fn bad_inputs_fail_clearly_and_touch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(build(&["fixtures"], &out).status.success());
    let before = tree(&out);
    let cases = [
        ("tests/pages/bad/empty.html", "is empty"),
        ("tests/pages/bad/binary.html", "binary"),
        ("tests/pages/bad/not-html.html", "not HTML"),
        ("tests/pages/bad/truncated.html", "truncated"),
        ("tests/pages/bad/no-entries.html", "no list entries"),
        ("tests/pages/bad/does-not-exist.html", "no such file"),
    ];
    for (input, says) in cases {
        // A bad page next to a good one still fails the whole run.
        let o = build(&["fixtures", input], &out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{input}: {err}");
        assert!(
            err.contains(input),
            "{input}: message names the file: {err}"
        );
        assert!(err.contains(says), "{input}: {err}");
        assert!(err.lines().count() <= 2, "{input}: short message: {err}");
        assert!(!err.contains("panicked"), "{input}: {err}");
        assert_eq!(tree(&out), before, "{input}: output changed");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "{input}: left files behind"
        );
    }
}

#[test]
fn oversized_input_is_rejected_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build(
        &["fixtures", "--max-input-bytes", "1000"],
        &tmp.path().join("out"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("over the 1000-byte input limit"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn windows_1252_page_is_decoded() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&["tests/pages/windows-1252.html"], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json(&out.join(SOUNDTRACKS_JSON));
    assert_eq!(rows[0]["composer"], "Jóhann Jóhannsson");
    assert_eq!(rows[0]["title"], "The Miners’ Hymns");
    assert_eq!(rows[0]["id"], "johann-johannsson-the-miners-hymns");
    assert_eq!(rows[1]["composer"], "Hildur Guðnadóttir");
    assert_eq!(
        json(&out.join(MANIFEST_JSON))["articles"][0]["encoding"],
        "windows-1252"
    );
}

/// The same entries in another theme's markup give the same rows as the Part One fixture.
#[test]
fn other_markup_gives_the_same_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(build(&["fixtures"], &a).status.success());
    let o = build(&["tests/pages/other-theme.html"], &b);
    assert!(o.status.success(), "{}", stderr(&o));
    let fixture = json(&a.join(SOUNDTRACKS_JSON));
    let other = json(&b.join(SOUNDTRACKS_JSON));
    let other = other.as_array().unwrap();
    // Two mentions and the eight entries of the test page; the traps (menus, widgets,
    // related posts, a comment) give none.
    assert_eq!(other.len(), 10, "{other:#?}");
    let by_id: BTreeMap<&str, &Value> = fixture
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    for row in other {
        let id = row["id"].as_str().unwrap();
        let same = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} is not a Part One id"));
        for col in [
            "part",
            "section",
            "heading",
            "composer",
            "composers",
            "title",
            "alt_title",
            "film_title",
            "film_year",
            "release_year",
            "labels",
            "releases",
            "reviewer",
            "source_url",
        ] {
            assert_eq!(row[col], same[col], "{id}: {col}");
        }
        // The page splits one write-up into two paragraphs; otherwise the text is the same.
        let joined = row["review"].as_str().unwrap().replace("\n\n", " ");
        assert_eq!(
            collapse(&joined),
            collapse(same["review"].as_str().unwrap()),
            "{id}"
        );
    }
    let sections: Vec<&str> = other
        .iter()
        .map(|r| r["section"].as_str().unwrap())
        .collect();
    assert_eq!(
        &sections[..3],
        ["honourable_mention", "honourable_mention", "main"]
    );
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn parts_are_combined_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // Part One's fixture by name: `fixtures/` may hold a Part Two of its own.
    let o = build(
        &[
            "tests/pages/part-two-synthetic.html",
            "fixtures/acloserlisten/part-one.html",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json(&out.join(SOUNDTRACKS_JSON));
    let got: Vec<(i64, i64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["part"].as_i64().unwrap(), r["position"].as_i64().unwrap()))
        .collect();
    assert_eq!(got.len(), 32);
    assert_eq!(got[26], (1, 27));
    assert_eq!(&got[27..], [(2, 1), (2, 2), (2, 3), (2, 4), (2, 5)]);
    // Part Two opens, like Part One, with two honourable mentions under their own lead-in.
    let sections: Vec<&str> = rows.as_array().unwrap()[27..]
        .iter()
        .map(|r| r["section"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "honourable_mention",
            "honourable_mention",
            "main",
            "main",
            "main"
        ]
    );
    let colon = &rows[27];
    assert_eq!(
        colon["title"],
        "Synthetic Series: The Complete Seasons 1990–1994"
    );
    assert_eq!(colon["release_year"], 2005);
    assert_eq!(colon["reviewer"], Value::Null);
    // The bold run took in the sentence's full stop; the heading does not keep it.
    let stop = &rows[28];
    assert_eq!(
        stop["heading"],
        "Synthetic Composer ~ Synthetic Score (Test Label, 1994)"
    );
    assert_eq!(stop["labels"], serde_json::json!(["Test Label"]));
    assert_eq!(stop["release_year"], 1994);
    let film = &rows[30];
    assert_eq!(film["film_year"], 1999);
    assert_eq!(film["film_title"], "Synthetic Picture");
    assert_eq!(
        film["labels"],
        serde_json::json!(["Test Label", "Other Label"])
    );
}

#[test]
fn the_same_part_twice_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build(
        &["fixtures", "tests/pages/windows-1252.html"],
        &tmp.path().join("out"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("are both Part 1"), "{}", stderr(&o));
}

/// A page whose heading lacks a year: emitted and reported; `--strict` fails and writes nothing.
#[test]
fn problems_are_reported_and_strict_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let page = fs::read_to_string("tests/pages/part-two-synthetic.html").unwrap();
    let broken = page.replacen("(Test Label, 2001)", "(Test Label)", 1);
    assert_ne!(page, broken, "the synthetic page changed; update this test");
    let input = tmp.path().join("broken.html");
    fs::write(&input, broken).unwrap();
    let input = input.to_str().unwrap();

    let out = tmp.path().join("out");
    let o = build(&[input], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("give no year"), "{}", stderr(&o));
    let manifest = json(&out.join(MANIFEST_JSON));
    // The first entry of the list proper, after the two honourable mentions.
    assert_eq!(manifest["problems"][0]["position"], 3);
    assert_eq!(manifest["rows"], 5);
    let rows = json(&out.join(SOUNDTRACKS_JSON));
    assert_eq!(rows[2]["labels"], serde_json::json!(["Test Label"]));
    assert_eq!(rows[2]["release_year"], Value::Null);

    let before = tree(&out);
    let o = build(&[input, "--strict"], &out);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("--strict"), "{}", stderr(&o));
    assert_eq!(tree(&out), before);
}

#[test]
fn schema_command_prints_the_dictionary() {
    let o = bin().arg("schema").output().unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains(
            "| `releases` | `list<struct<labels: list<string>, year: int32, edition: string>>` |"
        ),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = bin().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// Regression: 100 000 nested elements made the HTML parser's scope checks quadratic (half
/// a minute); such a page is now refused before parsing, naming the depth and the limit.
#[test]
fn absurdly_nested_page_is_refused_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("deep.html");
    fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><title>L ~ Part One</title></head><body>\
             <div class=\"entry-content\">{}<p><b>A ~ B (L, 1990)</b></p>{}</div></body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    )
    .unwrap();
    let o = build(&[page.to_str().unwrap()], &tmp.path().join("out"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("deep.html"), "{err}");
    assert!(
        err.contains("nested 100002 deep (the limit is 2000)"),
        "{err}"
    );
}

#[test]
fn out_pointing_at_a_file_is_refused_and_the_file_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.txt");
    fs::write(&file, b"keep me").unwrap();
    let o = build(&["fixtures"], &file);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("it is a file, not a directory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&file).unwrap(), b"keep me");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// `--help` of the command and of every subcommand ends with examples to copy, as git's,
/// ripgrep's and xsv's do.
#[test]
fn every_help_ends_with_an_example() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["fetch", "--help"],
        &["refresh", "--help"],
        &["add", "--help"],
        &["schema", "--help"],
        &["glance", "--help"],
    ] {
        let o = bin().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        let tail = &text[text
            .rfind("Example")
            .unwrap_or_else(|| panic!("{args:?}: {text}"))..];
        assert!(tail.contains("soundtracks "), "{args:?}: {tail}");
    }
}
