//! The archive route of `refresh` end to end, on 127.0.0.1 only: a site that answers every
//! request with a browser check (a bot challenge, as Cloudflare answers scripted clients),
//! and a loopback Wayback Machine (`tests/http/wayback.rs`, modelled on recorded responses
//! of the real one) holding captures of Part One (raw gzip under a blank
//! `Content-Encoding`, its CDX-listed timestamp redirecting to an earlier capture) and of
//! the synthetic Part Two (its newest capture a captured challenge, an older one good).
//! The challenge page below is SYNTHETIC, shaped like Cloudflare's managed challenge.

#[path = "http/common.rs"]
mod common;
#[path = "http/wayback.rs"]
mod wayback;
#[path = "http/wordpress.rs"]
mod wordpress;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use parquet::file::reader::{FileReader, SerializedFileReader};
use reqwest::Url;
use soundtracks::error::ArchiveMiss;
use soundtracks::fetch::wayback::{Wayback, WaybackConfig};
use soundtracks::fetch::FetchError;
use soundtracks::meta::{FixtureMeta, PageSource};
use soundtracks::refresh::archive::{ArchiveConfig, ArchiveMode};
use soundtracks::refresh::{refresh, RefreshConfig};
use soundtracks::schema::{MANIFEST_JSON, SOUNDTRACKS_JSON, SOUNDTRACKS_PARQUET};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{snapshot, soundtracks_with_archive};
use wayback::{Archive, Capture};

const PART_ONE: &str = wordpress::PART_ONE_PATH;
const PART_TWO: &str = wordpress::PART_TWO_PATH;
const ONE_FILE: &str = "127.0.0.1/part-one";
const TWO_FILE: &str = "127.0.0.1/part-two";

const CHALLENGE: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>\
    </head><body><noscript>Enable JavaScript and cookies to continue</noscript><script>\
    window._cf_chl_opt={cvId: '3',cType: 'managed'};</script><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=0\"></script>\
    </body></html>";

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A repository page with the real site's address replaced by the test site's.
fn local(rel: &str, site: &str) -> String {
    repo_file(rel).replace("https://acloserlisten.com", site)
}

/// A site that answers everything, robots.txt included, with a browser check.
async fn challenged_site() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("cf-mitigated", "challenge")
                .insert_header("server", "cloudflare")
                .set_body_raw(CHALLENGE.as_bytes().to_vec(), "text/html; charset=UTF-8"),
        )
        .mount(&server)
        .await;
    server
}

/// The two pages as the site serves them (`site` is its address).
fn pages(site: &str) -> (String, String) {
    (
        local("fixtures/acloserlisten/part-one.html", site),
        local("tests/pages/part-two-synthetic.html", site),
    )
}

/// The archive's captures of the series on `site`: Part One listed at 08:30:00 and played
/// back from the capture at 08:29:59 (gzip); Part Two captured good on 2023-05-12 and as
/// a browser check on 2026-01-10.
fn captures(site: &str) -> Vec<Capture> {
    let (one, two) = pages(site);
    let one_url = format!("{site}{PART_ONE}");
    let two_url = format!("{site}{PART_TWO}");
    let mut listed = Capture::page("20230510083000", &one_url, one.as_bytes());
    listed.redirects_to = Some("20230510082959".into());
    let mut one = Capture::page("20230510082959", &one_url, one.as_bytes());
    one.gzip = true;
    let two_good = Capture::page("20230512101500", &two_url, two.as_bytes());
    let mut two_check = Capture::page("20260110000000", &two_url, CHALLENGE.as_bytes());
    two_check.status = 403;
    two_check.orig_headers = vec![
        ("cf-mitigated".into(), "challenge".into()),
        ("server".into(), "cloudflare".into()),
    ];
    vec![listed, one, two_good, two_check]
}

/// The loopback archive holding [`captures`] of the series on `site`.
async fn archive_of(site: &str) -> wayback::Running {
    wayback::start(Archive {
        captures: captures(site),
        ..Archive::default()
    })
    .await
}

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

    fn args(&self, site: &str, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = vec![
            "refresh".into(),
            "--url".into(),
            format!("{site}{PART_ONE}"),
            "--fixtures".into(),
            self.path("fixtures").display().to_string(),
            "--out".into(),
            self.path("output").display().to_string(),
            "--delay".into(),
            "0".into(),
            "--retries".into(),
            "0".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    fn meta(&self, file: &str) -> FixtureMeta {
        FixtureMeta::read(&self.path(&format!("fixtures/{file}.meta.json"))).unwrap()
    }

    /// The library's settings, the archive at `archive` with no spacing (the binary's
    /// test keeps the real spacing).
    fn config(&self, site: &str, archive: &str, mode: ArchiveMode) -> RefreshConfig {
        let mut c = RefreshConfig::new(
            Url::parse(&format!("{site}{PART_ONE}")).unwrap(),
            self.path("fixtures"),
            self.path("output"),
        );
        c.fetch = common::config();
        let mut wayback = WaybackConfig::new(Url::parse(archive).unwrap());
        wayback.cdx_spacing = Duration::ZERO;
        wayback.playback_spacing = Duration::ZERO;
        wayback.retry.base = Duration::from_millis(10);
        c.archive = ArchiveConfig { mode, wayback };
        c
    }

    fn rows(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.path("output").join(SOUNDTRACKS_JSON)).unwrap())
            .unwrap()
    }
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The rows `build` makes of exactly these two pages.
fn expected_rows(site: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = pages(site);
    for (file, body, path) in [(ONE_FILE, one, PART_ONE), (TWO_FILE, two, PART_TWO)] {
        let html = dir.path().join(format!("{file}.html"));
        std::fs::create_dir_all(html.parent().unwrap()).unwrap();
        std::fs::write(&html, body).unwrap();
        let meta = FixtureMeta {
            url: format!("{site}{path}"),
            final_url: None,
            status: None,
            fetched_at: None,
            etag: None,
            last_modified: None,
            content_type: None,
            charset: None,
            sha256: None,
            bytes: None,
            note: None,
            saved_at: None,
            provenance: Default::default(),
        };
        std::fs::write(
            FixtureMeta::path_for(&html),
            serde_json::to_vec(&meta).unwrap(),
        )
        .unwrap();
    }
    let dataset = soundtracks::build::collect(
        &[dir.path().to_path_buf()],
        &soundtracks::build::BuildOptions::default(),
    )
    .unwrap();
    serde_json::to_value(&dataset.rows).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_challenged_site_is_built_from_the_archive_and_a_second_run_writes_nothing() {
    let site = challenged_site().await;
    let archive = archive_of(&site.uri()).await;
    let project = Project::new();
    let args = project.args(&site.uri(), &["--exit-code"]);

    let first = soundtracks_with_archive(args.clone(), &archive.uri()).await;
    let (stdout, stderr) = text(&first);
    assert_eq!(first.status.code(), Some(5), "{stdout}\n{stderr}");
    assert_eq!(project.rows(), expected_rows(&site.uri()));
    let (one, two) = pages(&site.uri());
    assert_eq!(
        std::fs::read(project.path(&format!("fixtures/{ONE_FILE}.html"))).unwrap(),
        one.as_bytes(),
        "Part One's gzip capture is saved inflated, byte for byte"
    );
    assert_eq!(
        std::fs::read(project.path(&format!("fixtures/{TWO_FILE}.html"))).unwrap(),
        two.as_bytes()
    );

    // The manifest and the Parquet metadata say where each article came from, and when.
    let want = [
        ("wayback", "2023-05-10T08:29:59Z"),
        ("wayback", "2023-05-12T10:15:00Z"),
    ];
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.path("output").join(MANIFEST_JSON)).unwrap())
            .unwrap();
    let parquet = SerializedFileReader::new(
        std::fs::File::open(project.path("output").join(SOUNDTRACKS_PARQUET)).unwrap(),
    )
    .unwrap();
    let sources = parquet
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .iter()
        .find(|kv| kv.key == "soundtracks.sources")
        .and_then(|kv| kv.value.clone())
        .unwrap();
    let sources: serde_json::Value = serde_json::from_str(&sources).unwrap();
    for list in [&manifest["articles"], &sources] {
        let got: Vec<(&str, &str)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["source"].as_str().unwrap(),
                    a["captured_at"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, want, "{list}");
    }

    // Provenance: the capture time is Memento-Datetime's (08:29:59), not the listed 08:30:00.
    let meta = project.meta(ONE_FILE);
    let p = &meta.provenance;
    assert_eq!(p.source, Some(PageSource::Wayback));
    assert_eq!(
        p.memento_datetime.as_deref(),
        Some("Wed, 10 May 2023 08:29:59 GMT")
    );
    assert_eq!(p.captured_at.as_deref(), Some("2023-05-10T08:29:59Z"));
    assert_eq!(
        p.memento_url.as_deref(),
        Some(
            format!(
                "{}/web/20230510082959id_/{}{PART_ONE}",
                archive.uri(),
                site.uri()
            )
            .as_str()
        )
    );
    assert_eq!(
        p.original_url.as_deref(),
        Some(format!("{}{PART_ONE}", site.uri()).as_str())
    );
    assert_eq!(
        p.archive_src.as_deref(),
        Some("spn2-20230510-wwwb-spn01/synthetic.warc.gz")
    );
    assert_eq!(
        p.cdx_digest.as_deref(),
        Some(captures(&site.uri())[0].digest().as_str())
    );
    let meta = project.meta(TWO_FILE);
    assert_eq!(meta.provenance.source, Some(PageSource::Wayback));
    assert_eq!(
        meta.provenance.memento_datetime.as_deref(),
        Some("Fri, 12 May 2023 10:15:00 GMT"),
        "the captured browser check of 2026 is passed over for the older good capture"
    );
    assert!(stdout.contains("from the Wayback Machine: "), "{stdout}");
    assert!(stdout.contains("captured 2023-05-12T10:15:00Z"), "{stdout}");
    assert!(
        stdout.contains("Wayback CDX: 1 request(s), found Part 2"),
        "{stdout}"
    );

    // Etiquette: CDX calls at least 3 s apart as the archive received them; the captured
    // check played back once; every request honest about who sends it.
    let cdx = archive.cdx_calls();
    assert_eq!(cdx.len(), 3, "Part One, the month folder, Part Two");
    for pair in cdx.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(2990),
            "CDX calls {gap:?} apart"
        );
    }
    let playbacks: Vec<String> = archive.playbacks().iter().map(|s| s.path.clone()).collect();
    assert_eq!(playbacks.len(), 4, "{playbacks:?}");
    assert!(
        playbacks[2].starts_with("/web/20260110000000id_/"),
        "{playbacks:?}"
    );
    let received = archive.server.received_requests().await.unwrap();
    for r in &received {
        let ua = r.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(ua.starts_with("soundtracks/"), "{ua}");
        assert_eq!(r.headers.get("accept-encoding").unwrap(), "identity");
    }
    let live_first = site.received_requests().await.unwrap().len();
    assert_eq!(
        live_first, 1,
        "robots.txt answered with the check; nothing more asked"
    );
    let gaps: Vec<String> = cdx
        .windows(2)
        .map(|p| format!("{:.2} s", (p[1].at - p[0].at).as_secs_f64()))
        .collect();
    eprintln!(
        "first run: {live_first} request(s) to the site, {} CDX and {} playback request(s) to the archive, CDX calls apart: {}",
        cdx.len(),
        playbacks.len(),
        gaps.join(", ")
    );

    // Again: the archive holds nothing newer, so nothing is written.
    let before = snapshot(project.root.path());
    let asked_before = archive.seen().len();
    let second = soundtracks_with_archive(args, &archive.uri()).await;
    let (stdout, stderr) = text(&second);
    assert_eq!(second.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(
        snapshot(project.root.path()),
        before,
        "a second run writes nothing"
    );
    assert!(stdout.contains("the data did not change"), "{stdout}");
    let seen = archive.seen();
    let second_cdx = seen[asked_before..]
        .iter()
        .filter(|s| s.path == "/cdx/search/cdx")
        .count();
    eprintln!(
        "second run: {} CDX and {} playback request(s) to the archive",
        second_cdx,
        seen.len() - asked_before - second_cdx
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_from_the_archive_is_never_retried_and_ends_with_exit_4() {
    let site = challenged_site().await;
    let archive = wayback::start(Archive {
        captures: captures(&site.uri()),
        rate_limited: true,
        ..Archive::default()
    })
    .await;
    let project = Project::new();
    let before = snapshot(project.root.path());
    let out =
        soundtracks_with_archive(project.args(&site.uri(), &["--exit-code"]), &archive.uri()).await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");
    assert_eq!(archive.seen().len(), 1, "exactly one 429, no retry");
    assert_eq!(snapshot(project.root.path()), before, "nothing written");
    let url = format!("{}{PART_ONE}", site.uri());
    for want in [
        "live site: a browser check",
        "Wayback Machine: rate-limited (HTTP 429",
        &format!("{}/web/*/{url}", archive.uri()),
        &format!("soundtracks add FILE --url {url}"),
    ] {
        assert!(stderr.contains(want), "{want:?} in\n{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archive_never_is_todays_exit_4_and_asks_no_archive() {
    let site = challenged_site().await;
    let archive = archive_of(&site.uri()).await;
    let project = Project::new();
    let out = soundtracks_with_archive(
        project.args(&site.uri(), &["--archive", "never"]),
        &archive.uri(),
    )
    .await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");
    assert!(stderr.contains("browser check"), "{stderr}");
    assert!(archive.seen().is_empty());
    assert!(!project.path("output").exists());
}

#[tokio::test]
async fn a_reachable_site_never_asks_the_archive() {
    let (site, _) = wordpress::start(wordpress::Site::default()).await;
    let archive = archive_of(&site.uri()).await;
    let project = Project::new();
    let summary = refresh(&project.config(&site.uri(), &archive.uri(), ArchiveMode::Auto))
        .await
        .unwrap();
    assert_eq!(summary.discovered.len(), 1);
    assert!(summary
        .pages
        .iter()
        .all(|p| p.source == Some(PageSource::Live)));
    assert_eq!(summary.archive_requests, 0);
    assert!(archive.seen().is_empty(), "{:?}", archive.seen());
    assert_eq!(
        project.meta(ONE_FILE).provenance.source,
        Some(PageSource::Live)
    );
}

#[tokio::test]
async fn archive_only_never_asks_the_site() {
    let (site, _) = wordpress::start(wordpress::Site::default()).await;
    let archive = archive_of(&site.uri()).await;
    let project = Project::new();
    let config = project.config(&site.uri(), &archive.uri(), ArchiveMode::Only);
    let summary = refresh(&config).await.unwrap();
    assert!(site.received_requests().await.unwrap().is_empty());
    assert_eq!(summary.requests, 0);
    assert_eq!(summary.pages.len(), 2);
    assert!(summary
        .pages
        .iter()
        .all(|p| p.source == Some(PageSource::Wayback)));
    assert_eq!(project.rows(), expected_rows(&site.uri()));
    assert_eq!(summary.archive_requests, archive.seen().len());

    // The site answers again: `auto` asks it first and says so; its rows are the archived
    // copy's, so (issue 19: changed means the rows changed) the archived copy is kept.
    let mut auto = config.clone();
    auto.archive.mode = ArchiveMode::Auto;
    let summary = refresh(&auto).await.unwrap();
    assert!(
        summary.pages.iter().all(|p| p.live_again),
        "{:?}",
        summary.pages
    );
    let report = soundtracks::refresh::report::markdown(&summary);
    assert!(report.contains("the site answers again"), "{report}");
    assert_eq!(summary.archive_requests, 0, "the archive is not asked");
    assert_eq!(
        project.meta(ONE_FILE).provenance.source,
        Some(PageSource::Wayback)
    );
}

#[tokio::test]
async fn only_captured_checks_or_none_say_so() {
    let site = challenged_site().await;
    let one_url = format!("{}{PART_ONE}", site.uri());
    let mut check = Capture::page("20260110000000", &one_url, CHALLENGE.as_bytes());
    check.status = 403;
    check.orig_headers = vec![("cf-mitigated".into(), "challenge".into())];
    // A challenge served 200 with the check's markers: the body decides.
    let mut check_200 = Capture::page("20250101000000", &one_url, CHALLENGE.as_bytes());
    check_200.orig_headers = vec![("server".into(), "cloudflare".into())];
    let excluded = Archive {
        captures: captures(&site.uri()),
        excluded: true,
        ..Archive::default()
    };
    let cases = [
        (
            Archive {
                captures: vec![check, check_200],
                ..Archive::default()
            },
            ArchiveMiss::OnlyChallenges { tried: 2 },
        ),
        (Archive::default(), ArchiveMiss::NoCapture),
        (excluded, ArchiveMiss::NoCapture),
    ];
    for (archive, want) in cases {
        let archive = wayback::start(archive).await;
        let project = Project::new();
        let config = project.config(&site.uri(), &archive.uri(), ArchiveMode::Auto);
        let err = refresh(&config).await.unwrap_err();
        let soundtracks::Error::Fetch(FetchError::NotArchived { archive: miss, .. }) = &err else {
            panic!("{err}");
        };
        assert_eq!(miss, &want);
        assert!(
            matches!(&err, soundtracks::Error::Fetch(f) if f.is_challenge()),
            "exit 4"
        );
        assert!(err.to_string().contains(&want.to_string()), "{err}");
        assert!(!project.path("output").exists());
    }
}

/// The client alone: two refused connections in a row end the route (no third request is
/// tried); a 5xx is retried twice, then given up.
#[tokio::test]
async fn refused_connections_and_server_errors() {
    let page = Url::parse(&format!("http://127.0.0.1:9{PART_ONE}")).unwrap();
    let mut config = WaybackConfig::new(Url::parse(common::NO_ARCHIVE).unwrap());
    config.cdx_spacing = Duration::ZERO;
    config.retry.base = Duration::from_millis(10);
    let client = Wayback::new(&common::config(), config.clone()).unwrap();
    for _ in 0..3 {
        let miss = client.page(&page, None).await.unwrap_err();
        assert!(matches!(miss, ArchiveMiss::Unreachable { .. }), "{miss}");
    }
    assert_eq!(
        client.requests().await,
        2,
        "the third page is not asked for"
    );
    assert!(client.ended().await.is_some());

    let failing = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&failing)
        .await;
    config.base = Url::parse(&failing.uri()).unwrap();
    let client = Wayback::new(&common::config(), config).unwrap();
    let miss = client.page(&page, None).await.unwrap_err();
    assert!(matches!(miss, ArchiveMiss::Failed { .. }), "{miss}");
    assert_eq!(failing.received_requests().await.unwrap().len(), 3);
    assert!(
        client.ended().await.is_none(),
        "a 5xx does not end the route"
    );
}

/// A site failing with 503 after the retries sends its pages to the archive; a 404 does
/// not (the page is not there, and a capture would not change that).
#[tokio::test]
async fn a_failing_site_goes_to_the_archive_a_missing_page_does_not() {
    for (status, archived) in [(503, true), (404, false)] {
        let site = MockServer::start().await;
        Mock::given(wiremock::matchers::path("/robots.txt"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&site)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .mount(&site)
            .await;
        let archive = archive_of(&site.uri()).await;
        let project = Project::new();
        let config = project.config(&site.uri(), &archive.uri(), ArchiveMode::Auto);
        let result = refresh(&config).await;
        if archived {
            let summary = result.unwrap();
            assert_eq!(summary.pages.len(), 2);
            assert!(summary
                .pages
                .iter()
                .all(|p| p.source == Some(PageSource::Wayback)));
        } else {
            let err = result.unwrap_err();
            assert!(err.to_string().contains("HTTP 404"), "{err}");
            assert!(archive.seen().is_empty(), "{:?}", archive.seen());
        }
    }
}
