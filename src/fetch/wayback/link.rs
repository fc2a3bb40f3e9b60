//! The `Link` header of a Wayback memento (RFC 8288 syntax): `<target>; rel="…";
//! datetime="…", <…>; …`. Pure. The header is tokenised, never split on commas: a
//! `datetime="Fri, 24 Nov 2017 15:13:15 GMT"` holds commas of its own (as the gist
//! N0taN3rd/fa2a38d's TimeMap tokenizer does). Any text gives some list, never a panic.

/// One link of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    /// The `rel` tokens, lower-cased: `first memento` is `["first", "memento"]`.
    pub rel: Vec<String>,
    pub datetime: Option<String>,
}

/// Reads every link of a `Link` header value; text that is not a link is skipped.
pub fn parse(header: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let mut link = Link {
            target: after[..close].trim().to_string(),
            rel: Vec::new(),
            datetime: None,
        };
        rest = params(&after[close + 1..], &mut link);
        links.push(link);
    }
    links
}

/// Reads `; name=value` parameters into `link` up to the `,` that ends it; returns the
/// text after that comma.
fn params<'a>(mut rest: &'a str, link: &mut Link) -> &'a str {
    loop {
        rest = rest.trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            return next;
        }
        let Some(param) = rest.strip_prefix(';') else {
            // Not a parameter: skip to the next link.
            return rest.find('<').map_or("", |at| &rest[at..]);
        };
        let param = param.trim_start();
        let name_end = param
            .find(|c: char| c == '=' || c == ';' || c == ',' || c.is_whitespace())
            .unwrap_or(param.len());
        let name = param[..name_end].to_ascii_lowercase();
        let after_name = param[name_end..].trim_start();
        let (value, after) = match after_name.strip_prefix('=') {
            Some(v) => value(v.trim_start()),
            None => (String::new(), after_name),
        };
        match name.as_str() {
            "rel" => {
                link.rel = value
                    .split_whitespace()
                    .map(str::to_ascii_lowercase)
                    .collect()
            }
            "datetime" => link.datetime = Some(value),
            _ => {}
        }
        rest = after;
    }
}

/// A quoted string (with `\` escapes) or a token; returns it and the text after it.
fn value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find([';', ',']).unwrap_or(text.len());
        return (text[..end].trim().to_string(), &text[end..]);
    };
    let mut out = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (out, &quoted[at + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            c => out.push(c),
        }
    }
    (out, "")
}

/// The URL as captured: the target of the link whose `rel` holds `original`.
pub fn original(links: &[Link]) -> Option<&str> {
    links
        .iter()
        .find(|l| l.rel.iter().any(|r| r == "original"))
        .map(|l| l.target.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of a real memento (edgi `wayback` cassette `test_get_memento.yaml`).
    const RECORDED: &str = "<https://www.fws.gov/birds/>; rel=\"original\", \
        <https://web.archive.org/web/timemap/link/https://www.fws.gov/birds/>; rel=\"timemap\"; type=\"application/link-format\", \
        <https://web.archive.org/web/https://www.fws.gov/birds/>; rel=\"timegate\", \
        <https://web.archive.org/web/20050323155300/http://www.fws.gov:80/birds>; rel=\"first memento\"; datetime=\"Wed, 23 Mar 2005 15:53:00 GMT\", \
        <https://web.archive.org/web/20171124151315/https://www.fws.gov/birds/>; rel=\"memento\"; datetime=\"Fri, 24 Nov 2017 15:13:15 GMT\"";

    #[test]
    fn a_recorded_header() {
        let links = parse(RECORDED);
        assert_eq!(links.len(), 5);
        assert_eq!(original(&links), Some("https://www.fws.gov/birds/"));
        assert_eq!(links[3].rel, ["first", "memento"]);
        assert_eq!(
            links[4].datetime.as_deref(),
            Some("Fri, 24 Nov 2017 15:13:15 GMT")
        );
        assert_eq!(links[1].rel, ["timemap"]);
    }

    #[test]
    fn odd_headers() {
        type Links = Vec<(&'static str, Vec<&'static str>)>;
        let cases: &[(&str, Links)] = &[
            ("", vec![]),
            ("no links here", vec![]),
            ("<a>", vec![("a", vec![])]),
            (
                "<a>; rel=original, <b>; REL=\"Memento\"",
                vec![("a", vec!["original"]), ("b", vec!["memento"])],
            ),
            (
                "<a>; rel=\"x\\\"y\"; junk <b>; rel=c",
                vec![("a", vec!["x\"y"]), ("b", vec!["c"])],
            ),
            ("<unclosed; rel=\"original\"", vec![]),
            ("<a>; rel=\"unterminated", vec![("a", vec!["unterminated"])]),
            (
                "<ü>; rel=\"ö\", <ß>;;; rel",
                vec![("ü", vec!["ö"]), ("ß", vec![])],
            ),
        ];
        for (header, want) in cases {
            let got: Vec<(String, Vec<String>)> = parse(header)
                .into_iter()
                .map(|l| (l.target, l.rel))
                .collect();
            let want: Vec<(String, Vec<String>)> = want
                .iter()
                .map(|(t, r)| (t.to_string(), r.iter().map(|s| s.to_string()).collect()))
                .collect();
            assert_eq!(got, want, "{header:?}");
        }
    }
}
