//! The saved pages (`fixtures/`): the name and site folder a URL is saved under, the index
//! of pages already saved (keyed by the URLs in their `meta.json`, never by file name), and
//! the atomic save of a page with its sidecar, and `soundtracks fetch`'s fetching of pages
//! into fixtures. Written by `fetch`, `refresh` and `add`.
//!
//! The naming rule, the one `fetch`, `refresh` and `add` all follow ([`FixtureIndex::target_for`]):
//! a page already saved keeps its file; a new page goes to `<site>/<name>.html`, where the
//! name is `part-<n in words>` when the URL's slug names a part of a series
//! (`…-of-all-time-part-two/` → `part-two`, also for `…-part-2` or `…-part-ii`), else the
//! slug; a name a different page holds gets a short hash of the URL. So Part One is
//! `acloserlisten/part-one.html` and Part Two `acloserlisten/part-two.html`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use reqwest::Url;

use crate::digest::sha256_hex;
use crate::error::{Error, FetchError};
use crate::fetch::{parse_url, FetchConfig, Fetched, Fetcher, Outcome};
use crate::meta::FixtureMeta;
use crate::parse::text::slug;

/// A URL reduced to what identifies a page: host, port, path without a trailing `/`, and
/// query. Scheme and fragment are ignored, so `http://h/a/` and `https://h/a#x` are the same
/// page.
pub(crate) fn url_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    format!("{host}{port}{path}{query}")
}

/// [`url_key`] of a URL given as text; `None` when it does not parse.
pub(crate) fn text_key(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| url_key(&u))
}

/// The file stem for a page: the last non-empty path segment, slugified and at most 120
/// characters; `index` for a site's root.
pub(crate) fn slug_for(url: &Url) -> String {
    let segment = url
        .path_segments()
        .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
        .unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    let stem = decoded
        .strip_suffix(".html")
        .or_else(|| decoded.strip_suffix(".htm"))
        .unwrap_or(&decoded);
    let mut slug = slug(stem);
    slug.truncate(120);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "index".to_string()
    } else {
        slug
    }
}

/// The file stem a new page is saved under: `part-<n in words>` when the URL's slug names
/// part `n` of a series (read as discovery reads it), else [`slug_for`].
pub(crate) fn name_for(url: &Url) -> String {
    let slug = slug_for(url);
    let stem = crate::refresh::discover::series_stem(url);
    crate::refresh::discover::names_part(&slug, &stem)
        .and_then(|n| crate::parse::part::slug_spellings(n).into_iter().next())
        .map(|words| format!("part-{words}"))
        .unwrap_or(slug)
}

/// The folder under the fixtures root for a host: the name without `www.` and without its
/// top-level domain (`acloserlisten.com` → `acloserlisten`, `blog.example.co.uk` →
/// `blog-example`); an IP address or a one-label name (`localhost`) is kept as it is.
pub(crate) fn site_dir(url: &Url) -> String {
    let host = url.host_str().unwrap_or("unknown").to_ascii_lowercase();
    let is_ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok();
    if is_ip {
        return host
            .chars()
            .filter(|c| !matches!(c, '[' | ']'))
            .map(|c| if c == ':' { '_' } else { c })
            .collect();
    }
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() > 1 {
        labels.pop();
        const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "ac", "gov", "edu"];
        if labels.len() > 1 && labels.last().is_some_and(|l| SECOND_LEVEL.contains(l)) {
            labels.pop();
        }
    }
    let name = slug(&labels.join("-"));
    if name.is_empty() {
        "site".to_string()
    } else {
        name
    }
}

/// `2023-05-08T12:00:00Z` for a system time (UTC, whole seconds).
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    match jiff::Timestamp::from_second(secs) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// A page already in the fixtures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The saved page (`x.html`); its sidecar is `x.meta.json`.
    pub html: PathBuf,
    pub meta: FixtureMeta,
}

/// The fixtures already saved, found by the `url` and `final_url` in their sidecars.
#[derive(Debug, Clone, Default)]
pub struct FixtureIndex {
    /// Every known page, in path order.
    pub pages: Vec<Known>,
    by_key: HashMap<String, usize>,
}

impl FixtureIndex {
    /// Reads every `*.meta.json` under `root` (recursively, skipping hidden folders) that
    /// has an `.html` beside it. A missing root is an empty index.
    pub fn load(root: &Path) -> crate::error::Result<Self> {
        let mut metas = Vec::new();
        collect_metas(root, &mut metas)?;
        metas.sort();
        let mut index = FixtureIndex::default();
        for path in metas {
            let Some(html) = html_for_meta(&path) else {
                continue;
            };
            if !html.is_file() {
                continue;
            }
            let meta = FixtureMeta::read(&path)?;
            index.insert(Known { html, meta });
        }
        Ok(index)
    }

    /// Each URL with the saved page it names, if any: what the fetcher asks conditionally.
    pub(crate) fn jobs(&self, urls: Vec<Url>) -> Vec<(Url, Option<Known>)> {
        urls.into_iter()
            .map(|u| {
                let known = self.get(&u).cloned();
                (u, known)
            })
            .collect()
    }

    /// Adds (or replaces) a page in the index.
    pub fn insert(&mut self, known: Known) {
        let keys: Vec<String> = [Some(&known.meta.url), known.meta.final_url.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|u| text_key(u))
            .collect();
        let slot = keys
            .iter()
            .find_map(|k| self.by_key.get(k).copied())
            .or_else(|| self.pages.iter().position(|p| p.html == known.html));
        let i = match slot {
            Some(i) => {
                self.pages[i] = known;
                i
            }
            None => {
                self.pages.push(known);
                self.pages.len() - 1
            }
        };
        for k in keys {
            self.by_key.insert(k, i);
        }
    }

    /// The saved page for `url`, matched on its sidecar's `url` or `final_url`.
    pub fn get(&self, url: &Url) -> Option<&Known> {
        self.by_key.get(&url_key(url)).map(|&i| &self.pages[i])
    }

    /// Where a page for `url` is (or will be) saved: the known fixture's path, else
    /// `<root>/<site>/<name>.html` ([`name_for`]), with a short hash of the URL added when a different
    /// page already has that name.
    pub(crate) fn target_for(&self, root: &Path, url: &Url) -> PathBuf {
        if let Some(k) = self.get(url) {
            return k.html.clone();
        }
        let dir = root.join(site_dir(url));
        let slug = name_for(url);
        let plain = dir.join(format!("{slug}.html"));
        let taken = plain.exists() || self.pages.iter().any(|p| p.html == plain);
        if !taken {
            return plain;
        }
        let hash = sha256_hex(url.as_str().as_bytes());
        dir.join(format!("{slug}-{}.html", &hash[..8]))
    }
}

fn html_for_meta(meta: &Path) -> Option<PathBuf> {
    let name = meta.file_name()?.to_str()?;
    let stem = name.strip_suffix(".meta.json")?;
    Some(meta.with_file_name(format!("{stem}.html")))
}

fn collect_metas(root: &Path, out: &mut Vec<PathBuf>) -> crate::error::Result<()> {
    if !root.exists() {
        return Ok(());
    }
    for entry in crate::atomic::visible_entries(root) {
        let entry = entry.map_err(|e| Error::Io {
            path: e.path().unwrap_or(root).to_path_buf(),
            source: e.into(),
        })?;
        if !entry.file_type().is_dir()
            && entry.file_name().to_string_lossy().ends_with(".meta.json")
        {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// Writes `html` then its sidecar, each atomically (temporary file + rename).
pub fn save(html_path: &Path, bytes: &[u8], meta: &FixtureMeta) -> crate::error::Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    crate::atomic::write_file(html_path, bytes).map_err(io(html_path))?;
    let meta_path = FixtureMeta::path_for(html_path);
    crate::atomic::write_file(&meta_path, &meta.to_json()).map_err(io(&meta_path))
}

/// What one saved page became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// New or changed bytes were written to this path.
    Written(PathBuf),
    /// 304, or the same bytes as stored: nothing was written.
    Unchanged(PathBuf),
}

/// A fetched page read as text: its text and the encoding it decodes with (the HTTP
/// header, then `<meta>`, then UTF-8), or why it is not a whole HTML page. The fetcher hands
/// back bytes; the jobs that keep or read a page (`fetch`, `refresh`) decode it here, with
/// the parser's one decoder.
pub(crate) fn read_fetched(page: &Fetched) -> Result<(String, &'static str), FetchError> {
    let decoded =
        crate::parse::decode::decode(&page.bytes, Some(&page.content_type)).map_err(|problem| {
            FetchError::BadPage {
                url: page.url.to_string(),
                problem,
            }
        })?;
    Ok((decoded.text.into_owned(), decoded.encoding))
}

/// Fetches `urls` and saves each page under `fixtures` (pages that succeed are saved even
/// when others fail; the first failure is returned, counting the rest).
pub async fn fetch_to_fixtures(
    config: &FetchConfig,
    urls: &[String],
    fixtures: &std::path::Path,
) -> crate::error::Result<Vec<Saved>> {
    let mut index = FixtureIndex::load(fixtures)?;
    let fetcher = Arc::new(Fetcher::new(config.clone())?);
    let mut parsed = Vec::new();
    for u in urls {
        parsed.push(parse_url(u)?);
    }
    let jobs = index.jobs(parsed);
    let results = fetcher.fetch_pages(jobs).await;
    let mut saved = Vec::new();
    let mut errors = Vec::new();
    for (url, result) in results {
        match result {
            Ok(Outcome::NotModified { known }) => saved.push(Saved::Unchanged(known.html)),
            Ok(Outcome::Fetched(page)) => {
                let target = index.target_for(fixtures, &url);
                if page.same_as_stored {
                    saved.push(Saved::Unchanged(target));
                    continue;
                }
                let (_, charset) = read_fetched(&page)?;
                let meta = page.meta(charset);
                save(&target, &page.bytes, &meta)?;
                index.insert(Known {
                    html: target.clone(),
                    meta,
                });
                saved.push(Saved::Written(target));
            }
            Err(e) => errors.push(e),
        }
    }
    match FetchError::combine(errors) {
        Some(e) => Err(e.into()),
        None => Ok(saved),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn slugs() {
        let cases = [
            ("https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/",
             "the-best-film-tv-soundtracks-of-all-time-part-one"),
            ("https://acloserlisten.com/2023/05/08/post-name", "post-name"),
            ("https://example.com/a/Page%20Two.html?x=1#top", "page-two"),
            ("https://example.com/caf%C3%A9/", "cafe"),
            ("https://example.com/", "index"),
            ("https://example.com", "index"),
            ("https://example.com/%%%/", "index"),
        ];
        for (url, want) in cases {
            assert_eq!(slug_for(&u(url)), want, "{url}");
        }
    }

    #[test]
    fn names() {
        let cases = [
            ("https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/", "part-one"),
            ("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/", "part-two"),
            ("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-2/", "part-two"),
            ("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-ii/", "part-two"),
            ("https://example.com/x/series-part-twenty-one/", "part-twenty-one"),
            // No part named: the slug.
            ("https://acloserlisten.com/2023/05/22/continued/", "continued"),
            ("https://example.com/part-time-work/", "part-time-work"),
            ("https://example.com/", "index"),
        ];
        for (url, want) in cases {
            assert_eq!(name_for(&u(url)), want, "{url}");
        }
    }

    #[test]
    fn site_dirs() {
        let cases = [
            ("https://acloserlisten.com/x/", "acloserlisten"),
            ("https://www.acloserlisten.com/x/", "acloserlisten"),
            ("https://blog.example.co.uk/", "blog-example"),
            ("http://127.0.0.1:8080/x", "127.0.0.1"),
            ("http://localhost:3000/x", "localhost"),
            ("http://[::1]:3000/x", "__1"),
        ];
        for (url, want) in cases {
            assert_eq!(site_dir(&u(url)), want, "{url}");
        }
    }

    #[test]
    fn url_keys_ignore_scheme_fragment_and_trailing_slash() {
        let cases = [
            ("https://h.com/a/b/", "h.com/a/b"),
            ("http://h.com/a/b#c", "h.com/a/b"),
            ("http://H.com:8080/a?x=1", "h.com:8080/a?x=1"),
            ("https://h.com/", "h.com"),
        ];
        for (url, want) in cases {
            assert_eq!(url_key(&u(url)), want, "{url}");
        }
    }

    #[test]
    fn timestamps() {
        let cases = [
            (0u64, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_683_547_200, "2023-05-08T12:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
        ];
        for (secs, want) in cases {
            let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            assert_eq!(rfc3339(t), want);
        }
    }

    #[test]
    fn index_matches_by_meta_url_not_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("acloserlisten");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("part-one.html"), "<html></html>").unwrap();
        let meta = FixtureMeta {
            url: "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/".into(),
            final_url: None,
            status: Some(200),
            fetched_at: None,
            etag: None,
            last_modified: None,
            content_type: None,
            charset: None,
            sha256: None,
            bytes: None,
            note: None,
            saved_at: None,
            provenance: Default::default(),
        };
        std::fs::write(site.join("part-one.meta.json"), meta.to_json()).unwrap();
        let index = FixtureIndex::load(dir.path()).unwrap();
        let one = u(
            "http://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one",
        );
        assert_eq!(
            index.target_for(dir.path(), &one),
            site.join("part-one.html")
        );
        let two = u("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/");
        assert!(index.get(&two).is_none());
        assert_eq!(
            index.target_for(dir.path(), &two),
            site.join("part-two.html")
        );
        // A different page whose slug is taken gets a hashed name.
        let other = u("https://acloserlisten.com/elsewhere/part-one/");
        let got = index.target_for(dir.path(), &other);
        assert_ne!(got, site.join("part-one.html"));
        assert!(got.to_string_lossy().contains("part-one-"));
    }
}
