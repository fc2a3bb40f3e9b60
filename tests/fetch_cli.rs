//! The `soundtracks fetch` and `refresh` commands as a user runs them: the real binary
//! against a server on 127.0.0.1 started inside the test, with proxy variables removed so
//! loopback stays loopback.

#[path = "http/common.rs"]
mod common;
#[path = "http/wordpress.rs"]
mod wordpress;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{soundtracks, SIMPLE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_command_saves_the_page_and_prints_one_line_per_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2023/05/08/a-post/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(SIMPLE.as_bytes().to_vec(), "text/html"),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures");
    let out = soundtracks(vec![
        "fetch".into(),
        format!("{}/2023/05/08/a-post/", server.uri()),
        "--fixtures".into(),
        fixtures.display().to_string(),
        "--delay".into(),
        "0".into(),
    ])
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        fixtures.join("127.0.0.1/a-post.html").is_file()
            && fixtures.join("127.0.0.1/a-post.meta.json").is_file()
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("/2023/05/08/a-post/"))
        .unwrap_or_else(|| panic!("no progress line in {stderr}"));
    assert!(
        line.starts_with("200") && line.contains(" B") && line.contains('s'),
        "{line}"
    );

    // Again: the same bytes, reported as unchanged.
    let out = soundtracks(vec![
        "fetch".into(),
        format!("{}/2023/05/08/a-post/", server.uri()),
        "--fixtures".into(),
        fixtures.display().to_string(),
        "--delay".into(),
        "0".into(),
    ])
    .await;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unchanged"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_command_fails_with_the_url_and_reason() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/nope/", server.uri());
    let out = soundtracks(vec![
        "fetch".into(),
        url.clone(),
        "--fixtures".into(),
        dir.path().display().to_string(),
        "--delay".into(),
        "0".into(),
    ])
    .await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&url) && stderr.contains("404"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_option_values_are_refused_by_the_parser() {
    let out = soundtracks(vec![
        "fetch".into(),
        "http://127.0.0.1:9/x".into(),
        "--delay=-1".into(),
    ])
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("seconds"));
    let out = soundtracks(vec!["refresh".into(), "--url".into(), "ftp://x/".into()]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ftp://x/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_command_names_the_sources_it_used_and_counts_requests() {
    let (server, _) = wordpress::start(wordpress::Site::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures");
    let output = dir.path().join("output");
    std::fs::create_dir_all(&fixtures).unwrap();
    let out = soundtracks(vec![
        "refresh".into(),
        "--url".into(),
        format!("{}{}", server.uri(), wordpress::PART_ONE_PATH),
        "--fixtures".into(),
        fixtures.display().to_string(),
        "--out".into(),
        output.display().to_string(),
        "--delay".into(),
        "0".into(),
        "-v".into(),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let requests = server.received_requests().await.unwrap().len();
    // The summary: each source with its requests and finds, then the total.
    let discovery = stdout
        .lines()
        .find(|l| l.starts_with("discovery: "))
        .unwrap_or_else(|| panic!("no discovery line in\n{stdout}"));
    assert!(
        discovery.contains("links: 0 request(s), nothing new")
            && discovery.contains("slug look-ups: 4 request(s), found Part 2")
            && discovery.contains("feed: 1 request(s), nothing new"),
        "{discovery}"
    );
    assert!(
        stdout.contains(&format!("{requests} request(s) to 127.0.0.1")),
        "{stdout}"
    );
    // -v: which source found which part.
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("found") && l.contains("part=2") && l.contains("slug look-ups")),
        "{stderr}"
    );
    assert!(fixtures.join("127.0.0.1/part-two.html").is_file());
}

/// A refused connection is said once, naming each URL once: not as an `ERR` progress line
/// and again as the final error, nor with the client's own "for url (…)" repeat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_names_each_url_once() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let page = "http://127.0.0.1:9/2023/05/08/a-post/";
    let robots = "http://127.0.0.1:9/robots.txt";
    let dir = tempfile::tempdir().unwrap();
    let out = soundtracks(vec![
        "fetch".into(),
        page.into(),
        "--fixtures".into(),
        dir.path().join("fixtures").display().to_string(),
        "--retries".into(),
        "0".into(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches(robots).count(), 1, "{stderr}");
    assert!(!stderr.contains("for url"), "{stderr}");
    assert!(!stderr.contains("caused by"), "{stderr}");
    assert!(stderr.contains("Connection refused"), "{stderr}");
    let error_lines = stderr.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(error_lines, 1, "{stderr}");
}
