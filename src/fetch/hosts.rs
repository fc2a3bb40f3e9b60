//! What the fetcher keeps per host in one run: its robots.txt, read once before anything
//! else and obeyed; the earliest time its next request may start (spacing by `delay`);
//! and whether it answered with a browser check (then nothing more is asked of it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use reqwest::header::HeaderMap;
use reqwest::Url;
use tokio::sync::OnceCell;

use super::challenge::ChallengeKind;
use super::client::Kind;
use super::robots::Robots;
use super::{FetchError, Fetcher, AGENT_TOKEN};

/// A host's robots.txt, read at most once, or why it could not be read.
pub(super) type RobotsCell = Arc<OnceCell<Result<Arc<Robots>, Arc<FetchError>>>>;

impl Fetcher {
    /// The robots.txt of `url`'s origin (read once per run).
    pub(crate) async fn robots_for(&self, url: &Url) -> Result<Arc<Robots>, FetchError> {
        let (robots_url, robots) = self.read_robots(url).await;
        robots.map_err(|source| match self.challenged_status(url) {
            Some((status, kind)) => FetchError::Challenge {
                url: url.to_string(),
                status,
                kind,
            },
            None => FetchError::RobotsUnavailable {
                url: url.to_string(),
                robots: robots_url,
                source,
            },
        })
    }

    /// Reads the host's robots.txt once and checks `url` against it.
    pub(super) async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let robots = self.robots_for(url).await?;
        if robots.allows(&robots_path(url)) {
            Ok(())
        } else {
            Err(FetchError::Disallowed {
                url: url.to_string(),
                robots: format!("{}/robots.txt", url.origin().ascii_serialization()),
            })
        }
    }

    /// The robots.txt URL of `url`'s origin and the file, read at most once per origin (or
    /// why it could not be read).
    async fn read_robots(&self, url: &Url) -> (String, Result<Arc<Robots>, Arc<FetchError>>) {
        let origin = url.origin().ascii_serialization();
        let robots_url = format!("{origin}/robots.txt");
        let cell = {
            let mut map = self
                .robots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(map.entry(origin).or_default())
        };
        let robots = cell
            .get_or_init(|| async {
                let ru = Url::parse(&robots_url).map_err(|e| {
                    Arc::new(FetchError::InvalidUrl {
                        url: robots_url.clone(),
                        reason: e.to_string(),
                    })
                })?;
                match self.request(&ru, HeaderMap::new(), Kind::Robots).await {
                    Ok(resp) => {
                        let text = String::from_utf8_lossy(&resp.body);
                        tracing::debug!(url = %ru, "robots.txt read");
                        Ok(Arc::new(Robots::parse(&text, AGENT_TOKEN)))
                    }
                    // RFC 9309: a robots.txt that is "unavailable" (4xx) allows everything.
                    Err(FetchError::Status { status, .. })
                        if (400..500).contains(&status) && status != 429 =>
                    {
                        tracing::debug!(url = %ru, status, "no robots.txt: everything allowed");
                        Ok(Arc::new(Robots::allow_all()))
                    }
                    Err(e) => Err(Arc::new(e)),
                }
            })
            .await
            .clone();
        (robots_url, robots)
    }

    /// Notes that `url`'s host answered with a browser check or a block (with `status`).
    pub(super) fn mark_challenged(&self, url: &Url, status: u16, kind: ChallengeKind) {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        tracing::warn!(%url, status, "the site answered with a browser check; not asking {host} again");
        self.challenged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(host)
            .or_insert((status, kind));
    }

    /// The status and kind of the browser check `url`'s host answered with in this run, if any.
    pub(super) fn challenged_status(&self, url: &Url) -> Option<(u16, ChallengeKind)> {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        self.challenged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&host)
            .copied()
    }

    /// Waits for this host's next slot (spacing requests by `delay`).
    pub(super) async fn wait_turn(&self, url: &Url) {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let wait = {
            let mut map = self
                .next_slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let slot = map.get(&key).copied().unwrap_or(now).max(now);
            map.insert(key, slot + self.config.delay);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

/// The path robots.txt rules are matched against: path plus `?query`.
fn robots_path(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Whether an already-read robots.txt allows `url` (a redirect target). A host whose
/// robots.txt has not been read in this run is allowed here; it is checked before any
/// request of its own.
pub(super) fn robots_allow(map: &Mutex<HashMap<String, RobotsCell>>, url: &Url) -> bool {
    let origin = url.origin().ascii_serialization();
    let map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match map.get(&origin).and_then(|cell| cell.get()) {
        Some(Ok(robots)) => robots.allows(&robots_path(url)),
        _ => true,
    }
}
