//! Raw bytes → UTF-8 HTML text: charset detection (BOM, HTTP header, `<meta>`), decoding,
//! and the checks that reject what is not a whole HTML page. Pure: no I/O.

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex as BytesRegex;
use regex::Regex;

use crate::error::InputProblem;

/// A decoded page and the encoding it was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// Borrowed from the input when it is already UTF-8 (almost always): a large page is
    /// not held twice.
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// How far into the file a `<meta>` charset declaration is looked for. The HTML standard
/// says 1024 bytes; WordPress heads put it first, but some themes push it later.
const PRESCAN_BYTES: usize = 8192;

/// The charset label of a `Content-Type` value or a `<meta>` tag: `charset=UTF-8`.
macro_rules! charset {
    () => {
        r#"charset\s*=\s*["']?\s*(?<label>[A-Za-z0-9_:.+-]+)"#
    };
}
static HEADER_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(concat!("(?i-u)", charset!())).expect("static pattern"));
/// A `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
static META_CHARSET: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(concat!(r"(?i-u)<meta\b[^>]*?\b", charset!())).expect("static pattern")
});
/// The start of an HTML page.
static HTML_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)<(?:!doctype\s+html|html|body)\b").expect("static pattern")
});
/// The end of an HTML page.
static HTML_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)</html\s*>").expect("static pattern"));

/// The charset label in a `Content-Type` value, e.g. `text/html; charset=UTF-8` → `UTF-8`.
pub(crate) fn charset_from_content_type(content_type: &str) -> Option<&str> {
    let label = HEADER_CHARSET.captures(content_type)?.name("label")?;
    Some(label.as_str())
}

/// The charset declared by a `<meta charset>` or `<meta http-equiv="Content-Type">` near the
/// top of the page.
pub(crate) fn charset_from_meta(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let label = META_CHARSET.captures(head)?.name("label")?;
    Some(String::from_utf8_lossy(label.as_bytes()).into_owned())
}

/// Decodes a saved page to UTF-8 and checks that it is a whole HTML document.
///
/// Charset precedence follows the HTML standard: a byte-order mark, then the HTTP
/// `Content-Type` header (from the page's metadata), then `<meta>`, then UTF-8. A page with no
/// declaration that is not valid UTF-8 is read as windows-1252, as browsers do.
pub fn decode<'a>(
    bytes: &'a [u8],
    header_content_type: Option<&str>,
) -> Result<Decoded<'a>, InputProblem> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputProblem::Empty);
    }
    if let Some(offset) = bytes.iter().take(PRESCAN_BYTES).position(|&b| b == 0) {
        return Err(InputProblem::Binary { offset });
    }
    let (encoding, declared) = if let Some((enc, _)) = Encoding::for_bom(bytes) {
        (enc, true)
    } else if let Some(label) = header_content_type.and_then(charset_from_content_type) {
        (lookup(label)?, true)
    } else if let Some(label) = charset_from_meta(bytes) {
        (lookup(&label)?, true)
    } else {
        (encoding_rs::UTF_8, false)
    };
    let text = match encoding.decode_without_bom_handling_and_without_replacement(strip_bom(bytes))
    {
        Some(text) => text,
        None if !declared => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            return finish(text, encoding_rs::WINDOWS_1252.name());
        }
        None => {
            let utf8_error = std::str::from_utf8(strip_bom(bytes)).err();
            return Err(InputProblem::Malformed {
                encoding: encoding.name(),
                offset: utf8_error
                    .filter(|_| encoding == encoding_rs::UTF_8)
                    .map_or(0, |e| e.valid_up_to()),
            });
        }
    };
    finish(text, encoding.name())
}

fn finish<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<Decoded<'a>, InputProblem> {
    check_html(&text)?;
    Ok(Decoded { text, encoding })
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    match Encoding::for_bom(bytes) {
        Some((_, len)) => &bytes[len..],
        None => bytes,
    }
}

fn lookup(label: &str) -> Result<&'static Encoding, InputProblem> {
    // A page that says "utf-16" in a <meta> is lying: it could not be read to find the tag.
    // The HTML standard maps that declaration to UTF-8; so do we.
    Encoding::for_label(label.trim().as_bytes())
        .map(|e| e.output_encoding())
        .ok_or_else(|| InputProblem::UnknownCharset {
            label: label.to_string(),
        })
}

/// How deeply elements may nest. WordPress pages nest a few dozen deep; the HTML parser's
/// scope checks make very deep nesting quadratic (100 000 levels take half a minute), so
/// such a page is refused before it is parsed.
pub(crate) const MAX_NESTING: usize = 2_000;

/// Elements that never have an end tag, or whose end tag may be left out: they do not
/// count towards nesting depth.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb",
    "rt", "rp", "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// The deepest element nesting in `text`, estimated from its tags: an upper bound on what
/// the parser will build, found in one pass without parsing.
pub(crate) fn nesting_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| start + n);
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = &bytes[start..end];
        if NO_DEPTH
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let gt = bytes[end..].iter().position(|&b| b == b'>');
            let self_closing = gt.is_some_and(|gt| gt > 0 && bytes[end + gt - 1] == b'/');
            if !self_closing {
                depth += 1;
                deepest = deepest.max(depth);
            }
            // Script and style hold text, not tags: `i<n` in a script is no element.
            if name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style") {
                let close = [&b"</"[..], name].concat();
                i = find_ignore_case(&bytes[end..], &close).map_or(bytes.len(), |n| end + n);
            }
        }
    }
    deepest
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Rejects text that is not a complete HTML document.
pub(crate) fn check_html(text: &str) -> Result<(), InputProblem> {
    if text.trim().is_empty() {
        return Err(InputProblem::Empty);
    }
    if !HTML_OPEN.is_match(text) {
        return Err(InputProblem::NotHtml);
    }
    if !HTML_CLOSE.is_match(text) {
        return Err(InputProblem::Truncated);
    }
    let depth = nesting_depth(text);
    if depth > MAX_NESTING {
        return Err(InputProblem::TooDeep {
            depth,
            limit: MAX_NESTING,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_declarations() {
        let cases = [
            ("text/html; charset=UTF-8", Some("UTF-8")),
            ("text/html;charset = 'iso-8859-1'", Some("iso-8859-1")),
            ("text/html; CHARSET=\" utf-8\"", Some("utf-8")),
            ("text/html", None),
        ];
        for (header, want) in cases {
            assert_eq!(charset_from_content_type(header), want, "{header:?}");
        }
        let metas = [
            ("<META CharSet=windows-1252>", Some("windows-1252")),
            (
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
                Some("iso-8859-1"),
            ),
            ("<metadata charset=utf-8>", None),
            ("<meta name=x> charset=utf-8", None),
            ("<p charset=utf-8>", None),
        ];
        for (html, want) in metas {
            assert_eq!(
                charset_from_meta(html.as_bytes()).as_deref(),
                want,
                "{html:?}"
            );
        }
    }

    #[test]
    fn whole_pages_only() {
        let cases = [
            ("<!DOCTYPE html><p>x</p></HTML >", Ok(())),
            ("<body>x</html>", Ok(())),
            ("<!doctypehtml><p>x</p></html>", Err(InputProblem::NotHtml)),
            ("<htmlx>x</html>", Err(InputProblem::NotHtml)),
            ("<html><p>x</p></htm>", Err(InputProblem::Truncated)),
        ];
        for (text, want) in cases {
            assert_eq!(check_html(text), want, "{text:?}");
        }
    }

    const PAGE: &str = "<!DOCTYPE html><html><head></head><body><p>x</p></body></html>";

    #[test]
    fn table_of_inputs() {
        type Case<'a> = (&'a [u8], Option<&'a str>, Result<&'a str, InputProblem>);
        let cases: &[Case] = &[
            (b"", None, Err(InputProblem::Empty)),
            (b"  \n\t", None, Err(InputProblem::Empty)),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, Err(InputProblem::Binary { offset: 8 })),
            (b"just some words", None, Err(InputProblem::NotHtml)),
            (b"<html><body><p>cut", None, Err(InputProblem::Truncated)),
            (PAGE.as_bytes(), None, Ok("UTF-8")),
            (
                b"<html><head><meta charset=\"windows-1252\"></head><body>J\xf3hann \x92</body></html>",
                None,
                Ok("windows-1252"),
            ),
            (
                b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>\xf3</body></html>",
                None,
                Ok("windows-1252"),
            ),
            (
                b"<html><body>\xf3</body></html>",
                Some("text/html; charset=ISO-8859-15"),
                Ok("ISO-8859-15"),
            ),
            // Undeclared and not UTF-8: read as windows-1252, as browsers do.
            (b"<html><body>\x92</body></html>", None, Ok("windows-1252")),
            (
                b"<html><head><meta charset=utf-8></head><body>\xff</body></html>",
                None,
                Err(InputProblem::Malformed { encoding: "UTF-8", offset: 45 }),
            ),
            (
                b"<html><head><meta charset=klingon></head></html>",
                None,
                Err(InputProblem::UnknownCharset { label: "klingon".into() }),
            ),
        ];
        for (bytes, header, want) in cases {
            let got = decode(bytes, *header).map(|d| d.encoding);
            assert_eq!(&got, want, "input {:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn windows_1252_text_comes_out_right() {
        let d = decode(
            b"<html><head><meta charset=\"windows-1252\"></head><body>J\xf3hann J\xf3hannsson \x96 Miners\x92</body></html>",
            None,
        )
        .unwrap();
        assert!(d.text.contains("Jóhann Jóhannsson – Miners’"), "{}", d.text);
    }

    #[test]
    fn nesting_depth_cases() {
        let cases = [
            (
                "<html><body><div><div><span>x</span></div></div></body></html>",
                3,
            ),
            ("<div><p>a<p>b<p>c</div>", 1),
            ("<ul><li>a<li>b<li>c</ul>", 1),
            ("<div><br><img src=x><hr/><input></div>", 1),
            ("<div><svg><path d='x'/></svg></div>", 2),
            ("</div></div><div>", 1),
            ("a < b and 1<2", 0),
            (
                "<div><script>for(i=0;i<n;i++){}</script><style>a<b{}</STYLE></div>",
                2,
            ),
            ("", 0),
        ];
        for (html, want) in cases {
            assert_eq!(nesting_depth(html), want, "{html}");
        }
        let deep = format!(
            "<html><body>{}</body></html>",
            "<div>".repeat(MAX_NESTING + 1)
        );
        assert_eq!(
            check_html(&deep),
            Err(InputProblem::TooDeep {
                depth: MAX_NESTING + 1,
                limit: MAX_NESTING
            })
        );
        let fixture = include_str!("../../fixtures/acloserlisten/part-one.html");
        assert!(nesting_depth(fixture) < 40, "{}", nesting_depth(fixture));
    }

    #[test]
    fn header_charset_beats_meta() {
        let d = decode(
            b"<html><head><meta charset=\"utf-8\"></head><body>\xf3</body></html>",
            Some("text/html; charset=windows-1252"),
        )
        .unwrap();
        assert!(d.text.contains('ó'));
    }
}
