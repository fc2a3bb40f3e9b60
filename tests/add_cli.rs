//! `soundtracks add` as a maintainer runs it after the site answered with a browser check:
//! the real binary, a page "saved from a browser" (the Part One fixture with what a
//! "Save page as… complete" adds: a `saved from url` comment and `./…_files/` paths), the
//! exit statuses of `refresh` (challenged, changed, unchanged, failed), and every refusal
//! leaving fixtures/ and output/ byte-for-byte as they were; the recorded Cloudflare pages
//! of `tests/pages/cloudflare/` given to `add`, and Part One carrying Cloudflare's real
//! bot-management beacon (a SYNTHETIC copy: the fixture with the recorded snippet injected
//! before `</body>`, as Cloudflare injects it). Servers run on 127.0.0.1.

#[path = "http/cloudflare.rs"]
mod cloudflare;
#[path = "http/common.rs"]
mod common;
#[path = "http/wordpress.rs"]
mod wordpress;

use std::path::{Path, PathBuf};
use std::process::Output;

use soundtracks::meta::FixtureMeta;
use wiremock::matchers::{any, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{snapshot, soundtracks};
use soundtracks::schema::SOUNDTRACKS_JSON;

const PART_ONE_URL: &str =
    "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
const SAVED_AS: &str = "acloserlisten/part-one.html";

fn repo_file(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A project: empty `fixtures/`, and `output/` holding one file to prove it untouched.
struct Project {
    root: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("fixtures")).unwrap();
        Project { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn dirs(&self) -> Vec<String> {
        vec![
            "--fixtures".into(),
            self.path("fixtures").display().to_string(),
            "--out".into(),
            self.path("output").display().to_string(),
        ]
    }

    /// Writes `bytes` as a file "saved from a browser" outside the project folders.
    fn saved(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }

    async fn add(&self, file: &str, url: &str) -> Output {
        let mut args = vec!["add".into(), file.into(), "--url".into(), url.into()];
        args.extend(self.dirs());
        soundtracks(args).await
    }

    fn rows(&self) -> usize {
        let text = std::fs::read_to_string(self.path("output").join(SOUNDTRACKS_JSON)).unwrap();
        serde_json::from_str::<Vec<serde_json::Value>>(&text)
            .unwrap()
            .len()
    }
}

/// Part One as Chrome's "Save page as… Webpage, Complete" writes it.
fn browser_copy() -> Vec<u8> {
    let page = String::from_utf8(repo_file("fixtures/acloserlisten/part-one.html")).unwrap();
    let page = page.replace(
        "https://s0.wp.com/",
        "./The Best Film & TV Soundtracks of All Time ~ Part One – A Closer Listen_files/",
    );
    format!("<!-- saved from url=(0087){PART_ONE_URL} -->\n{page}").into_bytes()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_saved_page_is_added_and_the_dataset_built() {
    let project = Project::new();
    let copy = browser_copy();
    let file = project.saved("saved.html", &copy);
    // The http:// and www. form of the URL names the same article.
    let out = project
        .add(&file, "http://www.acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one")
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("added Part 1"));
    let html = project.path("fixtures").join(SAVED_AS);
    assert_eq!(std::fs::read(&html).unwrap(), copy, "saved byte for byte");
    let meta: FixtureMeta =
        serde_json::from_slice(&std::fs::read(FixtureMeta::path_for(&html)).unwrap()).unwrap();
    assert!(meta
        .note
        .as_deref()
        .is_some_and(|n| n.contains("saved by hand")));
    assert!(meta.saved_at.as_deref().is_some_and(|t| t.ends_with('Z')));
    assert!(meta
        .last_modified
        .as_deref()
        .is_some_and(|t| t.ends_with("GMT")));
    assert_eq!(meta.charset.as_deref(), Some("UTF-8"));
    assert_eq!(meta.bytes, Some(copy.len() as u64));
    assert_eq!(meta.status, None, "not fetched");
    assert_eq!(project.rows(), 27);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_the_article_are_refused_and_nothing_is_written() {
    let project = Project::new();
    std::fs::create_dir_all(project.path("output")).unwrap();
    std::fs::write(project.path("output/keep.txt"), "before").unwrap();
    let part_two = project.saved(
        "two.html",
        &repo_file("tests/pages/part-two-synthetic.html"),
    );
    let challenge = project.saved(
        "moment.html",
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>\
          <script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1\"></script></body></html>",
    );
    let png = project.saved("cover.html", &repo_file("tests/pages/bad/binary.html"));
    let no_entries = project.saved(
        "empty-list.html",
        &repo_file("tests/pages/bad/no-entries.html"),
    );
    let cases: [(&str, &str, &str); 4] = [
        (
            &part_two,
            PART_ONE_URL,
            "canonical URL is https://acloserlisten.com/2023/05/09/",
        ),
        (
            &challenge,
            PART_ONE_URL,
            "browser check (Cloudflare's managed challenge",
        ),
        (&png, PART_ONE_URL, "cover.html"),
        (&no_entries, PART_ONE_URL, "no list entries"),
    ];
    let before = snapshot(&project.path("fixtures"));
    let output_before = snapshot(&project.path("output"));
    for (file, url, why) in cases {
        let out = project.add(file, url).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(file) && err.contains(why), "{file}: {err}");
        assert_eq!(snapshot(&project.path("fixtures")), before, "{file}");
        assert_eq!(snapshot(&project.path("output")), output_before, "{file}");
    }
    // One --url per FILE: a usage error.
    let mut args = vec![
        "add".into(),
        part_two.clone(),
        png.clone(),
        "--url".into(),
        PART_ONE_URL.into(),
    ];
    args.extend(project.dirs());
    let out = soundtracks(args).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("one --url per FILE"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_browser_check_add_brings_the_page_in_and_refresh_asks_conditionally() {
    let server = MockServer::start().await;
    let url = format!("{}{}", server.uri(), wordpress::PART_ONE_PATH);
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("cf-mitigated", "challenge")
                .set_body_raw(
                    b"<html><title>Just a moment...</title></html>".to_vec(),
                    "text/html",
                ),
        )
        .mount(&server)
        .await;
    let project = Project::new();
    let mut refresh = vec![
        "refresh".into(),
        "--url".into(),
        url.clone(),
        "--delay".into(),
        "0".into(),
        "--exit-code".into(),
    ];
    refresh.extend(project.dirs());

    let out = soundtracks(refresh.clone()).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("soundtracks add"), "{}", stderr(&out));
    assert!(!project.path("output").exists());

    // The maintainer saves the page from a browser (here: the fixture, served at `url`).
    let page = String::from_utf8(repo_file("fixtures/acloserlisten/part-one.html"))
        .unwrap()
        .replace("https://acloserlisten.com", &server.uri());
    let file = project.saved("saved.html", page.as_bytes());
    let out = project.add(&file, &url).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(project.rows(), 27);

    // The site lets the tool through again and the page has not changed since it was saved.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(wordpress::PART_ONE_PATH))
        .and(header_exists("if-modified-since"))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    let before = snapshot(project.root.path());
    let out = soundtracks(refresh.clone()).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(project.root.path()), before);
    let asked = server.received_requests().await.unwrap();
    assert!(asked
        .iter()
        .any(|r| r.url.path() == wordpress::PART_ONE_PATH
            && r.headers.contains_key("if-modified-since")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_exit_statuses_for_changed_unchanged_and_failed_runs() {
    let (server, _) = wordpress::start(wordpress::Site::default()).await;
    let project = Project::new();
    let mut args = vec![
        "refresh".into(),
        "--url".into(),
        format!("{}{}", server.uri(), wordpress::PART_ONE_PATH),
        "--delay".into(),
        "0".into(),
        "--exit-code".into(),
        "--report".into(),
        "-".into(),
    ];
    args.extend(project.dirs());
    let changed = soundtracks(args.clone()).await;
    assert_eq!(changed.status.code(), Some(5), "{}", stderr(&changed));
    let markdown = String::from_utf8_lossy(&changed.stdout);
    assert!(markdown.starts_with("# Dataset refresh"), "{markdown}");
    assert!(markdown.contains("## Part 2"), "{markdown}");
    // With --report -, the usual summary goes to stderr.
    assert!(stderr(&changed).contains("discovery: "));

    let unchanged = soundtracks(args.clone()).await;
    assert_eq!(unchanged.status.code(), Some(0), "{}", stderr(&unchanged));
    assert!(String::from_utf8_lossy(&unchanged.stdout).starts_with("Nothing changed"));

    // Without --exit-code a changed dataset is plain success.
    let fresh = Project::new();
    let mut plain: Vec<String> = args[..5].to_vec();
    plain.extend(fresh.dirs());
    let out = soundtracks(plain).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fresh.path("output").join(SOUNDTRACKS_JSON).is_file());

    // A failed run: nothing listens at the site's address.
    let mut gone = args.clone();
    gone[2] = format!("http://127.0.0.1:9{}", wordpress::PART_ONE_PATH);
    gone.extend(["--retries".to_string(), "0".to_string()]);
    let failed = soundtracks(gone).await;
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("127.0.0.1:9"),
        "{}",
        stderr(&failed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recorded_challenge_or_block_is_refused_with_its_kind() {
    let project = Project::new();
    let before = snapshot(&project.path("fixtures"));
    for page in cloudflare::PAGES {
        let file = project.saved(page.file, &cloudflare::body(page.file));
        let out = project.add(&file, PART_ONE_URL).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", page.file);
        match page.kind {
            Some(kind) => {
                assert!(err.contains(&kind.to_string()), "{}: {err}", page.file);
                assert!(err.contains(kind.advice()), "{}: {err}", page.file);
            }
            // An ordinary page with the beacon is judged as a page: it is not the article.
            None => assert!(
                !err.contains("Cloudflare's") && err.contains("not the article"),
                "{}: {err}",
                page.file
            ),
        }
        assert_eq!(snapshot(&project.path("fixtures")), before, "{}", page.file);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_article_carrying_the_beacon_is_added() {
    let page = String::from_utf8(repo_file("fixtures/acloserlisten/part-one.html")).unwrap();
    let at = page.rfind("</body>").unwrap();
    let with_beacon = format!("{}{}{}", &page[..at], cloudflare::beacon(), &page[at..]);
    assert!(with_beacon.contains("/cdn-cgi/challenge-platform/scripts/jsd/main.js"));
    let project = Project::new();
    let file = project.saved("beacon.html", with_beacon.as_bytes());
    let out = project.add(&file, PART_ONE_URL).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(project.rows(), 27);
    let html = project.path("fixtures").join(SAVED_AS);
    assert_eq!(std::fs::read(&html).unwrap(), with_beacon.as_bytes());
}
