//! Taking a page from the archive: the CDX listing of its captures, newest first, then raw
//! playback (`{base}/web/{timestamp}id_/{original}`, the captured bytes with nothing
//! injected) of at most [`WaybackConfig::max_captures`] of them until one is the article.
//!
//! Redirects are walked by hand (at most [`WaybackConfig::max_hops`], never to another
//! host, a repeat refused: Wayback has circular memento redirects). A response is a capture
//! only if it carries `Memento-Datetime` (an excluded site answers 200 without it), and the
//! capture time is taken from that header, never from the URL (a near timestamp can
//! redirect months away). A capture that is not a 200, or whose headers or body the
//! challenge detector calls a browser check, is a captured challenge: the next older one
//! is tried. A gzip body is inflated whatever `Content-Encoding` says.
//!
//! [`WaybackConfig::max_captures`]: super::WaybackConfig::max_captures
//! [`WaybackConfig::max_hops`]: super::WaybackConfig::max_hops

use std::collections::HashSet;
use std::io::Read;
use std::time::SystemTime;

use reqwest::Url;

use super::{cdx, link, Answer, Pool, Wayback};
use crate::error::ArchiveMiss;
use crate::fetch::challenge;
use crate::meta::{PageSource, Provenance};

/// A good capture of a page.
#[derive(Debug, Clone)]
pub struct Memento {
    /// The captured bytes (inflated when they were gzip).
    pub body: Vec<u8>,
    /// `Content-Type` as captured (Wayback replays it unprefixed).
    pub content_type: String,
    /// Where the capture's bytes came from.
    pub provenance: Provenance,
    /// When it was captured, from `Memento-Datetime`.
    pub captured: SystemTime,
}

/// What the archive holds of a page, as far as this run needs to know.
#[derive(Debug, Clone)]
pub enum Archived {
    /// The capture the fixture was taken from (`stored`) is still the newest usable one:
    /// nothing was played back.
    Stored,
    Page(Box<Memento>),
}

/// What one playback gave.
enum Replay {
    Page(Box<Memento>),
    /// A captured browser check (or any capture that is not a 200).
    Challenge,
    /// No `Memento-Datetime`: not a capture (excluded site, never archived).
    NotCaptured,
}

impl Wayback {
    /// The newest usable capture of `page`. `stored` is the 14-digit capture time of the
    /// fixture already saved from the archive, if any: reaching it in the list means the
    /// fixture is current.
    pub async fn page(&self, page: &Url, stored: Option<&str>) -> Result<Archived, ArchiveMiss> {
        let mut captures = self.list(&cdx::page_query(&self.config.base, page)).await?;
        cdx::newest_first(&mut captures);
        // Redirects and errors are never the article; a browser check is a 403, 429 or 503
        // (or a 200 with the check's markers), and a resolved revisit has no status.
        captures.retain(|c| c.status.is_none_or(|s| matches!(s, 200 | 403 | 429 | 503)));
        let mut budget = self.config.max_playbacks;
        let mut challenges = 0;
        for capture in captures.iter().take(self.config.max_captures) {
            if stored == Some(capture.timestamp.as_str()) {
                return Ok(Archived::Stored);
            }
            match self.replay(capture, &mut budget).await? {
                Replay::Page(mut memento) => {
                    memento.provenance.cdx_digest = capture.digest.clone();
                    return Ok(Archived::Page(memento));
                }
                Replay::Challenge => challenges += 1,
                Replay::NotCaptured => {}
            }
        }
        Err(if challenges > 0 {
            ArchiveMiss::OnlyChallenges { tried: challenges }
        } else {
            ArchiveMiss::NoCapture
        })
    }

    /// The captures a CDX query lists (one CDX call).
    pub async fn list(&self, query: &Url) -> Result<Vec<cdx::Capture>, ArchiveMiss> {
        let answer = self.get(Pool::Cdx, query).await?;
        if answer.status != 200 {
            let why = answer
                .header("x-archive-wayback-runtime-error")
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            return Err(ArchiveMiss::Failed {
                reason: format!("the CDX server answered HTTP {}{why}", answer.status),
            });
        }
        let body = inflate(answer.body, self.max_bytes)?;
        cdx::read_json(&body).map_err(|e| ArchiveMiss::Failed {
            reason: format!("{query}: {e}"),
        })
    }

    /// Plays one capture back, walking redirects by hand.
    async fn replay(
        &self,
        capture: &cdx::Capture,
        budget: &mut usize,
    ) -> Result<Replay, ArchiveMiss> {
        let failed = |reason: String| ArchiveMiss::Failed { reason };
        let mut url = raw_url(&self.config.base, &capture.timestamp, &capture.original)
            .ok_or_else(|| {
                failed(format!(
                    "CDX listed a capture of {:?}, not a URL",
                    capture.original
                ))
            })?;
        let mut seen = HashSet::new();
        for _ in 0..=self.config.max_hops {
            if !seen.insert(url.to_string()) {
                return Err(failed(format!(
                    "{url}: the archive's redirects go round in a loop"
                )));
            }
            if *budget == 0 {
                return Err(ArchiveMiss::Budget {
                    what: "playback",
                    max: self.config.max_playbacks,
                });
            }
            *budget -= 1;
            let answer = self.get(Pool::Playback, &url).await?;
            if (300..400).contains(&answer.status) {
                let to = answer
                    .header("location")
                    .and_then(|l| url.join(l).ok())
                    .filter(|to| to.origin() == self.config.base.origin())
                    .ok_or_else(|| {
                        failed(format!(
                            "{url}: HTTP {} to no archive address",
                            answer.status
                        ))
                    })?;
                url = to;
                continue;
            }
            return self.read_capture(&url, answer);
        }
        Err(failed(format!(
            "{url}: more than {} redirects in the archive",
            self.config.max_hops
        )))
    }

    /// What a playback that is not a redirect holds: a good capture, a captured browser
    /// check, or no capture at all.
    fn read_capture(&self, url: &Url, answer: Answer) -> Result<Replay, ArchiveMiss> {
        let failed = |reason: String| ArchiveMiss::Failed { reason };
        let Some(when) = answer.header("memento-datetime") else {
            return Ok(Replay::NotCaptured);
        };
        let when = when.to_string();
        let captured = httpdate::parse_http_date(&when).map_err(|_| {
            failed(format!(
                "{url}: Memento-Datetime {when:?} is not an HTTP date"
            ))
        })?;
        let mitigated = answer.header("x-archive-orig-cf-mitigated");
        let body = inflate(answer.body.clone(), self.max_bytes)?;
        // The detector reads a body only for the statuses a live check comes with; a
        // capture's body is asked about as if it came with one, since its status is
        // already known to be 200 there.
        if answer.status != 200
            || challenge::is_challenge(answer.status, mitigated, &body)
            || challenge::is_challenge(403, None, &body)
        {
            return Ok(Replay::Challenge);
        }
        let links = link::parse(answer.header("link").unwrap_or(""));
        let provenance = Provenance {
            source: Some(PageSource::Wayback),
            memento_url: Some(url.to_string()),
            memento_datetime: Some(when),
            captured_at: Some(crate::fixtures::rfc3339(captured)),
            original_url: link::original(&links).map(str::to_string),
            cdx_digest: None,
            archive_src: answer.header("x-archive-src").map(str::to_string),
        };
        Ok(Replay::Page(Box::new(Memento {
            body,
            content_type: answer.header("content-type").unwrap_or("").to_string(),
            provenance,
            captured,
        })))
    }
}

/// `{base}/web/{timestamp}id_/{original}`: the capture's bytes as captured.
pub fn raw_url(base: &Url, timestamp: &str, original: &str) -> Option<Url> {
    let root = base.as_str().trim_end_matches('/');
    let url = Url::parse(&format!("{root}/web/{timestamp}id_/{original}")).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The archive's calendar of a page, for a person to open: `{base}/web/*/{url}`.
pub fn calendar_url(base: &Url, page: &Url) -> String {
    format!("{}/web/*/{page}", base.as_str().trim_end_matches('/'))
}

/// The 14-digit timestamp of a capture time, as the CDX server lists it.
pub fn timestamp_of(captured_at: &str) -> Option<String> {
    let t: jiff::Timestamp = captured_at.parse().ok()?;
    Some(t.strftime("%Y%m%d%H%M%S").to_string())
}

/// The body inflated when it starts with gzip's magic bytes (whatever the headers said),
/// up to `max` bytes; other bodies as they are.
fn inflate(body: Vec<u8>, max: u64) -> Result<Vec<u8>, ArchiveMiss> {
    if !body.starts_with(&[0x1f, 0x8b, 0x08]) {
        return Ok(body);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body.as_slice())
        .take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| ArchiveMiss::Failed {
            reason: format!("a gzip body from the archive does not inflate: {e}"),
        })?;
    if out.len() as u64 > max {
        return Err(ArchiveMiss::Failed {
            reason: format!("a gzip body from the archive inflates past the {max}-byte cap"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn raw_and_calendar_urls() {
        let base = Url::parse("https://web.archive.org/").unwrap();
        let page = Url::parse("https://acloserlisten.com/2023/05/08/x/").unwrap();
        assert_eq!(
            raw_url(&base, "20230508120000", page.as_str())
                .unwrap()
                .as_str(),
            "https://web.archive.org/web/20230508120000id_/https://acloserlisten.com/2023/05/08/x/"
        );
        assert_eq!(
            calendar_url(&base, &page),
            "https://web.archive.org/web/*/https://acloserlisten.com/2023/05/08/x/"
        );
        assert_eq!(
            timestamp_of("2023-05-08T11:59:59Z").as_deref(),
            Some("20230508115959")
        );
        assert_eq!(timestamp_of("yesterday"), None);
    }

    #[test]
    fn gzip_is_sniffed_and_capped() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"<html>hello</html>").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(inflate(gz.clone(), 1000).unwrap(), b"<html>hello</html>");
        assert!(inflate(gz, 5).is_err());
        assert_eq!(inflate(b"<html>".to_vec(), 3).unwrap(), b"<html>");
        assert!(inflate(vec![0x1f, 0x8b, 0x08, 0, 1], 100).is_err());
    }
}
