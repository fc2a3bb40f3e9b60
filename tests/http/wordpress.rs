//! A small WordPress.com-like site for the discovery tests, served by a wiremock server on
//! 127.0.0.1. SYNTHETIC: every post but the two parts of the series is invented filler
//! ("Synthetic review N"); Part One is the fixture and Part Two the synthetic test page of
//! `tests/pages/`, both with `https://acloserlisten.com` rewritten to the server's address.
//!
//! What it does as WordPress.com (with Jetpack) and WordPress core do:
//! - `robots.txt` with WordPress.com's rules and `Sitemap:` lines for `sitemap.xml` and
//!   `news-sitemap.xml`;
//! - Jetpack's sitemap chain: `sitemap.xml` → `sitemap-index-1.xml` → `sitemap-N.xml`,
//!   1000 posts each, a `<!--generator-->` comment and an `<?xml-stylesheet?>` before the
//!   root, `<lastmod>` on every entry, `<image:image>` entries, `text/xml`; an image sitemap
//!   index beside it; a news sitemap of the last two days;
//! - or WordPress core's: `wp-sitemap.xml` → `wp-sitemap-posts-post-N.xml` (2000 each),
//!   with page, taxonomy and user sitemaps listed too and no `<lastmod>` in the index;
//! - `/?name=<slug>` answers 301 to the post's permalink, or 404;
//! - `/feed/` is RSS 2.0 of the ten newest posts;
//! - permalinks `/YYYY/MM/DD/slug/` answer with ETag and 304 to a matching If-None-Match;
//! - `/wp-json/` and everything else: 404 with an HTML body.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const SERIES: &str = "the-best-film-tv-soundtracks-of-all-time";
pub const PART_ONE_PATH: &str = "/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
pub const PART_TWO_PATH: &str = "/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/";

/// Other series on the site that also have a "Part Two" (and a "Part 3"): never fetched.
pub const DECOYS: &[&str] = &[
    "the-best-film-tv-soundtracks-of-2022-part-two",
    "the-best-film-tv-soundtracks-of-all-time-readers-picks-part-two",
    "ambient-week-part-two",
    "best-of-2019-part-3",
];

/// Which sitemaps the site serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sitemaps {
    /// WordPress.com / Jetpack.
    Jetpack,
    /// WordPress core (`wp-sitemap.xml`), and robots.txt names none.
    Core,
    /// Every sitemap URL answers 404 (robots.txt still names Jetpack's).
    Missing,
    /// Every sitemap URL answers 503.
    Failing,
}

/// How the site behaves; [`Site::default`] is WordPress.com as it is today.
#[derive(Debug, Clone)]
pub struct Site {
    pub sitemaps: Sitemaps,
    /// `/?name=` redirects; off, every look-up is 404 (as when slugs do not match).
    pub name_look_ups: bool,
    /// Filler posts around the two parts, one a day from 2010-06-01.
    pub posts: usize,
    /// The newest post's date: the feed lists the ten newest, so with the default
    /// (2026-11-20) it holds neither part.
    pub today: (i16, i8, i8),
    /// Jetpack's child sitemaps served gzip: listed as `sitemap-N.xml.gz`, and the index
    /// sent with `Content-Encoding: gzip` to a client that accepts it.
    pub gzip: bool,
    /// The sitemap index also lists a child that is not well-formed XML and one that
    /// answers with an HTML page.
    pub malformed_child: bool,
    /// A sitemap on another host (a second server): listed in robots.txt and the index.
    pub other_host: Option<String>,
    /// Extra robots.txt rules for `User-agent: *`.
    pub robots_rules: String,
    /// Part Two's ETag (None: no validators).
    pub part_two_etag: Option<String>,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            sitemaps: Sitemaps::Jetpack,
            name_look_ups: true,
            posts: 6000,
            today: (2026, 11, 20),
            gzip: false,
            malformed_child: false,
            other_host: None,
            robots_rules: String::new(),
            part_two_etag: Some("\"p2\"".into()),
        }
    }
}

/// One post of the site.
#[derive(Debug, Clone)]
pub struct Post {
    pub date: jiff::civil::Date,
    pub slug: String,
    pub title: String,
    /// Last modified, as written in sitemaps (UTC).
    pub modified: String,
}

impl Post {
    pub fn path(&self) -> String {
        format!("/{}/{}/", self.date.strftime("%Y/%m/%d"), self.slug)
    }
}

/// The site as served: its posts in publication (= id) order.
pub struct Served {
    pub site: Site,
    pub origin: String,
    pub posts: Vec<Post>,
    part_one: String,
    part_two: String,
}

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

impl Served {
    fn new(site: Site, origin: &str) -> Self {
        use jiff::civil::Date;
        use jiff::ToSpan;
        let local = |rel: &str| repo_file(rel).replace("https://acloserlisten.com", origin);
        let one_date = Date::constant(2023, 5, 8);
        let today = Date::new(site.today.0, site.today.1, site.today.2).unwrap();
        let mut posts = Vec::new();
        let mut day = Date::constant(2010, 6, 1);
        let mut i = 0;
        let stamp = |d: Date, h: i8| format!("{}T{h:02}:00:00+00:00", d.strftime("%Y-%m-%d"));
        while posts.len() < site.posts && day <= today {
            if day == one_date {
                posts.push(Post {
                    date: day,
                    slug: format!("{SERIES}-part-one"),
                    title: "The Best Film &amp; TV Soundtracks of All Time ~ Part One".into(),
                    modified: stamp(day, 9),
                });
                let two = day.checked_add(1.day()).unwrap();
                posts.push(Post {
                    date: two,
                    slug: format!("{SERIES}-part-two"),
                    title: "The Best Film &amp; TV Soundtracks of All Time ~ Part Two".into(),
                    modified: stamp(two, 9),
                });
            } else if day == Date::constant(2023, 5, 9) {
                // Part Two's day.
            } else {
                i += 1;
                let (slug, title) = match i % 1000 {
                    // Decoys spread over the years.
                    17 | 517 | 917 | 977 => {
                        let d = DECOYS[(i / 250) % DECOYS.len()];
                        (d.to_string(), format!("Synthetic decoy: {d}"))
                    }
                    _ => (
                        format!("synthetic-review-{i}"),
                        format!("Synthetic review {i}"),
                    ),
                };
                // One early post was edited recently: its sitemap's lastmod is recent.
                let modified = if i == 42 {
                    stamp(today, 8)
                } else {
                    stamp(day, 10)
                };
                posts.push(Post {
                    date: day,
                    slug,
                    title,
                    modified,
                });
            }
            day = day.checked_add(1.day()).unwrap();
        }
        Served {
            part_one: local("fixtures/acloserlisten/part-one.html"),
            part_two: local("tests/pages/part-two-synthetic.html"),
            site,
            origin: origin.to_string(),
            posts,
        }
    }

    /// Part One as served.
    pub fn part_one(&self) -> &str {
        &self.part_one
    }

    /// Part Two as served.
    pub fn part_two(&self) -> &str {
        &self.part_two
    }

    fn post_by_slug(&self, slug: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.slug == slug)
    }

    fn robots(&self) -> ResponseTemplate {
        let mut text = format!(
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /wp-login.php\n{}\n",
            self.site.robots_rules
        );
        if self.site.sitemaps != Sitemaps::Core {
            text.push_str(&format!(
                "Sitemap: {o}/sitemap.xml\nSitemap: {o}/news-sitemap.xml\n",
                o = self.origin
            ));
        }
        if let Some(other) = &self.site.other_host {
            text.push_str(&format!("Sitemap: {other}/sitemap.xml\n"));
        }
        ResponseTemplate::new(200).set_body_raw(text.into_bytes(), "text/plain; charset=utf-8")
    }

    fn xml(body: String) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/xml; charset=UTF-8")
    }

    fn newest_modified(posts: &[Post]) -> String {
        posts
            .iter()
            .map(|p| p.modified.clone())
            .max()
            .unwrap_or_default()
    }

    fn jetpack_chunks(&self) -> Vec<&[Post]> {
        self.posts.chunks(1000).collect()
    }

    fn jetpack(&self, file: &str, gzip_ok: bool) -> Option<ResponseTemplate> {
        const HEAD: &str =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!--generator='jetpack-13.9'-->\n";
        let o = &self.origin;
        let ext = if self.site.gzip { "xml.gz" } else { "xml" };
        if file == "sitemap.xml" {
            let mut body = format!(
                "{HEAD}<?xml-stylesheet type=\"text/xsl\" href=\"{o}/sitemap-index.xsl\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <sitemap><loc>{o}/sitemap-index-1.xml</loc><lastmod>{}</lastmod></sitemap>\
                 <sitemap><loc>{o}/image-sitemap-index-1.xml</loc><lastmod>{}</lastmod></sitemap>",
                Self::newest_modified(&self.posts),
                Self::newest_modified(&self.posts),
            );
            if let Some(other) = &self.site.other_host {
                body.push_str(&format!(
                    "<sitemap><loc>{other}/sitemap-9.xml</loc><lastmod>2026-11-01T00:00:00+00:00</lastmod></sitemap>"
                ));
            }
            body.push_str("</sitemapindex>\n");
            return Some(Self::xml(body));
        }
        if file == "sitemap-index-1.xml" {
            let mut body = format!(
                "{HEAD}<?xml-stylesheet type=\"text/xsl\" href=\"{o}/sitemap-index.xsl\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            );
            for (i, chunk) in self.jetpack_chunks().iter().enumerate() {
                body.push_str(&format!(
                    "<sitemap><loc>{o}/sitemap-{}.{ext}</loc><lastmod>{}</lastmod></sitemap>",
                    i + 1,
                    Self::newest_modified(chunk)
                ));
            }
            if self.site.malformed_child {
                for broken in ["sitemap-broken.xml", "sitemap-theme.xml"] {
                    body.push_str(&format!(
                        "<sitemap><loc>{o}/{broken}</loc><lastmod>2026-11-19T00:00:00+00:00</lastmod></sitemap>"
                    ));
                }
            }
            body.push_str("</sitemapindex>\n");
            if self.site.gzip && gzip_ok {
                return Some(
                    ResponseTemplate::new(200)
                        .set_body_raw(gzip(body.as_bytes()), "text/xml; charset=UTF-8")
                        .insert_header("Content-Encoding", "gzip"),
                );
            }
            return Some(Self::xml(body));
        }
        if file == "sitemap-broken.xml" && self.site.malformed_child {
            // Cut off in the middle of an entry, as a failed generation leaves it.
            return Some(Self::xml(format!(
                "{HEAD}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{o}/2026/11/19/x/</loc><lastmod>2026"
            )));
        }
        if file == "sitemap-theme.xml" && self.site.malformed_child {
            // A theme that answers a sitemap URL with an HTML page and 200.
            return Some(ResponseTemplate::new(200).set_body_raw(
                b"<!DOCTYPE html><html><head><title>Sitemap</title></head><body><ul><li>Home</li></ul></body></html>".to_vec(),
                "text/html; charset=UTF-8",
            ));
        }
        if file == "image-sitemap-index-1.xml" {
            return Some(Self::xml(format!(
                "{HEAD}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{o}/image-sitemap-1.xml</loc></sitemap></sitemapindex>"
            )));
        }
        if file == "news-sitemap.xml" {
            let recent = &self.posts[self.posts.len().saturating_sub(2)..];
            let mut body = format!(
                "{HEAD}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
            );
            for p in recent {
                body.push_str(&format!(
                    "<url><loc>{o}{}</loc><news:news><news:title>{}</news:title></news:news></url>",
                    p.path(),
                    p.title
                ));
            }
            body.push_str("</urlset>\n");
            return Some(Self::xml(body));
        }
        let n: usize = file
            .strip_prefix("sitemap-")?
            .strip_suffix(&format!(".{ext}"))?
            .parse()
            .ok()?;
        let chunk = self.jetpack_chunks().get(n.checked_sub(1)?).copied()?;
        let mut body = format!(
            "{HEAD}<?xml-stylesheet type=\"text/xsl\" href=\"{o}/sitemap.xsl\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">"
        );
        for (k, p) in chunk.iter().enumerate() {
            body.push_str(&format!(
                "<url><loc>{o}{}</loc><lastmod>{}</lastmod>",
                p.path(),
                p.modified
            ));
            if k % 7 == 0 {
                body.push_str(&format!(
                    "<image:image><image:loc>{o}/wp-content/uploads/{k}.jpg?w=640&#038;h=480</image:loc><image:title><![CDATA[Cover & art]]></image:title></image:image>"
                ));
            }
            body.push_str("</url>");
        }
        body.push_str("</urlset>\n");
        if self.site.gzip {
            return Some(
                ResponseTemplate::new(200)
                    .set_body_raw(gzip(body.as_bytes()), "application/x-gzip"),
            );
        }
        Some(Self::xml(body))
    }

    fn core(&self, file: &str) -> Option<ResponseTemplate> {
        let o = &self.origin;
        let head = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"{o}/wp-sitemap-index.xsl\" ?>\n"
        );
        let chunks: Vec<&[Post]> = self.posts.chunks(2000).collect();
        if file == "wp-sitemap.xml" {
            let mut body = format!(
                "{head}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            );
            for i in 1..=chunks.len() {
                body.push_str(&format!(
                    "<sitemap><loc>{o}/wp-sitemap-posts-post-{i}.xml</loc></sitemap>"
                ));
            }
            for extra in [
                "wp-sitemap-posts-page-1.xml",
                "wp-sitemap-taxonomies-category-1.xml",
                "wp-sitemap-taxonomies-post_tag-1.xml",
                "wp-sitemap-users-1.xml",
            ] {
                body.push_str(&format!("<sitemap><loc>{o}/{extra}</loc></sitemap>"));
            }
            body.push_str("</sitemapindex>\n");
            return Some(Self::xml(body));
        }
        if file == "wp-sitemap-posts-page-1.xml" {
            return Some(Self::xml(format!(
                "{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{o}/about/</loc></url></urlset>"
            )));
        }
        let n: usize = file
            .strip_prefix("wp-sitemap-posts-post-")?
            .strip_suffix(".xml")?
            .parse()
            .ok()?;
        let chunk = chunks.get(n.checked_sub(1)?)?;
        let mut body =
            format!("{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for p in chunk.iter() {
            body.push_str(&format!(
                "<url><loc>{o}{}</loc><lastmod>{}</lastmod></url>",
                p.path(),
                p.modified
            ));
        }
        body.push_str("</urlset>\n");
        Some(Self::xml(body))
    }

    fn feed(&self) -> ResponseTemplate {
        let o = &self.origin;
        let mut body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
             <channel><title>A Closer Listen (synthetic)</title><atom:link href=\"{o}/feed/\" rel=\"self\" type=\"application/rss+xml\" /><link>{o}</link>"
        );
        for p in self.posts.iter().rev().take(10) {
            body.push_str(&format!(
                "<item><title>{}</title><link>{o}{}</link><comments>{o}{}#respond</comments><dc:creator><![CDATA[Synthetic Writer]]></dc:creator><guid isPermaLink=\"false\">{o}/?p={}</guid></item>",
                p.title,
                p.path(),
                p.path(),
                p.slug.len()
            ));
        }
        body.push_str("</channel></rss>\n");
        ResponseTemplate::new(200)
            .set_body_raw(body.into_bytes(), "application/rss+xml; charset=UTF-8")
    }

    fn page(&self, req: &Request, body: &str, etag: Option<&str>) -> ResponseTemplate {
        if let Some(etag) = etag {
            let matches = req
                .headers
                .get("if-none-match")
                .and_then(|v| v.to_str().ok())
                == Some(etag);
            if matches {
                return ResponseTemplate::new(304).insert_header("ETag", etag);
            }
            return ResponseTemplate::new(200)
                .set_body_raw(body.as_bytes().to_vec(), "text/html; charset=UTF-8")
                .insert_header("ETag", etag);
        }
        ResponseTemplate::new(200)
            .set_body_raw(body.as_bytes().to_vec(), "text/html; charset=UTF-8")
    }

    fn not_found() -> ResponseTemplate {
        ResponseTemplate::new(404).set_body_raw(
            b"<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Oops! That page can't be found.</h1></body></html>".to_vec(),
            "text/html; charset=UTF-8",
        )
    }
}

impl Respond for Served {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let path = req.url.path();
        if path == "/robots.txt" {
            return self.robots();
        }
        if path == "/" {
            let name = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "name")
                .map(|(_, v)| v.into_owned());
            return match name {
                Some(slug) if self.site.name_look_ups => match self.post_by_slug(&slug) {
                    Some(p) => ResponseTemplate::new(301)
                        .insert_header("Location", format!("{}{}", self.origin, p.path()).as_str())
                        .insert_header("X-Redirect-By", "WordPress"),
                    None => Self::not_found(),
                },
                Some(_) => Self::not_found(),
                None => self.page(req, "<!DOCTYPE html><html><head><title>Synthetic home</title></head><body></body></html>", None),
            };
        }
        if path == "/feed/" {
            return self.feed();
        }
        let file = path.trim_start_matches('/');
        let is_sitemap =
            file.contains("sitemap") && (file.ends_with(".xml") || file.ends_with(".xml.gz"));
        if is_sitemap {
            let gzip_ok = req
                .headers
                .get("accept-encoding")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("gzip"));
            let served = match self.site.sitemaps {
                Sitemaps::Jetpack => self.jetpack(file, gzip_ok),
                Sitemaps::Core => self.core(file),
                Sitemaps::Missing => None,
                Sitemaps::Failing => return ResponseTemplate::new(503),
            };
            return served.unwrap_or_else(Self::not_found);
        }
        if path == PART_ONE_PATH {
            return self.page(req, &self.part_one, Some("\"p1\""));
        }
        if path == PART_TWO_PATH {
            return self.page(req, &self.part_two, self.site.part_two_etag.as_deref());
        }
        if let Some(p) = self.posts.iter().find(|p| p.path() == path) {
            let body = format!(
                "<!DOCTYPE html><html><head><title>{} &#8211; Synthetic</title></head><body><h1 class=\"entry-title\">{}</h1><div class=\"entry-content\"><p>Synthetic filler.</p></div></body></html>",
                p.title, p.title
            );
            return self.page(req, &body, None);
        }
        Self::not_found()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Starts a server on 127.0.0.1 serving `site`; returns it with the site's posts.
pub async fn start(site: Site) -> (MockServer, std::sync::Arc<Vec<Post>>) {
    let server = MockServer::start().await;
    let served = Served::new(site, &server.uri());
    let posts = std::sync::Arc::new(served.posts.clone());
    Mock::given(any()).respond_with(served).mount(&server).await;
    (server, posts)
}

/// Paths of the requests the server received, in order.
pub async fn request_paths(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{}?{q}", r.url.path()),
            None => r.url.path().to_string(),
        })
        .collect()
}
