//! Checks that hold for the dataset whatever parts are saved: counts agree between the
//! fixtures, the manifest and the rows, ids are unique slugs, and each part's positions run
//! 1, 2, … in order. Run on the bundled `fixtures/` + `output/`, and on a scratch copy with
//! the synthetic Part Two (tests/pages/) brought in through `soundtracks add`, so the
//! expectations are known to hold on the day Part Two lands.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use soundtracks::schema::{MANIFEST_JSON, SOUNDTRACKS_JSON};

/// The real Part Two's URL, which the synthetic page names as its canonical URL.
const PART_TWO_URL: &str =
    "https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/";

fn json(path: &Path) -> Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// The `.html` pages under `dir`, relative to it, in path order.
fn pages(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// The dataset-wide checks on a fixtures folder and the output built from it. Returns the
/// rows by part, for checks about particular parts.
fn check_dataset(fixtures: &Path, output: &Path) -> BTreeMap<i64, Vec<Value>> {
    let rows = json(&output.join(SOUNDTRACKS_JSON));
    let rows = rows.as_array().unwrap();
    let manifest = json(&output.join(MANIFEST_JSON));
    let articles = manifest["articles"].as_array().unwrap();

    // Every saved page is one article of the manifest, and its entries are its rows.
    let files: Vec<&str> = articles
        .iter()
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, pages(fixtures), "manifest articles vs saved pages");
    assert_eq!(manifest["rows"].as_u64(), Some(rows.len() as u64));
    let mut by_part: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    for row in rows {
        by_part
            .entry(row["part"].as_i64().unwrap())
            .or_default()
            .push(row.clone());
    }
    for a in articles {
        let part = a["part"].as_i64().unwrap();
        let of_part = by_part.get(&part).map(Vec::as_slice).unwrap_or(&[]);
        assert_eq!(
            a["entries"].as_u64(),
            Some(of_part.len() as u64),
            "Part {part}"
        );
        assert!(
            of_part.iter().all(|r| r["source_url"] == a["url"]),
            "Part {part}"
        );
    }
    let parts_of_articles: BTreeSet<i64> = articles
        .iter()
        .map(|a| a["part"].as_i64().unwrap())
        .collect();
    assert_eq!(
        parts_of_articles,
        by_part.keys().copied().collect::<BTreeSet<_>>()
    );

    // Parts in order, and within a part the positions 1, 2, … in order.
    let order: Vec<(i64, i64)> = rows
        .iter()
        .map(|r| (r["part"].as_i64().unwrap(), r["position"].as_i64().unwrap()))
        .collect();
    let mut expected = Vec::new();
    for (part, of_part) in &by_part {
        expected.extend((1..=of_part.len() as i64).map(|p| (*part, p)));
    }
    assert_eq!(order, expected);

    // Ids: unique, ASCII slugs.
    let mut ids = BTreeSet::new();
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert!(
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}"
        );
        assert!(ids.insert(id.to_string()), "{id} is not unique");
    }
    by_part
}

#[test]
fn the_bundled_dataset_holds_together() {
    let by_part = check_dataset(Path::new("fixtures"), Path::new("output"));
    assert_eq!(by_part.get(&1).map(Vec::len), Some(27), "Part One's rows");
}

#[test]
fn it_still_holds_with_part_two_added_through_add() {
    let tmp = tempfile::tempdir().unwrap();
    let (fixtures, output) = (tmp.path().join("fixtures"), tmp.path().join("output"));
    copy_tree(Path::new("fixtures"), &fixtures);
    copy_tree(Path::new("output"), &output);
    // Only Part One in the scratch copy, whatever else is saved by now.
    let manifest = json(&output.join(MANIFEST_JSON));
    for a in manifest["articles"].as_array().unwrap() {
        if a["part"] != 1 {
            let html = fixtures.join(a["file"].as_str().unwrap());
            fs::remove_file(&html).unwrap();
            fs::remove_file(html.with_extension("meta.json")).unwrap();
        }
    }
    build(&fixtures, &output);
    let pages_before = pages(&fixtures).len();
    let before = check_dataset(&fixtures, &output);
    assert_eq!(before.keys().copied().collect::<Vec<_>>(), [1]);

    // The README's list at a glance is rewritten with the data (`--readme`), as the weekly
    // refresh does; here on a scratch copy of the README.
    let readme = tmp.path().join("README.md");
    let committed = fs::read_to_string("README.md").unwrap();
    fs::write(&readme, &committed).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_soundtracks"))
        .args([
            "add",
            "tests/pages/part-two-synthetic.html",
            "--url",
            PART_TWO_URL,
        ])
        .arg("--readme")
        .arg(&readme)
        .arg("--fixtures")
        .arg(&fixtures)
        .arg("--out")
        .arg(&output)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("added Part 2 as "), "{stdout}");

    let after = check_dataset(&fixtures, &output);
    assert_eq!(after.keys().copied().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(after[&1], before[&1], "Part One's rows are untouched");
    assert_eq!(pages(&fixtures).len(), pages_before + 1);
    assert!(output.join("soundtracks.parquet").is_file());

    // The outputs are what `build` gives for the new fixtures, byte for byte.
    let rebuilt = tmp.path().join("rebuilt");
    build(&fixtures, &rebuilt);
    for name in [SOUNDTRACKS_JSON, MANIFEST_JSON, "soundtracks.parquet"] {
        assert!(
            fs::read(output.join(name)).unwrap() == fs::read(rebuilt.join(name)).unwrap(),
            "{name} differs from a fresh build"
        );
    }

    // The README's block now says two parts, and nothing else in it changed; `glance
    // --readme` on it again changes nothing.
    let after_add = fs::read_to_string(&readme).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_soundtracks"))
        .arg("glance")
        .arg(&fixtures)
        .arg("--readme")
        .arg(&readme)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let updated = fs::read_to_string(&readme).unwrap();
    assert_eq!(updated, after_add, "add --readme already wrote it");
    let dataset =
        soundtracks::build::collect(std::slice::from_ref(&fixtures), &Default::default()).unwrap();
    let summary = soundtracks::glance::markdown(&dataset.rows);
    assert!(summary.contains("from 2 part(s)"), "{summary}");
    assert_eq!(
        soundtracks::glance::splice(&committed, &summary).as_deref(),
        Some(updated.as_str())
    );
    let outside = |doc: &str| {
        let (head, rest) = doc.split_once(soundtracks::glance::BEGIN).unwrap();
        let (_, tail) = rest.split_once(soundtracks::glance::END).unwrap();
        format!("{head}{tail}")
    };
    assert_eq!(outside(&updated), outside(&committed));
}

#[test]
fn glance_refuses_a_readme_without_its_block() {
    let tmp = tempfile::tempdir().unwrap();
    let readme = tmp.path().join("README.md");
    fs::write(&readme, "# no block here\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_soundtracks"))
        .args(["glance", "fixtures", "--readme"])
        .arg(&readme)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("AT A GLANCE"), "{stderr}");
    assert_eq!(fs::read_to_string(&readme).unwrap(), "# no block here\n");
}

/// `soundtracks build FIXTURES --out OUT`, which must succeed.
fn build(fixtures: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_soundtracks"))
        .arg("build")
        .arg(fixtures)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
