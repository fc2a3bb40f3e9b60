//! A page saved while viewing it in the Wayback Machine, turned back into the archived
//! page: the archive's toolbar (`<!-- BEGIN WAYBACK TOOLBAR INSERT -->` …
//! `<!-- END WAYBACK TOOLBAR INSERT -->`), its scripts at the top of `<head>` (up to
//! `<!-- End Wayback Rewrite JS Include -->`) and its closing `FILE ARCHIVED ON` comment
//! taken out, and every link it rewrote, `https://web.archive.org/web/<ts><flag>/<original>`
//! or `/web/<ts><flag>/<original>`, given back its original URL. The capture time comes from
//! the 14-digit timestamp in the archive URL the page was viewed at. (The archive route of
//! `refresh` fetches captures with `id_`, which has none of this.)

use jiff::Timestamp;
use memchr::memmem;

use super::Capture;

const TOOLBAR_START: &[u8] = b"<!-- BEGIN WAYBACK TOOLBAR INSERT -->";
const TOOLBAR_END: &[u8] = b"<!-- END WAYBACK TOOLBAR INSERT -->";
const SCRIPTS_END: &[u8] = b"<!-- End Wayback Rewrite JS Include -->";
const ARCHIVED_ON: &[u8] = b"FILE ARCHIVED ON";
const WOMBAT: &[u8] = b"__wm.wombat(\"";
const HOST_PATH: &[u8] = b"web.archive.org/web/";

/// A Wayback view, undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct View {
    pub html: Vec<u8>,
    pub original: String,
    pub capture: Capture,
}

/// An archive URL split into its parts: `(timestamp digits, original URL)`.
fn split_memento(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let rest = rest.strip_prefix("web.archive.org/web/")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let flag = rest[digits..]
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
        .count();
    let original = rest[digits + flag..].strip_prefix('/')?;
    (1..=14)
        .contains(&digits)
        .then_some((&rest[..digits], original))
}

/// The capture an archive URL names, and its original URL:
/// `https://web.archive.org/web/20230510123456/https://acloserlisten.com/…`.
pub fn memento(url: &str) -> Option<(Capture, String)> {
    let (digits, original) = split_memento(url.trim())?;
    if !original.starts_with("http://") && !original.starts_with("https://") {
        return None;
    }
    Some((
        Capture {
            memento_url: url.trim().to_string(),
            captured_at: timestamp(digits),
        },
        original.to_string(),
    ))
}

/// The original URL behind an archive URL, or `None` for any other URL.
pub fn original(url: &str) -> Option<String> {
    memento(url).map(|(_, original)| original)
}

/// A 14-digit Wayback timestamp as a time (UTC).
fn timestamp(digits: &str) -> Option<Timestamp> {
    if digits.len() != 14 {
        return None;
    }
    jiff::civil::DateTime::strptime("%Y%m%d%H%M%S", digits)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// The page as archived, when `html` is a Wayback view (its toolbar or scripts are there,
/// or the file says it was saved from an archive URL, `stated`).
pub(super) fn view(html: &[u8], stated: Option<(Capture, String)>) -> Option<View> {
    let marked =
        memmem::find(html, TOOLBAR_START).is_some() || memmem::find(html, SCRIPTS_END).is_some();
    if !marked && stated.is_none() {
        return None;
    }
    let (capture, original) = stated
        .or_else(|| wombat(html))
        .or_else(|| first_link(html))?;
    let cleaned = unrewrite(&strip_additions(html));
    Some(View {
        html: cleaned,
        original,
        capture,
    })
}

/// The capture named by the archive's own script call, `__wm.wombat("<original>","<ts>",…`.
fn wombat(html: &[u8]) -> Option<(Capture, String)> {
    let at = memmem::find(html, WOMBAT)? + WOMBAT.len();
    // `<original>","<ts>","…`: the original, a comma, the timestamp, the rest.
    let mut args = html[at..].splitn(4, |&b| b == b'"');
    let original = String::from_utf8_lossy(args.next()?).into_owned();
    let ts = String::from_utf8_lossy(args.nth(1)?).into_owned();
    if !ts.bytes().all(|b| b.is_ascii_digit()) || !original.starts_with("http") {
        return None;
    }
    Some((
        Capture {
            memento_url: format!("https://web.archive.org/web/{ts}/{original}"),
            captured_at: timestamp(&ts),
        },
        original,
    ))
}

/// The capture named by the first rewritten link of the page (its canonical link, most
/// often).
fn first_link(html: &[u8]) -> Option<(Capture, String)> {
    memmem::find_iter(html, HOST_PATH).find_map(|at| {
        let start = at.saturating_sub(8);
        let end = html[at..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b' ' | b'>' | b'<' | b')'))
            .map_or(html.len(), |n| at + n);
        let text = String::from_utf8_lossy(&html[start..end]);
        let from = text.find("http").or_else(|| text.find("//"))?;
        memento(&text[from..])
    })
}

/// `html` without the toolbar, the scripts at the top of `<head>` and the closing comment.
fn strip_additions(html: &[u8]) -> Vec<u8> {
    let mut out = html.to_vec();
    if let Some(start) = memmem::find(&out, TOOLBAR_START) {
        if let Some(end) = memmem::find(&out[start..], TOOLBAR_END) {
            out.drain(start..start + end + TOOLBAR_END.len());
        }
    }
    if let Some(end) = memmem::find(&out, SCRIPTS_END) {
        let head = head_tag_end(&out[..end]).unwrap_or(end);
        out.drain(head..end + SCRIPTS_END.len());
    }
    if let Some(at) = memmem::rfind(&out, ARCHIVED_ON) {
        let open = memmem::rfind(&out[..at], b"<!--");
        let close = memmem::find(&out[at..], b"-->");
        if let (Some(open), Some(close)) = (open, close) {
            let between = &out[open + 4..at];
            if between.iter().all(u8::is_ascii_whitespace) {
                out.drain(open..at + close + 3);
            }
        }
    }
    out
}

/// Where the first `<head>` tag ends (just after its `>`), if it is in `html`.
fn head_tag_end(html: &[u8]) -> Option<usize> {
    let at = (0..html.len()).find(|&i| {
        html[i..].len() >= 5
            && html[i..i + 5].eq_ignore_ascii_case(b"<head")
            && matches!(html.get(i + 5), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r'))
    })?;
    html[at..]
        .iter()
        .position(|&b| b == b'>')
        .map(|n| at + n + 1)
}

/// Gives every rewritten link its original URL back: the archive prefix
/// (`https://web.archive.org/web/<ts><flag>/`, `http://…`, `//…`, or a relative
/// `/web/<ts><flag>/` in front of `http`) is removed.
fn unrewrite(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        if let Some(len) = prefix_at(html, i) {
            i += len;
            continue;
        }
        out.push(html[i]);
        i += 1;
    }
    out
}

/// The length of an archive prefix starting at `i`, if one does.
fn prefix_at(html: &[u8], i: usize) -> Option<usize> {
    let rest = &html[i..];
    let host = [&b"https://"[..], b"http://", b"//"]
        .into_iter()
        .find(|s| rest.starts_with(s) && rest[s.len()..].starts_with(HOST_PATH))
        .map(|s| s.len() + HOST_PATH.len());
    let relative = (i > 0 && matches!(html[i - 1], b'"' | b'\'' | b'(' | b'=' | b' '))
        .then_some(b"/web/".len())
        .filter(|_| rest.starts_with(b"/web/"));
    let after = host.or(relative)?;
    let digits = rest[after..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let flag = rest[after + digits..]
        .iter()
        .take_while(|b| b.is_ascii_lowercase() || **b == b'_')
        .count();
    let end = after + digits + flag;
    let ok = (1..=14).contains(&digits)
        && rest.get(end) == Some(&b'/')
        && (rest[end + 1..].starts_with(b"http") || host.is_some());
    ok.then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_archive_urls() {
        let one = "https://acloserlisten.com/2023/05/08/part-one/";
        type Want<'a> = Option<(&'a str, Option<&'a str>)>;
        let cases: &[(&str, Want)] = &[
            (
                "https://web.archive.org/web/20230510123456/https://acloserlisten.com/2023/05/08/part-one/",
                Some((one, Some("2023-05-10T12:34:56Z"))),
            ),
            (
                "http://web.archive.org/web/20230510123456id_/https://acloserlisten.com/2023/05/08/part-one/",
                Some((one, Some("2023-05-10T12:34:56Z"))),
            ),
            (
                "https://web.archive.org/web/2023/https://acloserlisten.com/2023/05/08/part-one/",
                Some((one, None)),
            ),
            ("https://web.archive.org/web/20230510123456/", None),
            ("https://web.archive.org/web/*/https://acloserlisten.com/*", None),
            ("https://acloserlisten.com/2023/05/08/part-one/", None),
            ("https://web.archive.org/web/20231399999999/https://x.org/", Some(("https://x.org/", None))),
        ];
        for (url, want) in cases {
            let got = memento(url).map(|(c, o)| (o, c.captured_at.map(|t| t.to_string())));
            let want = want.map(|(o, t)| (o.to_string(), t.map(str::to_string)));
            assert_eq!(got, want, "{url}");
        }
    }

    #[test]
    fn a_view_is_undone() {
        let view_page = "<!DOCTYPE html><html><head><script src=\"//archive.org/includes/athena.js\"></script>\
            <script>__wm.init(\"https://web.archive.org/web\");\n  __wm.wombat(\"https://acloserlisten.com/a/\",\"20230510123456\",\"https://web.archive.org/\",\"web\",\"/_static/\",\"1683721296\");</script>\
            <!-- End Wayback Rewrite JS Include --><title>A</title>\
            <link rel=\"canonical\" href=\"https://web.archive.org/web/20230510123456/https://acloserlisten.com/a/\"></head>\
            <body><!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp-base\">tool</div><!-- END WAYBACK TOOLBAR INSERT -->\
            <img src=\"/web/20230510123456im_/https://i0.wp.com/x.jpg\"><a href=\"/web/20230510123456/https://acloserlisten.com/b/\">b</a>\
            <p>/web/ in text stays</p></body></html>\n<!--\n     FILE ARCHIVED ON 12:34:56 May 10, 2023 AND RETRIEVED FROM THE\n     INTERNET ARCHIVE ON 08:00:00 Dec 04, 2026.\n-->\n";
        let view = view(view_page.as_bytes(), None).unwrap();
        assert_eq!(view.original, "https://acloserlisten.com/a/");
        assert_eq!(
            view.capture.captured_at.map(|t| t.to_string()).as_deref(),
            Some("2023-05-10T12:34:56Z")
        );
        assert_eq!(
            String::from_utf8(view.html).unwrap(),
            "<!DOCTYPE html><html><head><title>A</title>\
            <link rel=\"canonical\" href=\"https://acloserlisten.com/a/\"></head>\
            <body><img src=\"https://i0.wp.com/x.jpg\"><a href=\"https://acloserlisten.com/b/\">b</a>\
            <p>/web/ in text stays</p></body></html>\n\n"
        );
    }

    #[test]
    fn not_a_view() {
        assert_eq!(
            view(
                b"<html><a href=\"https://web.archive.org/web/2023/https://x.org/\">x</a></html>",
                None
            ),
            None
        );
        assert_eq!(view(b"", None), None);
    }
}
