//! The page's tree walked whole, with the selectors written as CSS over scraper's tree: the
//! fallback for the pages [`super::sink`] cannot read in one pass (markup the tree builder
//! repairs by moving nodes), and the reference its tests compare it against.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node as DomNode, Selector};

use super::flatten::{skipped, Flattener};
use super::select::COMMENT_CLASSES;
use super::sink::Walked;

/// Every selector below, parsed once.
static SELECTORS: LazyLock<HashMap<&'static str, Selector>> = LazyLock::new(|| {
    BODY.iter()
        .chain(&TITLE)
        .chain(&HEAD)
        .map(|&css| (css, Selector::parse(css).expect("static selector")))
        .collect()
});

/// The body selectors, best first (the ranks of [`super::select`]).
const BODY: [&str; 8] = [
    "article .entry-content",
    ".entry-content",
    ".wp-block-post-content",
    "[itemprop=\"articleBody\"]",
    ".post-content",
    ".post-entry",
    "article .entry",
    "article",
];
/// The title selectors, best first.
const TITLE: [&str; 4] = [
    "h1.entry-title",
    ".entry-title",
    ".wp-block-post-title",
    "article h1",
];
const CANONICAL: &str = "link[rel=\"canonical\"]";
const OG_URL: &str = "meta[property=\"og:url\"]";
const OG_TITLE: &str = "meta[property=\"og:title\"]";
const PUBLISHED_META: &str = "meta[property=\"article:published_time\"]";
const PUBLISHED_TIME: &str =
    "time.entry-date[datetime], time.published[datetime], article time[datetime]";
const HEAD: [&str; 6] = [
    "title",
    CANONICAL,
    OG_URL,
    OG_TITLE,
    PUBLISHED_META,
    PUBLISHED_TIME,
];

fn select<'a>(doc: &'a Html, css: &'static str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    let matched: Vec<ElementRef<'a>> = SELECTORS
        .get(css)
        .map(|sel| doc.select(sel).collect())
        .unwrap_or_default();
    matched.into_iter()
}

fn text_of(el: ElementRef<'_>) -> String {
    el.text().collect()
}

fn first_attr(doc: &Html, sel: &'static str, name: &str) -> Option<String> {
    select(doc, sel)
        .filter_map(|el| el.value().attr(name))
        .map(super::text::clean)
        .find(|v| !v.is_empty())
}

/// The same walk over the whole tree as scraper builds it, with the selectors written as
/// CSS: for pages [`super::sink`] cannot read in one pass, and the reference its tests compare against.
pub(super) fn dom_walk(html: &str) -> Walked {
    let doc = Html::parse_document(html);
    let inside_comments = |el: &ElementRef<'_>| {
        el.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().classes().any(|c| COMMENT_CLASSES.contains(&c)))
    };
    let body = BODY
        .iter()
        .find_map(|sel| select(&doc, sel).find(|el| !inside_comments(el)));
    let entries = body.map(|body| {
        let mut flat = Flattener::default();
        for child in body.children() {
            let mut skipping = None;
            for edge in child.traverse() {
                match edge {
                    Edge::Open(node) if skipping.is_none() => match node.value() {
                        DomNode::Text(t) => flat.text(t),
                        DomNode::Element(el)
                            if skipped(el.name(), el.attr("class"), el.attr("id")) =>
                        {
                            skipping = Some(node.id());
                        }
                        DomNode::Element(el) => flat.open(el.name()),
                        _ => {}
                    },
                    Edge::Open(_) => {}
                    Edge::Close(node) => {
                        if skipping.is_some() {
                            if skipping == Some(node.id()) {
                                skipping = None;
                            }
                        } else if let DomNode::Element(el) = node.value() {
                            flat.close(el.name());
                        }
                    }
                }
            }
        }
        flat.finish()
    });
    let title = TITLE
        .iter()
        .find_map(|sel| select(&doc, sel).next())
        .map(text_of);
    let head_title = select(&doc, "title").next().map(text_of);
    Walked {
        entries,
        title,
        head_title,
        canonical: first_attr(&doc, CANONICAL, "href"),
        og_url: first_attr(&doc, OG_URL, "content"),
        og_title: first_attr(&doc, OG_TITLE, "content"),
        published_meta: first_attr(&doc, PUBLISHED_META, "content"),
        published_time: first_attr(&doc, PUBLISHED_TIME, "datetime"),
    }
}
