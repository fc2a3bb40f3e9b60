//! HTML → article: the title, URLs and date from the page head, and the list entries from
//! the article body. Pure: a string in, a [`Page`] out.
//!
//! The body is found by WordPress conventions (`.entry-content`, `.wp-block-post-content`,
//! `itemprop=articleBody`, …), never by position, and sharing, related-posts, embed, comment
//! and widget blocks inside it are skipped. The body is flattened into lines (a block element
//! or a `<br>` ends a line); a line is an entry heading when its heading element (`<h2>`–`<h4>`),
//! its leading bold run, or — on pages without either — the line itself reads as a heading
//! (see [`crate::heading::looks_like_heading`]). Everything up to the next heading is the
//! write-up, which ends early at a `(Name)` attribution.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

use crate::heading::{looks_like_heading, strip_sentence_end};
use crate::model::{Page, RawEntry, Section};
use crate::text::clean;

/// Why a page yields no dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("no article body found (looked for WordPress's .entry-content, .wp-block-post-content, itemprop=articleBody and <article>); is this a saved article page?")]
    NoArticleBody,
    #[error("no list entries found in the article body (no line reads `Composer ~ Title (Label, Year)`); is this the right page?")]
    NoEntries,
    #[error("cannot tell which part of the feature this is from its title {title:?}; the title must name \"Part One\", \"Part 2\", …")]
    NoPart { title: String },
    #[error("the page has no <link rel=\"canonical\">, no og:url and no metadata sidecar with its url; save it with `soundtracks fetch URL`")]
    NoUrl,
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

static BODY_SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
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
    .map(|s| selector(s))
    .collect()
});
static TITLE_SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "h1.entry-title",
        ".entry-title",
        ".wp-block-post-title",
        "article h1",
    ]
    .iter()
    .map(|s| selector(s))
    .collect()
});
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel=\"canonical\"]"));
static OG_URL: LazyLock<Selector> = LazyLock::new(|| selector("meta[property=\"og:url\"]"));
static OG_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("meta[property=\"og:title\"]"));
static PUBLISHED_META: LazyLock<Selector> =
    LazyLock::new(|| selector("meta[property=\"article:published_time\"]"));
static PUBLISHED_TIME: LazyLock<Selector> = LazyLock::new(|| {
    selector("time.entry-date[datetime], time.published[datetime], article time[datetime]")
});
static HEAD_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));

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

/// ASCII-only patterns use `(?i-u)`: Unicode case folding adds nothing to them but compile time.
static LEAD_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\bhonou?rable\s+mentions?\b").expect("static regex"));
/// A heading written as plain text at the start of a line, on pages without bold or heading
/// markup: `Composer ~ Title (Label, Year)` optionally followed by the write-up.
/// The credit (group 2) and title (group 3) are at most [`PLAIN_CREDIT_MAX`] and
/// [`PLAIN_TITLE_MAX`] characters, checked after matching: as `{1,150}` and `{1,250}` in the
/// pattern they made it take 1.8 ms to compile, a sixth of a whole `build` (issue 5).
static PLAIN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(([^~()]+?)\s~\s([^()]+?)\([^()]*\b(?:1[89]|20)[0-9]{2}\b[^()]*\))(?:[.:]\s+(.*)|\s*)$",
    )
    .expect("static regex")
});
const PLAIN_CREDIT_MAX: usize = 150;
const PLAIN_TITLE_MAX: usize = 250;
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das",
    "ter", "ten", "bin", "al", "y", "e",
];

/// One line of body text, with what the markup says about its start.
#[derive(Debug, Default)]
struct Line {
    text: String,
    /// Byte length of the leading bold run (0 when the line does not start bold).
    bold_end: usize,
    /// The line is (inside) an `<h2>`–`<h5>`.
    heading_element: bool,
    /// Which block element the line belongs to.
    block: usize,
    /// The nearest enclosing list (`ul`/`ol`), if any.
    list: Option<usize>,
}

#[derive(Default)]
struct Flattener {
    lines: Vec<Line>,
    cur: Line,
    seen_plain: bool,
    bold_depth: usize,
    heading_depth: usize,
    blocks: usize,
    lists: Vec<usize>,
}

impl Flattener {
    fn flush(&mut self) {
        let block = self.cur.block;
        let line = std::mem::take(&mut self.cur);
        if !line.text.trim().is_empty() {
            self.lines.push(line);
        }
        self.cur.block = block;
        self.cur.list = self.lists.last().copied();
        self.seen_plain = false;
    }

    fn new_block(&mut self) {
        self.flush();
        self.blocks += 1;
        self.cur.block = self.blocks;
    }

    fn text(&mut self, t: &str) {
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

    /// Walks `root` and its subtree in document order. Iterative, not recursive: a page of
    /// 100 000 nested elements must not overflow the stack (issue 5).
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        // The element whose subtree is being skipped (a menu, a sharing block, …).
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(t) => self.text(t),
                        Node::Element(el) if skipped(el) => skipping = Some(node.id()),
                        Node::Element(el) if el.name() == "br" => self.flush(),
                        Node::Element(el) => self.open(el.name()),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if skipping.is_some() {
                        if skipping == Some(node.id()) {
                            skipping = None;
                        }
                        continue;
                    }
                    match node.value() {
                        Node::Element(el) if el.name() != "br" => self.close(el.name()),
                        _ => {}
                    }
                }
            }
        }
    }

    fn open(&mut self, name: &str) {
        if BLOCK_TAGS.contains(&name) {
            self.new_block();
        }
        if matches!(name, "ul" | "ol") {
            self.lists.push(self.blocks);
        }
        self.bold_depth += usize::from(matches!(name, "strong" | "b"));
        self.heading_depth += usize::from(HEADING_TAGS.contains(&name));
    }

    fn close(&mut self, name: &str) {
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
fn skipped(el: &scraper::node::Element) -> bool {
    SKIP_TAGS.contains(&el.name())
        || el.classes().any(|c| SKIP_CLASSES.contains(&c))
        || el
            .id()
            .is_some_and(|id| id.starts_with("jp-") || id == "comments")
}

/// Parses a whole page.
pub fn parse_page(html: &str) -> Result<Page, PageError> {
    let doc = Html::parse_document(html);
    let body = find_body(&doc).ok_or(PageError::NoArticleBody)?;
    let mut flat = Flattener::default();
    for child in body.children() {
        flat.walk(child);
    }
    flat.flush();
    let entries = entries_from_lines(&flat.lines);
    if entries.is_empty() {
        return Err(PageError::NoEntries);
    }
    Ok(Page {
        title: find_title(&doc),
        canonical_url: attr(&doc, &CANONICAL, "href"),
        og_url: attr(&doc, &OG_URL, "content"),
        published: attr(&doc, &PUBLISHED_META, "content")
            .or_else(|| attr(&doc, &PUBLISHED_TIME, "datetime")),
        entries,
    })
}

fn find_body(doc: &Html) -> Option<ElementRef<'_>> {
    BODY_SELECTORS
        .iter()
        .find_map(|sel| doc.select(sel).find(|el| !inside_comments(*el)))
}

fn inside_comments(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value().classes().any(|c| {
            matches!(
                c,
                "comments-area" | "comment-list" | "comment-content" | "widget"
            )
        })
    })
}

fn find_title(doc: &Html) -> String {
    TITLE_SELECTORS
        .iter()
        .find_map(|sel| doc.select(sel).next())
        .map(|el| clean(&el.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .or_else(|| attr(doc, &OG_TITLE, "content"))
        .or_else(|| {
            doc.select(&HEAD_TITLE).next().map(|el| {
                let t = clean(&el.text().collect::<String>());
                // "Post title – Site name": drop the site name.
                match t.rsplit_once(" – ").or_else(|| t.rsplit_once(" | ")) {
                    Some((post, _)) => post.to_string(),
                    None => t,
                }
            })
        })
        .unwrap_or_default()
}

fn attr(doc: &Html, sel: &Selector, name: &str) -> Option<String> {
    doc.select(sel)
        .filter_map(|el| el.value().attr(name))
        .map(clean)
        .find(|v| !v.is_empty())
}

/// The heading a line starts with, and the write-up text that follows it on the same line.
/// Sentence punctuation after the heading's closing parenthesis is dropped, also when the
/// bold run or heading element took it in (see [`strip_sentence_end`]).
fn split_heading(line: &Line) -> Option<(String, String)> {
    if line.heading_element {
        let text = clean(&line.text);
        return looks_like_heading(&text)
            .then(|| (strip_sentence_end(&text).to_string(), String::new()));
    }
    if line.bold_end > 0 {
        let bold = clean(&line.text[..line.bold_end]);
        if looks_like_heading(&bold) {
            let rest = line.text[line.bold_end..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | ':' | '–' | '—' | '-')
            });
            return Some((strip_sentence_end(&bold).to_string(), clean(rest)));
        }
        return None;
    }
    let text = clean(&line.text);
    let caps = PLAIN_HEADING.captures(&text)?;
    if caps[2].chars().count() > PLAIN_CREDIT_MAX || caps[3].chars().count() > PLAIN_TITLE_MAX {
        return None;
    }
    let heading = caps.get(1)?.as_str().to_string();
    let rest = caps
        .get(4)
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    Some((heading, rest))
}

/// Splits a trailing `(Name)` attribution off a paragraph.
pub fn split_attribution(paragraph: &str) -> Option<(String, String)> {
    // `text (Name)`: the last `(` to the closing `)` at the very end, 2–80 characters with no
    // bracket between. Plain string search: the regex this replaced was a quarter of
    // `build`'s time on large pages (issue 5).
    let paragraph = paragraph.trim();
    let body = paragraph.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = &body[open + 1..];
    if inner.contains(')') || !(2..=80).contains(&inner.chars().count()) {
        return None;
    }
    let name = clean(inner);
    is_name(&name).then(|| (body[..open].trim().to_string(), name))
}

fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().enumerate().all(|(i, w)| {
            let first = w.chars().next();
            let capital = first.is_some_and(char::is_uppercase);
            let particle = i > 0 && NAME_PARTICLES.contains(w);
            (capital || particle)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-'))
        })
}

struct Building {
    heading: String,
    section: Section,
    block: usize,
    /// The block the write-up was taken from when the heading stood alone.
    writeup_block: Option<usize>,
    paragraphs: Vec<(usize, String)>,
    reviewer: Option<String>,
}

impl Building {
    fn add(&mut self, block: usize, text: String) {
        if text.is_empty() {
            return;
        }
        match self.paragraphs.last_mut() {
            Some((b, p)) if *b == block => {
                p.push('\n');
                p.push_str(&text);
            }
            _ => self.paragraphs.push((block, text)),
        }
        if let Some((b, last)) = self.paragraphs.pop() {
            match split_attribution(&last) {
                Some((rest, name)) => {
                    self.reviewer = Some(name);
                    if !rest.is_empty() {
                        self.paragraphs.push((b, rest));
                    }
                }
                None => self.paragraphs.push((b, last)),
            }
        }
    }

    fn finish(self) -> RawEntry {
        RawEntry {
            heading: self.heading,
            section: self.section,
            paragraphs: self.paragraphs.into_iter().map(|(_, p)| p).collect(),
            reviewer: self.reviewer,
        }
    }
}

/// Where honourable mentions are expected after a lead-in line.
struct LeadIn {
    block: usize,
    list: Option<usize>,
    /// Entries have been taken from the lead-in's own block or its list.
    scoped: bool,
    /// At least one entry was taken.
    used: bool,
}

impl LeadIn {
    /// A lead-in when `text` announces honourable mentions.
    fn starting_at(text: &str, line: &Line) -> Option<LeadIn> {
        LEAD_IN.is_match(text).then_some(LeadIn {
            block: line.block,
            list: None,
            scoped: false,
            used: false,
        })
    }
}

fn entries_from_lines(lines: &[Line]) -> Vec<RawEntry> {
    let mut entries = Vec::new();
    let mut current: Option<Building> = None;
    let mut lead_in: Option<LeadIn> = None;
    for line in lines {
        if let Some((heading, rest)) = split_heading(line) {
            if let Some(b) = current.take() {
                entries.push(b.finish());
            }
            let section = match lead_in.as_mut() {
                Some(l) if line.block == l.block => {
                    l.scoped = true;
                    Section::HonourableMention
                }
                Some(l)
                    if line.list.is_some()
                        && (l.list == line.list || (!l.used && l.list.is_none())) =>
                {
                    l.list = line.list;
                    l.scoped = true;
                    Section::HonourableMention
                }
                Some(l) if !l.scoped => Section::HonourableMention,
                _ => {
                    lead_in = None;
                    Section::Main
                }
            };
            if let Some(l) = lead_in.as_mut() {
                l.used = true;
            }
            let mut b = Building {
                heading,
                section,
                block: line.block,
                writeup_block: None,
                paragraphs: Vec::new(),
                reviewer: None,
            };
            b.add(line.block, rest);
            current = Some(b);
            continue;
        }
        let text = clean(&line.text);
        let Some(b) = current.as_mut() else {
            if let Some(l) = LeadIn::starting_at(&text, line) {
                lead_in = Some(l);
            }
            continue;
        };
        let belongs = if b.reviewer.is_some() {
            // After the attribution: article text between entries, not write-up.
            false
        } else if b.section == Section::HonourableMention {
            // A mention's write-up stays in its own block (or, when the heading stood alone,
            // the one block after it).
            line.block == b.block
                || b.writeup_block == Some(line.block)
                || (b.paragraphs.is_empty() && b.writeup_block.is_none())
        } else {
            true
        };
        if belongs {
            if b.section == Section::HonourableMention && line.block != b.block {
                b.writeup_block = Some(line.block);
            }
            b.add(line.block, text);
        } else {
            if b.section == Section::HonourableMention {
                lead_in = None;
            }
            if let Some(l) = LeadIn::starting_at(&text, line) {
                lead_in = Some(l);
            }
        }
    }
    if let Some(b) = current {
        entries.push(b.finish());
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>The List ~ Part One &#8211; Site</title>\
             <link rel=\"canonical\" href=\"https://example.org/list/\"></head><body>\
             <nav><ul><li><a>Composer ~ Menu Item (Label, 2001)</a></li></ul></nav>\
             <article><div class=\"entry-content\">{body}</div></article>\
             <aside class=\"widget-area\"><section class=\"widget\"><h2>Recent Posts</h2>\
             <ul><li><a>Artist ~ Album (Label, 2023)</a></li></ul></section></aside>\
             </body></html>"
        )
    }

    fn entries(body: &str) -> Vec<RawEntry> {
        parse_page(&page(body)).unwrap().entries
    }

    fn one(body: &str) -> RawEntry {
        let mut e = entries(body);
        assert_eq!(e.len(), 1, "{e:#?}");
        e.remove(0)
    }

    const H: &str = "Composer ~ Title (Label, 1990)";

    #[test]
    fn heading_markup_forms() {
        let cases = [
            ("bold paragraph then write-up", "<p><strong>Composer ~ Title (Label, 1990)</strong></p><p>Text. (Jane Doe)</p>"),
            ("bold run sharing a paragraph", "<p><strong>Composer ~ Title (Label, 1990)</strong><br />\nText. (Jane Doe)</p>"),
            ("b tag", "<p><b>Composer ~ Title (Label, 1990)</b><br>Text. (Jane Doe)</p>"),
            ("h2", "<h2>Composer ~ Title (Label, 1990)</h2><p>Text. (Jane Doe)</p>"),
            ("h3", "<h3>Composer ~ Title (Label, 1990)</h3><p>Text. (Jane Doe)</p>"),
            ("h4 with em title", "<h4>Composer ~ <em>Title</em> (Label, 1990)</h4><p>Text. (Jane Doe)</p>"),
            ("composer in a link", "<h2><a href=\"/x\">Composer</a> ~ Title (Label, 1990)</h2><p>Text. (Jane Doe)</p>"),
            ("nbsp around tilde", "<p><strong>Composer&nbsp;~&nbsp;Title (Label, 1990)</strong><br>Text. (Jane Doe)</p>"),
            ("split bold runs", "<p><strong>Composer ~ </strong><strong><em>Title</em> (Label, 1990)</strong><br>Text. (Jane Doe)</p>"),
            ("attribution on its own", "<h3>Composer ~ Title (Label, 1990)</h3><p>Text.</p><p>(Jane Doe)</p>"),
            ("plain text heading", "<p>Composer ~ Title (Label, 1990)<br>Text. (Jane Doe)</p>"),
            ("plain text heading, own paragraph", "<p>Composer ~ Title (Label, 1990)</p><p>Text. (Jane Doe)</p>"),
            ("bold run swallowed the full stop", "<p><strong>Composer ~ Title (Label, 1990).</strong><br>Text. (Jane Doe)</p>"),
            ("bold run swallowed a comma", "<p><strong>Composer ~ Title (Label, 1990),</strong> Text. (Jane Doe)</p>"),
            ("h3 with a full stop", "<h3>Composer ~ Title (Label, 1990).</h3><p>Text. (Jane Doe)</p>"),
            ("plain text heading, full stop", "<p>Composer ~ Title (Label, 1990). Text. (Jane Doe)</p>"),
            ("embed between", "<h3>Composer ~ Title (Label, 1990)</h3><figure class=\"wp-block-embed\"><div>https://youtu.be/x</div></figure><p>Text. (Jane Doe)</p>"),
        ];
        for (name, body) in cases {
            let e = one(body);
            assert_eq!(e.heading, H, "{name}");
            assert_eq!(e.paragraphs, ["Text."], "{name}");
            assert_eq!(e.reviewer.as_deref(), Some("Jane Doe"), "{name}");
            assert_eq!(e.section, Section::Main, "{name}");
        }
    }

    #[test]
    fn write_up_paragraphs_are_kept_apart() {
        let e = one("<p><b>Composer ~ Title (Label, 1990)</b></p><p>One.</p><p>Two &amp; three. (Jane Doe)</p>");
        assert_eq!(e.paragraphs, ["One.", "Two & three."]);
    }

    #[test]
    fn text_after_the_attribution_is_not_write_up() {
        let e = entries(
            "<p><strong>A ~ B (L, 1990)</strong><br>Text. (Jane Doe)</p><p>Interlude.</p>\
             <p><strong>C ~ D (L, 1991)</strong><br>More. (John Roe)</p>",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].paragraphs, ["Text."]);
        assert_eq!(e[1].paragraphs, ["More."]);
    }

    #[test]
    fn chrome_inside_the_body_is_skipped() {
        let e = one(
            "<p><strong>A ~ B (L, 1990)</strong><br>Text. (Jane Doe)</p>\
             <div class=\"sharedaddy\"><h3>Share this:</h3><ul><li>C ~ D (L, 1991)</li></ul></div>\
             <div id=\"jp-relatedposts\" class=\"jp-relatedposts\"><h4><a>E ~ F (L, 2020)</a></h4></div>\
             <script>var x = \"G ~ H (L, 1999)\";</script>",
        );
        assert_eq!(e.heading, "A ~ B (L, 1990)");
    }

    #[test]
    fn honourable_mentions_in_the_lead_in_paragraph() {
        let e = entries(
            "<p>Intro.</p><p>Before we begin, a couple of honourable mentions:<br />\n\
             <strong>A ~ B (L, 1994)</strong>. First.<br />\n\
             <strong>Walt Disney&#8217;s Fantasia (L, 1940 / 1957)</strong>. Second.</p>\
             <p>So grab some popcorn.</p>\
             <p><strong>C ~ D (L, 1990)</strong><br />Main. (Jane Doe)</p>",
        );
        let got: Vec<_> = e
            .iter()
            .map(|e| (e.heading.as_str(), e.section, e.paragraphs.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "A ~ B (L, 1994)",
                    Section::HonourableMention,
                    vec!["First.".to_string()]
                ),
                (
                    "Walt Disney’s Fantasia (L, 1940 / 1957)",
                    Section::HonourableMention,
                    vec!["Second.".to_string()]
                ),
                ("C ~ D (L, 1990)", Section::Main, vec!["Main.".to_string()]),
            ]
        );
    }

    /// Part Two's opening: a lead-in of its own, compilations, one bold run that swallowed
    /// the full stop after its closing parenthesis.
    #[test]
    fn honourable_mentions_for_compilations() {
        let e = entries(
            "<p>Before we begin, a couple of honourable mentions for compilations:<br />\n\
             <strong>A ~ B: C 1990&#8211;1994 (L, 2005)</strong>. First.<br />\n\
             <strong>D ~ E (L, 1994).</strong> Second.</p>\
             <p>And now the list proper.</p>\
             <p><strong>F ~ G (L, 1990)</strong><br />Main. (Jane Doe)</p>",
        );
        let got: Vec<_> = e
            .iter()
            .map(|e| (e.heading.as_str(), e.section, e.paragraphs.join("|")))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "A ~ B: C 1990–1994 (L, 2005)",
                    Section::HonourableMention,
                    "First.".to_string()
                ),
                (
                    "D ~ E (L, 1994)",
                    Section::HonourableMention,
                    "Second.".to_string()
                ),
                ("F ~ G (L, 1990)", Section::Main, "Main.".to_string()),
            ]
        );
    }

    #[test]
    fn honourable_mentions_as_a_list() {
        let e = entries(
            "<p>A couple of honourable mentions:</p>\
             <ul><li><strong>A ~ B (L, 1994)</strong>. First.</li><li><strong>E ~ F (L, 1940)</strong>. Second.</li></ul>\
             <p><strong>C ~ D (L, 1990)</strong><br />Main. (Jane Doe)</p>",
        );
        let sections: Vec<_> = e.iter().map(|e| e.section).collect();
        assert_eq!(
            sections,
            [
                Section::HonourableMention,
                Section::HonourableMention,
                Section::Main
            ]
        );
        assert_eq!(e[1].paragraphs, ["Second."]);
    }

    #[test]
    fn honourable_mentions_as_paragraphs_end_at_interlude() {
        let e = entries(
            "<p>Two honorable mentions first.</p>\
             <p><strong>A ~ B (L, 1994)</strong></p><p>First.</p>\
             <p><strong>E ~ F (L, 1940)</strong></p><p>Second.</p>\
             <p>Now the list.</p>\
             <p><strong>C ~ D (L, 1990)</strong><br />Main. (Jane Doe)</p>",
        );
        let got: Vec<_> = e
            .iter()
            .map(|e| (e.section, e.paragraphs.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (Section::HonourableMention, vec!["First.".to_string()]),
                (Section::HonourableMention, vec!["Second.".to_string()]),
                (Section::Main, vec!["Main.".to_string()]),
            ]
        );
    }

    #[test]
    fn page_head_fields() {
        let p = parse_page(
            "<html><head><title>The List ~ Part Two &#8211; Site</title>\
             <meta property=\"og:url\" content=\"https://example.org/og/\">\
             <meta property=\"article:published_time\" content=\"2023-05-15T00:00:00+00:00\">\
             </head><body><div class=\"entry-content\"><p><b>A ~ B (L, 1990)</b></p></div></body></html>",
        )
        .unwrap();
        assert_eq!(p.title, "The List ~ Part Two");
        assert_eq!(p.canonical_url, None);
        assert_eq!(p.og_url.as_deref(), Some("https://example.org/og/"));
        assert_eq!(p.published.as_deref(), Some("2023-05-15T00:00:00+00:00"));
    }

    #[test]
    fn pages_without_entries_or_body() {
        assert_eq!(
            parse_page(&page("<p>Just prose ~ nothing else.</p>")),
            Err(PageError::NoEntries)
        );
        assert_eq!(
            parse_page("<html><body><div><p><b>A ~ B (L, 1990)</b></p></div></body></html>"),
            Err(PageError::NoArticleBody)
        );
    }

    #[test]
    fn attribution_cases() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Text. (Jeremy Bye)", Some(("Text.", "Jeremy Bye"))),
            (
                "Text. (David Murrieta Flores)",
                Some(("Text.", "David Murrieta Flores")),
            ),
            (
                "Text. (Chris Redfearn-Murray)",
                Some(("Text.", "Chris Redfearn-Murray")),
            ),
            (
                "Text.  (Richard Allen)   ",
                Some(("Text.", "Richard Allen")),
            ),
            ("(Jeremy Bye)", Some(("", "Jeremy Bye"))),
            (
                "Text (Ludwig van Beethoven)",
                Some(("Text", "Ludwig van Beethoven")),
            ),
            ("It arrived (in 1990)", None),
            ("Jenseits der Stille (see Part Two of the list)", None),
            ("Text (Warner Bros, 1990)", None),
            ("No attribution.", None),
        ];
        for (input, want) in cases {
            let got = split_attribution(input);
            let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            assert_eq!(got, *want, "{input:?}");
        }
    }
}
