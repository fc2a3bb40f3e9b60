//! What the fetcher is asked for: pages (conditionally when saved), feeds and sitemaps, and
//! `?name=` look-ups. Each reports a progress [`Event`]. Pages come back as bytes with their
//! HTTP metadata; reading them as text is the job's that needs it ([`crate::fixtures::read_fetched`]).

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};

use super::client::{Kind, Response};
use super::{Event, FetchError, Fetcher};
use crate::fixtures::{self, Known};
use crate::meta::{FixtureMeta, PageSource, Provenance};

/// A page as received (status 200).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: Url,
    pub final_url: Url,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    /// The bytes equal the stored fixture's (by SHA-256): nothing needs writing.
    pub same_as_stored: bool,
    pub fetched_at: SystemTime,
    /// Where the bytes came from: the site, or a Wayback capture with what the archive said.
    pub provenance: Provenance,
}

impl Fetched {
    /// The sidecar to save with the page, which decodes with `charset`
    /// ([`crate::fixtures::read_fetched`] tells).
    pub fn meta(&self, charset: &str) -> FixtureMeta {
        FixtureMeta {
            url: self.url.to_string(),
            final_url: Some(self.final_url.to_string()),
            status: Some(self.status),
            fetched_at: Some(fixtures::rfc3339(self.fetched_at)),
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
            content_type: Some(self.content_type.clone()),
            charset: Some(charset.to_string()),
            sha256: Some(self.sha256.clone()),
            bytes: Some(self.bytes.len() as u64),
            note: None,
            saved_at: None,
            provenance: self.provenance.clone(),
        }
    }

    /// A page as received from `final_url` (for `url`): hashed and compared with the stored
    /// fixture `known`.
    /// The one place a response becomes a [`Fetched`], whether live or from the archive.
    pub(crate) fn received(
        url: &Url,
        final_url: Url,
        head: Head,
        body: Vec<u8>,
        known: Option<&Known>,
        provenance: Provenance,
    ) -> Self {
        let sha256 = crate::digest::sha256_hex(&body);
        // The same bytes from another source (the site again after the archive) still
        // rewrite the sidecar, so it says where the page comes from now.
        let same_source = known.is_none_or(|k| {
            let stored = k.meta.provenance.source;
            stored.is_none() || provenance.source.is_none() || stored == provenance.source
        });
        let same_as_stored = same_source
            && known.and_then(|k| k.meta.sha256.as_deref()) == Some(sha256.as_str())
            && known.is_some_and(|k| std::fs::read(&k.html).is_ok_and(|b| b == body));
        Fetched {
            url: url.clone(),
            final_url,
            status: head.status,
            etag: head.etag,
            last_modified: head.last_modified,
            content_type: head.content_type,
            sha256,
            bytes: body,
            same_as_stored,
            fetched_at: SystemTime::now(),
            provenance,
        }
    }
}

/// What a response said of a page besides its body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Head {
    pub(crate) status: u16,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    pub(crate) content_type: String,
}

/// What fetching one page gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// 304 Not Modified: the stored fixture is current.
    NotModified {
        known: Box<Known>,
    },
    Fetched(Box<Fetched>),
}

/// A site index: what [`Fetcher::fetch_index`] is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// An RSS or Atom feed.
    Feed,
    /// A sitemap or sitemap index, plain or gzip-compressed.
    Sitemap,
}

/// What a `?name=` look-up answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookUp {
    /// A redirect to this URL (not followed).
    Redirect(Url),
    /// 404 or 410, a 200 with no redirect, or disallowed by robots.txt: nothing by that name.
    Missing,
}

impl Fetcher {
    /// Fetches pages concurrently (under the bound), in input order of results.
    pub(crate) async fn fetch_pages(
        self: &Arc<Self>,
        jobs: Vec<(Url, Option<Known>)>,
    ) -> Vec<(Url, Result<Outcome, FetchError>)> {
        let mut set = tokio::task::JoinSet::new();
        for (i, (url, known)) in jobs.into_iter().enumerate() {
            let me = Arc::clone(self);
            set.spawn(async move {
                let r = me.fetch_page(&url, known.as_ref()).await;
                (i, url, r)
            });
        }
        let mut out = Vec::new();
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(r) => out.push(r),
                Err(e) => out.push((
                    usize::MAX,
                    Url::parse("about:blank").unwrap_or_else(|_| unreachable!()),
                    Err(FetchError::Client {
                        reason: format!("a fetch task failed: {e}"),
                    }),
                )),
            }
        }
        out.sort_by_key(|(i, _, _)| *i);
        out.into_iter().map(|(_, u, r)| (u, r)).collect()
    }

    /// Fetches one page, conditionally when it is `known`, and checks it is a whole HTML
    /// page. Reports an [`Event::Page`].
    pub(crate) async fn fetch_page(
        &self,
        url: &Url,
        known: Option<&Known>,
    ) -> Result<Outcome, FetchError> {
        let started = Instant::now();
        let result = self.fetch_page_inner(url, known).await;
        self.config.progress.emit(&Event::Page {
            url,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn fetch_page_inner(
        &self,
        url: &Url,
        known: Option<&Known>,
    ) -> Result<Outcome, FetchError> {
        let _permit = self.permit().await?;
        self.check_robots(url).await?;
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
        );
        if let Some(meta) = known.map(|k| &k.meta) {
            if let Some(v) = meta
                .etag
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_NONE_MATCH, v);
            }
            if let Some(v) = meta
                .last_modified
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::IF_MODIFIED_SINCE, v);
            }
        }
        let resp = self.request(url, headers, Kind::Page).await?;
        if resp.status == StatusCode::NOT_MODIFIED {
            return match known {
                Some(k) => Ok(Outcome::NotModified {
                    known: Box::new(k.clone()),
                }),
                // A 304 to an unconditional request is a server bug.
                None => Err(FetchError::Status {
                    url: url.to_string(),
                    status: 304,
                    attempts: resp.attempts,
                }),
            };
        }
        let head = Head {
            status: resp.status.as_u16(),
            etag: resp.etag,
            last_modified: resp.last_modified,
            content_type: resp.content_type,
        };
        let provenance = Provenance {
            source: Some(PageSource::Live),
            ..Provenance::default()
        };
        let page = Fetched::received(url, resp.final_url, head, resp.body, known, provenance);
        Ok(Outcome::Fetched(Box::new(page)))
    }

    /// Fetches a feed or a sitemap: its raw body (a sitemap may be gzip; the reader decides).
    /// `Ok(None)` when the site has none there (404/410) or robots.txt disallows it.
    pub(crate) async fn fetch_index(
        &self,
        url: &Url,
        kind: IndexKind,
    ) -> Result<Option<Vec<u8>>, FetchError> {
        let started = Instant::now();
        let result = self.fetch_index_inner(url, kind).await;
        self.config.progress.emit(&Event::Index {
            url,
            kind,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn fetch_index_inner(
        &self,
        url: &Url,
        kind: IndexKind,
    ) -> Result<Option<Vec<u8>>, FetchError> {
        let _permit = self.permit().await?;
        match self.check_robots(url).await {
            Err(FetchError::Disallowed { .. }) => return Ok(None),
            other => other?,
        }
        let mut headers = HeaderMap::new();
        let (accept, kind) = match kind {
            IndexKind::Feed => (
                "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
                Kind::Feed,
            ),
            IndexKind::Sitemap => {
                // Decompressed by the sitemap reader, not by the client.
                headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
                (
                    "application/xml,text/xml;q=0.9,application/x-gzip;q=0.8,*/*;q=0.1",
                    Kind::Sitemap,
                )
            }
        };
        headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
        match self.request(url, headers, kind).await {
            Ok(resp) => Ok(Some(resp.body)),
            Err(FetchError::Status { status, .. }) if status == 404 || status == 410 => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Asks WordPress for a post by slug (`/?name=<slug>`): the redirect it answers with
    /// names the permalink. The redirect is returned, not followed.
    pub(crate) async fn look_up(&self, url: &Url) -> Result<LookUp, FetchError> {
        let started = Instant::now();
        let result = self.look_up_inner(url).await;
        self.config.progress.emit(&Event::LookUp {
            url,
            result: &result,
            took: started.elapsed(),
        });
        result
    }

    async fn look_up_inner(&self, url: &Url) -> Result<LookUp, FetchError> {
        let _permit = self.permit().await?;
        match self.check_robots(url).await {
            Err(FetchError::Disallowed { .. }) => return Ok(LookUp::Missing),
            other => other?,
        }
        match self.request(url, HeaderMap::new(), Kind::LookUp).await {
            Ok(Response {
                location: Some(to), ..
            }) => Ok(LookUp::Redirect(to)),
            // A 200: the site does not redirect by name (plain permalinks); nothing learnt.
            Ok(_) => Ok(LookUp::Missing),
            Err(FetchError::Status { status, .. }) if status == 404 || status == 410 => {
                Ok(LookUp::Missing)
            }
            Err(e) => Err(e),
        }
    }
}
