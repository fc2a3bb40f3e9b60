//! Discovery of Part Two on a site as it stands years after publication, against the
//! WordPress.com-like server of `tests/http/wordpress.rs` on 127.0.0.1: Part One does not
//! link to Part Two and the feed holds only the newest posts. One test per source proves
//! that source alone finds Part Two; the politeness budget (requests per run) is asserted;
//! decoy series, other hosts, a malformed sitemap, a failing one and robots.txt rules are
//! exercised.

#[path = "http/common.rs"]
mod common;
#[path = "http/wordpress.rs"]
mod wordpress;

use std::path::PathBuf;

use reqwest::Url;
use soundtracks::refresh::sources::Source;
use soundtracks::refresh::{refresh, RefreshConfig, RefreshSummary};
use wiremock::MockServer;

use common::snapshot;
use soundtracks::schema::SOUNDTRACKS_JSON;
use wordpress::{request_paths, Site, Sitemaps, DECOYS, PART_ONE_PATH, PART_TWO_PATH};

/// A project folder with an empty `fixtures/` and no `output/`.
struct Project {
    root: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("fixtures")).unwrap();
        Project { root }
    }

    fn fixtures(&self) -> PathBuf {
        self.root.path().join("fixtures")
    }

    fn output(&self) -> PathBuf {
        self.root.path().join("output")
    }

    fn config(&self, server: &MockServer) -> RefreshConfig {
        let mut c = RefreshConfig::new(
            Url::parse(&format!("{}{PART_ONE_PATH}", server.uri())).unwrap(),
            self.fixtures(),
            self.output(),
        );
        c.fetch = common::config();
        c
    }

    fn parts_in_output(&self) -> Vec<i64> {
        let text = std::fs::read_to_string(self.output().join(SOUNDTRACKS_JSON)).unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        let mut parts: Vec<i64> = rows.iter().filter_map(|r| r["part"].as_i64()).collect();
        parts.dedup();
        parts
    }
}

fn part_two_url(server: &MockServer) -> String {
    format!("{}{PART_TWO_PATH}", server.uri())
}

/// The source that found Part Two, and every source's use, as the summary reports them.
fn found_by(summary: &RefreshSummary, part: u32) -> Option<Source> {
    summary
        .sources
        .iter()
        .find(|u| u.found.contains(&part))
        .map(|u| u.source)
}

/// Asserts no page of any other post was requested: permalinks asked for are the parts'.
fn only_parts_fetched(paths: &[String]) {
    eprintln!("{} requests: {paths:?}", paths.len());
    for p in paths {
        let is_permalink = p.starts_with("/20") && p.ends_with('/');
        if is_permalink {
            assert!(
                p == PART_ONE_PATH || p == PART_TWO_PATH,
                "a page that is not a part of the series was fetched: {p}"
            );
        }
        for decoy in DECOYS {
            assert!(!p.contains(decoy), "a decoy was requested: {p}");
        }
    }
}

#[tokio::test]
async fn first_refresh_finds_both_parts_within_30_requests() {
    let (server, posts) = wordpress::start(Site::default()).await;
    assert!(posts.len() >= 6000, "a site of ~6000 posts");
    let project = Project::new();

    let summary = refresh(&project.config(&server)).await.unwrap();
    let paths = request_paths(&server).await;
    eprintln!(
        "first refresh, {} requests:\n{}",
        paths.len(),
        paths.join("\n")
    );

    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    assert_eq!(project.parts_in_output(), vec![1, 2]);
    assert_eq!(paths.first().map(String::as_str), Some("/robots.txt"));
    assert!(paths.len() <= 30, "{} requests", paths.len());
    assert_eq!(
        summary.requests,
        paths.len(),
        "the summary counts every request"
    );
    only_parts_fetched(&paths);
    // The cheapest source that knows Part Two found it.
    assert_eq!(found_by(&summary, 2), Some(Source::LookUp));
    // Part Three was looked for everywhere before stopping.
    assert!(
        summary.sources.iter().all(|u| u.asked),
        "{:?}",
        summary.sources
    );
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
}

#[tokio::test]
async fn second_refresh_asks_conditionally_and_writes_nothing() {
    let (server, _) = wordpress::start(Site::default()).await;
    let project = Project::new();
    refresh(&project.config(&server)).await.unwrap();
    let first = request_paths(&server).await.len();
    let before = snapshot(project.root.path());

    let summary = refresh(&project.config(&server)).await.unwrap();
    let all = server.received_requests().await.unwrap();
    let second = &all[first..];
    let paths: Vec<String> = second.iter().map(|r| r.url.path().to_string()).collect();
    eprintln!(
        "second refresh, {} requests:\n{}",
        second.len(),
        paths.join("\n")
    );

    assert!(summary.report.is_none());
    assert!(summary.discovered.is_empty());
    assert!(second.len() <= 20, "{} requests", second.len());
    for part in [PART_ONE_PATH, PART_TWO_PATH] {
        let asks: Vec<_> = second.iter().filter(|r| r.url.path() == part).collect();
        assert_eq!(asks.len(), 1, "{part} asked once");
        assert!(
            asks[0].headers.contains_key("if-none-match"),
            "{part} asked conditionally"
        );
    }
    assert_eq!(
        snapshot(project.root.path()),
        before,
        "no file may change (bytes or modification time)"
    );
}

#[tokio::test]
async fn without_sitemaps_slug_look_ups_find_part_two() {
    let site = Site {
        sitemaps: Sitemaps::Missing,
        ..Site::default()
    };
    let (server, _) = wordpress::start(site).await;
    let project = Project::new();

    let summary = refresh(&project.config(&server)).await.unwrap();
    let paths = request_paths(&server).await;
    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    assert_eq!(found_by(&summary, 2), Some(Source::LookUp));
    assert_eq!(project.parts_in_output(), vec![1, 2]);
    assert!(
        paths.iter().any(|p| p == "/sitemap.xml"),
        "sitemaps were tried"
    );
    only_parts_fetched(&paths);
}

/// A site where only sitemaps can tell: no `?name=` redirects, nothing in the feed.
async fn sitemaps_alone(site: Site) -> (MockServer, Project, RefreshSummary) {
    let site = Site {
        name_look_ups: false,
        ..site
    };
    let (server, _) = wordpress::start(site).await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    assert_eq!(found_by(&summary, 2), Some(Source::Sitemaps));
    assert_eq!(project.parts_in_output(), vec![1, 2]);
    only_parts_fetched(&request_paths(&server).await);
    (server, project, summary)
}

#[tokio::test]
async fn jetpack_sitemaps_alone_find_part_two_and_skip_old_files() {
    let (server, _, summary) = sitemaps_alone(Site::default()).await;
    let paths = request_paths(&server).await;
    // sitemap.xml → sitemap-index-1.xml → the files that can hold a post after Part One.
    for p in ["/sitemap.xml", "/sitemap-index-1.xml"] {
        assert!(paths.iter().any(|x| x == p), "{p} read");
    }
    // Files whose lastmod is before Part One are not read; the media index never is.
    for p in [
        "/sitemap-2.xml",
        "/sitemap-3.xml",
        "/image-sitemap-index-1.xml",
    ] {
        assert!(!paths.iter().any(|x| x == p), "{p} should be skipped");
    }
    // sitemap-1 holds a post edited recently: its lastmod keeps it.
    assert!(paths.iter().any(|x| x == "/sitemap-1.xml"));
    let sitemaps = summary
        .sources
        .iter()
        .find(|u| u.source == Source::Sitemaps)
        .unwrap();
    assert!(sitemaps.requests <= 10, "{sitemaps:?}");
}

#[tokio::test]
async fn core_sitemaps_alone_find_part_two() {
    let (server, _, _) = sitemaps_alone(Site {
        sitemaps: Sitemaps::Core,
        ..Site::default()
    })
    .await;
    let paths = request_paths(&server).await;
    // robots.txt names no sitemap: /sitemap.xml (404), then /wp-sitemap.xml.
    let at = |p: &str| paths.iter().position(|x| x == p);
    assert!(at("/sitemap.xml") < at("/wp-sitemap.xml"));
    assert!(at("/wp-sitemap-posts-post-1.xml").is_some());
    for never in [
        "/wp-sitemap-taxonomies-category-1.xml",
        "/wp-sitemap-users-1.xml",
    ] {
        assert!(at(never).is_none(), "{never} lists no posts");
    }
}

#[tokio::test]
async fn gzip_sitemaps_alone_find_part_two() {
    let (server, _, _) = sitemaps_alone(Site {
        gzip: true,
        ..Site::default()
    })
    .await;
    let requests = server.received_requests().await.unwrap();
    let index = requests
        .iter()
        .find(|r| r.url.path() == "/sitemap-index-1.xml")
        .unwrap();
    assert_eq!(
        index
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip"),
        "sitemaps are asked for gzip (and the index answered with Content-Encoding: gzip)"
    );
    assert!(requests.iter().any(|r| r.url.path().ends_with(".xml.gz")));
}

#[tokio::test]
async fn the_feed_alone_finds_part_two_the_week_it_is_published() {
    let site = Site {
        sitemaps: Sitemaps::Missing,
        name_look_ups: false,
        today: (2023, 5, 12),
        ..Site::default()
    };
    let (server, _) = wordpress::start(site).await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    assert_eq!(found_by(&summary, 2), Some(Source::Feed));
    assert_eq!(project.parts_in_output(), vec![1, 2]);
    only_parts_fetched(&request_paths(&server).await);
}

#[tokio::test]
async fn today_s_feed_alone_finds_nothing_and_says_so() {
    let site = Site {
        sitemaps: Sitemaps::Missing,
        name_look_ups: false,
        ..Site::default()
    };
    let (server, _) = wordpress::start(site).await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert!(summary.discovered.is_empty());
    assert_eq!(project.parts_in_output(), vec![1]);
    assert!(summary.sources.iter().all(|u| u.found.is_empty()));
}

#[tokio::test]
async fn decoys_and_sitemaps_on_other_hosts_are_never_fetched() {
    let other = MockServer::start().await;
    // Same machine, another host name: `localhost` is not `127.0.0.1`.
    let other_host = other.uri().replace("127.0.0.1", "localhost");
    let (server, posts) = wordpress::start(Site {
        name_look_ups: false,
        other_host: Some(other_host),
        ..Site::default()
    })
    .await;
    assert!(
        posts.iter().any(|p| p.slug == DECOYS[0]),
        "decoys are on the site"
    );
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    only_parts_fetched(&request_paths(&server).await);
    assert_eq!(
        other.received_requests().await.unwrap().len(),
        0,
        "nothing is asked of another host"
    );
}

#[tokio::test]
async fn a_malformed_sitemap_is_skipped_with_a_warning_naming_it() {
    let (server, _, summary) = sitemaps_alone(Site {
        malformed_child: true,
        ..Site::default()
    })
    .await;
    for broken in ["sitemap-broken.xml", "sitemap-theme.xml"] {
        let url = format!("{}/{broken}", server.uri());
        assert!(
            summary.warnings.iter().any(|w| w.contains(&url)),
            "{:?}",
            summary.warnings
        );
    }
    assert!(request_paths(&server)
        .await
        .iter()
        .any(|p| p == "/sitemap-broken.xml"));
}

#[tokio::test]
async fn sitemaps_disallowed_by_robots_are_not_asked() {
    let (server, _) = wordpress::start(Site {
        robots_rules: "Disallow: /sitemap\nDisallow: /news-sitemap.xml\nDisallow: /feed/\n".into(),
        ..Site::default()
    })
    .await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    assert_eq!(summary.discovered, vec![part_two_url(&server)]);
    let paths = request_paths(&server).await;
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("sitemap") || p.starts_with("/feed/")),
        "{paths:?}"
    );
}

#[tokio::test]
async fn a_failing_sitemap_fails_the_run_and_changes_nothing() {
    let (server, _) = wordpress::start(Site {
        sitemaps: Sitemaps::Failing,
        name_look_ups: false,
        ..Site::default()
    })
    .await;
    let project = Project::new();
    let before = snapshot(project.root.path());
    let err = refresh(&project.config(&server)).await.unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("/sitemap.xml") && msg.contains("503"), "{msg}");
    assert_eq!(snapshot(project.root.path()), before);
}

/// A server whose robots.txt names `/s0.xml`; `/sN.xml` is a sitemap index listing itself
/// (a cycle), `/s(N+1).xml`, and `fan` empty urlsets `/leaf-N-K.xml`.
async fn sitemap_maze(fan: usize) -> MockServer {
    use wiremock::matchers::{method, path, path_regex};
    use wiremock::{Mock, ResponseTemplate};
    let server = MockServer::start().await;
    let o = server.uri();
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!("User-agent: *\nDisallow:\n\nSitemap: {o}/s0.xml\n").into_bytes(),
            "text/plain",
        ))
        .mount(&server)
        .await;
    for n in 0..12 {
        let mut body = format!(
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{o}/s{n}.xml</loc></sitemap><sitemap><loc>{o}/s{}.xml</loc></sitemap>",
            n + 1
        );
        for k in 0..fan {
            body.push_str(&format!(
                "<sitemap><loc>{o}/leaf-{n}-{k}.xml</loc></sitemap>"
            ));
        }
        body.push_str("</sitemapindex>");
        Mock::given(method("GET"))
            .and(path(format!("/s{n}.xml")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/xml"))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/leaf-"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"/>".to_vec(),
            "text/xml",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PART_ONE_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(
                std::fs::read(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/fixtures/acloserlisten/part-one.html"
                ))
                .unwrap(),
                "text/html; charset=UTF-8",
            ),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sitemap_indexes_are_followed_at_most_five_deep_and_never_twice() {
    let server = sitemap_maze(0).await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    let paths = request_paths(&server).await;
    let read: Vec<&String> = paths.iter().filter(|p| p.starts_with("/s")).collect();
    // s0 (the root, depth 0) … s5 (depth 5); s5's children are not followed; each file once.
    assert_eq!(
        read,
        ["/s0.xml", "/s1.xml", "/s2.xml", "/s3.xml", "/s4.xml", "/s5.xml"],
        "{paths:?}"
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("/s5.xml") && w.contains("deeper than 5")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(project.parts_in_output(), vec![1]);
}

#[tokio::test]
async fn at_most_fifty_sitemap_files_are_read_in_a_run() {
    let server = sitemap_maze(30).await;
    let project = Project::new();
    let summary = refresh(&project.config(&server)).await.unwrap();
    let paths = request_paths(&server).await;
    let files = paths
        .iter()
        .filter(|p| p.starts_with("/s") || p.starts_with("/leaf-"))
        .count();
    assert_eq!(files, 50, "{paths:?}");
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("50 sitemap files")),
        "{:?}",
        summary.warnings
    );
}
