//! The enrichment cache as `build` reads it and `enrich` writes it: the bundled fixtures
//! plus the SYNTHETIC cache of `tests/enrich/cache/` (fake ids) give the rows their links,
//! overrides win, the heading's film year wins over Wikidata's, a bad cache file stops the
//! build with a clear error and leaves the previous output intact, two builds are
//! byte-identical, and the cache stores and reads back responses and decisions.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use soundtracks::build::{build, collect, BuildOptions};
use soundtracks::enrich::cache::{self, Cache, StoredResponse};
use soundtracks::enrich::{ApiRequest, RowQuery, Service, Status};
use soundtracks::model::{FilmYearSource, Row, YearBasis};

/// A scratch fixtures root: the bundled pages and the synthetic cache as `enrichment/`.
fn fixtures_with_cache() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("fixtures");
    copy(Path::new("fixtures"), &root, &["enrichment"]);
    copy(
        Path::new("tests/enrich/cache/enrichment"),
        &root.join(cache::DIR),
        &[],
    );
    (dir, root)
}

/// Copies the files of a tree, leaving out the top-level entries named in `skip`.
fn copy(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(&name), &[]);
        } else {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn rows_by_id(root: &Path) -> BTreeMap<String, Row> {
    let ds = collect(&[root.to_path_buf()], &BuildOptions::default()).unwrap();
    ds.rows.into_iter().map(|r| (r.id.clone(), r)).collect()
}

type Linked<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn links(row: &Row) -> Linked<'_> {
    (
        row.film_wikidata.as_deref(),
        row.film_imdb.as_deref(),
        row.release_group_mbid.as_deref(),
    )
}

const MBID_1: &str = "00000000-0000-4000-8000-000000000001";
const MBID_3: &str = "00000000-0000-4000-8000-000000000003";

#[test]
fn build_gives_rows_the_links_of_their_decisions_and_overrides() {
    let (_dir, root) = fixtures_with_cache();
    let rows = rows_by_id(&root);
    let row = |id: &str| rows.get(id).unwrap_or_else(|| panic!("no row {id}"));
    let cases: [(&str, Linked); 10] = [
        // Linked film and release group.
        (
            "marco-beltrami-a-quiet-place",
            (Some("Q1000001"), Some("tt9000001"), Some(MBID_1)),
        ),
        // Release group in review: no MBID.
        (
            "bebe-and-louis-barron-forbidden-planet",
            (Some("Q1000002"), Some("tt9000002"), None),
        ),
        (
            "philip-glass-koyaanisqatsi",
            (Some("Q1000003"), None, Some(MBID_3)),
        ),
        // Film in review, chosen by the override.
        ("wendy-carlos-tron", (Some("Q1000004"), None, None)),
        // The override's null removes the IMDb id and keeps the rest.
        (
            "jonny-greenwood-phantom-thread",
            (Some("Q1000005"), None, None),
        ),
        // not_applicable clears every link.
        ("walt-disneys-fantasia", (None, None, None)),
        // Another item: the decision's IMDb id goes with its item.
        ("nicholas-britell-moonlight", (Some("Q1000008"), None, None)),
        ("joe-hisaishi-spirited-away", (None, None, None)),
        ("eleni-karaindro-music-for-films", (None, None, None)),
        // No decision.
        ("john-barry-walkabout", (None, None, None)),
    ];
    for (id, want) in cases {
        assert_eq!(links(row(id)), want, "{id}");
    }
    let linked = rows.values().filter(|r| r.film_wikidata.is_some()).count();
    assert_eq!(linked, 6);
}

#[test]
fn the_headings_film_year_wins_and_wikidatas_fills_the_rest() {
    let (_dir, root) = fixtures_with_cache();
    let rows = rows_by_id(&root);
    let years = |id: &str| {
        let r = &rows[id];
        (
            r.film_year,
            r.film_year_source,
            r.release_year,
            r.year,
            r.year_basis,
            r.decade,
        )
    };
    use FilmYearSource::{Heading, Wikidata};
    use YearBasis::{Film, Release};
    // The heading says 1956, Wikidata 1954: the heading wins.
    assert_eq!(
        years("bebe-and-louis-barron-forbidden-planet"),
        (
            Some(1956),
            Some(Heading),
            Some(1976),
            Some(1956),
            Some(Film),
            Some(1950)
        )
    );
    // No film year in the heading: Wikidata's, and `year` follows it.
    assert_eq!(
        years("philip-glass-koyaanisqatsi"),
        (
            Some(1982),
            Some(Wikidata),
            Some(1983),
            Some(1982),
            Some(Film),
            Some(1980)
        )
    );
    assert_eq!(
        years("jonny-greenwood-phantom-thread"),
        (
            Some(2017),
            Some(Wikidata),
            Some(2018),
            Some(2017),
            Some(Film),
            Some(2010)
        )
    );
    // An override's year.
    assert_eq!(
        years("wendy-carlos-tron"),
        (
            Some(1982),
            Some(Wikidata),
            Some(1982),
            Some(1982),
            Some(Film),
            Some(1980)
        )
    );
    // The override chose another item: the decision's year went with the old one.
    assert_eq!(
        years("nicholas-britell-moonlight"),
        (
            None,
            None,
            Some(2016),
            Some(2016),
            Some(Release),
            Some(2010)
        )
    );
    // Heading years without any decision stay the heading's.
    assert_eq!(
        years("john-barry-walkabout"),
        (
            Some(1971),
            Some(Heading),
            Some(2016),
            Some(1971),
            Some(Film),
            Some(1970)
        )
    );
    // The matcher's inputs keep the heading's year only, so they stay stable.
    assert_eq!(
        RowQuery::of(&rows["philip-glass-koyaanisqatsi"]).film_year,
        None
    );
    assert_eq!(
        RowQuery::of(&rows["bebe-and-louis-barron-forbidden-planet"]).film_year,
        Some(1956)
    );
}

#[test]
fn needs_decision_only_for_rows_undecided_or_changed() {
    let (_dir, root) = fixtures_with_cache();
    let rows = rows_by_id(&root);
    let cache = Cache::open(&root).unwrap();
    assert_eq!(cache.decisions().len(), 9);
    for row in rows.values() {
        let decided = cache.decision(&row.id).is_some();
        // A row whose film year came from Wikidata keeps its inputs: no second decision.
        assert_eq!(
            cache.needs_decision(&RowQuery::of(row)),
            !decided,
            "{}",
            row.id
        );
    }
    let mut changed = RowQuery::of(&rows["philip-glass-koyaanisqatsi"]);
    changed.title = "Powaqqatsi".into();
    assert!(cache.needs_decision(&changed));
    let mut changed = RowQuery::of(&rows["marco-beltrami-a-quiet-place"]);
    changed.film_year = Some(2018);
    assert!(cache.needs_decision(&changed));
}

#[test]
fn summary_counts_statuses_and_lists_overrides() {
    let (_dir, root) = fixtures_with_cache();
    let ids: Vec<String> = rows_by_id(&root).into_keys().collect();
    let summary = Cache::open(&root).unwrap().summary(&ids);
    let film: Vec<(Status, usize)> = summary.film.into_iter().collect();
    assert_eq!(
        film,
        [
            (Status::Linked, 6),
            (Status::Review, 1),
            (Status::Unmatched, 1),
            (Status::NotApplicable, 1)
        ]
    );
    let groups: Vec<(Status, usize)> = summary.release_group.into_iter().collect();
    assert_eq!(
        groups,
        [
            (Status::Linked, 3),
            (Status::Review, 1),
            (Status::Unmatched, 4),
            (Status::NotApplicable, 1)
        ]
    );
    assert_eq!(
        summary.overridden,
        [
            "jonny-greenwood-phantom-thread",
            "nicholas-britell-moonlight",
            "walt-disneys-fantasia",
            "wendy-carlos-tron"
        ]
    );
    assert_eq!(summary.unknown_overrides, ["no-such-row"]);
    // Tron's film is in review but its override chose one; Forbidden Planet's release
    // group awaits review.
    assert_eq!(summary.review, ["bebe-and-louis-barron-forbidden-planet"]);
    assert_eq!(summary.undecided.len(), ids.len() - 9);
    assert!(summary
        .undecided
        .contains(&"john-barry-walkabout".to_string()));
}

/// Every file of an output folder, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn two_builds_are_byte_identical_and_the_manifest_counts_links() {
    let (dir, root) = fixtures_with_cache();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(std::slice::from_ref(&root), &a, &BuildOptions::default()).unwrap();
    build(&[root], &b, &BuildOptions::default()).unwrap();
    let (a, b) = (files(&a), files(&b));
    assert_eq!(a.len(), 7);
    assert!(a == b, "two builds differ");
    let manifest: serde_json::Value = serde_json::from_slice(&a["manifest.json"]).unwrap();
    assert_eq!(
        manifest["linked"],
        serde_json::json!({
            "film_wikidata": 6,
            "film_imdb": 2,
            "release_group_mbid": 2,
            "film_year_from_wikidata": 4
        })
    );
    let rows: serde_json::Value = serde_json::from_slice(&a["soundtracks.json"]).unwrap();
    let koyaanisqatsi = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "philip-glass-koyaanisqatsi")
        .unwrap();
    assert_eq!(koyaanisqatsi["film_year_source"], "wikidata");
    assert_eq!(koyaanisqatsi["release_group_mbid"], MBID_3);
}

/// Builds once, spoils a cache file with `spoil`, builds again: the error names the file
/// and says `what`, and the output is byte-for-byte the first build's.
fn spoiled_build_fails_cleanly(spoil: impl FnOnce(&Path) -> PathBuf, what: &[&str]) {
    let (dir, root) = fixtures_with_cache();
    let out = dir.path().join("output");
    build(std::slice::from_ref(&root), &out, &BuildOptions::default()).unwrap();
    let before = files(&out);
    let file = spoil(&root.join(cache::DIR));
    let err = build(&[root], &out, &BuildOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains(&file.display().to_string()), "{err}");
    for w in what {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
    assert!(files(&out) == before, "the previous output changed");
}

/// [`spoiled_build_fails_cleanly`] with `text` as `overrides.json`.
fn bad_overrides(text: &str, what: &[&str]) {
    spoiled_build_fails_cleanly(
        |dir| {
            let path = dir.join("overrides.json");
            fs::write(&path, text).unwrap();
            path
        },
        what,
    );
}

#[test]
fn a_bad_override_id_stops_the_build_and_keeps_the_output() {
    bad_overrides(
        r#"{"wendy-carlos-tron": {"film_wikidata": "1000004"}}"#,
        &[
            "wendy-carlos-tron",
            "film_wikidata",
            "\"1000004\"",
            "Wikidata item id",
        ],
    );
    bad_overrides(
        r#"{"a": {"film_imdb": "nm0000001"}}"#,
        &["`a`", "IMDb title id"],
    );
    bad_overrides(
        r#"{"a": {"release_group_mbid": "00000000-0000-4000-8000-00000000000A"}}"#,
        &["release_group_mbid", "lowercase UUID"],
    );
    bad_overrides(
        r#"{"a": {"film_wikidat": "Q1"}}"#,
        &["film_wikidat", "README"],
    );
    bad_overrides(
        r#"{"a": {"not_applicable": true, "film_wikidata": "Q1"}}"#,
        &["not_applicable", "keep one"],
    );
    bad_overrides(
        r#"{"../x": {"film_wikidata": "Q1"}}"#,
        &["\"../x\" is not a row id"],
    );
    bad_overrides("[1, 2]", &["not an overrides file"]);
}

#[test]
fn a_bad_decision_file_stops_the_build_and_keeps_the_output() {
    let decision = |dir: &Path| {
        dir.join("decisions")
            .join("philip-glass-koyaanisqatsi.json")
    };
    spoiled_build_fails_cleanly(
        |dir| {
            let path = decision(dir);
            fs::write(&path, "{\"id\": ").unwrap();
            path
        },
        &["philip-glass-koyaanisqatsi", "not a decision", "delete it"],
    );
    spoiled_build_fails_cleanly(
        |dir| {
            let path = decision(dir);
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, text.replace("Q1000003", "Q01")).unwrap();
            path
        },
        &["philip-glass-koyaanisqatsi", "film.wikidata", "\"Q01\""],
    );
    spoiled_build_fails_cleanly(
        |dir| {
            let path = dir.join("decisions").join("someone-else.json");
            fs::copy(decision(dir), &path).unwrap();
            path
        },
        &["`philip-glass-koyaanisqatsi`", "not of `someone-else`"],
    );
}

#[test]
fn a_missing_cache_is_empty_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path()).unwrap();
    assert!(cache.decisions().is_empty() && cache.overrides().is_empty());
    assert!(cache::links(dir.path()).unwrap().is_empty());
    // An interrupted atomic write leaves a hidden temporary file: never read.
    let decisions = dir.path().join(cache::DIR).join("decisions");
    fs::create_dir_all(&decisions).unwrap();
    fs::write(decisions.join(".x.json.tmp-1-0"), "{").unwrap();
    fs::write(decisions.join(".x.json"), "{").unwrap();
    assert!(Cache::open(dir.path()).unwrap().decisions().is_empty());
}

#[test]
fn responses_are_stored_by_key_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path()).unwrap();
    let request = ApiRequest {
        service: Service::Wikidata,
        query: "?action=wbgetentities&ids=Q1000001&format=json".into(),
    };
    assert_eq!(cache.response(&request).unwrap(), None);
    let response = StoredResponse {
        status: 200,
        body: "{\"entities\":{}}\n\u{e9}".into(),
    };
    cache.store_response(&request, &response).unwrap();
    // sha256("wikidata\n?action=wbgetentities&ids=Q1000001&format=json"), first 32 hex
    // digits, as computed by Python's hashlib.
    let path = dir
        .path()
        .join("enrichment/responses/wikidata/44e8e8e579282a874bc2f096e4db46a1.json");
    assert_eq!(cache.response_path(&request), path);
    let stored: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({
            "request": {"service": "wikidata", "query": request.query},
            "status": 200,
            "body": response.body,
        })
    );
    let reopened = Cache::open(dir.path()).unwrap();
    assert_eq!(reopened.response(&request).unwrap(), Some(response));
    // The same query to the other service is another file.
    let other = ApiRequest {
        service: Service::MusicBrainz,
        ..request.clone()
    };
    assert_eq!(reopened.response(&other).unwrap(), None);
    // A file that does not answer the request it is found under is an error, not an answer.
    let misplaced = reopened.response_path(&other);
    fs::create_dir_all(misplaced.parent().unwrap()).unwrap();
    fs::copy(&path, &misplaced).unwrap();
    let err = reopened.response(&other).unwrap_err().to_string();
    assert!(err.contains("delete it"), "{err}");
    fs::write(&path, "not json").unwrap();
    let err = reopened.response(&request).unwrap_err().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
}

#[test]
fn decisions_round_trip_byte_for_byte() {
    let synthetic = Path::new("tests/enrich/cache");
    let cache = Cache::open(synthetic).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut copy = Cache::open(dir.path()).unwrap();
    for (id, decision) in cache.decisions() {
        copy.store_decision(decision.clone()).unwrap();
        let written = fs::read(copy.decision_path(id)).unwrap();
        let original = fs::read(cache.decision_path(id)).unwrap();
        assert!(written.ends_with(b"}\n"), "{id}");
        assert!(
            written == original,
            "{id}: stored again, the file differs from the committed one"
        );
    }
    let reopened = Cache::open(dir.path()).unwrap();
    assert_eq!(reopened.decisions(), cache.decisions());
    assert!(reopened.overrides().is_empty());
    // A decision whose id cannot name a file is refused, and nothing is written.
    let mut bad = cache.decisions()["philip-glass-koyaanisqatsi"].clone();
    bad.id = "../escape".into();
    let err = copy.store_decision(bad).unwrap_err().to_string();
    assert!(err.contains("cannot name a file"), "{err}");
    assert!(!dir.path().join("enrichment/escape.json").exists());
}

#[test]
fn the_bundled_fixtures_have_no_decisions_and_no_overrides() {
    let cache = Cache::open(Path::new("fixtures")).unwrap();
    assert!(cache.decisions().is_empty());
    assert!(cache.overrides().is_empty());
    assert_eq!(
        fs::read_to_string("fixtures/enrichment/overrides.json").unwrap(),
        "{}\n"
    );
}

/// A second input folder (the synthetic Part Two page) with a cache of its own.
fn second_root(dir: &Path, overrides: &str) -> PathBuf {
    let root = dir.join("more");
    fs::create_dir_all(root.join(cache::DIR)).unwrap();
    fs::copy(
        "tests/pages/part-two-synthetic.html",
        root.join("part-two.html"),
    )
    .unwrap();
    fs::write(root.join(cache::DIR).join("overrides.json"), overrides).unwrap();
    root
}

#[test]
fn each_input_folder_brings_its_own_cache_and_they_must_agree() {
    let (dir, root) = fixtures_with_cache();
    let more = second_root(dir.path(), "{}");
    let inputs = [root.clone(), more.clone()];
    let ds = collect(&inputs, &BuildOptions::default()).unwrap();
    let part_two = ds.rows.iter().find(|r| r.part == 2).unwrap().id.clone();

    let text = format!(r#"{{"{part_two}": {{"film_wikidata": "Q1000010"}}}}"#);
    fs::write(more.join("enrichment/overrides.json"), text).unwrap();
    let ds = collect(&inputs, &BuildOptions::default()).unwrap();
    let by_id = |id: &str| ds.rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id(&part_two).film_wikidata.as_deref(), Some("Q1000010"));
    assert_eq!(
        links(by_id("marco-beltrami-a-quiet-place")),
        (Some("Q1000001"), Some("tt9000001"), Some(MBID_1))
    );

    // The same row linked differently in the two caches: which one is meant is not known.
    let text = r#"{"marco-beltrami-a-quiet-place": {"film_wikidata": "Q1000011"}}"#;
    fs::write(more.join("enrichment/overrides.json"), text).unwrap();
    let err = collect(&inputs, &BuildOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("`marco-beltrami-a-quiet-place`"), "{err}");
    assert!(
        err.contains(&more.join("enrichment").display().to_string()),
        "{err}"
    );
    assert!(
        err.contains(&root.join("enrichment").display().to_string()),
        "{err}"
    );
}

/// What the person running `soundtracks build` sees: the file, the row, what to do, exit 1.
#[test]
fn the_command_line_reports_a_bad_override_and_fails() {
    let (dir, root) = fixtures_with_cache();
    let out = dir.path().join("output");
    let overrides = root.join("enrichment/overrides.json");
    fs::write(
        &overrides,
        r#"{"wendy-carlos-tron": {"film_imdb": "tt12"}}"#,
    )
    .unwrap();
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_soundtracks"))
        .arg("build")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&overrides.display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("wendy-carlos-tron"), "{stderr}");
    assert!(stderr.contains("IMDb title id"), "{stderr}");
    assert!(!out.exists(), "nothing was written");
}
