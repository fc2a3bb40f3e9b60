//! `soundtracks add`: bring in article pages saved from a browser, for when the site answers
//! this tool with a browser check. Each file is unwrapped from the format it was saved in
//! ([`crate::saved`]: HTML, MHTML, SingleFile, a Wayback Machine view), checked to be the
//! article its `--url` names (canonical or og:url, else the URL the file states; list
//! entries; a part number) and not a challenge or block page, then its HTML is written into
//! the fixtures with a sidecar that says it was saved by hand, and when, and `output/` is
//! rebuilt in the same transaction as `refresh` uses ([`crate::refresh::stage`]). A file
//! that is not that article is refused, nothing written.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use reqwest::Url;

use crate::build::BuildOptions;
use crate::error::{Error, Refusal, Result};
use crate::fetch::challenge;
use crate::fixtures::{self, url_key, FixtureIndex};
use crate::meta::{FixtureMeta, PageSource, Provenance};
use crate::model::Page;
use crate::parse::decode;
use crate::parse::page;
use crate::parse::part;
use crate::refresh::report::ChangeReport;
use crate::refresh::stage::{self, PageWrite};
use crate::saved::{self, SavedPage};

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
        let page = &with_original_url(page);
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

/// The page with a Wayback Machine URL given as its URL replaced by the archived article's
/// own (`https://web.archive.org/web/<ts>/<url>` → `<url>`).
fn with_original_url(page: &AddPage) -> AddPage {
    let original = saved::wayback::original(page.url.as_str()).and_then(|u| Url::parse(&u).ok());
    AddPage {
        file: page.file.clone(),
        url: original.unwrap_or_else(|| page.url.clone()),
    }
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
    let saved = saved::unwrap(&bytes).map_err(|p| refuse(Refusal::Saved(p)))?;
    let decoded =
        decode::decode(&saved.html, saved.content_type.as_deref()).map_err(|problem| {
            Error::Input {
                path: page.file.clone(),
                problem,
            }
        })?;
    if let Some(kind) = challenge::classify_page(&decoded.text) {
        return Err(refuse(Refusal::Challenge { kind }));
    }
    let parsed = page::parse_page(&decoded.text).map_err(|e| refuse(Refusal::Page(e)))?;
    names_the_article(&parsed, saved.url.as_deref(), &page.url).map_err(refuse)?;
    let part = part::of_page(&parsed.title, Some(page.url.as_str())).ok_or_else(|| {
        refuse(Refusal::NoPart {
            title: parsed.title.clone(),
        })
    })?;
    let charset = decoded.encoding.to_string();
    let html = saved.html.to_vec();
    let meta = sidecar(page, &saved, charset, &html);
    let target = index.target_for(fixtures, &page.url);
    Ok((
        part,
        PageWrite {
            target,
            bytes: html,
            meta,
        },
    ))
}

/// Checks that a page is the article at `url` by the name it gives itself (its canonical
/// URL or og:url) or, when it gives none, by the URL the saved file states.
fn names_the_article(parsed: &Page, stated: Option<&str>, url: &Url) -> Result<(), Refusal> {
    let wanted = article_key(url);
    let own = [&parsed.canonical_url, &parsed.og_url]
        .into_iter()
        .flatten()
        .filter_map(|u| Url::parse(u).ok())
        .collect::<Vec<_>>();
    if own.iter().any(|u| article_key(u) == wanted) {
        return Ok(());
    }
    if let Some(other) = own.first() {
        return Err(Refusal::OtherArticle {
            found: other.to_string(),
        });
    }
    match stated.and_then(|u| Url::parse(u).ok()) {
        Some(u) if article_key(&u) == wanted => Ok(()),
        Some(u) => Err(Refusal::SavedFrom {
            found: u.to_string(),
        }),
        None => Err(Refusal::NoUrl),
    }
}

/// The sidecar of a page brought in by hand: the save time the file states (else its
/// modification time), and what it was saved as.
fn sidecar(page: &AddPage, saved: &SavedPage<'_>, charset: String, html: &[u8]) -> FixtureMeta {
    let mtime = || {
        std::fs::metadata(&page.file)
            .and_then(|m| m.modified())
            .unwrap_or_else(|_| SystemTime::now())
    };
    let saved_at = saved.saved_at.map(SystemTime::from).unwrap_or_else(mtime);
    let captured_at = saved
        .wayback
        .as_ref()
        .and_then(|c| c.captured_at)
        .map(SystemTime::from);
    let file = page
        .file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut note = format!(
        "saved by hand from a browser ({}) and brought in with `soundtracks add` (file {file}); not fetched by this tool",
        saved.format
    );
    if let Some(capture) = &saved.wayback {
        note.push_str(&format!(
            "; a page of the Wayback Machine, viewed at {}",
            capture.memento_url
        ));
        if let Some(at) = captured_at {
            note.push_str(&format!(" (captured {})", fixtures::rfc3339(at)));
        }
    } else if let Some(stated) = &saved.url {
        note.push_str(&format!("; the file says it was saved from {stated}"));
    }
    FixtureMeta {
        url: page.url.to_string(),
        final_url: None,
        status: None,
        fetched_at: None,
        etag: None,
        // Refresh asks "modified since?": since the capture for a page of the archive,
        // else since it was saved, so a page the site has not changed answers 304 and the
        // hand-saved copy stays.
        last_modified: Some(httpdate::fmt_http_date(captured_at.unwrap_or(saved_at))),
        content_type: None,
        charset: Some(charset),
        sha256: Some(crate::digest::sha256_hex(html)),
        bytes: Some(html.len() as u64),
        note: Some(note),
        saved_at: Some(fixtures::rfc3339(saved_at)),
        provenance: Provenance {
            source: Some(PageSource::Saved),
            // A page saved while viewing the Wayback Machine: the capture it shows.
            memento_url: saved.wayback.as_ref().map(|c| c.memento_url.to_string()),
            captured_at: captured_at.map(fixtures::rfc3339),
            ..Provenance::default()
        },
    }
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
