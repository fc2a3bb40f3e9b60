//! `soundtracks add`: bring in article pages saved from a browser ("Save page as…", HTML
//! only or complete), for when the site answers this tool with a browser check. Each file
//! is checked to be the article its `--url` names (canonical or og:url, list entries, a
//! part number), then written into the fixtures with a sidecar that says it was saved by
//! hand, and `output/` is rebuilt in the same transaction as `refresh` uses
//! ([`crate::refresh::stage`]). A file that is not that article is refused, nothing written.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use reqwest::Url;

use crate::build::BuildOptions;
use crate::error::{Error, Refusal, Result};
use crate::fetch::challenge;
use crate::fixtures::{self, url_key, FixtureIndex};
use crate::meta::FixtureMeta;
use crate::parse::decode;
use crate::parse::page;
use crate::parse::part;
use crate::refresh::report::ChangeReport;
use crate::refresh::stage::{self, PageWrite};

/// One page to bring in.
#[derive(Debug, Clone)]
pub struct AddPage {
    pub file: PathBuf,
    pub url: Url,
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddSummary {
    /// Per page: the part it is, and the fixture written (relative to the fixtures folder).
    pub added: Vec<(u32, PathBuf)>,
    pub report: ChangeReport,
}

/// Checks every page, then writes them all and rebuilds `out`, or writes nothing.
pub fn add(
    pages: &[AddPage],
    fixtures: &Path,
    out: &Path,
    build: &BuildOptions,
) -> Result<AddSummary> {
    let mut index = FixtureIndex::load(fixtures)?;
    let mut writes = Vec::new();
    let mut added = Vec::new();
    for page in pages {
        let (part, write) = check(page, &index, fixtures)?;
        index.insert(fixtures::Known {
            html: write.target.clone(),
            meta: write.meta.clone(),
        });
        added.push((part, stage::fixture_relative(fixtures, &write.target)));
        writes.push(write);
    }
    let (_, report) = stage::commit(fixtures, out, build, &writes)?;
    Ok(AddSummary { added, report })
}

/// A URL reduced to what names an article: host without `www.`, path without a trailing
/// slash; scheme, port, query and fragment ignored.
fn article_key(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let _ = u.set_port(None);
    if let Some(host) = u.host_str().and_then(|h| h.strip_prefix("www.")) {
        let host = host.to_string();
        let _ = u.set_host(Some(&host));
    }
    url_key(&u)
}

/// Reads one file and checks it is the article at its URL; returns its part and what to
/// write.
fn check(page: &AddPage, index: &FixtureIndex, fixtures: &Path) -> Result<(u32, PageWrite)> {
    let refuse = |reason: Refusal| Error::NotTheArticle {
        path: page.file.clone(),
        url: page.url.to_string(),
        reason,
    };
    let bytes = std::fs::read(&page.file).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: page.file.clone(),
        },
        _ => Error::Read {
            path: page.file.clone(),
            source,
        },
    })?;
    let decoded = decode::decode(&bytes, None).map_err(|problem| Error::Input {
        path: page.file.clone(),
        problem,
    })?;
    if challenge::is_challenge_page(&decoded.text) {
        return Err(refuse(Refusal::Challenge));
    }
    let parsed = page::parse_page(&decoded.text).map_err(|e| refuse(Refusal::Page(e)))?;
    let named = [&parsed.canonical_url, &parsed.og_url]
        .into_iter()
        .flatten()
        .filter_map(|u| Url::parse(u).ok())
        .collect::<Vec<_>>();
    let wanted = article_key(&page.url);
    if !named.iter().any(|u| article_key(u) == wanted) {
        return Err(refuse(match named.first() {
            Some(other) => Refusal::OtherArticle {
                found: other.to_string(),
            },
            None => Refusal::NoUrl,
        }));
    }
    let part = part::of_page(&parsed.title, Some(page.url.as_str())).ok_or_else(|| {
        refuse(Refusal::NoPart {
            title: parsed.title.clone(),
        })
    })?;
    let saved = std::fs::metadata(&page.file)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| SystemTime::now());
    let meta = FixtureMeta {
        url: page.url.to_string(),
        final_url: None,
        status: None,
        fetched_at: None,
        etag: None,
        // Refresh asks "modified since it was saved?", so a page the site has not changed
        // since answers 304 and the hand-saved copy stays.
        last_modified: Some(httpdate::fmt_http_date(saved)),
        content_type: None,
        charset: Some(decoded.encoding.to_string()),
        sha256: Some(crate::digest::sha256_hex(&bytes)),
        bytes: Some(bytes.len() as u64),
        note: Some(format!(
            "saved by hand from a browser and brought in with `soundtracks add` (file {}); not fetched by this tool",
            page.file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        )),
        saved_at: Some(fixtures::rfc3339(saved)),
    };
    let target = index.target_for(fixtures, &page.url);
    Ok((
        part,
        PageWrite {
            target,
            bytes,
            meta,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_keys() {
        let key = |s: &str| article_key(&Url::parse(s).unwrap());
        let one = "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
        for same in [
            "http://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one",
            "https://www.acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/",
            "https://ACLOSERLISTEN.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/?amp=1#x",
        ] {
            assert_eq!(key(same), key(one), "{same}");
        }
        for other in [
            "https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/",
            "https://mirror.example/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/",
        ] {
            assert_ne!(key(other), key(one), "{other}");
        }
    }
}
