//! HTML → article: the title, URLs and date from the page head, and the list entries from
//! the article body. Pure: a string in, a [`Page`] out.
//!
//! The page is read in one pass (by `parse::fast`, else `parse::sink`) without keeping its
//! tree. The body is found by WordPress conventions (`.entry-content`, `.wp-block-post-content`,
//! `itemprop=articleBody`, …), never by position, and sharing, related-posts, embed, comment
//! and widget blocks inside it are skipped. The body is flattened into lines (a block element
//! or a `<br>` ends a line); a line is an entry heading when its heading element (`<h2>`–`<h4>`),
//! its leading bold run, or — on pages without either — the line itself reads as a heading
//! (see [`crate::parse::heading::looks_like_heading`]). Everything up to the next heading is the
//! write-up, which ends early at a `(Name)` attribution.

pub use super::entries::split_attribution;
use super::sink::walk;
use super::text::clean;
pub use crate::error::PageError;
use crate::model::Page;

/// Parses a whole page.
pub fn parse_page(html: &str) -> Result<Page, PageError> {
    let walked = walk(html);
    let entries = walked.entries.ok_or(PageError::NoArticleBody)?;
    if entries.is_empty() {
        return Err(PageError::NoEntries);
    }
    // The title element's text, else `og:title`, else `<title>` without the site name.
    let title = walked
        .title
        .map(|t| clean(&t))
        .filter(|t| !t.is_empty())
        .or(walked.og_title)
        .or_else(|| {
            walked.head_title.map(|t| {
                let t = clean(&t);
                // "Post title – Site name": drop the site name.
                match t.rsplit_once(" – ").or_else(|| t.rsplit_once(" | ")) {
                    Some((post, _)) => post.to_string(),
                    None => t,
                }
            })
        })
        .unwrap_or_default();
    Ok(Page {
        title,
        canonical_url: walked.canonical,
        og_url: walked.og_url,
        published: walked.published_meta.or(walked.published_time),
        entries,
    })
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
