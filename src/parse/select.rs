//! Which of the page's selectors an element matches, read once from its name and attributes
//! when the tree builder creates it: the body and title selectors (ranked, best first, with
//! and without an `article` ancestor), the head fields it carries, and whether the body walk
//! skips it. The one-pass walk ([`super::sink`]) combines these with what it knows of the
//! element's ancestors; [`super::tree`] writes the same selectors as CSS.

use html5ever::{local_name, ns, Attribute, LocalName, QualName};

use super::flatten::skipped;

/// Priority of the body selectors, best first (as `page` documents them):
/// `article .entry-content`, `.entry-content`, `.wp-block-post-content`,
/// `[itemprop="articleBody"]`, `.post-content`, `.post-entry`, `article .entry`, `article`.
pub(super) const BODY: u8 = 8;
/// Priority of the title selectors: `h1.entry-title`, `.entry-title`, `.wp-block-post-title`,
/// `article h1`.
pub(super) const TITLE: u8 = 4;
/// Classes whose descendants are never the article body (comments, widgets).
pub(super) const COMMENT_CLASSES: &[&str] =
    &["comments-area", "comment-list", "comment-content", "widget"];

/// What an element is, as far as the selectors here care, read once when it is created.
#[derive(Default)]
pub(super) struct Traits {
    /// Skipped inside the body (see [`skipped`]).
    pub(super) skip: bool,
    /// Its descendants are inside comments or a widget.
    pub(super) comment_class: bool,
    pub(super) article: bool,
    /// Best body selector it matches without an `article` ancestor, and with one.
    pub(super) body: [u8; 2],
    /// Best title selector it matches without an `article` ancestor, and with one.
    pub(super) title: [u8; 2],
    /// `<title>`.
    pub(super) head_title: bool,
    /// `(field, value)` for a head field this element carries.
    pub(super) head: Option<(Head, String)>,
    /// A `<time datetime>`: its value, and whether its class alone makes it the published
    /// time (`time.entry-date`, `time.published`) or it must sit in an `article`.
    pub(super) time: Option<(String, bool)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    Canonical,
    OgUrl,
    OgTitle,
    PublishedMeta,
    PublishedTime,
}

/// The attributes [`traits`] reads: an element's other attributes never matter here.
pub(super) const ATTRIBUTES: [&str; 8] = [
    "class", "id", "itemprop", "rel", "href", "property", "content", "datetime",
];

/// Reads what the selectors need from an element's name and attributes.
pub(super) fn traits(name: &QualName, attrs: &[Attribute]) -> Traits {
    let el = Element {
        local: &name.local,
        attrs,
    };
    let class = el.attr(local_name!("class"));
    Traits {
        skip: skipped(el.local, class, el.attr(local_name!("id"))),
        comment_class: COMMENT_CLASSES.iter().any(|c| el.has_class(c)),
        article: *el.local == local_name!("article"),
        body: body_ranks(&el),
        title: title_ranks(&el),
        head_title: *el.local == local_name!("title"),
        head: head_field(&el),
        time: (*el.local == local_name!("time"))
            .then(|| el.attr(local_name!("datetime")))
            .flatten()
            .map(|v| {
                let by_class = el.has_class("entry-date") || el.has_class("published");
                (v.to_string(), by_class)
            }),
    }
}

/// An element as the tree builder creates it.
struct Element<'a> {
    local: &'a LocalName,
    attrs: &'a [Attribute],
}

impl Element<'_> {
    fn attr(&self, name: LocalName) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.ns == ns!() && a.name.local == name)
            .map(|a| &*a.value)
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr(local_name!("class"))
            .is_some_and(|list| list.split_ascii_whitespace().any(|c| c == class))
    }
}

/// The best body selector the element matches without an `article` ancestor, and with one.
fn body_ranks(el: &Element<'_>) -> [u8; 2] {
    let entry_content = el.has_class("entry-content");
    let alone = if entry_content {
        1
    } else if el.has_class("wp-block-post-content") {
        2
    } else if el.attr(LocalName::from("itemprop")) == Some("articleBody") {
        3
    } else if el.has_class("post-content") {
        4
    } else if el.has_class("post-entry") {
        5
    } else if *el.local == local_name!("article") {
        7
    } else {
        BODY
    };
    // With an `article` ancestor, `article .entry-content` and `article .entry` match too;
    // the best rank wins (an `article.entry` is 6, not 7).
    let in_article = if entry_content {
        0
    } else if el.has_class("entry") {
        alone.min(6)
    } else {
        alone
    };
    [alone, in_article]
}

/// The best title selector the element matches without an `article` ancestor, and with one.
fn title_ranks(el: &Element<'_>) -> [u8; 2] {
    let h1 = *el.local == local_name!("h1");
    let entry_title = el.has_class("entry-title");
    let alone = if h1 && entry_title {
        0
    } else if entry_title {
        1
    } else if el.has_class("wp-block-post-title") {
        2
    } else {
        TITLE
    };
    let in_article = if alone == TITLE && h1 { 3 } else { alone };
    [alone, in_article]
}

/// The head field a `<link rel=canonical>` or `<meta property>` carries.
fn head_field(el: &Element<'_>) -> Option<(Head, String)> {
    match *el.local {
        local_name!("link")
            if el
                .attr(local_name!("rel"))
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
        {
            el.attr(local_name!("href"))
                .map(|v| (Head::Canonical, v.to_string()))
        }
        local_name!("meta") => {
            let field = match el.attr(LocalName::from("property")) {
                Some("og:url") => Head::OgUrl,
                Some("og:title") => Head::OgTitle,
                Some("article:published_time") => Head::PublishedMeta,
                _ => return None,
            };
            el.attr(local_name!("content"))
                .map(|v| (field, v.to_string()))
        }
        _ => None,
    }
}
