//! The polite client for Wikidata and MusicBrainz: one request at a time, a User-Agent as
//! Wikimedia's policy asks, `maxlag`, `Retry-After`, MusicBrainz's one request a second and
//! its two kinds of 503, and a cap per run. Bytes out; reading them is the readers' job
//! (issue 21, filled on the client branch).

use std::time::Duration;

use super::cache::StoredResponse;
use super::error::EnrichError;
use super::{ApiRequest, Service};

pub const DEFAULT_WIKIDATA_API: &str = "https://www.wikidata.org/w/api.php";
pub const DEFAULT_MUSICBRAINZ_API: &str = "https://musicbrainz.org/ws/2";

/// Settings, read once from the environment (`SOUNDTRACKS_WIKIDATA_API`,
/// `SOUNDTRACKS_MUSICBRAINZ_API`) and the command line.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub wikidata: String,
    pub musicbrainz: String,
    pub user_agent: String,
    /// Requests a run may make before it stops with [`EnrichError::Cap`].
    pub cap: usize,
    pub timeout: Duration,
    /// Retries of a 429, a 503 or Wikidata's `maxlag` before giving up.
    pub retries: u32,
    /// The longest `Retry-After` honoured; longer gives up at once.
    pub max_wait: Duration,
    /// The least time between two MusicBrainz requests.
    pub musicbrainz_interval: Duration,
}

impl ClientConfig {
    pub fn from_env() -> ClientConfig {
        ClientConfig {
            wikidata: DEFAULT_WIKIDATA_API.into(),
            musicbrainz: DEFAULT_MUSICBRAINZ_API.into(),
            user_agent: String::new(),
            cap: 2000,
            timeout: Duration::from_secs(30),
            retries: 3,
            max_wait: Duration::from_secs(120),
            musicbrainz_interval: Duration::from_secs(1),
        }
    }
}

/// One client per run.
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    requests: usize,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, EnrichError> {
        Ok(Client {
            config,
            requests: 0,
        })
    }

    /// The full URL of a request.
    pub fn url(&self, request: &ApiRequest) -> String {
        let base = match request.service {
            Service::Wikidata => &self.config.wikidata,
            Service::MusicBrainz => &self.config.musicbrainz,
        };
        format!("{base}{}", request.query)
    }

    /// Sends `request` (after any wait its service needs) and returns a 200 response's
    /// body; refusals, exhausted retries and the cap are errors naming the URL.
    pub async fn get(&mut self, request: &ApiRequest) -> Result<StoredResponse, EnrichError> {
        Err(EnrichError::Request {
            url: self.url(request),
            problem: "not yet written".into(),
        })
    }

    /// Requests sent so far (retries count).
    pub fn requests(&self) -> usize {
        self.requests
    }
}
