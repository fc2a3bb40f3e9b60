//! A site that answers with a browser check (a bot challenge, as Cloudflare sends to
//! requests from cloud machines) instead of its pages, on 127.0.0.1: the refresh fails at
//! once with a message that says what to do, asks each page at most once, never retries,
//! and writes nothing. The challenge page below is SYNTHETIC, shaped like Cloudflare's; the
//! recorded pages of `tests/pages/cloudflare/` (real, with their sources) are served too, each
//! with its recorded status and header: every challenge and block stops the run with its kind
//! named, and an ordinary page carrying the bot-management beacon does not.

#[path = "http/common.rs"]
mod common;

use std::path::Path;

use reqwest::Url;
use soundtracks::refresh::{refresh, RefreshConfig};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::snapshot;

const PART_ONE: &str = "/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";

const CHALLENGE: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>\
    </head><body><noscript>Enable JavaScript and cookies to continue</noscript><script>\
    window._cf_chl_opt={cvId: '3'};</script><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1\"></script>\
    </body></html>";

fn config(server: &MockServer, root: &Path) -> RefreshConfig {
    let mut c = RefreshConfig::new(
        Url::parse(&format!("{}{PART_ONE}", server.uri())).unwrap(),
        root.join("fixtures"),
        root.join("output"),
    );
    c.fetch = common::config();
    c
}

/// Serves a robots.txt that allows everything.
async fn allow_all(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"User-agent: *\n".to_vec(), "text/plain"),
        )
        .mount(server)
        .await;
}

/// Runs a refresh that must fail with a challenge, leaving the project as it was.
async fn refused(server: &MockServer) -> String {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("fixtures")).unwrap();
    std::fs::create_dir_all(root.path().join("output")).unwrap();
    std::fs::write(root.path().join("output/keep.txt"), "before").unwrap();
    let before = snapshot(root.path());
    let err = refresh(&config(server, root.path())).await.unwrap_err();
    assert!(
        matches!(&err, soundtracks::Error::Fetch(f) if f.is_challenge()),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before, "nothing may be written");
    let requests = server.received_requests().await.unwrap();
    let mut paths: Vec<String> = requests.iter().map(|r| r.url.to_string()).collect();
    let all = paths.len();
    paths.dedup();
    assert_eq!(
        all,
        paths.len(),
        "no page asked twice (no retries): {paths:?}"
    );
    err.to_string()
}

#[tokio::test]
async fn a_403_with_cf_mitigated_stops_the_run_at_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("cf-mitigated", "challenge")
                .set_body_raw(CHALLENGE.as_bytes().to_vec(), "text/html; charset=UTF-8"),
        )
        .mount(&server)
        .await;
    let msg = refused(&server).await;
    // robots.txt answered with the challenge: nothing else was asked.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert!(msg.contains("browser check"), "{msg}");
    assert!(msg.contains("soundtracks add"), "{msg}");
    assert!(msg.contains(PART_ONE), "{msg}");
}

#[tokio::test]
async fn a_503_challenge_page_without_the_header_is_not_retried() {
    let server = MockServer::start().await;
    allow_all(&server).await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw(CHALLENGE.as_bytes().to_vec(), "text/html; charset=UTF-8"),
        )
        .mount(&server)
        .await;
    let msg = refused(&server).await;
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    // robots.txt, then Part One once; no look-up, sitemap or feed after the challenge.
    assert_eq!(paths, ["/robots.txt", PART_ONE], "{paths:?}");
    assert!(msg.contains("HTTP 503"), "{msg}");
}

#[tokio::test]
async fn a_plain_503_is_still_retried() {
    let server = MockServer::start().await;
    allow_all(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            b"<html><title>Service Unavailable</title></html>".to_vec(),
            "text/html",
        ))
        .mount(&server)
        .await;
    let root = tempfile::tempdir().unwrap();
    let err = refresh(&config(&server, root.path())).await.unwrap_err();
    assert!(
        !matches!(&err, soundtracks::Error::Fetch(f) if f.is_challenge()),
        "{err}"
    );
    let part_one = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == PART_ONE)
        .count();
    assert_eq!(
        part_one, 3,
        "the first try and two retries (common::config)"
    );
}

#[path = "http/cloudflare.rs"]
mod cloudflare;

#[test]
fn every_recorded_page_is_what_it_is() {
    use soundtracks::fetch::challenge::{classify, classify_page, is_challenge};
    for page in cloudflare::PAGES {
        let body = cloudflare::body(page.file);
        let text = String::from_utf8_lossy(&body);
        assert_eq!(
            classify(page.status, page.cf_mitigated, &body),
            page.kind,
            "{}",
            page.file
        );
        // Without the header, the body alone decides: every recorded challenge and block
        // page carries strong signals of its own.
        assert_eq!(
            classify(page.status, None, &body),
            page.kind,
            "{}",
            page.file
        );
        assert_eq!(
            is_challenge(page.status, page.cf_mitigated, &body),
            page.kind.is_some(),
            "{}",
            page.file
        );
        // As a file saved from a browser: no status, no header.
        assert_eq!(classify_page(&text), page.kind, "{}", page.file);
    }
    // A recorded challenge replayed by the Wayback Machine: the header comes prefixed.
    let codepen = cloudflare::body("embed-codepen-managed.htm");
    assert!(is_challenge(403, Some("challenge"), &codepen));
}

/// Serves every recorded page at Part One's URL with its recorded status and header: each
/// challenge or block stops the refresh at once, with the kind named; the ordinary page
/// with the beacon goes through to the parser (and fails there, as it is not the article).
#[tokio::test]
async fn the_refresh_stops_on_every_recorded_challenge_and_names_it() {
    for page in cloudflare::PAGES {
        let server = MockServer::start().await;
        allow_all(&server).await;
        let mut response = ResponseTemplate::new(page.status)
            .set_body_raw(cloudflare::body(page.file), "text/html; charset=UTF-8");
        if let Some(value) = page.cf_mitigated {
            response = response.insert_header("cf-mitigated", value);
        }
        Mock::given(method("GET"))
            .and(path(PART_ONE))
            .respond_with(response)
            .mount(&server)
            .await;
        let root = tempfile::tempdir().unwrap();
        let err = refresh(&config(&server, root.path())).await.unwrap_err();
        let challenged = matches!(&err, soundtracks::Error::Fetch(f) if f.is_challenge());
        assert_eq!(challenged, page.kind.is_some(), "{}: {err}", page.file);
        let asked = common::hits(&server, PART_ONE).await;
        match page.kind {
            Some(kind) => {
                let msg = err.to_string();
                assert!(msg.contains(&kind.to_string()), "{}: {msg}", page.file);
                assert!(msg.contains(kind.advice()), "{}: {msg}", page.file);
                assert_eq!(asked, 1, "{}: never retried", page.file);
            }
            None => assert!(
                !err.to_string().contains("browser check"),
                "{}: {err}",
                page.file
            ),
        }
    }
}

#[tokio::test]
async fn a_block_says_that_a_browser_on_the_same_network_is_blocked_too() {
    let server = MockServer::start().await;
    allow_all(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(403).set_body_raw(
            cloudflare::body("zrobank-block-2023.htm"),
            "text/html; charset=UTF-8",
        ))
        .mount(&server)
        .await;
    let msg = refused(&server).await;
    assert!(msg.contains("block page"), "{msg}");
    assert!(msg.contains("same network"), "{msg}");
    assert!(msg.contains("soundtracks add"), "{msg}");
}
