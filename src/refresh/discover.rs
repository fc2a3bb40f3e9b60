//! Finding other parts of the series: links on fetched pages and items of the site's RSS
//! feed whose text or URL names the same series with "Part Two", "Part 2", "Part III" ….
//! Pure: HTML or XML text in, candidate URLs out. Nothing off the article's host is kept.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use reqwest::Url;
use scraper::{Html, Selector};

use crate::fetch::store::{slug_for, slugify, url_key};

/// A link to another part of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: Url,
    /// The part number the link names.
    pub part: u32,
}

static PART_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)-part-([a-z]+|[0-9]+)$").expect("static"));
static PART_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-part-([a-z]+|[0-9]+)(?:-|$)").expect("static"));

/// The number a part token names: `two`, `2`, `ii` → 2.
pub fn part_number(token: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const ROMAN: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let t = token.to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=99).contains(&n).then_some(n);
    }
    [WORDS, ROMAN]
        .iter()
        .find_map(|list| list.iter().position(|w| *w == t))
        .map(|i| i as u32 + 1)
}

/// The series a page belongs to, from its slug: `…-of-all-time-part-one` →
/// `…-of-all-time`. A slug that names no part is its own series.
pub fn series_stem(url: &Url) -> String {
    let slug = slug_for(url);
    match PART_SUFFIX.captures(&slug) {
        Some(c) if part_number(&c[2]).is_some() => c[1].to_string(),
        _ => slug,
    }
}

/// The part that `text` (a slug) names within the series `stem`, if any.
pub fn names_part(text_slug: &str, stem: &str) -> Option<u32> {
    if stem.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = text_slug[from..].find(stem) {
        let after = from + pos + stem.len();
        if let Some(c) = PART_AFTER.captures(&text_slug[after..]) {
            if let Some(n) = part_number(&c[1]) {
                return Some(n);
            }
        }
        from = after;
    }
    None
}

/// Whether `url` is on the same host as `base` (scheme and port may differ).
pub fn same_host(base: &Url, url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
        && url.host_str().map(str::to_ascii_lowercase)
            == base.host_str().map(str::to_ascii_lowercase)
}

/// A candidate from one link (href resolved against `page`) and its text.
fn candidate(page: &Url, base: &Url, stem: &str, href: &str, text: &str) -> Option<Candidate> {
    let mut url = page.join(href.trim()).ok()?;
    // WordPress permalinks carry no query: `?share=twitter`, `?replytocom=` and `#respond`
    // are the same article.
    url.set_fragment(None);
    url.set_query(None);
    if !same_host(base, &url) {
        return None;
    }
    let part = names_part(&slug_for(&url), stem).or_else(|| names_part(&slugify(text), stem))?;
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

/// Links on a page (`html`, fetched from `page`) to parts of the series `stem`, on `base`'s
/// host.
pub fn links_in_page(html: &str, page: &Url, base: &Url, stem: &str) -> Vec<Candidate> {
    let doc = Html::parse_document(html);
    let found = doc
        .select(&LINKS)
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            let text: String = a.text().collect();
            candidate(page, base, stem, href, &text)
        })
        .collect();
    dedup(found)
}

static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<(item|entry)\b.*?</(?:item|entry)>").expect("static"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title\b[^>]*>(.*?)</title>").expect("static"));
static LINK_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<link\b[^>]*>(.*?)</link>").expect("static"));
static LINK_HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<link\b[^>]*\bhref\s*=\s*["']([^"']+)["']"#).expect("static")
});

/// Text of an XML element's content: CDATA unwrapped, entities decoded.
fn xml_text(raw: &str) -> String {
    let raw = raw.trim();
    let inner = raw
        .strip_prefix("<![CDATA[")
        .and_then(|s| s.strip_suffix("]]>"))
        .map(str::to_owned);
    match inner {
        Some(text) => text,
        None => Html::parse_fragment(raw).root_element().text().collect(),
    }
}

/// Items of an RSS or Atom feed (read from `feed`) that are parts of the series `stem`, on
/// `base`'s host.
pub fn links_in_feed(xml: &str, feed: &Url, base: &Url, stem: &str) -> Vec<Candidate> {
    let found = ITEM
        .find_iter(xml)
        .filter_map(|item| {
            let item = item.as_str();
            let title = TITLE
                .captures(item)
                .map(|c| xml_text(&c[1]))
                .unwrap_or_default();
            let link = LINK_TEXT
                .captures(item)
                .map(|c| xml_text(&c[1]))
                .filter(|l| !l.trim().is_empty())
                .or_else(|| LINK_HREF.captures(item).map(|c| xml_text(&c[1])))?;
            candidate(feed, base, stem, &link, &title)
        })
        .collect();
    dedup(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEM: &str = "the-best-film-tv-soundtracks-of-all-time";

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn part_numbers() {
        let cases = [
            ("one", Some(1)),
            ("Two", Some(2)),
            ("2", Some(2)),
            ("twenty", Some(20)),
            ("ii", Some(2)),
            ("iv", Some(4)),
            ("x", Some(10)),
            ("0", None),
            ("time", None),
            ("", None),
        ];
        for (t, want) in cases {
            assert_eq!(part_number(t), want, "{t}");
        }
    }

    #[test]
    fn stems_and_names() {
        assert_eq!(
            series_stem(&u("https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/")),
            STEM
        );
        assert_eq!(series_stem(&u("https://h.com/some-post/")), "some-post");
        let cases = [
            ("the-best-film-tv-soundtracks-of-all-time-part-two", Some(2)),
            ("the-best-film-tv-soundtracks-of-all-time-part-2", Some(2)),
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
            ("the-best-albums-of-all-time-part-two", None),
            ("part-two", None),
        ];
        for (slug, want) in cases {
            assert_eq!(names_part(slug, STEM), want, "{slug}");
        }
    }

    #[test]
    fn links_on_a_page() {
        let page = u("https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/");
        let html = r#"<html><body>
          <a href="/2023/05/15/the-best-film-tv-soundtracks-of-all-time-part-two/#more">Part Two is here</a>
          <a href="https://acloserlisten.com/2023/05/22/continued/">The Best Film &amp; TV Soundtracks of All Time ~ Part 3</a>
          <a href="https://elsewhere.example/the-best-film-tv-soundtracks-of-all-time-part-four/">mirror</a>
          <a href="mailto:x@y.z">The Best Film & TV Soundtracks of All Time ~ Part Five</a>
          <a href="/2023/05/15/the-best-film-tv-soundtracks-of-all-time-part-two/">again</a>
          <a href="/2023/05/15/the-best-film-tv-soundtracks-of-all-time-part-two/?share=twitter">Share</a>
          <a href="/2023/01/01/best-albums-part-two/">Best Albums Part Two</a>
          <a href="/tag/soundtracks/">Soundtracks</a>
        </body></html>"#;
        let got: Vec<(String, u32)> = links_in_page(html, &page, &page, STEM)
            .into_iter()
            .map(|c| (c.url.to_string(), c.part))
            .collect();
        assert_eq!(
            got,
            vec![
                ("https://acloserlisten.com/2023/05/15/the-best-film-tv-soundtracks-of-all-time-part-two/".to_string(), 2),
                ("https://acloserlisten.com/2023/05/22/continued/".to_string(), 3),
            ]
        );
    }

    #[test]
    fn items_in_a_feed() {
        let base = u("https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/");
        let feed = u("https://acloserlisten.com/feed/");
        let xml = r#"<?xml version="1.0"?><rss><channel><title>A Closer Listen</title>
          <link>https://acloserlisten.com</link>
          <item><title>The Best Film &amp; TV Soundtracks of All Time ~ Part Two</title>
            <link>https://acloserlisten.com/2023/05/15/post-1234/</link></item>
          <item><title><![CDATA[Some Album Review]]></title>
            <link>https://acloserlisten.com/2023/05/14/some-album/</link></item>
          <item><title>Elsewhere</title>
            <link>https://other.example/the-best-film-tv-soundtracks-of-all-time-part-three/</link></item>
        </channel></rss>"#;
        let got: Vec<(String, u32)> = links_in_feed(xml, &feed, &base, STEM)
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
        let atom = r#"<feed><entry><title type="html">The Best Film &amp; TV Soundtracks of All Time – Part 4</title>
          <link rel="alternate" href="https://acloserlisten.com/p/4/"/></entry></feed>"#;
        let got = links_in_feed(atom, &feed, &base, STEM);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].part, 4);
    }
}
