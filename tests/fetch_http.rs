//! The fetcher against a real HTTP server on 127.0.0.1 started inside each test (wiremock,
//! and a raw TCP server for a chunked body): saving, conditional requests, retries and
//! Retry-After, timeouts, redirects, body cap, content types, robots.txt and charsets.
//! Nothing here reaches beyond loopback.

#[path = "http/common.rs"]
mod common;

use std::time::{Duration, Instant};

use soundtracks::fetch::{FetchConfig, FetchError};
use soundtracks::fixtures::{fetch_to_fixtures, Saved};
use soundtracks::meta::FixtureMeta;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{config, hits, snapshot, SIMPLE};

fn html(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/html; charset=UTF-8")
}

async fn fetch_one(
    cfg: &FetchConfig,
    url: &str,
    dir: &std::path::Path,
) -> Result<Vec<Saved>, FetchError> {
    // The network failures these tests are about; a local disk error would be a test bug.
    fetch_to_fixtures(cfg, &[url.to_string()], dir)
        .await
        .map_err(|e| match e {
            soundtracks::Error::Fetch(f) => f,
            other => panic!("not a fetch error: {other}"),
        })
}

fn read_meta(html: &std::path::Path) -> FixtureMeta {
    let text = std::fs::read_to_string(FixtureMeta::path_for(html)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn first_fetch_saves_page_and_meta_then_304_rewrites_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2023/05/08/some-post/"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2023/05/08/some-post/"))
        .respond_with(
            html(SIMPLE)
                .insert_header("ETag", "\"v1\"")
                .insert_header("Last-Modified", "Mon, 08 May 2023 10:00:00 GMT"),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/2023/05/08/some-post/", server.uri());

    let saved = fetch_one(&config(), &url, dir.path()).await.unwrap();
    let page = dir.path().join("127.0.0.1/some-post.html");
    assert_eq!(saved, vec![Saved::Written(page.clone())]);
    assert_eq!(std::fs::read(&page).unwrap(), SIMPLE.as_bytes());
    let meta = read_meta(&page);
    assert_eq!(meta.url, url);
    assert_eq!(meta.final_url.as_deref(), Some(url.as_str()));
    assert_eq!(meta.status, Some(200));
    assert_eq!(meta.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        meta.last_modified.as_deref(),
        Some("Mon, 08 May 2023 10:00:00 GMT")
    );
    assert_eq!(
        meta.content_type.as_deref(),
        Some("text/html; charset=UTF-8")
    );
    assert_eq!(meta.charset.as_deref(), Some("UTF-8"));
    assert_eq!(meta.bytes, Some(SIMPLE.len() as u64));
    assert_eq!(
        meta.sha256.as_deref(),
        Some(soundtracks::digest::sha256_hex(SIMPLE.as_bytes()).as_str())
    );
    assert!(meta.fetched_at.as_deref().is_some_and(|t| t.ends_with('Z')));

    let before = snapshot(dir.path());
    let saved = fetch_one(&config(), &url, dir.path()).await.unwrap();
    assert_eq!(saved, vec![Saved::Unchanged(page.clone())]);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a 304 must not touch any file"
    );

    let requests = server.received_requests().await.unwrap();
    let gets: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/2023/05/08/some-post/")
        .collect();
    assert_eq!(gets.len(), 2);
    assert!(gets[0].headers.get("if-none-match").is_none());
    assert_eq!(gets[1].headers.get("if-none-match").unwrap(), "\"v1\"");
    assert_eq!(
        gets[1].headers.get("if-modified-since").unwrap(),
        "Mon, 08 May 2023 10:00:00 GMT"
    );
    let ua = gets[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(
        ua,
        format!(
            "soundtracks/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            env!("CARGO_PKG_REPOSITORY")
        )
    );
    // robots.txt was asked for once per run (two runs), before the page.
    assert_eq!(hits(&server, "/robots.txt").await, 2);
}

#[tokio::test]
async fn identical_body_without_validators_rewrites_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/p/", server.uri());
    fetch_one(&config(), &url, dir.path()).await.unwrap();
    let before = snapshot(dir.path());
    let saved = fetch_one(&config(), &url, dir.path()).await.unwrap();
    assert!(matches!(saved[0], Saved::Unchanged(_)));
    assert_eq!(snapshot(dir.path()), before);
}

#[tokio::test]
async fn retries_503_honouring_retry_after_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    fetch_one(&config(), &format!("{}/p/", server.uri()), dir.path())
        .await
        .unwrap();
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(950), "waited only {took:?}");
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_eq!(hits(&server, "/p/").await, 2);
}

#[tokio::test]
async fn retries_503_honouring_retry_after_http_date() {
    let server = MockServer::start().await;
    let when = std::time::SystemTime::now() + Duration::from_secs(2);
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(
            ResponseTemplate::new(503).insert_header("Retry-After", httpdate::fmt_http_date(when)),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    fetch_one(&config(), &format!("{}/p/", server.uri()), dir.path())
        .await
        .unwrap();
    // The date has one-second resolution: at least ~1 s of the 2 s remain.
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(900), "waited only {took:?}");
    assert!(took < Duration::from_secs(4), "took {took:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_fails_without_waiting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let err = fetch_one(&config(), &format!("{}/p/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(
            err,
            FetchError::RetryAfterTooLong {
                status: 503,
                wait_secs: 3600,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("run again later"), "{err}");
    assert_eq!(hits(&server, "/p/").await, 1);
}

#[tokio::test]
async fn retries_429_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let saved = fetch_one(&config(), &format!("{}/p/", server.uri()), dir.path())
        .await
        .unwrap();
    assert!(matches!(saved[0], Saved::Written(_)));
    assert_eq!(hits(&server, "/p/").await, 3);
}

#[tokio::test]
async fn persistent_429_gives_up_after_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(&config(), &format!("{}/p/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 429,
                attempts: 3,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("/p/"), "{err}");
    assert_eq!(hits(&server, "/p/").await, 3);
    assert!(!dir.path().join("127.0.0.1").exists());
}

#[tokio::test]
async fn not_found_fails_at_once_without_retry() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/missing/", server.uri());
    let err = fetch_one(&config(), &url, dir.path()).await.unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&url) && msg.contains("check the URL"), "{msg}");
    assert_eq!(hits(&server, "/missing/").await, 1);
}

#[tokio::test]
async fn hung_response_hits_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/slow/"))
        .respond_with(html(SIMPLE).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = FetchConfig {
        timeout: Duration::from_millis(300),
        ..config()
    };
    let started = Instant::now();
    let err = fetch_one(&cfg, &format!("{}/slow/", server.uri()), dir.path())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(err, FetchError::Timeout { attempts: 3, .. }),
        "{err}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(err.to_string().contains("--timeout"), "{err}");
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    // A port that was just free: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/p/");
    let err = fetch_one(&config(), &url, dir.path()).await.unwrap_err();
    // robots.txt is the first request, and it cannot be read.
    let FetchError::RobotsUnavailable { robots, source, .. } = &err else {
        panic!("expected RobotsUnavailable, got {err}");
    };
    assert_eq!(robots, &format!("http://127.0.0.1:{port}/robots.txt"));
    // The cause stays typed: the robots.txt request itself failed to connect.
    assert!(matches!(**source, FetchError::Network { .. }), "{source}");
    assert!(err.to_string().contains("try again later"), "{err}");
}

#[tokio::test]
async fn same_host_redirect_is_followed_and_recorded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/old/"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/new/"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/new/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/old/", server.uri());
    let saved = fetch_one(&config(), &url, dir.path()).await.unwrap();
    let page = dir.path().join("127.0.0.1/old.html");
    assert_eq!(saved, vec![Saved::Written(page.clone())]);
    let meta = read_meta(&page);
    assert_eq!(meta.url, url);
    assert_eq!(meta.final_url, Some(format!("{}/new/", server.uri())));
    // Fetching the final URL finds the same fixture (by meta.json, not by file name).
    let saved = fetch_one(&config(), &format!("{}/new/", server.uri()), dir.path())
        .await
        .unwrap();
    assert_eq!(saved, vec![Saved::Unchanged(page)]);
}

#[tokio::test]
async fn redirect_to_another_host_is_not_followed() {
    let server = MockServer::start().await;
    let port = server.address().port();
    // `localhost` is another host name (still loopback, and never requested).
    Mock::given(method("GET"))
        .and(path("/away/"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("http://localhost:{port}/elsewhere/")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ftp/"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "ftp://127.0.0.1/file"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(&config(), &format!("{}/away/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Redirect {
                why: "on another host",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("localhost"), "{err}");
    let err = fetch_one(&config(), &format!("{}/ftp/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Redirect {
                why: "not http(s)",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(hits(&server, "/elsewhere/").await, 0);
    assert!(!dir.path().join("127.0.0.1").exists());
}

#[tokio::test]
async fn more_than_five_redirects_are_not_followed() {
    let server = MockServer::start().await;
    for i in 0..10 {
        Mock::given(method("GET"))
            .and(path(format!("/r{i}/")))
            .respond_with(
                ResponseTemplate::new(302).insert_header("Location", format!("/r{}/", i + 1)),
            )
            .mount(&server)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(&config(), &format!("{}/r0/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 5, .. }),
        "{err}"
    );
    // The original request and five redirects were followed; the sixth was not.
    assert_eq!(hits(&server, "/r5/").await, 1);
    assert_eq!(hits(&server, "/r6/").await, 0);
}

#[tokio::test]
async fn oversized_body_is_rejected() {
    let server = MockServer::start().await;
    let big = format!("<html><body>{}</body></html>", "x".repeat(20_000));
    Mock::given(method("GET"))
        .and(path("/big/"))
        .respond_with(html(&big))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = FetchConfig {
        max_bytes: 10_000,
        ..config()
    };
    let err = fetch_one(&cfg, &format!("{}/big/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 10_000, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("--max-bytes"), "{err}");
    assert!(!dir.path().join("127.0.0.1").exists());
}

/// A server that answers with a chunked body of `chunks` × 1000 bytes and no
/// Content-Length, so the cap must be enforced while reading. Serves at most 4 connections.
async fn chunked_server(chunks: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..4 {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") && got.len() < 65536 {
                    let Ok(n) = sock.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                }
                if got.starts_with(b"GET /robots.txt") {
                    let _ = sock
                        .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let _ = sock
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await;
                let chunk = format!("3e8\r\n{}\r\n", "y".repeat(1000));
                for _ in 0..chunks {
                    if sock.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
                let _ = sock.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn oversized_chunked_body_is_cut_off_while_reading() {
    let base = chunked_server(50).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = FetchConfig {
        max_bytes: 10_000,
        retry: soundtracks::fetch::RetryPolicy {
            retries: 0,
            ..config().retry
        },
        ..config()
    };
    let err = fetch_one(&cfg, &format!("{base}/big/"), dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 10_000, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn non_html_content_type_is_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/file.pdf"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(&config(), &format!("{}/file.pdf", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::NotHtml { .. }), "{err}");
    assert!(err.to_string().contains("application/pdf"), "{err}");
    assert_eq!(hits(&server, "/file.pdf").await, 1);
}

#[tokio::test]
async fn robots_disallow_is_honoured_and_robots_is_read_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n".to_vec(),
            "text/plain",
        ))
        .mount(&server)
        .await;
    for p in ["/private/page/", "/a/", "/b/"] {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(html(SIMPLE))
            .mount(&server)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(
        &config(),
        &format!("{}/private/page/", server.uri()),
        dir.path(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Disallowed { .. }), "{err}");
    assert!(err.to_string().contains("robots.txt"), "{err}");
    assert_eq!(hits(&server, "/private/page/").await, 0);

    let urls = vec![
        format!("{}/a/", server.uri()),
        format!("{}/b/", server.uri()),
    ];
    let saved = fetch_to_fixtures(&config(), &urls, dir.path())
        .await
        .unwrap();
    assert_eq!(saved.len(), 2);
    // Two runs; in the second, two pages fetched concurrently share one robots.txt read.
    assert_eq!(hits(&server, "/robots.txt").await, 2);
}

#[tokio::test]
async fn windows_1252_page_is_saved_as_served_and_decodes() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/pages/windows-1252.html"
    ))
    .unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the page must not be UTF-8"
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/legacy/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "text/html"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    fetch_one(&config(), &format!("{}/legacy/", server.uri()), dir.path())
        .await
        .unwrap();
    let page = dir.path().join("127.0.0.1/legacy.html");
    assert_eq!(std::fs::read(&page).unwrap(), bytes, "saved byte for byte");
    let meta = read_meta(&page);
    assert_eq!(meta.charset.as_deref(), Some("windows-1252"));
    let text = soundtracks::parse::decode::decode(&bytes, meta.content_type.as_deref())
        .unwrap()
        .text;
    assert!(text.contains("Jóhann Jóhannsson"), "decoded wrongly");
    assert!(text.contains("Miners’ Hymns"), "decoded wrongly");
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = MockServer::start().await;
    for p in ["/a/", "/b/", "/c/"] {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(html(SIMPLE))
            .mount(&server)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = FetchConfig {
        delay: Duration::from_millis(150),
        concurrency: 3,
        ..config()
    };
    let urls: Vec<String> = ["/a/", "/b/", "/c/"]
        .iter()
        .map(|p| format!("{}{p}", server.uri()))
        .collect();
    let started = Instant::now();
    fetch_to_fixtures(&cfg, &urls, dir.path()).await.unwrap();
    // robots.txt + 3 pages = 4 requests, 3 gaps of 150 ms.
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(440), "only {took:?}");
}

#[tokio::test]
async fn one_failure_does_not_stop_the_other_pages_and_is_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok/"))
        .respond_with(html(SIMPLE))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let urls = vec![
        format!("{}/gone/", server.uri()),
        format!("{}/ok/", server.uri()),
    ];
    let err = fetch_to_fixtures(&config(), &urls, dir.path())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("/gone/"), "{err}");
    assert!(dir.path().join("127.0.0.1/ok.html").exists());
}

#[tokio::test]
async fn redirect_into_a_disallowed_path_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"User-agent: *\nDisallow: /private/\n".to_vec(),
            "text/plain",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/open/"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/private/x/"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_one(&config(), &format!("{}/open/", server.uri()), dir.path())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Disallowed { .. }), "{err}");
    assert!(err.to_string().contains("/private/x/"), "{err}");
    assert_eq!(hits(&server, "/private/x/").await, 0);
}
