//! The page's tree walked whole, with the selectors written as CSS over scraper's tree: the
//! fallback for the pages [`super::sink`] cannot read in one pass (markup the tree builder
//! repairs by moving nodes), and the reference its tests compare it against.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node as DomNode, Selector};

use super::flatten::{skipped, Flattener};
use super::select::COMMENT_CLASSES;
use super::sink::Walked;

fn select<'a>(doc: &'a Html, sel: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    let sel = Selector::parse(sel).expect("static selector");
    doc.select(&sel).collect::<Vec<_>>().into_iter()
}

fn text_of(el: ElementRef<'_>) -> String {
    el.text().collect()
}

fn first_attr(doc: &Html, sel: &str, name: &str) -> Option<String> {
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
    let body = [
        "article .entry-content",
        ".entry-content",
        ".wp-block-post-content",
        "[itemprop=\"articleBody\"]",
        ".post-content",
        ".post-entry",
        "article .entry",
        "article",
    ]
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
    let title = [
        "h1.entry-title",
        ".entry-title",
        ".wp-block-post-title",
        "article h1",
    ]
    .iter()
    .find_map(|sel| select(&doc, sel).next())
    .map(text_of);
    let head_title = select(&doc, "title").next().map(text_of);
    Walked {
        entries,
        title,
        head_title,
        canonical: first_attr(&doc, "link[rel=\"canonical\"]", "href"),
        og_url: first_attr(&doc, "meta[property=\"og:url\"]", "content"),
        og_title: first_attr(&doc, "meta[property=\"og:title\"]", "content"),
        published_meta: first_attr(&doc, "meta[property=\"article:published_time\"]", "content"),
        published_time: first_attr(
            &doc,
            "time.entry-date[datetime], time.published[datetime], article time[datetime]",
            "datetime",
        ),
    }
}
