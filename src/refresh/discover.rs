//! Which URLs are other parts of the series, from what each discovery source gives: links
//! on fetched pages, `?name=` look-up redirects, sitemap entries and feed items. Pure: text,
//! URLs and dates in, [`Candidate`]s out; the requests are [`super::sources`]'.
//!
//! A candidate is always on the article's host and names the series' own slug stem followed
//! by a part (`…-of-all-time-part-two`, `…-part-2`, `…-part-ii`), in its URL or, for links
//! and feed items, in its text. Other series on the site that also have a "Part Two" never
//! qualify. Part numbers are read by [`crate::parse::part`], the parser `build` uses too.

use std::collections::HashSet;
use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::ToSpan;
use reqwest::Url;
use scraper::{Html, Selector};

use super::xml::Item;
use crate::fixtures::{slug_for, url_key};
use crate::parse::part;
use crate::parse::text::slug;

/// A URL that names a part of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: Url,
    /// The part number it names.
    pub part: u32,
}

/// The series a page belongs to, from its slug: `…-of-all-time-part-one` →
/// `…-of-all-time`. A slug that names no part is its own series.
pub fn series_stem(url: &Url) -> String {
    let slug = slug_for(url);
    slug.match_indices("-part-")
        .find(|(at, m)| part::parse_token(&slug[at + m.len()..]).is_some())
        .map(|(at, _)| slug[..at].to_string())
        .unwrap_or(slug)
}

/// The part that `text_slug` (a slug, or text slugified) names within the series `stem`:
/// the stem, then `-part-` and a part token, then the end or a `-`.
pub(crate) fn names_part(text_slug: &str, stem: &str) -> Option<u32> {
    if stem.is_empty() {
        return None;
    }
    text_slug
        .match_indices(stem)
        .find_map(|(at, _)| part_after(&text_slug[at + stem.len()..]))
}

/// The part token right after a stem: `-part-two`, `-part-twenty-one`, `-part-2-2` (a
/// WordPress duplicate suffix) → its number.
fn part_after(rest: &str) -> Option<u32> {
    let rest = rest.strip_prefix("-part-")?;
    let mut words = rest.split('-');
    let first = words.next()?;
    if let Some(second) = words.next() {
        if let Some(n) = part::parse_token(&format!("{first}-{second}")) {
            return Some(n);
        }
    }
    part::parse_token(first)
}

/// Whether `url` is on the same host as `base` (scheme and port may differ).
pub(crate) fn same_host(base: &Url, url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
        && url.host_str().map(str::to_ascii_lowercase)
            == base.host_str().map(str::to_ascii_lowercase)
}

/// `url` without what never changes the article: WordPress permalinks carry no query, and
/// `?share=twitter`, `?replytocom=` and `#respond` are the same article.
fn article_url(mut url: Url) -> Url {
    url.set_fragment(None);
    url.set_query(None);
    url
}

/// A candidate from one link (`href` resolved against `page`) and its text.
fn candidate(page: &Url, base: &Url, stem: &str, href: &str, text: &str) -> Option<Candidate> {
    let url = article_url(page.join(href.trim()).ok()?);
    if !same_host(base, &url) {
        return None;
    }
    let part = names_part(&slug_for(&url), stem).or_else(|| names_part(&slug(text), stem))?;
    Some(Candidate { url, part })
}

fn dedup(found: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|c| seen.insert(url_key(&c.url)))
        .collect()
}

static LINKS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("static selector"));

/// What one fetched page tells discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    /// The part the page itself is, by [`part::of_page`]: from its title, else its URL.
    pub own_part: Option<u32>,
    /// Links on it to parts of the series.
    pub links: Vec<Candidate>,
}

/// Reads a page (`html`, fetched from `page`): which part it is and its links to parts of
/// the series `stem` on `base`'s host.
pub(crate) fn read_page(html: &str, page: &Url, base: &Url, stem: &str) -> PageLinks {
    let doc = Html::parse_document(html);
    let own_part = part::of_page(&crate::parse::page::title(&doc), Some(page.as_str()));
    let found = doc
        .select(&LINKS)
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            let text: String = a.text().collect();
            candidate(page, base, stem, href, &text)
        })
        .collect();
    PageLinks {
        own_part,
        links: dedup(found),
    }
}

/// The `?name=` look-ups for part `n`, most likely slug first: WordPress answers
/// `/?name=<slug>` with a redirect to the post's permalink, whatever its date.
pub(crate) fn look_ups(base: &Url, stem: &str, n: u32) -> Vec<Url> {
    part::slug_spellings(n)
        .into_iter()
        .map(|spelling| {
            let mut url = base.clone();
            url.set_path("/");
            url.set_fragment(None);
            url.query_pairs_mut()
                .clear()
                .append_pair("name", &format!("{stem}-part-{spelling}"));
            url
        })
        .collect()
}

/// The answer to a look-up for part `n` that redirected to `location`, if it is that part
/// on the article's host.
pub(crate) fn look_up_answer(base: &Url, stem: &str, n: u32, location: &Url) -> Option<Candidate> {
    let url = article_url(location.clone());
    (same_host(base, &url) && names_part(&slug_for(&url), stem) == Some(n))
        .then_some(Candidate { url, part: n })
}

/// A sitemap's page entry, if it is a part of the series on the article's host (sitemaps
/// give no titles: the URL's slug must name the part).
pub fn sitemap_page(base: &Url, stem: &str, loc: &str) -> Option<Candidate> {
    let url = article_url(Url::parse(loc).ok()?);
    if !same_host(base, &url) {
        return None;
    }
    let part = names_part(&slug_for(&url), stem)?;
    Some(Candidate { url, part })
}

/// Feed items (read from `feed`) that are parts of the series, by link or title.
pub fn feed_posts(items: &[Item], feed: &Url, base: &Url, stem: &str) -> Vec<Candidate> {
    let found = items
        .iter()
        .filter_map(|item| match item {
            Item::Post { link, title } => candidate(feed, base, stem, link, title),
            _ => None,
        })
        .collect();
    dedup(found)
}

/// The publication date in a WordPress permalink: `/2023/05/08/slug/` → 2023-05-08.
pub(crate) fn date_in_path(url: &Url) -> Option<Date> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    segments.windows(3).find_map(|w| {
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(w[0], 4) && digits(w[1], 2) && digits(w[2], 2)) {
            return None;
        }
        Date::new(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?).ok()
    })
}

/// The folder the archive is asked about for later parts: the article's host (with its
/// port) and its permalink's year and month, `acloserlisten.com/2023/05/` (parts of a series
/// come out days apart); the host alone when the permalink has no date.
pub(crate) fn archive_folder(base: &Url) -> String {
    let host = base.host_str().unwrap_or("").to_ascii_lowercase();
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    match date_in_path(base) {
        Some(d) => format!("{host}{port}/{:04}/{:02}/", d.year(), d.month()),
        None => format!("{host}{port}/"),
    }
}

/// Sitemap files that list media, terms or authors, never posts: Jetpack's image and video
/// sitemaps, WordPress core's taxonomy and user sitemaps.
fn lists_no_posts(url: &Url) -> bool {
    let file = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    ["image-sitemap", "video-sitemap"]
        .iter()
        .any(|p| file.starts_with(p))
        || ["wp-sitemap-taxonomies-", "wp-sitemap-users-"]
            .iter()
            .any(|p| file.starts_with(p))
}

/// Whether a child sitemap (`url`, last modified `lastmod`) can hold a post published after
/// `since` (Part One's date). A post published later was modified later, so a file last
/// modified before `since` cannot; two days of slack cover a `lastmod` written in another
/// time zone than the permalink's date. A missing or unreadable date keeps the file.
pub(crate) fn may_hold_later_posts(url: &Url, lastmod: Option<&str>, since: Option<Date>) -> bool {
    if lists_no_posts(url) {
        return false;
    }
    let (Some(lastmod), Some(since)) = (lastmod, since) else {
        return true;
    };
    let Some(modified) = lastmod
        .trim()
        .get(..10)
        .and_then(|d| d.parse::<Date>().ok())
    else {
        return true;
    };
    match since.checked_sub(2.days()) {
        Ok(threshold) => modified >= threshold,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refresh::xml;

    const STEM: &str = "the-best-film-tv-soundtracks-of-all-time";
    const ONE: &str =
        "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn stems_and_names() {
        assert_eq!(series_stem(&u(ONE)), STEM);
        assert_eq!(series_stem(&u("https://h.com/some-post/")), "some-post");
        assert_eq!(
            series_stem(&u("https://h.com/a-part-of-it/")),
            "a-part-of-it"
        );
        let cases = [
            ("the-best-film-tv-soundtracks-of-all-time-part-two", Some(2)),
            ("the-best-film-tv-soundtracks-of-all-time-part-2", Some(2)),
            ("the-best-film-tv-soundtracks-of-all-time-part-ii", Some(2)),
            (
                "the-best-film-tv-soundtracks-of-all-time-part-eleven",
                Some(11),
            ),
            (
                "the-best-film-tv-soundtracks-of-all-time-part-twenty-one",
                Some(21),
            ),
            (
                "the-best-film-tv-soundtracks-of-all-time-part-three-2",
                Some(3),
            ),
            (
                "read-the-best-film-tv-soundtracks-of-all-time-part-ii-now",
                Some(2),
            ),
            ("the-best-film-tv-soundtracks-of-all-time", None),
            ("the-best-film-tv-soundtracks-of-all-time-partial", None),
            ("the-best-film-tv-soundtracks-of-all-time-part-time", None),
            ("the-best-albums-of-all-time-part-two", None),
            ("part-two", None),
        ];
        for (slug, want) in cases {
            assert_eq!(names_part(slug, STEM), want, "{slug}");
        }
    }

    #[test]
    fn links_on_a_page() {
        let page = u(ONE);
        let html = r#"<html><head><title>The Best Film &amp; TV Soundtracks of All Time ~ Part One &#8211; A Closer Listen</title></head><body>
          <a href="/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/#more">Part Two is here</a>
          <a href="https://acloserlisten.com/2023/05/22/continued/">The Best Film &amp; TV Soundtracks of All Time ~ Part 3</a>
          <a href="https://elsewhere.example/the-best-film-tv-soundtracks-of-all-time-part-four/">mirror</a>
          <a href="mailto:x@y.z">The Best Film & TV Soundtracks of All Time ~ Part Five</a>
          <a href="/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/">again</a>
          <a href="/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/?share=twitter">Share</a>
          <a href="/2023/01/01/best-albums-part-two/">Best Albums Part Two</a>
          <a href="/tag/soundtracks/">Soundtracks</a>
        </body></html>"#;
        let got = read_page(html, &page, &page, STEM);
        assert_eq!(got.own_part, Some(1));
        let links: Vec<(String, u32)> = got
            .links
            .into_iter()
            .map(|c| (c.url.to_string(), c.part))
            .collect();
        assert_eq!(
            links,
            vec![
                ("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/".to_string(), 2),
                ("https://acloserlisten.com/2023/05/22/continued/".to_string(), 3),
            ]
        );
    }

    #[test]
    fn look_ups_and_their_answers() {
        let base = u(ONE);
        let got: Vec<String> = look_ups(&base, STEM, 2)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            got,
            vec![
                "https://acloserlisten.com/?name=the-best-film-tv-soundtracks-of-all-time-part-two",
                "https://acloserlisten.com/?name=the-best-film-tv-soundtracks-of-all-time-part-2",
                "https://acloserlisten.com/?name=the-best-film-tv-soundtracks-of-all-time-part-ii",
            ]
        );
        let two = "https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/";
        let cases = [
            (two, 2, Some(two)),
            (
                "http://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/?x=1",
                2,
                Some("http://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/"),
            ),
            // Another part than the one asked for, another host, another series.
            (two, 3, None),
            (
                "https://mirror.example/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/",
                2,
                None,
            ),
            (
                "https://acloserlisten.com/2019/01/01/best-of-2018-part-two/",
                2,
                None,
            ),
            ("https://acloserlisten.com/", 2, None),
        ];
        for (location, n, want) in cases {
            let got = look_up_answer(&base, STEM, n, &u(location)).map(|c| c.url.to_string());
            assert_eq!(got.as_deref(), want, "{location} for part {n}");
        }
    }

    #[test]
    fn sitemap_pages() {
        let base = u(ONE);
        let cases = [
            ("https://acloserlisten.com/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/", Some(2)),
            ("https://acloserlisten.com/2020/05/09/the-best-albums-of-all-time-part-two/", None),
            ("https://other.example/2023/05/09/the-best-film-tv-soundtracks-of-all-time-part-two/", None),
            ("not a url", None),
        ];
        for (loc, want) in cases {
            assert_eq!(
                sitemap_page(&base, STEM, loc).map(|c| c.part),
                want,
                "{loc}"
            );
        }
    }

    #[test]
    fn items_in_a_feed() {
        let base = u(ONE);
        let feed = u("https://acloserlisten.com/feed/");
        let rss = r#"<?xml version="1.0"?><rss><channel><title>A Closer Listen</title>
          <link>https://acloserlisten.com</link>
          <item><title>The Best Film &amp; TV Soundtracks of All Time ~ Part Two</title>
            <link>https://acloserlisten.com/2023/05/15/post-1234/</link></item>
          <item><title><![CDATA[Some Album Review]]></title>
            <link>https://acloserlisten.com/2023/05/14/some-album/</link></item>
          <item><title>Elsewhere</title>
            <link>https://other.example/the-best-film-tv-soundtracks-of-all-time-part-three/</link></item>
        </channel></rss>"#;
        let mut items = Vec::new();
        xml::read(rss.as_bytes(), xml::MAX_DECOMPRESSED, |i| items.push(i)).unwrap();
        let got: Vec<(String, u32)> = feed_posts(&items, &feed, &base, STEM)
            .into_iter()
            .map(|c| (c.url.to_string(), c.part))
            .collect();
        assert_eq!(
            got,
            vec![(
                "https://acloserlisten.com/2023/05/15/post-1234/".to_string(),
                2
            )]
        );
    }

    #[test]
    fn dates_and_lastmod() {
        assert_eq!(date_in_path(&u(ONE)), Some(Date::constant(2023, 5, 8)));
        assert_eq!(date_in_path(&u("https://h/2023/13/08/x/")), None);
        assert_eq!(date_in_path(&u("https://h/x/")), None);
        assert_eq!(archive_folder(&u(ONE)), "acloserlisten.com/2023/05/");
        assert_eq!(
            archive_folder(&u("http://127.0.0.1:8080/2023/05/09/x/")),
            "127.0.0.1:8080/2023/05/"
        );
        assert_eq!(archive_folder(&u("https://H.org/x/")), "h.org/");
        let since = Some(Date::constant(2023, 5, 8));
        let child = u("https://acloserlisten.com/sitemap-5.xml");
        let cases = [
            (Some("2023-05-09T10:00:00Z"), since, true),
            (Some("2023-05-07T23:00:00-05:00"), since, true),
            (Some("2023-05-06"), since, true),
            (Some("2023-05-05T23:59:59+00:00"), since, false),
            (Some("2014-01-01T00:00:00Z"), since, false),
            (Some("yesterday"), since, true),
            (None, since, true),
            (Some("2014-01-01"), None, true),
        ];
        for (lastmod, since, want) in cases {
            assert_eq!(
                may_hold_later_posts(&child, lastmod, since),
                want,
                "{lastmod:?}"
            );
        }
        for media in [
            "https://h/image-sitemap-1.xml",
            "https://h/video-sitemap-index-1.xml",
            "https://h/wp-sitemap-taxonomies-category-1.xml",
            "https://h/wp-sitemap-users-1.xml",
        ] {
            assert!(!may_hold_later_posts(&u(media), None, since), "{media}");
        }
        assert!(may_hold_later_posts(
            &u("https://h/wp-sitemap-posts-post-1.xml"),
            None,
            since
        ));
    }
}
