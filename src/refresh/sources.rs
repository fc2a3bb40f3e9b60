//! The discovery sources and the order they are asked in, cheapest and most polite first:
//! links on the fetched parts (no request), `?name=` slug look-ups (one request per
//! spelling), the site's sitemaps (one request per file, children skipped by `<lastmod>`)
//! and its feed (one request). For each missing part number the next source is asked only
//! when the ones before it found nothing; sitemaps are read file by file and stop as soon as
//! the part asked for is found, resuming for the next. Every request goes through the
//! [`Fetcher`] (robots.txt, spacing, retries, User-Agent). When the site's own sources
//! cannot be read (a browser check), one CDX prefix query to the Wayback Machine over the
//! article's month folder stands in for them. What to make of the answers is
//! [`super::discover`]'s.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;
use reqwest::Url;

use super::discover::{self, Candidate};
use super::xml::{self, Item};
use crate::fetch::wayback::{cdx, Wayback};
use crate::fetch::{FetchError, Fetcher, IndexKind, LookUp};
use crate::fixtures::url_key;

/// Deepest sitemap index nesting followed (a root sitemap is depth 0).
pub(crate) const MAX_SITEMAP_DEPTH: usize = 5;
/// Most sitemap files read in one run.
pub(crate) const MAX_SITEMAP_FILES: usize = 50;

/// Where a part was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A link on a fetched part.
    Links,
    /// A `/?name=<slug>` redirect.
    LookUp,
    /// An entry of the site's sitemaps.
    Sitemaps,
    /// An item of the site's feed.
    Feed,
    /// A capture listed by the Wayback Machine's CDX server.
    Archive,
}

impl Source {
    /// Every source, in the order they are asked.
    pub(crate) const ALL: [Source; 5] = [
        Source::Links,
        Source::LookUp,
        Source::Sitemaps,
        Source::Feed,
        Source::Archive,
    ];
}

impl Source {
    /// How the source is named in reports.
    pub fn name(self) -> &'static str {
        match self {
            Source::Links => "links",
            Source::LookUp => "slug look-ups",
            Source::Sitemaps => "sitemaps",
            Source::Feed => "feed",
            Source::Archive => "Wayback CDX",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How one source was used in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceUse {
    pub source: Source,
    /// Whether it was asked at all.
    pub asked: bool,
    /// HTTP requests it made (robots.txt and retries included).
    pub requests: usize,
    /// Parts it found that were then fetched, in order.
    pub found: Vec<u32>,
}

impl fmt::Display for SourceUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.asked {
            return write!(f, "{}: not needed", self.source);
        }
        write!(f, "{}: {} request(s), ", self.source, self.requests)?;
        if self.found.is_empty() {
            f.write_str("nothing new")
        } else {
            let parts: Vec<String> = self.found.iter().map(|p| format!("Part {p}")).collect();
            write!(f, "found {}", parts.join(", "))
        }
    }
}

/// A part found by a source, to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub part: u32,
    pub url: Url,
    pub source: Source,
}

/// Where the sitemap walk stands: resumable, so it stops as soon as a part is found.
#[derive(Default)]
struct SitemapWalk {
    started: bool,
    /// Files still to read, last first, with their depth.
    stack: Vec<(Url, usize)>,
    /// `/sitemap.xml` then `/wp-sitemap.xml`, tried only while no sitemap has been read.
    fallback: Vec<Url>,
    any_read: bool,
    visited: HashSet<String>,
    files: usize,
}

/// The discovery state of one refresh.
pub struct Discovery {
    fetcher: Arc<Fetcher>,
    base: Url,
    stem: String,
    /// Part One's publication date, for skipping old sitemaps.
    since: Option<Date>,
    /// Parts seen by some source and not fetched yet, with who saw them first.
    pending: BTreeMap<u32, (Url, Source)>,
    /// Pages already known or fetched: never offered again.
    taken: HashSet<String>,
    walk: SitemapWalk,
    feed_read: bool,
    archive_read: bool,
    uses: Vec<SourceUse>,
    warnings: Vec<String>,
}

impl Discovery {
    /// Discovery of the series `base` (Part One's URL) belongs to.
    pub fn new(fetcher: Arc<Fetcher>, base: &Url) -> Self {
        Discovery {
            fetcher,
            stem: discover::series_stem(base),
            since: discover::date_in_path(base),
            base: base.clone(),
            pending: BTreeMap::new(),
            taken: HashSet::new(),
            walk: SitemapWalk::default(),
            feed_read: false,
            archive_read: false,
            uses: Source::ALL
                .iter()
                .map(|&source| SourceUse {
                    source,
                    asked: false,
                    requests: 0,
                    found: Vec::new(),
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    /// The series' slug stem.
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// Marks a page as known (fetched or saved), so no source offers it again.
    pub fn known(&mut self, url: &Url) {
        self.taken.insert(url_key(url));
    }

    /// A candidate seen by `source`; the first sighting of each part wins.
    pub(crate) fn offer(&mut self, c: Candidate, source: Source) {
        if self.taken.contains(&url_key(&c.url)) {
            return;
        }
        self.pending.entry(c.part).or_insert((c.url, source));
    }

    /// Links on a fetched part (no request).
    pub(crate) fn offer_links(&mut self, links: Vec<Candidate>) {
        self.uses[0].asked = true;
        for c in links {
            self.offer(c, Source::Links);
        }
    }

    /// How each source was used so far, in the order they are asked.
    pub fn uses(&self) -> &[SourceUse] {
        &self.uses
    }

    /// Sources skipped with a reason (a sitemap that is not XML, too many files …).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn warn(&mut self, message: String) {
        tracing::warn!("{message}");
        self.warnings.push(message);
    }

    fn use_of(&mut self, source: Source) -> &mut SourceUse {
        let i = Source::ALL.iter().position(|s| *s == source).unwrap_or(0);
        &mut self.uses[i]
    }

    /// Takes part `n` from what the sources have seen, if any has.
    fn take(&mut self, n: u32) -> Option<Found> {
        let (url, source) = self.pending.remove(&n)?;
        self.taken.insert(url_key(&url));
        self.use_of(source).found.push(n);
        tracing::info!(part = n, %source, %url, "found");
        Some(Found {
            part: n,
            url,
            source,
        })
    }

    /// Runs `step` as `source`, counting its requests.
    async fn counted<T>(
        &mut self,
        source: Source,
        step: impl AsyncFnOnce(&mut Self) -> Result<T, FetchError>,
    ) -> Result<T, FetchError> {
        let before = self.fetcher.requests();
        self.use_of(source).asked = true;
        let result = step(self).await;
        let made = self.fetcher.requests().saturating_sub(before);
        self.use_of(source).requests += made;
        result
    }

    /// Finds part `n`, asking each source in turn until one has it. `Ok(None)`: no source
    /// knows it, and discovery stops there.
    pub async fn find(&mut self, n: u32) -> Result<Option<Found>, FetchError> {
        if let Some(found) = self.take(n) {
            return Ok(Some(found));
        }
        self.counted(Source::LookUp, async |me: &mut Self| me.look_up(n).await)
            .await?;
        if let Some(found) = self.take(n) {
            return Ok(Some(found));
        }
        self.counted(Source::Sitemaps, async |me: &mut Self| {
            while !me.pending.contains_key(&n) && me.next_sitemap().await? {}
            Ok(())
        })
        .await?;
        if let Some(found) = self.take(n) {
            return Ok(Some(found));
        }
        if !self.feed_read {
            self.feed_read = true;
            self.counted(Source::Feed, async |me: &mut Self| me.read_feed().await)
                .await?;
        }
        Ok(self.take(n))
    }

    /// Finds part `n` among what is already seen, else in the Wayback Machine's captures of
    /// the article's month folder (one CDX call per run). An archive that cannot be read
    /// ends discovery with a warning, not the run: the parts already fetched stand.
    pub async fn find_in_archive(&mut self, n: u32, wayback: &Wayback) -> Option<Found> {
        if let Some(found) = self.take(n) {
            return Some(found);
        }
        if !self.archive_read {
            self.archive_read = true;
            let folder = discover::archive_folder(&self.base);
            let query = cdx::prefix_query(&wayback.config().base, &folder, &self.stem);
            let before = wayback.requests().await;
            self.use_of(Source::Archive).asked = true;
            let listed = wayback.list(&query).await;
            let made = wayback.requests().await.saturating_sub(before);
            self.use_of(Source::Archive).requests += made;
            match listed {
                Ok(captures) => {
                    for c in captures {
                        if let Some(c) = discover::sitemap_page(&self.base, &self.stem, &c.original) {
                            self.offer(c, Source::Archive);
                        }
                    }
                }
                Err(miss) => self.warn(format!(
                    "the Wayback Machine's list of {folder} could not be read ({miss}); later parts not looked for"
                )),
            }
        }
        self.take(n)
    }

    /// `/?name=<stem>-part-<spelling>` for each spelling of `n`, until one redirects to it.
    async fn look_up(&mut self, n: u32) -> Result<(), FetchError> {
        for url in discover::look_ups(&self.base, &self.stem, n) {
            if let LookUp::Redirect(to) = self.fetcher.look_up(&url).await? {
                match discover::look_up_answer(&self.base, &self.stem, n, &to) {
                    Some(c) => {
                        self.offer(c, Source::LookUp);
                        return Ok(());
                    }
                    None => tracing::debug!(%url, %to, "look-up redirected elsewhere: ignored"),
                }
            }
        }
        Ok(())
    }

    /// The sitemaps to start from: robots.txt's `Sitemap:` lines on the article's host, or
    /// else the two places WordPress serves them.
    async fn start_walk(&mut self) -> Result<(), FetchError> {
        self.walk.started = true;
        let robots = self.fetcher.robots_for(&self.base).await?;
        let mut roots = Vec::new();
        for line in robots.sitemaps() {
            match Url::parse(line) {
                Ok(u) if discover::same_host(&self.base, &u) => roots.push(u),
                Ok(u) => tracing::debug!(url = %u, "sitemap on another host: ignored"),
                Err(_) => tracing::debug!(line, "robots.txt Sitemap: not a URL: ignored"),
            }
        }
        if roots.is_empty() {
            for path in ["/sitemap.xml", "/wp-sitemap.xml"] {
                let mut u = self.base.clone();
                u.set_path(path);
                u.set_query(None);
                u.set_fragment(None);
                self.walk.fallback.push(u);
            }
            self.walk.fallback.reverse();
        }
        self.walk.stack = roots.into_iter().rev().map(|u| (u, 0)).collect();
        Ok(())
    }

    /// Reads the next sitemap file. `Ok(false)` when there is none left to read.
    async fn next_sitemap(&mut self) -> Result<bool, FetchError> {
        if !self.walk.started {
            self.start_walk().await?;
        }
        let (url, depth) = loop {
            let next = match self.walk.stack.pop() {
                Some(next) => next,
                None if !self.walk.any_read => match self.walk.fallback.pop() {
                    Some(u) => (u, 0),
                    None => return Ok(false),
                },
                None => return Ok(false),
            };
            if self.walk.visited.insert(url_key(&next.0)) {
                break next;
            }
        };
        if self.walk.files >= MAX_SITEMAP_FILES {
            self.walk.stack.clear();
            self.walk.fallback.clear();
            self.warn(format!(
                "{url}: not read: {MAX_SITEMAP_FILES} sitemap files already read in this run"
            ));
            return Ok(false);
        }
        self.walk.files += 1;
        let Some(body) = self.fetcher.fetch_index(&url, IndexKind::Sitemap).await? else {
            return Ok(true);
        };
        let mut children = Vec::new();
        let mut parts = Vec::new();
        let (base, stem, since) = (&self.base, &self.stem, self.since);
        let read = xml::read(&body, xml::MAX_DECOMPRESSED, |item| match item {
            Item::Sitemap { loc, lastmod } => match Url::parse(&loc) {
                Ok(child) if !discover::same_host(base, &child) => {
                    tracing::debug!(url = %child, "sitemap on another host: ignored");
                }
                Ok(child) if discover::may_hold_later_posts(&child, lastmod.as_deref(), since) => {
                    children.push(child);
                }
                Ok(child) => tracing::debug!(url = %child, ?lastmod, "sitemap skipped by lastmod"),
                Err(_) => {}
            },
            Item::Page { loc, .. } => parts.extend(discover::sitemap_page(base, stem, &loc)),
            Item::Post { .. } => {}
        });
        match read {
            Err(e) => {
                self.warn(format!("{url}: not a readable sitemap ({e}); skipped"));
            }
            Ok(format) => {
                self.walk.any_read = true;
                tracing::debug!(%url, ?format, children = children.len(), parts = parts.len(), "sitemap read");
                if !children.is_empty() && depth >= MAX_SITEMAP_DEPTH {
                    self.warn(format!(
                        "{url}: sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}; its {} children not read",
                        children.len()
                    ));
                } else {
                    self.walk
                        .stack
                        .extend(children.into_iter().rev().map(|c| (c, depth + 1)));
                }
                for c in parts {
                    self.offer(c, Source::Sitemaps);
                }
            }
        }
        Ok(true)
    }

    /// Reads the host's `/feed/` (the newest posts only).
    async fn read_feed(&mut self) -> Result<(), FetchError> {
        let mut feed = self.base.clone();
        feed.set_path("/feed/");
        feed.set_query(None);
        feed.set_fragment(None);
        let Some(body) = self.fetcher.fetch_index(&feed, IndexKind::Feed).await? else {
            return Ok(());
        };
        let mut items = Vec::new();
        match xml::read(&body, xml::MAX_DECOMPRESSED, |i| items.push(i)) {
            Err(e) => self.warn(format!("{feed}: not a readable feed ({e}); skipped")),
            Ok(_) => {
                for c in discover::feed_posts(&items, &feed, &self.base, &self.stem) {
                    self.offer(c, Source::Feed);
                }
            }
        }
        Ok(())
    }
}
