//! Files a browser saves, unwrapped into the article's HTML with the URL and save time the
//! format states: Chrome/Edge "Webpage, Single File" (MHTML, [`mhtml`]), Chrome's "Webpage,
//! Complete" and "HTML only" (the `<!-- saved from url=… -->` mark), the SingleFile
//! extension (its `Page saved with SingleFile` comment), Firefox's "Web Page, complete"
//! (plain HTML: its URL is the page's own canonical or `og:url`), and any of these saved
//! while viewing the Wayback Machine ([`wayback`]: the archive's toolbar, scripts and link
//! rewriting undone, the capture time read from the archive URL).
//!
//! Pure: bytes in, bytes out. Decoding the HTML's charset is [`crate::parse::decode`]'s
//! job (with the MHTML part's `Content-Type` as its header), and checking that the page is
//! the article is `add`'s.

use std::borrow::Cow;
use std::fmt;

use jiff::Timestamp;

use crate::error::SavedProblem;

mod marks;
pub mod mhtml;
pub mod wayback;

/// The container or tool a file was saved with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain HTML with no mark of the tool that saved it (Firefox, or an HTML download).
    Html,
    /// Chrome's "Webpage, Complete" or "HTML only": `<!-- saved from url=(NNNN)… -->`.
    ChromeHtml,
    /// The SingleFile extension's page.
    SingleFile,
    /// Chrome/Edge "Webpage, Single File", or IE's `.mht`.
    Mhtml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Html => "HTML",
            Format::ChromeHtml => "Chrome's \"Webpage\" HTML",
            Format::SingleFile => "SingleFile HTML",
            Format::Mhtml => "MHTML (\"Webpage, Single File\")",
        })
    }
}

/// A page saved while viewing the Wayback Machine: which capture it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The archive URL the browser showed, `https://web.archive.org/web/<ts>/<original>`.
    pub memento_url: String,
    /// The capture time its 14-digit timestamp names (UTC), if it has one.
    pub captured_at: Option<Timestamp>,
}

/// A saved file, unwrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPage<'a> {
    pub format: Format,
    /// The article's HTML: the file itself, the MHTML root part decoded from its transfer
    /// encoding, and for a Wayback view with the archive's additions taken out.
    pub html: Cow<'a, [u8]>,
    /// The MHTML root part's `Content-Type` when it names a charset (it decides before
    /// the HTML's own `<meta>`).
    pub content_type: Option<String>,
    /// The original URL the file states (for a Wayback view, the archived page's URL).
    pub url: Option<String>,
    /// When the file was saved, if the format says.
    pub saved_at: Option<Timestamp>,
    /// Set when the page was saved while viewing the Wayback Machine.
    pub wayback: Option<Capture>,
}

/// Unwraps a file saved by a browser. A file that is none of the known formats is taken
/// as plain HTML; only an MHTML file that cannot be read, or holds no HTML page, fails.
pub fn unwrap(bytes: &[u8]) -> Result<SavedPage<'_>, SavedProblem> {
    let mut page = if mhtml::looks_like(bytes) {
        mhtml::read(bytes)?
    } else {
        SavedPage {
            format: Format::Html,
            html: Cow::Borrowed(bytes),
            content_type: None,
            url: None,
            saved_at: None,
            wayback: None,
        }
    };
    if let Some(mark) = marks::read(&page.html) {
        if page.format == Format::Html {
            page.format = mark.format;
        }
        page.url = page.url.or(mark.url);
        page.saved_at = page.saved_at.or(mark.saved_at);
    }
    let stated = page.url.as_deref().and_then(wayback::memento);
    if let Some(view) = wayback::view(&page.html, stated) {
        page.url = Some(view.original);
        page.wayback = Some(view.capture);
        page.html = Cow::Owned(view.html);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_html_passes_through() {
        let html = b"<!DOCTYPE html><html><head><title>x</title></head></html>";
        let page = unwrap(html).unwrap();
        assert_eq!(page.format, Format::Html);
        assert!(matches!(page.html, Cow::Borrowed(_)));
        assert_eq!(page.url, None);
        assert_eq!(page.wayback, None);
    }

    #[test]
    fn an_mhtml_of_a_wayback_view() {
        let memento = "https://web.archive.org/web/20230510123456/https://acloserlisten.com/a/";
        let mhtml = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: {memento}\r\n\
             Date: Thu, 11 May 2023 08:00:00 +0000\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/related; type=\"text/html\"; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
             <html><head><title>A</title><link rel=3D\"canonical\" href=3D\"{memento}\"></head>\
             <body><!-- BEGIN WAYBACK TOOLBAR INSERT -->x<!-- END WAYBACK TOOLBAR INSERT --></body></html>\r\n--b--\r\n"
        );
        let page = unwrap(mhtml.as_bytes()).unwrap();
        assert_eq!(page.format, Format::Mhtml);
        assert_eq!(page.url.as_deref(), Some("https://acloserlisten.com/a/"));
        assert_eq!(
            page.saved_at.map(|t| t.to_string()).as_deref(),
            Some("2023-05-11T08:00:00Z")
        );
        assert_eq!(page.wayback.unwrap().memento_url, memento);
        assert_eq!(
            &*page.html,
            &b"<html><head><title>A</title><link rel=\"canonical\" href=\"https://acloserlisten.com/a/\"></head><body></body></html>"[..]
        );
    }

    #[test]
    fn a_chrome_save_of_a_wayback_view() {
        let html = "<!-- saved from url=(0104)https://web.archive.org/web/20230510123456/https://acloserlisten.com/2023/05/08/part-one/ -->\n\
            <html><head><!-- End Wayback Rewrite JS Include --><title>x</title></head><body>\
            <!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp\">toolbar</div><!-- END WAYBACK TOOLBAR INSERT -->\
            <a href=\"https://web.archive.org/web/20230510123456/https://acloserlisten.com/\">home</a></body></html>";
        let page = unwrap(html.as_bytes()).unwrap();
        assert_eq!(page.format, Format::ChromeHtml);
        assert_eq!(
            page.url.as_deref(),
            Some("https://acloserlisten.com/2023/05/08/part-one/")
        );
        let capture = page.wayback.unwrap();
        assert_eq!(
            capture.captured_at.unwrap().to_string(),
            "2023-05-10T12:34:56Z"
        );
        let text = String::from_utf8(page.html.into_owned()).unwrap();
        assert!(
            !text.contains("toolbar") && !text.contains("web.archive.org"),
            "{text}"
        );
        assert!(text.contains("<a href=\"https://acloserlisten.com/\">home</a>"));
    }
}
