//! `refresh` end to end against a server on 127.0.0.1 started inside each test: Part Two
//! discovered from a link on Part One and from the feed, an edited page picked up by its
//! hash, and the all-or-nothing promise (a failed fetch or build leaves fixtures and output
//! byte-identical; a second refresh with nothing new changes no file, even when the page's
//! markup changes on every request).
//!
//! Pages served: the Part One fixture and the synthetic Part Two (tests/pages/), with
//! `https://acloserlisten.com` rewritten to the test server's address.

#[path = "http/common.rs"]
mod common;

use std::path::{Path, PathBuf};

use reqwest::Url;
use soundtracks::build::{self, BuildOptions};
use soundtracks::digest::sha256_hex;
use soundtracks::meta::FixtureMeta;
use soundtracks::refresh::report::markdown;
use soundtracks::refresh::{refresh, RefreshConfig};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use common::{config, hits, snapshot, SIMPLE};
use soundtracks::schema::SOUNDTRACKS_JSON;

const PART_ONE: &str = "/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
const PART_TWO: &str = "/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/";
/// Rows of the synthetic Part Two: 2 honourable mentions, then 3 entries.
const PART_TWO_ROWS: usize = 5;
const PART_TWO_FILE: &str = "127.0.0.1/part-two.html";

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A repository page with the real site's address replaced by the test server's.
fn local(rel: &str, server: &MockServer) -> String {
    repo_file(rel).replace("https://acloserlisten.com", &server.uri())
}

/// Part One as served, optionally with a link to Part Two after the article.
fn part_one(server: &MockServer, link_to_part_two: bool) -> String {
    let page = local("fixtures/acloserlisten/part-one.html", server);
    if !link_to_part_two {
        return page;
    }
    let link = format!(
        "<p class=\"next\"><a href=\"{}{PART_TWO}\">The Best Film &amp; TV Soundtracks of All Time ~ Part Two</a></p>\n</body>",
        server.uri()
    );
    page.replacen("</body>", &link, 1)
}

fn part_two(server: &MockServer) -> String {
    local("tests/pages/part-two-synthetic.html", server)
}

fn html(body: &str, etag: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(body.as_bytes().to_vec(), "text/html; charset=UTF-8")
        .insert_header("ETag", etag)
}

/// Serves `body` at `p` with an ETag, answering 304 to a matching If-None-Match.
async fn serve_page(server: &MockServer, p: &str, body: &str, etag: &str) {
    Mock::given(method("GET"))
        .and(path(p))
        .and(header("if-none-match", etag))
        .respond_with(ResponseTemplate::new(304).insert_header("ETag", etag))
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(html(body, etag))
        .mount(server)
        .await;
}

async fn serve_feed(server: &MockServer, with_part_two: bool) {
    let item = if with_part_two {
        format!(
            "<item><title>The Best Film &amp; TV Soundtracks of All Time ~ Part Two</title>\
             <link>{}{PART_TWO}</link></item>",
            server.uri()
        )
    } else {
        String::new()
    };
    // SYNTHETIC TEST FEED: made up for these tests.
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>A Closer Listen</title><link>{uri}</link>{item}\
         <item><title>Some Other Review</title><link>{uri}/2023/05/14/some-review/</link></item>\
         <item><title>The Best Film &amp; TV Soundtracks of All Time ~ Part One</title><link>{uri}{PART_ONE}</link></item>\
         </channel></rss>",
        uri = server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/feed/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(xml.into_bytes(), "application/rss+xml; charset=UTF-8"),
        )
        .mount(server)
        .await;
}

/// A project folder: `fixtures/acloserlisten/part-one.{html,meta.json}` holding `page` as
/// fetched from the test server (ETag `"p1"`), and `output/` built from it.
struct Project {
    root: tempfile::TempDir,
}

impl Project {
    fn new(server: &MockServer, page: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        let p = Project { root };
        let html = p.fixtures().join("acloserlisten/part-one.html");
        std::fs::create_dir_all(html.parent().unwrap()).unwrap();
        std::fs::write(&html, page).unwrap();
        let meta = FixtureMeta {
            url: format!("{}{PART_ONE}", server.uri()),
            final_url: Some(format!("{}{PART_ONE}", server.uri())),
            status: Some(200),
            fetched_at: Some("2026-01-01T00:00:00Z".into()),
            etag: Some("\"p1\"".into()),
            last_modified: None,
            content_type: Some("text/html; charset=UTF-8".into()),
            charset: Some("UTF-8".into()),
            sha256: Some(sha256_hex(page.as_bytes())),
            bytes: Some(page.len() as u64),
            note: None,
            saved_at: None,
            provenance: Default::default(),
        };
        std::fs::write(
            FixtureMeta::path_for(&html),
            serde_json::to_vec_pretty(&meta).unwrap(),
        )
        .unwrap();
        build::build(&[p.fixtures()], &p.output(), &BuildOptions::default()).unwrap();
        p
    }

    fn fixtures(&self) -> PathBuf {
        self.root.path().join("fixtures")
    }

    fn output(&self) -> PathBuf {
        self.root.path().join("output")
    }

    fn config(&self, server: &MockServer) -> RefreshConfig {
        let mut c = RefreshConfig::new(
            Url::parse(&format!("{}{PART_ONE}", server.uri())).unwrap(),
            self.fixtures(),
            self.output(),
        );
        c.fetch = config();
        c
    }

    fn rows_of_part(&self, part: i64) -> usize {
        let text = std::fs::read_to_string(self.output().join(SOUNDTRACKS_JSON)).unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        rows.iter()
            .filter(|r| r["part"].as_i64() == Some(part))
            .count()
    }
}

async fn robots(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"User-agent: *\nDisallow: /wp-admin/\n".to_vec(),
            "text/plain",
        ))
        .mount(server)
        .await;
}

#[tokio::test]
async fn part_two_is_discovered_from_a_link_on_part_one() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    serve_page(&server, PART_TWO, &part_two(&server), "\"p2\"").await;
    // No feed: discovery from the link alone.
    let project = Project::new(&server, &one);
    assert_eq!(project.rows_of_part(1), 27);
    assert_eq!(project.rows_of_part(2), 0);

    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(
        summary.discovered,
        vec![format!("{}{PART_TWO}", server.uri())]
    );
    let saved = project.fixtures().join(PART_TWO_FILE);
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), part_two(&server));
    let meta: FixtureMeta =
        serde_json::from_slice(&std::fs::read(FixtureMeta::path_for(&saved)).unwrap()).unwrap();
    assert_eq!(meta.url, format!("{}{PART_TWO}", server.uri()));
    assert_eq!(meta.etag.as_deref(), Some("\"p2\""));
    assert_eq!(project.rows_of_part(1), 27);
    assert_eq!(project.rows_of_part(2), PART_TWO_ROWS);
    let report = summary.report.unwrap();
    let two = report.parts.iter().find(|p| p.part == 2).unwrap();
    assert_eq!(two.added.len(), PART_TWO_ROWS);
    let one_changes = report.parts.iter().find(|p| p.part == 1).unwrap();
    assert!(one_changes.added.is_empty() && one_changes.removed.is_empty());
    assert!(one_changes.changed.is_empty());
    // Part One answered 304: its fixture is untouched.
    assert_eq!(
        std::fs::read_to_string(project.fixtures().join("acloserlisten/part-one.html")).unwrap(),
        one
    );
}

#[tokio::test]
async fn part_two_is_discovered_from_the_feed() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, false);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    serve_page(&server, PART_TWO, &part_two(&server), "\"p2\"").await;
    serve_feed(&server, true).await;
    let project = Project::new(&server, &one);

    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(
        summary.discovered,
        vec![format!("{}{PART_TWO}", server.uri())]
    );
    assert!(project.fixtures().join(PART_TWO_FILE).exists());
    assert_eq!(project.rows_of_part(2), PART_TWO_ROWS);
    assert_eq!(hits(&server, "/feed/").await, 1);
    // Nothing else on the feed was fetched.
    assert_eq!(hits(&server, "/2023/05/14/some-review/").await, 0);
}

#[tokio::test]
async fn failed_part_two_fetch_leaves_fixtures_and_output_byte_identical() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    Mock::given(method("GET"))
        .and(path(PART_TWO))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    serve_feed(&server, true).await;
    let project = Project::new(&server, &one);
    let before = snapshot(project.root.path());

    let err = refresh(&project.config(&server)).await.unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(PART_TWO) && msg.contains("500"), "{msg}");
    assert_eq!(
        snapshot(project.root.path()),
        before,
        "fixtures/ and output/ must be byte-for-byte as before, with nothing left beside them"
    );
}

#[tokio::test]
async fn failed_build_leaves_fixtures_and_output_byte_identical() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    // A whole HTML page, so the fetch succeeds, but with no list entries: the build fails.
    serve_page(&server, PART_TWO, SIMPLE, "\"p2\"").await;
    let project = Project::new(&server, &one);
    let before = snapshot(project.root.path());

    let err = refresh(&project.config(&server)).await.unwrap_err();
    // The failure is the build's, about the new page (not a fetch error).
    assert!(
        !matches!(err, soundtracks::Error::Fetch(_)),
        "expected a build error, got {err}"
    );
    eprintln!("build failed as expected: {err}");
    assert_eq!(snapshot(project.root.path()), before);
}

#[tokio::test]
async fn refresh_twice_with_nothing_new_changes_no_file() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    // Part Two has no validators: the second run gets a 200 with identical bytes.
    Mock::given(method("GET"))
        .and(path(PART_TWO))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(part_two(&server).into_bytes(), "text/html; charset=UTF-8"),
        )
        .mount(&server)
        .await;
    serve_feed(&server, true).await;
    let project = Project::new(&server, &one);

    let first = refresh(&project.config(&server)).await.unwrap();
    assert!(first.report.is_some());
    assert_eq!(project.rows_of_part(2), PART_TWO_ROWS);
    let before = snapshot(project.root.path());

    let second = refresh(&project.config(&server)).await.unwrap();
    assert!(second.report.is_none(), "{second:?}");
    assert!(second.discovered.is_empty());
    assert!(second.written.is_empty());
    assert_eq!(second.pages.len(), 2);
    assert_eq!(
        snapshot(project.root.path()),
        before,
        "no file may change (bytes or modification time)"
    );
}

#[tokio::test]
async fn an_edited_page_at_the_same_url_is_picked_up_by_its_hash() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, false);
    let project = Project::new(&server, &one);
    // The site edits a write-up: same URL, new bytes, new ETag.
    let edited = one.replacen("Twin Peaks", "Twin Peaks (edited)", 1);
    assert_ne!(edited, one);
    serve_page(&server, PART_ONE, &edited, "\"p1-edited\"").await;

    let summary = refresh(&project.config(&server)).await.unwrap();
    let html = project.fixtures().join("acloserlisten/part-one.html");
    assert_eq!(std::fs::read_to_string(&html).unwrap(), edited);
    let meta: FixtureMeta =
        serde_json::from_slice(&std::fs::read(FixtureMeta::path_for(&html)).unwrap()).unwrap();
    assert_eq!(meta.etag.as_deref(), Some("\"p1-edited\""));
    assert_eq!(meta.sha256, Some(sha256_hex(edited.as_bytes())));
    assert_eq!(
        summary.written,
        vec![
            PathBuf::from("acloserlisten/part-one.html"),
            PathBuf::from("acloserlisten/part-one.meta.json")
        ]
    );
    assert!(summary.report.is_some());
}

/// Compares a Markdown report with its golden file under `tests/golden/`, the server's
/// address replaced by `http://SITE`. `UPDATE_GOLDEN=1` rewrites the file instead.
fn golden_report(name: &str, server: &MockServer, summary: &soundtracks::refresh::RefreshSummary) {
    // The time of the check, the one thing that differs between runs.
    let summary = soundtracks::refresh::RefreshSummary {
        checked_at: "CHECKED_AT".into(),
        ..summary.clone()
    };
    let got = markdown(&summary).replace(&server.uri(), "http://SITE");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(
        got,
        want,
        "{} differs (UPDATE_GOLDEN=1 rewrites it)",
        path.display()
    );
}

#[tokio::test]
async fn markdown_report_when_part_two_is_added() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    serve_page(&server, PART_TWO, &part_two(&server), "\"p2\"").await;
    let project = Project::new(&server, &one);
    let summary = refresh(&project.config(&server)).await.unwrap();
    golden_report("report-adds-part-two.md", &server, &summary);
}

#[tokio::test]
async fn markdown_report_when_a_review_changes() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, false);
    let project = Project::new(&server, &one);
    // The site corrects a write-up deep inside it: same URL, new bytes, new ETag.
    let edited = one.replacen(
        "the Barrons innovated tape loops",
        "the Barrons pioneered tape loops",
        1,
    );
    assert_ne!(edited, one);
    serve_page(&server, PART_ONE, &edited, "\"p1-edited\"").await;
    let summary = refresh(&project.config(&server)).await.unwrap();
    let report = summary.report.as_ref().unwrap();
    let changed = &report.parts[0].changed;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].column_names(), ["review"]);
    golden_report("report-changes-a-review.md", &server, &summary);
}

#[tokio::test]
async fn markdown_report_when_nothing_changed() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, false);
    serve_page(&server, PART_ONE, &one, "\"p1\"").await;
    let project = Project::new(&server, &one);
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert!(summary.report.is_none());
    golden_report("report-nothing-changed.md", &server, &summary);
}

/// A page as WordPress serves it to a plain client: no `ETag` or `Last-Modified`, and markup
/// that differs on every request (a nonce, as in its scripts and forms), the article the same.
struct Nonced {
    page: String,
    served: std::sync::atomic::AtomicUsize,
}

impl Respond for Nonced {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self
            .served
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let script = format!("<script>var wpNonce = \"{n:08x}\";</script>\n</head>");
        let body = self.page.replacen("</head>", &script, 1);
        ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/html; charset=UTF-8")
    }
}

/// Serves `page` at `p` as [`Nonced`].
async fn serve_nonced(server: &MockServer, p: &str, page: &str) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(Nonced {
            page: page.to_string(),
            served: Default::default(),
        })
        .mount(server)
        .await;
}

/// Regression: a page without validators whose markup changed on every request made each
/// refresh rewrite the fixture, its sidecar and output/, and exit 5 with "0 changed".
#[tokio::test]
async fn new_markup_with_the_same_rows_changes_nothing_and_exits_0() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, false);
    serve_nonced(&server, PART_ONE, &one).await;
    let project = Project::new(&server, &one);
    let before = snapshot(project.root.path());
    let report = project.root.path().join("report.md");
    let mut args = vec![
        "refresh".to_string(),
        "--url".into(),
        format!("{}{PART_ONE}", server.uri()),
        "--delay".into(),
        "0".into(),
        "--exit-code".into(),
        "--report".into(),
        report.to_string_lossy().into_owned(),
        "--fixtures".into(),
        project.fixtures().to_string_lossy().into_owned(),
        "--out".into(),
        project.output().to_string_lossy().into_owned(),
    ];
    args.extend(["--retries".into(), "0".into()]);
    for run in 1..=2 {
        let o = common::soundtracks(args.clone()).await;
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "run {run}: {stderr}");
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.starts_with("Nothing changed"), "run {run}: {text}");
        assert!(
            text.contains(&format!(
                "| 200 | <{}{PART_ONE}> | checked, unchanged |",
                server.uri()
            )),
            "run {run}: {text}"
        );
        assert!(text.contains("Checked at 20"), "run {run}: {text}");
        std::fs::remove_file(&report).unwrap();
        assert_eq!(
            snapshot(project.root.path()),
            before,
            "run {run}: fixtures/ and output/ must be byte-identical, nothing beside them"
        );
    }
    assert_eq!(
        hits(&server, PART_ONE).await,
        2,
        "the page was fetched anew each run"
    );
}

/// When Part Two arrives, a Part One fetched anew with other markup but the same rows keeps
/// its saved copy and sidecar: only the page whose rows changed is written with output/.
#[tokio::test]
async fn only_pages_whose_rows_changed_are_saved() {
    let server = MockServer::start().await;
    robots(&server).await;
    let one = part_one(&server, true);
    serve_nonced(&server, PART_ONE, &one).await;
    serve_page(&server, PART_TWO, &part_two(&server), "\"p2\"").await;
    let project = Project::new(&server, &one);
    let html = project.fixtures().join("acloserlisten/part-one.html");
    let sidecar = FixtureMeta::path_for(&html);
    let (html_before, sidecar_before) = (
        std::fs::read(&html).unwrap(),
        std::fs::read(&sidecar).unwrap(),
    );

    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(
        summary.written,
        vec![
            PathBuf::from(PART_TWO_FILE),
            FixtureMeta::path_for(Path::new(PART_TWO_FILE))
        ]
    );
    assert_eq!(std::fs::read(&html).unwrap(), html_before);
    assert_eq!(std::fs::read(&sidecar).unwrap(), sidecar_before);
    assert_eq!(project.rows_of_part(2), PART_TWO_ROWS);
    let one_page = &summary.pages[0];
    assert_eq!((one_page.status, &one_page.saved), (200, &None));
    let text = markdown(&summary);
    assert!(
        text.contains(&format!(
            "| 200 | <{}{PART_ONE}> | checked, unchanged |",
            server.uri()
        )),
        "{text}"
    );
    // The output is what `build` gives for the fixtures as they now are.
    let rebuilt = project.root.path().join("rebuilt");
    build::build(&[project.fixtures()], &rebuilt, &BuildOptions::default()).unwrap();
    for name in [SOUNDTRACKS_JSON, "manifest.json"] {
        assert!(
            std::fs::read(project.output().join(name)).unwrap()
                == std::fs::read(rebuilt.join(name)).unwrap(),
            "{name}"
        );
    }
}
