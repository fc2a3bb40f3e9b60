//! The enrichment client against the loopback Wikidata and MusicBrainz: the User-Agent it
//! sends, every way a request can fail (403, maxlag, 429/503 with `Retry-After`, the two
//! MusicBrainz 503s, a timeout, a refused connection, the cap), malformed JSON passed on as
//! bytes, MusicBrainz's spacing; and the loopback servers' own behaviour that the end-to-end
//! tests rely on. Waits are kept small: `Retry-After: 0` or `1`, a 150 ms interval.
#![cfg(feature = "net")]

#[path = "http/loopback.rs"]
mod loopback;
#[path = "http/musicbrainz.rs"]
mod musicbrainz;
#[path = "http/wikidata.rs"]
mod wikidata;

use std::time::Duration;

use serde_json::Value;
use soundtracks::enrich::client::{user_agent, Client, ClientConfig};
use soundtracks::enrich::error::EnrichError;
use soundtracks::enrich::{ApiRequest, Service};

use loopback::{Canned, Fault};
use musicbrainz::{release_group, MusicBrainzServer, MusicBrainzTable};
use wikidata::{
    item, no_value_statement, ranked, statement, time_statement, with, WikidataServer,
    WikidataTable,
};

// Synthetic ids: nothing here stands for a real item or release group.
const FILM: &str = "Q1000001";
const SONG: &str = "Q1000002";
const RG: &str = "00000000-0000-4000-8000-000000000001";
const ARTIST: &str = "00000000-0000-4000-8000-0000000000a1";

fn table() -> WikidataTable {
    WikidataTable::new()
        .entity(item(
            FILM,
            &[("en", "Synthetic Planet"), ("fr", "Planète synthétique")],
            "synthetic 1956 film",
            &["Q11424"],
        ))
        .entity(item(
            SONG,
            &[("mul", "Synthetic Planet Theme")],
            "synthetic song",
            &["Q7366"],
        ))
        .redirect("Q1000003", FILM)
}

fn groups() -> MusicBrainzTable {
    MusicBrainzTable::new().release_group(release_group(
        RG,
        "Synthetic Planet",
        "1976",
        &["Soundtrack"],
        &[("Synthetic Composer", ARTIST)],
    ))
}

/// Settings for loopback: no proxy, short timeout, small waits.
fn config(wikidata: &str, musicbrainz: &str) -> ClientConfig {
    ClientConfig {
        wikidata: wikidata.to_string(),
        musicbrainz: musicbrainz.to_string(),
        user_agent: user_agent(),
        cap: 100,
        timeout: Duration::from_secs(5),
        retries: 2,
        max_wait: Duration::from_secs(5),
        musicbrainz_interval: Duration::ZERO,
        env_proxy: false,
    }
}

fn wd(query: &str) -> ApiRequest {
    ApiRequest {
        service: Service::Wikidata,
        query: query.to_string(),
    }
}

fn mb(query: &str) -> ApiRequest {
    ApiRequest {
        service: Service::MusicBrainz,
        query: query.to_string(),
    }
}

fn entities(ids: &str) -> ApiRequest {
    wd(&format!(
        "?action=wbgetentities&ids={ids}&props=labels|aliases|descriptions|claims&languages=en|mul&format=json&formatversion=2&maxlag=5"
    ))
}

const NOWHERE: &str = "http://127.0.0.1:9/ws/2";

async fn wikidata_client(server: &WikidataServer, tweak: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut cfg = config(&server.url(), NOWHERE);
    tweak(&mut cfg);
    Client::new(cfg).unwrap()
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap()
}

fn problem(err: &EnrichError) -> (&str, &str) {
    match err {
        EnrichError::Request { url, problem } => (url, problem),
        other => panic!("not a request error: {other}"),
    }
}

#[tokio::test]
async fn sends_the_user_agent_wikimedia_asks_for_and_returns_the_body() {
    let server = WikidataServer::start(table()).await;
    let mut client = wikidata_client(&server, |_| {}).await;
    let response = client.get(&entities(FILM)).await.unwrap();
    assert_eq!(response.status, 200);
    let body = json(&response.body);
    assert_eq!(
        body["entities"][FILM]["labels"]["en"]["value"],
        "Synthetic Planet"
    );
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let agent = seen[0].user_agent.clone().unwrap();
    assert_eq!(agent, user_agent());
    assert!(
        agent.starts_with(&format!("soundtracks/{} (", env!("CARGO_PKG_VERSION"))),
        "{agent}"
    );
    assert_eq!(seen[0].param("ids"), Some(FILM));
    assert_eq!(client.requests(), 1);
    assert!(client.waits().is_empty());
}

#[tokio::test]
async fn a_generic_or_missing_user_agent_is_refused_with_a_clear_message() {
    let server = WikidataServer::start(table()).await;
    for agent in ["", "python-requests/2.31.0", "reqwest/0.13"] {
        let mut client = wikidata_client(&server, |c| c.user_agent = agent.into()).await;
        let err = client.get(&entities(FILM)).await.unwrap_err();
        let (url, problem) = problem(&err);
        assert!(url.starts_with(&server.url()), "{url}");
        assert!(problem.contains("403"), "{problem}");
        assert!(problem.contains(&format!("`{agent}`")), "{problem}");
        assert!(problem.contains("generic"), "{problem}");
        assert!(problem.contains(&user_agent()), "{problem}");
        assert_eq!(client.requests(), 1, "403 is not retried");
    }
    assert!(server.requests().iter().all(|s| s.status == 403));
}

#[tokio::test]
async fn maxlag_is_waited_out_then_the_answer_comes() {
    let server = WikidataServer::start(table()).await;
    server.fail_next(
        1,
        Fault::Maxlag {
            lag: 7,
            retry_after: 1,
        },
    );
    let mut client = wikidata_client(&server, |_| {}).await;
    let reported = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&reported);
    client.on_wait(move |w| sink.lock().unwrap().push(w.clone()));
    let response = client.get(&entities(FILM)).await.unwrap();
    assert!(json(&response.body)["entities"][FILM].is_object());
    assert_eq!(client.requests(), 2);
    let waits = client.waits();
    assert_eq!(*reported.lock().unwrap(), waits, "reported as they begin");
    assert_eq!(waits.len(), 1);
    assert_eq!(waits[0].wait, Duration::from_secs(1));
    assert!(
        waits[0]
            .reason
            .contains("maxlag: Waiting for all: 7 seconds lagged."),
        "{}",
        waits[0].reason
    );
    let statuses: Vec<u16> = server.requests().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [200, 200], "maxlag comes with HTTP 200");
}

#[tokio::test]
async fn maxlag_that_never_ends_gives_up_with_a_clear_message() {
    let server = WikidataServer::start(table()).await;
    server.fail_always(Some(Fault::Maxlag {
        lag: 9,
        retry_after: 0,
    }));
    let mut client = wikidata_client(&server, |c| c.retries = 2).await;
    let err = client.get(&entities(FILM)).await.unwrap_err();
    let (_, problem) = problem(&err);
    assert!(problem.contains("maxlag"), "{problem}");
    assert!(
        problem.contains("3 attempts") && problem.contains("run again later"),
        "{problem}"
    );
    assert_eq!(server.requests().len(), 3);
    assert_eq!(client.waits().len(), 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_max_wait_is_not_waited_for() {
    let server = WikidataServer::start(table()).await;
    server.fail_next(
        1,
        Fault::Maxlag {
            lag: 700,
            retry_after: 600,
        },
    );
    let mut client = wikidata_client(&server, |_| {}).await;
    let err = client.get(&entities(FILM)).await.unwrap_err();
    let (_, problem) = problem(&err);
    assert!(
        problem.contains("wait 600 s") && problem.contains("5 s"),
        "{problem}"
    );
    assert_eq!(server.requests().len(), 1);
    assert!(client.waits().is_empty());
}

#[tokio::test]
async fn status_429_and_503_with_retry_after_are_retried() {
    for status in [429, 503] {
        let server = WikidataServer::start(table()).await;
        server.fail_next(
            2,
            Fault::Status {
                status,
                retry_after: Some(0),
            },
        );
        let mut client = wikidata_client(&server, |_| {}).await;
        let response = client.get(&entities(FILM)).await.unwrap();
        assert!(json(&response.body)["entities"][FILM].is_object());
        let statuses: Vec<u16> = server.requests().iter().map(|s| s.status).collect();
        assert_eq!(statuses, [status, status, 200]);
        assert_eq!(client.waits().len(), 2);
        assert!(client.waits()[0].reason.contains(&status.to_string()));
    }
}

#[tokio::test]
async fn other_statuses_name_the_status_and_the_url() {
    let server = MusicBrainzServer::start(groups()).await;
    server.fail_next(
        1,
        Fault::Status {
            status: 500,
            retry_after: None,
        },
    );
    let mut client = Client::new(config("http://127.0.0.1:9/w/api.php", &server.url())).unwrap();
    let lookup = mb(&format!(
        "/release-group/{RG}?inc=artist-credits+url-rels&fmt=json"
    ));
    let err = client.get(&lookup).await.unwrap_err();
    let (url, problem) = problem(&err);
    assert!(url.contains(RG), "{url}");
    assert!(
        problem.contains("500") && problem.contains("SOUNDTRACKS_MUSICBRAINZ_API"),
        "{problem}"
    );
    assert_eq!(server.requests().len(), 1, "a 500 is not retried");
}

#[tokio::test]
async fn an_mbid_musicbrainz_does_not_know_is_an_answer_not_a_failure() {
    let server = MusicBrainzServer::start(groups()).await;
    let mut client = Client::new(config("http://127.0.0.1:9/w/api.php", &server.url())).unwrap();
    let missing = "00000000-0000-4000-8000-00000000ffff";
    let response = client
        .get(&mb(&format!(
            "/release-group/{missing}?inc=artist-credits+url-rels&fmt=json"
        )))
        .await
        .unwrap();
    assert_eq!(response.status, 404);
    assert_eq!(json(&response.body)["error"], "Not Found");
    assert_eq!(client.requests(), 1);
}

#[tokio::test]
async fn musicbrainz_503s_say_whose_fault_it_is() {
    let server = MusicBrainzServer::start(groups()).await;
    let lookup = mb(&format!(
        "/release-group/{RG}?inc=artist-credits+url-rels&fmt=json"
    ));
    let cases = [
        (
            Fault::Busy { retry_after: 0 },
            "overloaded",
            "x-ratelimit-zone: global",
        ),
        (
            Fault::RateLimited { retry_after: 0 },
            "too fast",
            "x-ratelimit-zone: ws ip=127.0.0.1",
        ),
    ];
    for (fault, says, zone) in cases {
        server.fail_always(Some(fault));
        let mut cfg = config("http://127.0.0.1:9/w/api.php", &server.url());
        cfg.retries = 1;
        let mut client = Client::new(cfg).unwrap();
        let err = client.get(&lookup).await.unwrap_err();
        let (_, problem) = problem(&err);
        assert!(
            problem.contains(says) && problem.contains(zone),
            "{problem}"
        );
        assert_eq!(client.requests(), 2);
    }
    // Once the load passes, the retry gets the answer.
    server.fail_always(None);
    server.fail_next(1, Fault::Busy { retry_after: 0 });
    let mut client = Client::new(config("http://127.0.0.1:9/w/api.php", &server.url())).unwrap();
    let response = client.get(&lookup).await.unwrap();
    assert_eq!(json(&response.body)["id"], RG);
    assert!(client.waits()[0].reason.contains("overloaded"));
}

#[tokio::test]
async fn malformed_json_is_passed_on_as_bytes_for_the_readers() {
    let server = WikidataServer::start(table()).await;
    server.fail_next(1, Fault::Malformed);
    let mut client = wikidata_client(&server, |_| {}).await;
    let response = client.get(&entities(FILM)).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(response.body.starts_with("{\"entities\""));
    assert!(serde_json::from_str::<Value>(&response.body).is_err());
    assert_eq!(client.requests(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_an_error_naming_the_url() {
    let server = WikidataServer::start(table()).await;
    server.fail_next(
        1,
        Fault::Raw {
            status: 200,
            content_type: "application/json",
            body: b"{\"search\":[\"\xff\xfe\"]}".to_vec(),
        },
    );
    let mut client = wikidata_client(&server, |_| {}).await;
    let request = entities(FILM);
    let err = client.get(&request).await.unwrap_err();
    let (url, problem) = problem(&err);
    assert_eq!(url, client.url(&request));
    assert!(problem.contains("not UTF-8"), "{problem}");
}

#[tokio::test]
async fn a_hung_service_ends_in_a_timeout_naming_the_url() {
    let server = WikidataServer::start(table()).await;
    server.fail_always(Some(Fault::Hang(Duration::from_secs(30))));
    let mut client = wikidata_client(&server, |c| c.timeout = Duration::from_millis(300)).await;
    let request = entities(FILM);
    let err = client.get(&request).await.unwrap_err();
    let (url, problem) = problem(&err);
    assert_eq!(url, client.url(&request));
    assert!(
        problem.contains("0.3 s") && problem.contains("timeout"),
        "{problem}"
    );
    assert_eq!(client.requests(), 1);
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}/w/api.php");
    let mut client = Client::new(config(&base, NOWHERE)).unwrap();
    let err = client.get(&entities(FILM)).await.unwrap_err();
    let (url, problem) = problem(&err);
    assert!(url.starts_with(&base), "{url}");
    assert!(
        problem.contains("cannot connect") && problem.contains("SOUNDTRACKS_WIKIDATA_API"),
        "{problem}"
    );
}

#[tokio::test]
async fn the_cap_stops_the_run_and_counts_retries() {
    let server = WikidataServer::start(table()).await;
    let mut client = wikidata_client(&server, |c| c.cap = 2).await;
    client.get(&entities(FILM)).await.unwrap();
    client.get(&entities(SONG)).await.unwrap();
    let err = client.get(&entities(FILM)).await.unwrap_err();
    assert!(matches!(err, EnrichError::Cap { cap: 2 }), "{err}");
    assert!(
        err.to_string().contains("run `soundtracks enrich` again"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 2);

    server.fail_next(
        1,
        Fault::Maxlag {
            lag: 6,
            retry_after: 0,
        },
    );
    let mut client = wikidata_client(&server, |c| c.cap = 1).await;
    let err = client.get(&entities(FILM)).await.unwrap_err();
    assert!(matches!(err, EnrichError::Cap { cap: 1 }), "{err}");
    assert_eq!(client.requests(), 1);
}

#[tokio::test]
async fn musicbrainz_requests_keep_the_interval() {
    let server = MusicBrainzServer::start(groups()).await;
    let interval = Duration::from_millis(150);
    server.enforce_interval(Some(interval));
    let mut cfg = config("http://127.0.0.1:9/w/api.php", &server.url());
    cfg.musicbrainz_interval = interval;
    cfg.retries = 0;
    let mut client = Client::new(cfg).unwrap();
    let lookup = mb(&format!(
        "/release-group/{RG}?inc=artist-credits+url-rels&fmt=json"
    ));
    for _ in 0..3 {
        client.get(&lookup).await.unwrap();
    }
    let gaps = server.gaps();
    assert_eq!(gaps.len(), 2);
    let agents: Vec<Option<String>> = server
        .requests()
        .into_iter()
        .map(|s| s.user_agent)
        .collect();
    assert_eq!(agents, vec![Some(user_agent()); 3]);
    assert!(gaps.iter().all(|g| *g >= interval), "{gaps:?}");
}

#[tokio::test]
async fn a_client_without_spacing_is_told_it_is_too_fast() {
    // The server's own check, so that the test above proves something.
    let server = MusicBrainzServer::start(groups()).await;
    server.enforce_interval(Some(Duration::from_secs(10)));
    let mut cfg = config("http://127.0.0.1:9/w/api.php", &server.url());
    cfg.retries = 0;
    let mut client = Client::new(cfg).unwrap();
    let lookup = mb(&format!("/release-group/{RG}?fmt=json"));
    client.get(&lookup).await.unwrap();
    let err = client.get(&lookup).await.unwrap_err();
    assert!(problem(&err).1.contains("too fast"), "{err}");
}

#[test]
fn base_urls_come_from_the_environment_and_bad_ones_are_named() {
    std::env::set_var("SOUNDTRACKS_WIKIDATA_API", "http://127.0.0.1:1/w/api.php");
    std::env::set_var("SOUNDTRACKS_MUSICBRAINZ_API", "http://127.0.0.1:2/ws/2/");
    let cfg = ClientConfig::from_env();
    assert_eq!(cfg.wikidata, "http://127.0.0.1:1/w/api.php");
    assert_eq!(cfg.musicbrainz, "http://127.0.0.1:2/ws/2");
    assert_eq!(cfg.user_agent, user_agent());
    std::env::set_var("SOUNDTRACKS_WIKIDATA_API", "");
    std::env::remove_var("SOUNDTRACKS_MUSICBRAINZ_API");
    let cfg = ClientConfig::from_env();
    assert_eq!(cfg.wikidata, "https://www.wikidata.org/w/api.php");
    assert_eq!(cfg.musicbrainz, "https://musicbrainz.org/ws/2");
    let err = Client::new(ClientConfig {
        wikidata: "wikidata.org/w/api.php".into(),
        ..cfg
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("SOUNDTRACKS_WIKIDATA_API"),
        "{err}"
    );
}

// The loopback servers themselves, as the end-to-end tests use them.

#[tokio::test]
async fn loopback_wikidata_filters_languages_follows_redirects_and_marks_missing() {
    let server = WikidataServer::start(table()).await;
    let mut client = wikidata_client(&server, |_| {}).await;
    let body = json(
        &client
            .get(&entities("Q1000003|Q1000009"))
            .await
            .unwrap()
            .body,
    );
    let film = &body["entities"][FILM];
    assert_eq!(film["redirects"]["from"], "Q1000003");
    assert!(film["labels"]["fr"].is_null(), "languages=en|mul only");
    assert!(film["sitelinks"].is_null(), "props without sitelinks");
    assert_eq!(body["entities"]["Q1000009"]["missing"], "");
    let bogus = json(&client.get(&entities("bogus")).await.unwrap().body);
    assert_eq!(bogus["error"]["code"], "no-such-entity");
}

#[tokio::test]
async fn loopback_wikidata_searches_labels_and_aliases_by_prefix() {
    let server = WikidataServer::start(table()).await;
    let mut client = wikidata_client(&server, |_| {}).await;
    let search = |text: &str, lang: &str| {
        wd(&format!(
            "?action=wbsearchentities&search={text}&language={lang}&uselang=en&type=item&limit=10&format=json&formatversion=2&maxlag=5"
        ))
    };
    let body = json(
        &client
            .get(&search("synthetic%20planet", "en"))
            .await
            .unwrap()
            .body,
    );
    let ids: Vec<&str> = body["search"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [FILM, SONG],
        "exact first; the mul label counts in every language"
    );
    assert_eq!(body["search"][0]["match"]["type"], "label");
    assert_eq!(
        body["search"][0]["url"],
        format!("//www.wikidata.org/wiki/{FILM}")
    );
    let fr = json(
        &client
            .get(&search("plan%C3%A8te", "fr"))
            .await
            .unwrap()
            .body,
    );
    assert_eq!(fr["search"][0]["id"], FILM);
    let none = json(&client.get(&search("nothing", "en")).await.unwrap().body);
    assert_eq!(none["search"], serde_json::json!([]));
    assert_eq!(none["success"], 1);
}

#[tokio::test]
async fn loopback_servers_answer_canned_bodies_first() {
    let canned = Canned::new(
        &[("action", "wbsearchentities"), ("search", "Canned")],
        serde_json::json!({"searchinfo": {"search": "Canned"}, "search": [], "success": 1, "canned": true}),
    );
    let server = WikidataServer::start(table().canned(canned)).await;
    let mut client = wikidata_client(&server, |_| {}).await;
    let body = json(
        &client
            .get(&wd(
                "?action=wbsearchentities&search=Canned&language=en&format=json",
            ))
            .await
            .unwrap()
            .body,
    );
    assert_eq!(body["canned"], true);
}

#[tokio::test]
async fn loopback_musicbrainz_searches_fielded_queries() {
    let server = MusicBrainzServer::start(groups()).await;
    let mut client = Client::new(config("http://127.0.0.1:9/w/api.php", &server.url())).unwrap();
    let search = |lucene: &str| {
        let q: String = url_encode(lucene);
        mb(&format!("/release-group?query={q}&fmt=json&limit=10"))
    };
    let hit = json(
        &client
            .get(&search(r#"releasegroup:"synthetic planet" AND artistname:"Synthetic Composer" AND secondarytype:soundtrack"#))
            .await
            .unwrap()
            .body,
    );
    assert_eq!(hit["count"], 1);
    let group = &hit["release-groups"][0];
    assert_eq!(group["id"], RG);
    assert_eq!(group["score"], 100);
    assert!(
        group.get("disambiguation").is_none(),
        "search omits empty values"
    );
    let miss = json(
        &client
            .get(&search(
                r#"releasegroup:"synthetic planet" AND artistname:"Someone Else""#,
            ))
            .await
            .unwrap()
            .body,
    );
    assert_eq!(miss["count"], 0);
    assert_eq!(miss["release-groups"], serde_json::json!([]));
    let lookup = json(
        &client
            .get(&mb(&format!("/release-group/{RG}?fmt=json")))
            .await
            .unwrap()
            .body,
    );
    assert!(
        lookup.get("artist-credit").is_none(),
        "no inc=artist-credits"
    );
    assert_eq!(lookup["disambiguation"], "", "lookups keep empty values");
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn loopback_servers_load_a_folder_of_canned_responses() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, value: Value| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    };
    let film = item(
        FILM,
        &[("en", "Synthetic Planet")],
        "synthetic film",
        &["Q11424"],
    );
    write(
        "wikidata/entities/film.json",
        serde_json::json!({"entities": {FILM: film}, "success": 1}),
    );
    write(
        "wikidata/entities/song.json",
        item(SONG, &[("en", "Song")], "synthetic song", &["Q7366"]),
    );
    write(
        "wikidata/redirects.json",
        serde_json::json!({"Q1000003": FILM}),
    );
    write(
        "wikidata/canned/cirrus.json",
        serde_json::json!({"params": {"action": "query", "srsearch": "Synthetic haswbstatement:P31=Q11424"},
            "body": {"batchcomplete": "", "query": {"searchinfo": {"totalhits": 0}, "search": []}, "canned": 1}}),
    );
    write(
        "musicbrainz/release-groups/rg.json",
        release_group(
            RG,
            "Synthetic Planet",
            "1976-05",
            &[],
            &[("Synthetic Composer", ARTIST)],
        ),
    );
    write(
        "musicbrainz/canned/search.json",
        serde_json::json!({"path": "/release-group", "params": {"query": "canned"}, "status": 200,
            "body": {"created": "2026-01-01T00:00:00.000Z", "count": 0, "offset": 0, "release-groups": [], "canned": 1}}),
    );
    let wikidata = WikidataServer::start(WikidataTable::load(&dir.path().join("wikidata"))).await;
    let musicbrainz =
        MusicBrainzServer::start(MusicBrainzTable::load(&dir.path().join("musicbrainz"))).await;
    let mut client = Client::new(config(&wikidata.url(), &musicbrainz.url())).unwrap();
    let body = json(
        &client
            .get(&entities("Q1000003|Q1000002"))
            .await
            .unwrap()
            .body,
    );
    assert_eq!(body["entities"][FILM]["redirects"]["to"], FILM);
    assert_eq!(body["entities"][SONG]["labels"]["en"]["value"], "Song");
    let cirrus = wd(
        "?action=query&list=search&srsearch=Synthetic%20haswbstatement%3AP31%3DQ11424&format=json",
    );
    assert_eq!(json(&client.get(&cirrus).await.unwrap().body)["canned"], 1);
    let computed = wd(
        "?action=query&list=search&srsearch=%22synthetic%20planet%22%20haswbstatement%3AP31%3DQ11424%7CP31%3DQ5398426&format=json",
    );
    let hits = json(&client.get(&computed).await.unwrap().body);
    assert_eq!(hits["query"]["search"][0]["title"], FILM);
    assert_eq!(
        hits["query"]["searchinfo"]["totalhits"], 1,
        "the song is not a film"
    );
    let canned = mb("/release-group?query=canned&fmt=json");
    assert_eq!(json(&client.get(&canned).await.unwrap().body)["canned"], 1);
    let lookup = mb(&format!(
        "/release-group/{RG}?inc=artist-credits+url-rels&fmt=json"
    ));
    let group = json(&client.get(&lookup).await.unwrap().body);
    assert_eq!(group["artist-credit"][0]["artist"]["id"], ARTIST);
    assert_eq!(group["first-release-date"], "1976-05");
    assert_eq!(musicbrainz.requests().len(), 2);
    assert_eq!(wikidata.requests().len(), 3);
}

#[tokio::test]
async fn loopback_wikidata_serves_statements_in_the_recorded_shapes() {
    let film = with(
        item(
            FILM,
            &[("mul", "Synthetic Planet")],
            "synthetic film",
            &["Q11424"],
        ),
        vec![
            statement("P86", "Q1000010"),
            time_statement("P577", "+1956-00-00T00:00:00Z", 9),
            ranked(
                time_statement("P577", "+1955-03-15T00:00:00Z", 11),
                "deprecated",
            ),
            no_value_statement("P345", "somevalue", "external-id"),
            statement("P436", RG),
        ],
    );
    let server = WikidataServer::start(WikidataTable::new().entity(film)).await;
    let mut client = wikidata_client(&server, |_| {}).await;
    let body = json(&client.get(&entities(FILM)).await.unwrap().body);
    let claims = &body["entities"][FILM]["claims"];
    assert_eq!(
        claims["P31"][0]["mainsnak"]["datavalue"]["value"]["id"],
        "Q11424"
    );
    assert_eq!(
        claims["P86"][0]["mainsnak"]["datavalue"]["type"],
        "wikibase-entityid"
    );
    assert_eq!(
        claims["P577"][0]["mainsnak"]["datavalue"]["value"]["precision"],
        9
    );
    assert_eq!(claims["P577"][1]["rank"], "deprecated");
    assert!(claims["P345"][0]["mainsnak"].get("datavalue").is_none());
    assert_eq!(claims["P436"][0]["mainsnak"]["datatype"], "external-id");
    let ids: Vec<&str> = ["P31", "P86", "P577"]
        .iter()
        .map(|p| claims[p][0]["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| id.starts_with("Q1000001$")), "{ids:?}");
    assert_eq!(
        body["entities"][FILM]["labels"]["mul"]["value"],
        "Synthetic Planet"
    );
}
