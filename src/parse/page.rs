//! HTML → article: the title, URLs and date from the page head, and the list entries from
//! the article body. Pure: a string in, a [`Page`] out.
//!
//! The page is parsed into scraper's tree (html5ever, so implied end tags, entities and
//! misnesting are read as browsers read them), and its parts are chosen by the CSS selectors
//! below, each the first match in document order, by selector priority. The body is found by
//! WordPress conventions (`.entry-content`, `.wp-block-post-content`, `itemprop=articleBody`,
//! …), never by position, and one inside comments or a widget never counts. Sharing,
//! related-posts, embed, comment and widget blocks inside it are skipped, and the rest is
//! flattened into lines (`parse::flatten`): a line is an entry heading when its heading
//! element (`<h2>`–`<h4>`), its leading bold run, or — on pages without either — the line
//! itself reads as a heading (see [`crate::parse::heading::looks_like_heading`]). Everything
//! up to the next heading is the write-up, which ends early at a `(Name)` attribution.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

pub use super::entries::split_attribution;
use super::flatten::{skipped, Flattener};
use super::text::clean;
pub use crate::error::PageError;
use crate::model::{Page, RawEntry};

/// Parses `css`, one of the fixed selectors below.
fn css(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

/// The article body, best first.
static BODY: LazyLock<Vec<Selector>> = LazyLock::new(|| {
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
    .map(css)
    .to_vec()
});
/// The post's title element, best first.
static TITLE: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "h1.entry-title",
        ".entry-title",
        ".wp-block-post-title",
        "article h1",
    ]
    .map(css)
    .to_vec()
});
/// Blocks whose descendants are never the article body.
static COMMENTS: LazyLock<Selector> =
    LazyLock::new(|| css(".comments-area, .comment-list, .comment-content, .widget"));
static HEAD_TITLE: LazyLock<Selector> = LazyLock::new(|| css("title"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| css("link[rel=\"canonical\"]"));
static OG_URL: LazyLock<Selector> = LazyLock::new(|| css("meta[property=\"og:url\"]"));
static OG_TITLE: LazyLock<Selector> = LazyLock::new(|| css("meta[property=\"og:title\"]"));
static PUBLISHED_META: LazyLock<Selector> =
    LazyLock::new(|| css("meta[property=\"article:published_time\"]"));
static PUBLISHED_TIME: LazyLock<Selector> = LazyLock::new(|| {
    css("time.entry-date[datetime], time.published[datetime], article time[datetime]")
});

/// Parses a whole page.
pub fn parse_page(html: &str) -> Result<Page, PageError> {
    let doc = Html::parse_document(html);
    let body = BODY.iter().find_map(|sel| {
        doc.select(sel).find(|el| {
            !el.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| COMMENTS.matches(&a))
        })
    });
    let entries = entries_of(body.ok_or(PageError::NoArticleBody)?);
    if entries.is_empty() {
        return Err(PageError::NoEntries);
    }
    Ok(Page {
        title: title(&doc),
        canonical_url: first_attr(&doc, &CANONICAL, "href"),
        og_url: first_attr(&doc, &OG_URL, "content"),
        published: first_attr(&doc, &PUBLISHED_META, "content")
            .or_else(|| first_attr(&doc, &PUBLISHED_TIME, "datetime")),
        entries,
    })
}

/// The post's title: the title element's text, else `og:title`, else `<title>` without the
/// site name. What [`crate::parse::part::of_page`] reads a page's part from.
pub fn title(doc: &Html) -> String {
    let text = |el: ElementRef<'_>| clean(&el.text().collect::<String>());
    TITLE
        .iter()
        .find_map(|sel| doc.select(sel).next())
        .map(text)
        .filter(|t| !t.is_empty())
        .or_else(|| first_attr(doc, &OG_TITLE, "content"))
        .or_else(|| {
            doc.select(&HEAD_TITLE).next().map(text).map(|t| {
                // "Post title – Site name": drop the site name.
                match t.rsplit_once(" – ").or_else(|| t.rsplit_once(" | ")) {
                    Some((post, _)) => post.to_string(),
                    None => t,
                }
            })
        })
        .unwrap_or_default()
}

/// The first non-empty value of attribute `name` on an element matching `sel`, cleaned.
fn first_attr(doc: &Html, sel: &Selector, name: &str) -> Option<String> {
    doc.select(sel)
        .filter_map(|el| el.value().attr(name))
        .map(clean)
        .find(|v| !v.is_empty())
}

/// The body's entries: its elements and text handed to the [`Flattener`] in document order,
/// skipped blocks (see [`skipped`]) left out whole.
fn entries_of(body: ElementRef<'_>) -> Vec<RawEntry> {
    let mut flat = Flattener::default();
    let mut skipping = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(node) if node.id() == body.id() || skipping.is_some() => {}
            Edge::Open(node) => match node.value() {
                Node::Text(t) => flat.text(t),
                Node::Element(el) if skipped(el.name(), el.attr("class"), el.attr("id")) => {
                    skipping = Some(node.id());
                }
                Node::Element(el) => flat.open(el.name()),
                _ => {}
            },
            Edge::Close(node) if node.id() == body.id() => {}
            Edge::Close(node) if skipping.is_some() => {
                if skipping == Some(node.id()) {
                    skipping = None;
                }
            }
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    flat.close(el.name());
                }
            }
        }
    }
    flat.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RawEntry, Section};

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

    /// The selectors' priorities: a better body inside a worse one or after it wins, and
    /// one inside comments never counts; the title element by priority, the first non-empty
    /// head value.
    #[test]
    fn parts_chosen_by_selector_priority() {
        let headings = |html: &str| -> Vec<String> {
            parse_page(html)
                .unwrap()
                .entries
                .into_iter()
                .map(|e| e.heading)
                .collect()
        };
        let cases = [
            "<article><p><b>C ~ D (L, 1991)</b></p><div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div></article>",
            "<div class=post-content><p><b>C ~ D (L, 1991)</b></p></div><div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div>",
            "<div class=comments-area><div class=entry-content><p><b>X ~ Y (L, 1990)</b></p></div></div><article><p><b>A ~ B (L, 1990)</b></p></article>",
            // Misnesting the tree builder repairs by moving nodes.
            "<div class=entry-content><strong><p>A ~ B (L, 1990)</strong> Text.</p></div>",
            "<div class=entry-content><p><strong>A ~ B (L, 1990)</p><p>Text. (Jane Doe)</p></div>",
        ];
        for html in cases {
            assert_eq!(headings(html), ["A ~ B (L, 1990)"], "{html}");
        }
        let p = parse_page(
            "<html><head><title> T &#8211; Site </title><meta property=og:url content=' '>\
             <meta property=og:url content=u><Link rel=CANONICAL href=c&#038;d></head><body>\
             <h2 class=entry-title>Two</h2><h1 class=entry-title>One</h1><article><time datetime=d>t</time>\
             <div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div></article></body></html>",
        )
        .unwrap();
        assert_eq!(p.title, "One");
        assert_eq!(p.og_url.as_deref(), Some("u"));
        assert_eq!(p.canonical_url.as_deref(), Some("c&d"));
        assert_eq!(p.published.as_deref(), Some("d"));
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
