//! The comments that browsers and extensions put at the top of a saved HTML page to say
//! where it came from: Chrome's mark of the web, `<!-- saved from url=(0083)https://… -->`
//! (chromium `frame_serializer.cc`, `MarkOfTheWebDeclaration`: the digits are the URL's
//! length, `--` in the URL is written `%2D`), and SingleFile's comment, the first child of
//! `<html>`: `Page saved with SingleFile`, then ` url: …` and ` saved date: …` lines
//! (legacy: `Archive processed by SingleFile`). Read as bytes: both are ASCII, so the
//! page's charset does not matter.

use jiff::Timestamp;
use memchr::memmem;

use super::Format;

/// What a mark says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mark {
    pub format: Format,
    pub url: Option<String>,
    pub saved_at: Option<Timestamp>,
}

/// How far into a page the marks are looked for: both sit before or just inside `<html>`.
const HEAD_BYTES: usize = 4096;

/// The mark at the top of `html`, if any.
pub(super) fn read(html: &[u8]) -> Option<Mark> {
    let head = &html[..html.len().min(HEAD_BYTES)];
    single_file(head).or_else(|| chrome(head))
}

fn chrome(head: &[u8]) -> Option<Mark> {
    const START: &[u8] = b"<!-- saved from url=(";
    let at = memmem::find(head, START)? + START.len();
    let close = at + head[at..].iter().position(|&b| b == b')')?;
    let rest = &head[close + 1..];
    let end = memmem::find(rest, b"-->")?;
    let url = String::from_utf8_lossy(&rest[..end])
        .trim()
        .replace("%2D", "-");
    Some(Mark {
        format: Format::ChromeHtml,
        url: (!url.is_empty()).then_some(url),
        saved_at: None,
    })
}

fn single_file(head: &[u8]) -> Option<Mark> {
    let at = memmem::find(head, b"Page saved with SingleFile")
        .or_else(|| memmem::find(head, b"Archive processed by SingleFile"))?;
    let end = at + memmem::find(&head[at..], b"-->").unwrap_or(head.len() - at);
    let comment = String::from_utf8_lossy(&head[at..end]);
    let field = |name: &str| {
        comment.lines().find_map(|line| {
            let value = line.trim_start().strip_prefix(name)?.trim();
            (!value.is_empty()).then(|| value.to_string())
        })
    };
    Some(Mark {
        format: Format::SingleFile,
        url: field("url:"),
        saved_at: field("saved date:").and_then(|d| js_date(&d)),
    })
}

/// A date as JavaScript's `Date.prototype.toString` writes it, which is what SingleFile
/// puts in `saved date:`: `Wed Sep 24 2026 10:11:12 GMT+0200 (Central European Summer
/// Time)`. The zone's name in brackets is left out; the offset is what counts.
fn js_date(text: &str) -> Option<Timestamp> {
    let text = text.split(" (").next()?.trim();
    jiff::fmt::strtime::parse("%a %b %d %Y %H:%M:%S GMT%z", text)
        .ok()?
        .to_timestamp()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_marks() {
        let url = "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
        let chrome_page = format!("<!-- saved from url=(0087){url} -->\n<html></html>");
        let dashes = "<!-- saved from url=(0030)https://example.org/a%2D%2Db -->\n<html>";
        let single = format!(
            "<!DOCTYPE html> <html lang=\"en\"><!--\n Page saved with SingleFile \n url: {url} \n saved date: Tue May 09 2023 12:13:14 GMT+0200 (Central European Summer Time)\n--><head>"
        );
        let legacy = "<html><!--\n Archive processed by SingleFile \n url: https://example.org/ \n saved date: not a date\n--><head>";
        type Want<'a> = Option<(Format, Option<&'a str>, Option<&'a str>)>;
        let cases: &[(&str, Want)] = &[
            (&chrome_page, Some((Format::ChromeHtml, Some(url), None))),
            (
                dashes,
                Some((Format::ChromeHtml, Some("https://example.org/a--b"), None)),
            ),
            (
                &single,
                Some((Format::SingleFile, Some(url), Some("2023-05-09T10:13:14Z"))),
            ),
            (
                legacy,
                Some((Format::SingleFile, Some("https://example.org/"), None)),
            ),
            ("<html><head><title>x</title></head></html>", None),
            ("<!-- saved from url=(0010", None),
            (
                "<html><!-- Page saved with SingleFile",
                Some((Format::SingleFile, None, None)),
            ),
        ];
        for (page, want) in cases {
            let got =
                read(page.as_bytes()).map(|m| (m.format, m.url, m.saved_at.map(|t| t.to_string())));
            let want = want.map(|(f, u, s)| (f, u.map(str::to_string), s.map(str::to_string)));
            assert_eq!(got, want, "{page}");
        }
    }
}
