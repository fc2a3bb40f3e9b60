//! MHTML, as Chrome and Edge write "Webpage, Single File" (chromium
//! `third_party/blink/renderer/platform/mhtml/mhtml_archive.cc`) and IE wrote `.mht`: a
//! `multipart/related` message whose root is the first `text/html` part, quoted-printable,
//! base64, `binary`, `7bit` or `8bit`, with CRLF or bare LF line ends. Read with
//! `mailparse`. The original URL is `Snapshot-Content-Location` (or a 2020 Chrome's
//! `X-Snapshot-Content-Location`), else the root part's `Content-Location`; the save time
//! is the `Date` header. Blink writes the root part with no charset, in the document's own
//! encoding (its `<meta>` says which); IE names it (`charset="Windows-1252"`), and that
//! is passed on to decide first.

use std::borrow::Cow;

use jiff::Timestamp;
use mailparse::{MailHeaderMap, ParsedMail};

use super::{Format, SavedPage};
use crate::error::SavedProblem;

/// How much of the top of a file is looked at to tell MHTML from HTML.
const SNIFF_BYTES: usize = 8192;

/// Whether `bytes` starts like an MHTML file: a header block (not a tag) whose
/// `Content-Type` is `multipart/related`, or Blink's `From: <Saved by Blink>`.
pub fn looks_like(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.first() == Some(&b'<') || head.is_empty() {
        return false;
    }
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let is_header = first_line
        .iter()
        .position(|&b| b == b':')
        .is_some_and(|colon| {
            colon > 0
                && first_line[..colon]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        });
    if !is_header {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    head.starts_with(b"From: <Saved by ")
        || memchr::memmem::find(&lower, b"multipart/related").is_some()
}

/// Reads an MHTML file: its root HTML part, decoded from its transfer encoding.
pub fn read(bytes: &[u8]) -> Result<SavedPage<'static>, SavedProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mail = mailparse::parse_mail(bytes).map_err(|e| SavedProblem::Mhtml {
        reason: e.to_string(),
    })?;
    let root = root_part(&mail).ok_or_else(|| SavedProblem::NoHtmlPart {
        parts: mail.parts().count(),
    })?;
    let html = root.get_body_raw().map_err(|e| SavedProblem::Mhtml {
        reason: e.to_string(),
    })?;
    let top = &mail.headers;
    let url = ["Snapshot-Content-Location", "X-Snapshot-Content-Location"]
        .into_iter()
        .find_map(|name| top.get_first_value(name))
        .or_else(|| root.headers.get_first_value("Content-Location"))
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty() && !u.starts_with("about:"));
    let saved_at = top
        .get_first_value("Date")
        .and_then(|d| mailparse::dateparse(&d).ok())
        .and_then(|secs| Timestamp::from_second(secs).ok());
    let content_type = root
        .ctype
        .params
        .get("charset")
        .map(|charset| format!("{}; charset={charset}", root.ctype.mimetype));
    Ok(SavedPage {
        format: Format::Mhtml,
        html: Cow::Owned(html),
        content_type,
        url,
        saved_at,
        wayback: None,
    })
}

/// The first part that can be a page: the message itself when it is `text/html`, else
/// the first `text/html` part, depth first.
fn root_part<'a>(mail: &'a ParsedMail<'a>) -> Option<&'a ParsedMail<'a>> {
    mail.parts()
        .find(|p| p.subparts.is_empty() && p.ctype.mimetype.eq_ignore_ascii_case("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLINK: &str = "From: <Saved by Blink>\r\n\
        Snapshot-Content-Location: https://example.org/page/\r\n\
        Subject: =?utf-8?Q?Caf=C3=A9?=\r\n\
        Date: Tue, 9 May 2023 10:11:12 +0000\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/related;\r\n\
        \ttype=\"text/html\";\r\n\
        \tboundary=\"----MultipartBoundary--abc----\"\r\n\
        \r\n\
        \r\n------MultipartBoundary--abc----\r\n\
        Content-Type: text/html\r\n\
        Content-ID: <frame-1@mhtml.blink>\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        Content-Location: https://example.org/page/\r\n\
        \r\n\
        <html><head><meta charset=3D\"utf-8\"><title>Caf=C3=A9</title></head><body><p>a long line that is =\r\nbroken</p></body></html>\r\n\
        ------MultipartBoundary--abc----\r\n\
        Content-Type: text/css\r\n\
        Content-Transfer-Encoding: base64\r\n\
        Content-Location: https://example.org/style.css\r\n\
        \r\n\
        cCB7fQ==\r\n\
        ------MultipartBoundary--abc------\r\n";

    #[test]
    fn blink_crlf_quoted_printable() {
        assert!(looks_like(BLINK.as_bytes()));
        let page = read(BLINK.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(page.html.into_owned()).unwrap(),
            "<html><head><meta charset=\"utf-8\"><title>Café</title></head><body><p>a long line that is broken</p></body></html>"
        );
        assert_eq!(page.url.as_deref(), Some("https://example.org/page/"));
        assert_eq!(
            page.saved_at.map(|t| t.to_string()).as_deref(),
            Some("2023-05-09T10:11:12Z")
        );
        assert_eq!(page.content_type, None, "Blink names no charset");
        let with_bom = [&b"\xEF\xBB\xBF"[..], BLINK.as_bytes()].concat();
        assert!(looks_like(&with_bom));
        assert_eq!(read(&with_bom).unwrap().url, page.url);
    }

    #[test]
    fn bare_lf_base64_and_the_older_header_names() {
        let lf = BLINK
            .replace("\r\n", "\n")
            .replace("Snapshot-Content-Location", "X-Snapshot-Content-Location")
            .replace(
                "Content-Transfer-Encoding: quoted-printable\n",
                "Content-Transfer-Encoding: base64\n",
            );
        let qp_body = "<html><head><meta charset=3D\"utf-8\"><title>Caf=C3=A9</title></head><body><p>a long line that is =\nbroken</p></body></html>";
        let lf = lf.replace(qp_body, "PGh0bWw+PGJvZHk+w6k8L2JvZHk+PC9odG1sPg==");
        let page = read(lf.as_bytes()).unwrap();
        assert_eq!(&*page.html, "<html><body>é</body></html>".as_bytes());
        assert_eq!(page.url.as_deref(), Some("https://example.org/page/"));
    }

    #[test]
    fn the_part_charset_is_passed_on() {
        let ie = "From: \"Saved by Windows Internet Explorer 9\"\n\
            Subject: x\n\
            MIME-Version: 1.0\n\
            Content-Type: multipart/related;\n\
            \ttype=\"text/html\";\n\
            \tboundary=\"----=_NextPart_000_0012_01CC157B.8AA06570\"\n\
            \n\
            This is a multi-part message in MIME format.\n\
            \n\
            ------=_NextPart_000_0012_01CC157B.8AA06570\n\
            Content-Type: text/html;\n\
            \tcharset=\"Windows-1252\"\n\
            Content-Transfer-Encoding: quoted-printable\n\
            Content-Location: https://example.org/old/\n\
            \n\
            <html><body>Caf=E9</body></html>\n\
            ------=_NextPart_000_0012_01CC157B.8AA06570--\n";
        assert!(looks_like(ie.as_bytes()));
        let page = read(ie.as_bytes()).unwrap();
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=Windows-1252")
        );
        assert_eq!(&*page.html, b"<html><body>Caf\xe9</body></html>");
        assert_eq!(page.url.as_deref(), Some("https://example.org/old/"));
        assert_eq!(page.saved_at, None);
    }

    #[test]
    fn what_is_not_mhtml_or_has_no_page() {
        for not in [
            &b"<!DOCTYPE html><html></html>"[..],
            b"",
            b"   \n",
            b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello",
            b"Just some text: with a colon\nmultipart/related",
        ] {
            assert!(!looks_like(not), "{not:?}");
        }
        let no_html = "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\nContent-Type: text/css\n\np{}\n--b--\n";
        assert!(looks_like(no_html.as_bytes()));
        assert_eq!(
            read(no_html.as_bytes()),
            Err(SavedProblem::NoHtmlPart { parts: 2 })
        );
    }
}
