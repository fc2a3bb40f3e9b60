//! The article body flattened into lines: a block element or a `<br>` ends a line; each
//! line knows whether it starts bold, sits in a heading element, and which block and list
//! it belongs to. Sharing, related-posts, embed, comment and widget blocks are skipped.
//! Pure: fed in document order by [`super::page`]; each finished line goes straight to
//! [`super::entries`], so lines are never all held at once.

use super::entries::EntryReader;
use crate::model::RawEntry;

/// Elements inside the body that are never part of the article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "iframe", "form", "nav", "aside", "svg", "button", "template",
    "select", "textarea", "object", "embed", "video", "audio", "canvas", "input",
];
/// Class names of WordPress and Jetpack blocks that live inside `.entry-content` but are not
/// the article: sharing buttons, likes, related posts, embeds, comments, widgets.
const SKIP_CLASSES: &[&str] = &[
    "sharedaddy",
    "sd-block",
    "sd-sharing",
    "jp-post-flair",
    "jp-relatedposts",
    "wp-block-jetpack-related-posts",
    "wp-block-embed",
    "wpcnt",
    "wpa",
    "comments-area",
    "comment-respond",
    "comment-list",
    "wp-block-comments",
    "widget",
    "post-navigation",
    "entry-footer",
    "entry-meta",
    "wp-block-latest-posts",
    "screen-reader-text",
    "jetpack-likes-widget-wrapper",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "article",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "main",
    "hr",
];
const HEADING_TAGS: &[&str] = &["h2", "h3", "h4", "h5"];

/// One line of body text, with what the markup says about its start.
#[derive(Debug, Default)]
pub(super) struct Line {
    pub(super) text: String,
    /// Byte length of the leading bold run (0 when the line does not start bold).
    pub(super) bold_end: usize,
    /// The line is (inside) an `<h2>`–`<h5>`.
    pub(super) heading_element: bool,
    /// Which block element the line belongs to.
    pub(super) block: usize,
    /// The nearest enclosing list (`ul`/`ol`), if any.
    pub(super) list: Option<usize>,
}

/// Turns the body's elements and text, handed over in document order, into lines, and
/// each finished line into entries ([`EntryReader`]).
#[derive(Default)]
pub(super) struct Flattener {
    reader: EntryReader,
    cur: Line,
    seen_plain: bool,
    bold_depth: usize,
    heading_depth: usize,
    blocks: usize,
    lists: Vec<usize>,
}

impl Flattener {
    /// Ends the current line (a `<br>`, a block boundary, the end of the body).
    pub(super) fn flush(&mut self) {
        let block = self.cur.block;
        let line = std::mem::take(&mut self.cur);
        if !line.text.trim().is_empty() {
            self.reader.line(&line);
        }
        self.cur.block = block;
        self.cur.list = self.lists.last().copied();
        self.seen_plain = false;
    }

    /// The entries read from every line so far, the current line included.
    pub(super) fn finish(mut self) -> Vec<RawEntry> {
        self.flush();
        self.reader.finish()
    }

    fn new_block(&mut self) {
        self.flush();
        self.blocks += 1;
        self.cur.block = self.blocks;
    }

    pub(super) fn text(&mut self, t: &str) {
        if self.cur.text.is_empty() {
            self.cur.heading_element = self.heading_depth > 0;
            self.cur.list = self.lists.last().copied();
        }
        self.cur.text.push_str(t);
        if self.bold_depth > 0 && !self.seen_plain {
            self.cur.bold_end = self.cur.text.len();
        } else if self.bold_depth == 0 && !t.trim().is_empty() {
            self.seen_plain = true;
        }
    }

    /// An element opens (not a skipped one: see [`skipped`]).
    pub(super) fn open(&mut self, name: &str) {
        if name == "br" {
            self.flush();
            return;
        }
        if BLOCK_TAGS.contains(&name) {
            self.new_block();
        }
        if matches!(name, "ul" | "ol") {
            self.lists.push(self.blocks);
        }
        self.bold_depth += usize::from(matches!(name, "strong" | "b"));
        self.heading_depth += usize::from(HEADING_TAGS.contains(&name));
    }

    /// An element opened with [`Flattener::open`] closes.
    pub(super) fn close(&mut self, name: &str) {
        if name == "br" {
            return;
        }
        self.bold_depth -= usize::from(matches!(name, "strong" | "b"));
        self.heading_depth -= usize::from(HEADING_TAGS.contains(&name));
        if matches!(name, "ul" | "ol") {
            self.lists.pop();
        }
        if BLOCK_TAGS.contains(&name) {
            self.new_block();
        }
    }
}

/// Elements inside the body that are never article text: see [`SKIP_TAGS`], [`SKIP_CLASSES`].
/// `class` and `id` are the attribute values as written.
pub(super) fn skipped(name: &str, class: Option<&str>, id: Option<&str>) -> bool {
    SKIP_TAGS.contains(&name)
        || class.is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|c| SKIP_CLASSES.contains(&c))
        })
        || id.is_some_and(|id| id.starts_with("jp-") || id == "comments")
}
