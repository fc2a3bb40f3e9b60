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

/// The class names the selectors ask about, one bit each in [`Element::classes`]: read in
/// one pass over an element's class list instead of one pass per name. The last four are
/// [`COMMENT_CLASSES`].
const CLASSES: [&str; 13] = [
    "entry-content",
    "wp-block-post-content",
    "post-content",
    "post-entry",
    "entry",
    "entry-title",
    "wp-block-post-title",
    "entry-date",
    "published",
    "comments-area",
    "comment-list",
    "comment-content",
    "widget",
];
const ENTRY_CONTENT: u16 = 1 << 0;
const WP_BLOCK_POST_CONTENT: u16 = 1 << 1;
const POST_CONTENT: u16 = 1 << 2;
const POST_ENTRY: u16 = 1 << 3;
const ENTRY: u16 = 1 << 4;
const ENTRY_TITLE: u16 = 1 << 5;
const WP_BLOCK_POST_TITLE: u16 = 1 << 6;
const ENTRY_DATE: u16 = 1 << 7;
const PUBLISHED: u16 = 1 << 8;
const COMMENTS: u16 = 0b1111 << 9;

/// Reads what the selectors need from an element's name and attributes.
pub(super) fn traits(name: &QualName, attrs: &[Attribute]) -> Traits {
    let mut el = Element {
        local: &name.local,
        attrs,
        classes: 0,
    };
    let class = el.attr(local_name!("class"));
    el.classes = class.map_or(0, |list| {
        list.split_ascii_whitespace()
            .filter_map(|c| CLASSES.iter().position(|k| *k == c))
            .fold(0, |bits, i| bits | 1 << i)
    });
    Traits {
        skip: skipped(el.local, class, el.attr(local_name!("id"))),
        comment_class: el.has_class(COMMENTS),
        article: *el.local == local_name!("article"),
        body: body_ranks(&el),
        title: title_ranks(&el),
        head_title: *el.local == local_name!("title"),
        head: head_field(&el),
        time: (*el.local == local_name!("time"))
            .then(|| el.attr(local_name!("datetime")))
            .flatten()
            .map(|v| (v.to_string(), el.has_class(ENTRY_DATE | PUBLISHED))),
    }
}

/// An element as the tree builder creates it.
struct Element<'a> {
    local: &'a LocalName,
    attrs: &'a [Attribute],
    /// Which of [`CLASSES`] its class list holds.
    classes: u16,
}

impl<'a> Element<'a> {
    fn attr(&self, name: LocalName) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|a| a.name.ns == ns!() && a.name.local == name)
            .map(|a| &*a.value)
    }

    /// Its class list holds one of `classes` (bits of [`CLASSES`]).
    fn has_class(&self, classes: u16) -> bool {
        self.classes & classes != 0
    }
}

/// The best body selector the element matches without an `article` ancestor, and with one.
fn body_ranks(el: &Element<'_>) -> [u8; 2] {
    let entry_content = el.has_class(ENTRY_CONTENT);
    let alone = if entry_content {
        1
    } else if el.has_class(WP_BLOCK_POST_CONTENT) {
        2
    } else if el.attr(local_name!("itemprop")) == Some("articleBody") {
        3
    } else if el.has_class(POST_CONTENT) {
        4
    } else if el.has_class(POST_ENTRY) {
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
    } else if el.has_class(ENTRY) {
        alone.min(6)
    } else {
        alone
    };
    [alone, in_article]
}

/// The best title selector the element matches without an `article` ancestor, and with one.
fn title_ranks(el: &Element<'_>) -> [u8; 2] {
    let h1 = *el.local == local_name!("h1");
    let entry_title = el.has_class(ENTRY_TITLE);
    let alone = if h1 && entry_title {
        0
    } else if entry_title {
        1
    } else if el.has_class(WP_BLOCK_POST_TITLE) {
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
            let field = match el.attr(local_name!("property")) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_classes_are_the_last_bits() {
        assert_eq!(&CLASSES[9..], COMMENT_CLASSES);
        assert_eq!(COMMENTS, ((1 << CLASSES.len()) - 1) & !((1 << 9) - 1));
    }
}
