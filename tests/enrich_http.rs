//! Enrichment end to end against the loopback Wikidata and MusicBrainz
//! (`tests/http/wikidata.rs`, `tests/http/musicbrainz.rs`) holding the SYNTHETIC items of
//! `tests/enrich/loopback/` (fake ids, real response shapes), over a temporary copy of the
//! bundled Part One: every trap decided right, ambiguous rows to review, a second run and a
//! run after the decisions were deleted make 0 requests, `build` afterwards byte-identical
//! offline, a run stopped by the cap goes on without asking again, every error path ends
//! with a clear message and nothing half-written, and `refresh` links new rows, or, when the
//! services cannot be reached, still exits as it would have.
//!
//! The services' addresses are always set by the test (`common::soundtracks_with_env`
//! defaults them to a closed port on 127.0.0.1): no test can reach the real services.

#[path = "http/common.rs"]
mod common;
#[path = "http/loopback.rs"]
mod loopback;
#[path = "http/musicbrainz.rs"]
mod musicbrainz;
#[path = "http/wikidata.rs"]
mod wikidata;
#[path = "http/wordpress.rs"]
mod wordpress;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use soundtracks::build::BuildOptions;
use soundtracks::enrich::client::ClientConfig;
use soundtracks::enrich::run::{enrich, EnrichConfig, EnrichEvent, EnrichReport};
use soundtracks::enrich::{Decision, Service, Status};
use soundtracks::schema::SOUNDTRACKS_JSON;

use common::{snapshot, soundtracks, soundtracks_with_env};
use loopback::Fault;
use musicbrainz::{MusicBrainzServer, MusicBrainzTable};
use wikidata::{WikidataServer, WikidataTable};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Both loopback services, holding the synthetic data.
struct Services {
    wikidata: WikidataServer,
    musicbrainz: MusicBrainzServer,
}

impl Services {
    async fn start() -> Services {
        let data = repo("tests/enrich/loopback");
        Services {
            wikidata: WikidataServer::start(WikidataTable::load(&data.join("wikidata"))).await,
            musicbrainz: MusicBrainzServer::start(MusicBrainzTable::load(
                &data.join("musicbrainz"),
            ))
            .await,
        }
    }

    /// Client settings for tests: these servers, no waiting between requests, short
    /// timeouts, one retry, no proxy.
    fn client(&self) -> ClientConfig {
        ClientConfig {
            wikidata: self.wikidata.url(),
            musicbrainz: self.musicbrainz.url(),
            timeout: Duration::from_secs(5),
            retries: 1,
            max_wait: Duration::from_secs(1),
            musicbrainz_interval: Duration::ZERO,
            env_proxy: false,
            ..ClientConfig::from_env()
        }
    }

    fn requests(&self) -> usize {
        self.wikidata.requests().len() + self.musicbrainz.requests().len()
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("SOUNDTRACKS_WIKIDATA_API", self.wikidata.url()),
            ("SOUNDTRACKS_MUSICBRAINZ_API", self.musicbrainz.url()),
        ]
    }
}

/// A project folder: `fixtures/` and `output/`.
struct Project {
    root: tempfile::TempDir,
}

impl Project {
    /// `fixtures/` empty, no `output/` (for `refresh`).
    fn empty() -> Project {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("fixtures")).unwrap();
        Project { root }
    }

    /// `fixtures/` holding a copy of the bundled Part One (27 real rows), and `output/`
    /// built from it.
    fn new() -> Project {
        let p = Project::empty();
        let dir = p.fixtures().join("acloserlisten");
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["part-one.html", "part-one.meta.json"] {
            std::fs::copy(repo("fixtures/acloserlisten").join(name), dir.join(name)).unwrap();
        }
        soundtracks::build::build(&[p.fixtures()], &p.output(), &BuildOptions::default()).unwrap();
        p
    }

    fn dirs(&self) -> Vec<String> {
        vec![
            "--fixtures".into(),
            self.fixtures().display().to_string(),
            "--out".into(),
            self.output().display().to_string(),
        ]
    }

    fn dataset(&self) -> String {
        std::fs::read_to_string(self.output().join(SOUNDTRACKS_JSON)).unwrap()
    }

    fn fixtures(&self) -> PathBuf {
        self.root.path().join("fixtures")
    }

    fn output(&self) -> PathBuf {
        self.root.path().join("output")
    }

    fn cache(&self) -> PathBuf {
        self.fixtures().join("enrichment")
    }

    /// Runs enrichment with `client`, reporting nothing on the way.
    async fn run(&self, client: ClientConfig) -> EnrichReport {
        let config = EnrichConfig {
            fixtures: self.fixtures(),
            out: self.output(),
            build: BuildOptions::default(),
            client,
        };
        enrich(&config, &mut |_| {}).await.unwrap()
    }

    fn decision(&self, id: &str) -> Decision {
        let path = self.cache().join("decisions").join(format!("{id}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap()
    }

    /// The dataset's rows by id.
    fn rows(&self) -> BTreeMap<String, Value> {
        let text = std::fs::read_to_string(self.output().join(SOUNDTRACKS_JSON)).unwrap();
        let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
        rows.into_iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r))
            .collect()
    }

    /// Every file under the cache, relative to it; each must be whole JSON (no temporary
    /// or partial file is ever left there).
    fn cache_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for (rel, (bytes, _)) in snapshot(&self.cache()) {
            if rel.as_os_str().to_string_lossy().ends_with('/') {
                continue;
            }
            assert!(
                serde_json::from_slice::<Value>(&bytes).is_ok(),
                "{} is not whole JSON",
                rel.display()
            );
            files.push(rel);
        }
        files
    }
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Wikidata and MusicBrainz refuse the connection (a closed port on 127.0.0.1): the refresh
/// still brings Parts One and Two in and exits 5 as with `--no-enrich`, with the same rows;
/// its report says the rows stay unlinked and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_with_the_services_unreachable_exits_as_without_enrichment() {
    let (site, _) = wordpress::start(wordpress::Site::default()).await;
    let args = |project: &Project, extra: &[&str]| {
        let mut args: Vec<String> = vec![
            "refresh".into(),
            "--url".into(),
            format!("{}{}", site.uri(), wordpress::PART_ONE_PATH),
            "--delay".into(),
            "0".into(),
            "--exit-code".into(),
            "--report".into(),
            "-".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(project.dirs());
        args
    };

    let enriched = Project::empty();
    let out = soundtracks(args(&enriched, &[])).await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(markdown.contains("## Part 2"), "{markdown}");
    assert!(
        markdown.contains("## Links (Wikidata, MusicBrainz)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Wikidata or MusicBrainz could not be asked"),
        "{markdown}"
    );
    assert!(markdown.contains(common::NO_SERVICE), "{markdown}");
    assert!(
        stderr(&out).contains("stay unlinked until `soundtracks enrich` runs again"),
        "{}",
        stderr(&out)
    );
    assert!(!enriched.cache().join("decisions").exists());

    let plain = Project::empty();
    let out = soundtracks(args(&plain, &["--no-enrich"])).await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(!markdown.contains("## Links"), "{markdown}");
    assert!(!stderr(&out).contains("enrich"), "{}", stderr(&out));

    assert_eq!(enriched.dataset(), plain.dataset());
}

/// The row ids of the traps, and what each must be linked to (film QID, release group).
const LINKED: &[(&str, &str, Option<&str>)] = &[
    (
        "elton-john-tim-rice-hans-zimmer-the-lion-king",
        "Q1000001",
        None,
    ),
    ("angelo-badalamenti-twin-peaks", "Q1000011", None),
    (
        "bebe-and-louis-barron-forbidden-planet",
        "Q1000021",
        Some("00000000-0000-4000-8000-000000000021"),
    ),
    (
        "wendy-carlos-tron",
        "Q1000031",
        Some("00000000-0000-4000-8000-000000000031"),
    ),
    ("geinoh-yamashirogumi-akira", "Q1000041", None),
    ("eiko-ishibashi-drive-my-car", "Q1000051", None),
    (
        "philip-glass-koyaanisqatsi",
        "Q1000081",
        Some("00000000-0000-4000-8000-000000000081"),
    ),
];
const AMBIGUOUS: &str = "simon-fisher-turner-the-garden";
const NOTHING: &str = "johann-johannsson-the-miners-hymns";
const COMPILATION: &str = "eleni-karaindro-music-for-films";

/// Every auto-link is right, through the rule that should fire; the ambiguous row goes to
/// review with both films listed; the rest are unmatched, the compilation not applicable;
/// the links, IMDb ids and Wikidata's film year land in the dataset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_trap_is_decided_right() {
    let services = Services::start().await;
    let project = Project::new();
    let report = project.run(services.client()).await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.decided.len(), 27);
    assert!(report.undecided.is_empty(), "{:?}", report.undecided);
    assert_eq!(report.requests, services.requests());
    assert_eq!(report.rebuilt.as_deref(), Some(project.output().as_path()));

    for (id, film, group) in LINKED {
        let d = project.decision(id);
        assert_eq!(d.film.status, Status::Linked, "{id}: {:?}", d.film);
        assert_eq!(d.film.wikidata.as_deref(), Some(*film), "{id}");
        assert_eq!(
            d.release_group.mbid.as_deref(),
            *group,
            "{id}: {:?}",
            d.release_group
        );
    }
    // The P406 → P436 path for Forbidden Planet, the search for Tron and Koyaanisqatsi.
    let planet = project.decision("bebe-and-louis-barron-forbidden-planet");
    assert_eq!(planet.release_group.rule, "wikidata-p406");
    assert_eq!(
        project.decision("wendy-carlos-tron").release_group.rule,
        "search"
    );

    let garden = project.decision(AMBIGUOUS);
    assert_eq!(garden.film.status, Status::Review);
    let listed: Vec<&str> = garden
        .film
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(listed[..2], ["Q1000061", "Q1000062"]);
    assert_eq!(project.decision(NOTHING).film.status, Status::Unmatched);
    let compilation = project.decision(COMPILATION);
    assert_eq!(compilation.film.status, Status::NotApplicable);
    assert_eq!(compilation.release_group.status, Status::NotApplicable);

    let review: Vec<(&str, Service)> = report
        .in_review()
        .map(|a| (a.id.as_str(), a.service))
        .collect();
    assert_eq!(review, [(AMBIGUOUS, Service::Wikidata)]);
    let top = report
        .in_review()
        .next()
        .and_then(|a| a.top.clone())
        .unwrap();
    assert_eq!(top.id, "Q1000061");
    assert_eq!(
        report.count(Service::Wikidata, Status::Linked),
        LINKED.len()
    );
    assert_eq!(report.count(Service::Wikidata, Status::Review), 1);
    assert_eq!(report.count(Service::Wikidata, Status::NotApplicable), 1);
    assert_eq!(report.count(Service::Wikidata, Status::Unmatched), 27 - 9);
    assert_eq!(report.count(Service::MusicBrainz, Status::Linked), 3);
    assert_eq!(report.count(Service::MusicBrainz, Status::NotApplicable), 1);
    assert_eq!(report.count(Service::MusicBrainz, Status::Review), 0);
    assert_eq!(
        report.count(Service::MusicBrainz, Status::Unmatched),
        27 - 4
    );
    // The requests the closing note of issue 21 quotes: Wikidata's searches, entities,
    // classes and people; MusicBrainz's lookups and searches.
    assert_eq!(
        (
            services.wikidata.requests().len(),
            services.musicbrainz.requests().len()
        ),
        (76, 27)
    );

    let rows = project.rows();
    let tron = &rows["wendy-carlos-tron"];
    assert_eq!(tron["film_wikidata"], "Q1000031");
    assert_eq!(tron["film_imdb"], "tt9000031");
    assert_eq!(
        tron["release_group_mbid"],
        "00000000-0000-4000-8000-000000000031"
    );
    let koyaanisqatsi = &rows["philip-glass-koyaanisqatsi"];
    assert_eq!(koyaanisqatsi["film_year"], 1982);
    assert_eq!(koyaanisqatsi["film_year_source"], "wikidata");
    // The heading's year wins.
    let planet = &rows["bebe-and-louis-barron-forbidden-planet"];
    assert_eq!(planet["film_year"], 1956);
    assert_eq!(planet["film_year_source"], "heading");
    let garden = &rows[AMBIGUOUS];
    assert_eq!(garden["film_wikidata"], Value::Null);
    assert_eq!(garden["film_year_source"], Value::Null);
    let text = report.to_string();
    assert!(
        text.contains(&format!(
            "film (Wikidata): {} linked, 1 review, 18 unmatched, 1 not applicable",
            LINKED.len()
        )),
        "{text}"
    );
}

/// Wikidata's lag error once: the client waits as `Retry-After` says and asks again, the
/// run says it waited, and every row is decided as without the lag.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lag_error_is_waited_out() {
    let services = Services::start().await;
    services.wikidata.fail_next(
        1,
        Fault::Maxlag {
            lag: 7,
            retry_after: 0,
        },
    );
    let project = Project::new();
    let config = EnrichConfig {
        fixtures: project.fixtures(),
        out: project.output(),
        build: BuildOptions::default(),
        client: services.client(),
    };
    let mut events = Vec::new();
    let report = enrich(&config, &mut |e| events.push(e)).await.unwrap();
    assert_eq!(report.stopped, None);
    assert_eq!(report.decided.len(), 27);
    let waited: Vec<&EnrichEvent> = events
        .iter()
        .filter(|e| matches!(e, EnrichEvent::Waited { reason, .. } if reason.contains("maxlag")))
        .collect();
    assert_eq!(waited.len(), 1, "{events:?}");
    assert_eq!(report.requests, services.requests());
    assert_eq!(
        project
            .decision("wendy-carlos-tron")
            .film
            .wikidata
            .as_deref(),
        Some("Q1000031")
    );
}

/// A second run makes 0 requests and changes no file; so does a run after every decision
/// was deleted (the answers are all recorded, and decide the rows again offline, the same
/// way); and `build` afterwards, offline, writes byte-identical files. The command line
/// says the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_asks_nothing_and_build_is_byte_identical_offline() {
    let services = Services::start().await;
    let project = Project::new();
    let first = project.run(services.client()).await;
    let asked = services.requests();
    assert!(first.requests > 0);
    let before = snapshot(project.root.path());

    let second = project.run(services.client()).await;
    assert_eq!((second.requests, second.cached), (0, 0));
    assert!(second.decided.is_empty());
    assert_eq!(second.rebuilt, None);
    assert_eq!(services.requests(), asked);
    assert_eq!(
        snapshot(project.root.path()),
        before,
        "the second run wrote"
    );

    let decisions = project.cache().join("decisions");
    let kept: BTreeMap<PathBuf, Vec<u8>> = snapshot(&decisions)
        .into_iter()
        .map(|(p, (bytes, _))| (p, bytes))
        .collect();
    std::fs::remove_dir_all(&decisions).unwrap();
    let again = project.run(services.client()).await;
    assert_eq!(again.requests, 0);
    assert_eq!(again.decided.len(), 27);
    assert!(again.cached > 0);
    assert_eq!(services.requests(), asked);
    let redone: BTreeMap<PathBuf, Vec<u8>> = snapshot(&decisions)
        .into_iter()
        .map(|(p, (bytes, _))| (p, bytes))
        .collect();
    assert!(
        redone == kept,
        "decisions differ when decided again offline"
    );

    // The command, with the services pointed at the loopback: nothing to ask.
    let env = services.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["enrich".to_string()];
    args.extend(project.dirs());
    let out = soundtracks_with_env(args, &env).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("27 row(s), 0 decided in this run, 0 undecided"),
        "{stdout}"
    );
    assert!(stdout.contains("0 request(s)"), "{stdout}");
    assert_eq!(services.requests(), asked);

    // `build`, offline (the services at a closed port), gives the same bytes.
    let built = project.root.path().join("built");
    let fixtures = project.fixtures().display().to_string();
    let mut args = vec!["build".to_string(), fixtures];
    args.extend(["--out".into(), built.display().to_string()]);
    let out = soundtracks(args).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let files = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(dir)
            .into_iter()
            .map(|(p, (b, _))| (p, b))
            .collect()
    };
    assert!(
        files(&built) == files(&project.output()),
        "build differs from enrich's output"
    );
}

/// A run stopped by the request cap keeps what it decided and exits 0 (it is not a
/// failure); the next run goes on where it stopped, asking nothing twice: the two runs
/// together ask what one run asks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_stopped_by_the_cap_goes_on_without_asking_again() {
    let services = Services::start().await;
    let whole = Project::new();
    let one_run = whole.run(services.client()).await.requests;

    let services = Services::start().await;
    let project = Project::new();
    let capped = ClientConfig {
        cap: one_run / 2,
        ..services.client()
    };
    let first = project.run(capped).await;
    let stop = first.stopped.clone().expect("the cap stops the run");
    assert!(stop.cap, "{stop:?}");
    assert!(!first.decided.is_empty() && !first.undecided.is_empty());
    assert!(first.undecided.contains(&stop.id));
    assert_eq!(first.decided.len() + first.undecided.len(), 27);
    assert!(first.rebuilt.is_some());
    project.cache_files();

    let second = project.run(services.client()).await;
    assert_eq!(second.stopped, None);
    assert_eq!(second.decided, first.undecided);
    assert_eq!(first.requests + second.requests, one_run);
    assert_eq!(services.requests(), one_run);
}

/// Each way a service can fail, on the first request: the run stops with a message naming
/// the URL and what happened, records nothing (no response, no decision, no partial file),
/// and leaves `output/` as it was; the command exits 1 saying so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_path_ends_with_a_clear_message_and_nothing_half_written() {
    let cases: Vec<(&str, Fault, &str)> = vec![
        (
            "malformed JSON",
            Fault::Malformed,
            "cannot read the response",
        ),
        (
            "maxlag, every retry",
            Fault::Maxlag {
                lag: 7,
                retry_after: 0,
            },
            "maxlag",
        ),
        (
            "429 with Retry-After, every retry",
            Fault::Status {
                status: 429,
                retry_after: Some(0),
            },
            "429",
        ),
        (
            "503 with Retry-After, every retry",
            Fault::Status {
                status: 503,
                retry_after: Some(0),
            },
            "503",
        ),
        ("a timeout", Fault::Hang(Duration::from_secs(3)), ""),
    ];
    for (what, fault, says) in cases {
        let services = Services::start().await;
        services.wikidata.fail_always(Some(fault));
        let project = Project::new();
        let before = snapshot(&project.output());
        let client = ClientConfig {
            timeout: Duration::from_millis(300),
            ..services.client()
        };
        let report = project.run(client).await;
        let stop = report
            .stopped
            .clone()
            .unwrap_or_else(|| panic!("{what}: not stopped"));
        assert!(!stop.cap, "{what}");
        assert!(
            stop.reason.contains(&services.wikidata.url()),
            "{what}: {}",
            stop.reason
        );
        assert!(stop.reason.contains(says), "{what}: {}", stop.reason);
        assert_eq!(report.decided, Vec::<String>::new(), "{what}");
        assert_eq!(report.undecided.len(), 27, "{what}");
        assert_eq!(report.rebuilt, None, "{what}");
        assert_eq!(project.cache_files(), Vec::<PathBuf>::new(), "{what}");
        assert_eq!(
            snapshot(&project.output()),
            before,
            "{what}: output/ changed"
        );
    }

    // A refused User-Agent: 403, and the message names the one sent.
    let services = Services::start().await;
    let project = Project::new();
    let client = ClientConfig {
        user_agent: "python-requests/2.32".into(),
        ..services.client()
    };
    let report = project.run(client).await;
    let stop = report.stopped.expect("403 stops the run");
    assert!(stop.reason.contains("403"), "{}", stop.reason);
    assert!(
        stop.reason.contains("python-requests/2.32"),
        "{}",
        stop.reason
    );
    assert_eq!(project.cache_files(), Vec::<PathBuf>::new());

    // The command: exit 1, the error on stderr, the report on stdout.
    let services = Services::start().await;
    services.wikidata.fail_always(Some(Fault::Malformed));
    let project = Project::new();
    let before = snapshot(&project.output());
    let env = services.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["enrich".to_string()];
    args.extend(project.dirs());
    let out = soundtracks_with_env(args, &env).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error: "), "{err}");
    assert!(err.contains(&services.wikidata.url()), "{err}");
    assert!(err.contains("cannot read the response"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("undecided: "), "{stdout}");
    assert_eq!(snapshot(&project.output()), before);
    assert_eq!(project.cache_files(), Vec::<PathBuf>::new());
}

/// A refresh that brings Part Two in links the new rows (and Part One's, never decided)
/// through the loopback services, and its Markdown report lists them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_links_the_new_rows() {
    let (site, _) = wordpress::start(wordpress::Site::default()).await;
    let services = Services::start().await;
    let project = Project::empty();
    let url = format!("{}{}", site.uri(), wordpress::PART_ONE_PATH);
    let mut config = soundtracks::refresh::RefreshConfig::new(
        url.parse().unwrap(),
        project.fixtures(),
        project.output(),
    );
    config.fetch = common::config();
    config.enrich = Some(services.client());
    let summary = soundtracks::refresh::refresh(&config).await.unwrap();
    let Some(soundtracks::refresh::enrich::Enrichment::Ran(report)) = &summary.enrichment else {
        panic!("no enrichment: {:?}", summary.enrichment);
    };
    assert_eq!(report.stopped, None);
    assert_eq!(report.decided.len(), 32);
    assert_eq!(report.requests, services.requests());
    let tron = &project.rows()["wendy-carlos-tron"];
    assert_eq!(tron["film_wikidata"], "Q1000031");
    let markdown = soundtracks::refresh::report::markdown(&summary);
    assert!(
        markdown.contains("## Links (Wikidata, MusicBrainz)"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("| `{AMBIGUOUS}` | film (Wikidata) | Q1000061")),
        "{markdown}"
    );
}
