//! Helpers shared by the fetch and refresh tests: fast fetch settings (no real delays),
//! the synthetic pages under `tests/http/`, and byte-for-byte snapshots of folder trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use std::process::{Command, Output};

use soundtracks::fetch::{FetchConfig, RetryPolicy};

/// Settings for tests: no spacing, tiny backoff, short timeouts, no proxy from the
/// environment (so 127.0.0.1 stays loopback).
pub fn config() -> FetchConfig {
    FetchConfig {
        delay: Duration::ZERO,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            retries: 2,
            base: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(5),
        },
        env_proxy: false,
        ..FetchConfig::default()
    }
}

/// A small synthetic HTML page (it says so in a comment).
pub const SIMPLE: &str = include_str!("simple.html");

/// Every file under `root` (hidden ones included) with its bytes and modification time.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            out.insert(
                path.strip_prefix(root).unwrap().join(""),
                (Vec::new(), SystemTime::UNIX_EPOCH),
            );
            walk(root, &path, out);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            let mtime = entry.metadata().unwrap().modified().unwrap();
            out.insert(
                path.strip_prefix(root).unwrap().to_path_buf(),
                (bytes, mtime),
            );
        }
    }
}

/// How many requests the server received for `path`.
pub async fn hits(server: &wiremock::MockServer, path: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == path)
        .count()
}

/// Where the binary's archive route points unless a test says otherwise: a closed port on
/// 127.0.0.1, so a run that falls back to the archive is refused at once and never leaves
/// the machine (`refresh --archive auto` is the default).
pub const NO_ARCHIVE: &str = "http://127.0.0.1:9";

/// Where the binary's enrichment asks Wikidata and MusicBrainz unless a test says
/// otherwise: the same closed port, so `refresh` (which enriches unless `--no-enrich`) is
/// refused at once, leaves the rows unlinked, and never reaches the real services.
pub const NO_SERVICE: &str = "http://127.0.0.1:9";

/// Runs the real binary off the async runtime (a test server keeps serving meanwhile), with
/// the proxy variables removed so loopback stays loopback.
pub async fn soundtracks(args: Vec<String>) -> Output {
    soundtracks_with_archive(args, NO_ARCHIVE).await
}

/// [`soundtracks`] with the Wayback Machine at `archive` (`SOUNDTRACKS_WAYBACK_BASE`).
pub async fn soundtracks_with_archive(args: Vec<String>, archive: &str) -> Output {
    soundtracks_with_env(args, &[("SOUNDTRACKS_WAYBACK_BASE", archive)]).await
}

/// [`soundtracks`] with these environment variables set over the loopback defaults
/// (`SOUNDTRACKS_WAYBACK_BASE`, `SOUNDTRACKS_WIKIDATA_API`, `SOUNDTRACKS_MUSICBRAINZ_API`).
pub async fn soundtracks_with_env(args: Vec<String>, env: &[(&str, &str)]) -> Output {
    let mut vars: Vec<(String, String)> = vec![
        ("SOUNDTRACKS_WAYBACK_BASE".into(), NO_ARCHIVE.into()),
        ("SOUNDTRACKS_WIKIDATA_API".into(), NO_SERVICE.into()),
        ("SOUNDTRACKS_MUSICBRAINZ_API".into(), NO_SERVICE.into()),
    ];
    vars.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_soundtracks"));
        cmd.args(&args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        for var in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            cmd.env_remove(var);
        }
        cmd.output().unwrap()
    })
    .await
    .unwrap()
}
