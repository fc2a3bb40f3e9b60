//! The Wayback Machine's CDX server: the queries this tool sends and the reader of its JSON
//! answer. Pure: URLs and bytes in, [`Capture`]s out; the requests are [`super::Wayback`]'s.
//!
//! The answer as the server writes it (internetarchive/wayback `JsonWriter.java`; edgi
//! `wayback` cassettes): an array of rows, every value a string; the first row holds the
//! field names and is written only together with the first capture, so no captures is `[]`;
//! `-` stands for a missing value (revisit records); the same line can come back twice in a
//! row; a resume key, when asked for, follows an empty row. An empty body is the text form
//! of "no captures".

use std::collections::HashSet;

use reqwest::Url;

/// The fields asked for, in the order the reader expects none of them to be in.
const FIELDS: &str = "timestamp,original,statuscode,mimetype,digest";

/// One capture listed by the CDX server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Capture {
    /// `YYYYMMDDhhmmss` (old captures can have fewer digits).
    pub timestamp: String,
    /// The URL as captured (scheme, `www.` and port may differ from the one asked for).
    pub original: String,
    /// The captured HTTP status; `None` for `-` (revisit records).
    pub status: Option<u16>,
    pub mimetype: Option<String>,
    /// Base32 SHA-1 of the captured payload.
    pub digest: Option<String>,
}

/// Why a CDX answer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CdxError {
    #[error("not the CDX server's JSON (an array of arrays of strings): {0}")]
    NotJson(String),
    #[error("the CDX header row has no `{0}` field")]
    NoField(&'static str),
}

/// Reads the CDX server's JSON answer: the captures in the order listed, exact repeats
/// dropped, rows of the wrong width or with a malformed timestamp skipped.
pub fn read_json(body: &[u8]) -> Result<Vec<Capture>, CdxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let rows: Vec<Vec<String>> =
        serde_json::from_slice(body).map_err(|e| CdxError::NotJson(e.to_string()))?;
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let timestamp = column("timestamp").ok_or(CdxError::NoField("timestamp"))?;
    let original = column("original").ok_or(CdxError::NoField("original"))?;
    let (status, mimetype, digest) = (column("statuscode"), column("mimetype"), column("digest"));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for row in rows {
        if row.is_empty() {
            // What follows is the resume key.
            break;
        }
        if row.len() != header.len() || !seen.insert(row.clone()) {
            continue;
        }
        let value = |i: Option<usize>| {
            i.map(|i| row[i].as_str())
                .filter(|v| !v.is_empty() && *v != "-")
        };
        let ts = row[timestamp].as_str();
        if ts.is_empty() || ts.len() > 14 || !ts.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        out.push(Capture {
            timestamp: ts.to_string(),
            original: row[original].clone(),
            status: value(status).and_then(|s| s.parse().ok()),
            mimetype: value(mimetype).map(str::to_string),
            digest: value(digest).map(str::to_string),
        });
    }
    Ok(out)
}

/// Newest first: timestamps compared as if padded to 14 digits (a short one is its range's
/// start), ties in the order listed.
pub fn newest_first(captures: &mut [Capture]) {
    captures.sort_by(|a, b| {
        let pad = |t: &str| format!("{t:0<14}");
        pad(&b.timestamp).cmp(&pad(&a.timestamp))
    });
}

/// `{base}/cdx/search/cdx` with `pairs`, and what every query asks: JSON, the fields read,
/// HTML captures only, revisits resolved to what they repeat, no gzip.
fn query(base: &Url, pairs: &[(&str, &str)]) -> Url {
    let mut url = base.clone();
    url.set_path("/cdx/search/cdx");
    url.set_fragment(None);
    {
        let mut q = url.query_pairs_mut();
        q.clear();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        q.append_pair("output", "json")
            .append_pair("fl", FIELDS)
            .append_pair("filter", "mimetype:text/html")
            .append_pair("resolveRevisits", "true")
            .append_pair("gzip", "false");
    }
    url
}

/// Every HTML capture of one page, whatever its status: a captured browser check is listed
/// too, so "only browser checks were captured" can be told from "never captured".
pub fn page_query(base: &Url, page: &Url) -> Url {
    query(base, &[("url", page.as_str())])
}

/// The newest good capture of every page under `folder` (`host/2023/05/`) whose address
/// names `stem` followed by `-part-`: one row per page (`collapse=urlkey`). Filters are
/// Java regexes that must match the whole field.
pub fn prefix_query(base: &Url, folder: &str, stem: &str) -> Url {
    let name = format!("original:.*{stem}-part-.*");
    query(
        base,
        &[
            ("url", folder),
            ("matchType", "prefix"),
            ("collapse", "urlkey"),
            ("filter", "statuscode:200"),
            ("filter", &name),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(ts: &str, original: &str, status: Option<u16>, digest: Option<&str>) -> Capture {
        Capture {
            timestamp: ts.into(),
            original: original.into(),
            status,
            mimetype: Some("text/html".into()),
            digest: digest.map(Into::into),
        }
    }

    #[test]
    fn answers_as_the_server_writes_them() {
        let one = "http://h.org/a/";
        type Case = (&'static str, &'static str, Result<Vec<Capture>, CdxError>);
        let cases: &[Case] = &[
            ("no captures", "[]\n", Ok(vec![])),
            ("text form of none", "", Ok(vec![])),
            (
                "header then rows, duplicate line dropped",
                "[[\"timestamp\",\"original\",\"statuscode\",\"mimetype\",\"digest\"],\n\
                 [\"20230510120000\", \"http://h.org/a/\", \"200\", \"text/html\", \"AAA\"],\n\
                 [\"20230510120000\", \"http://h.org/a/\", \"200\", \"text/html\", \"AAA\"],\n\
                 [\"20260101000000\", \"http://h.org/a/\", \"403\", \"text/html\", \"BBB\"]]\n",
                Ok(vec![
                    cap("20230510120000", one, Some(200), Some("AAA")),
                    cap("20260101000000", one, Some(403), Some("BBB")),
                ]),
            ),
            (
                "revisit dashes, another field order, resume key after an empty row",
                "[[\"original\",\"digest\",\"statuscode\",\"timestamp\",\"mimetype\"],\
                 [\"http://h.org/a/\",\"-\",\"-\",\"2023\",\"text/html\"],[],[\"h%2Corg\"]]",
                Ok(vec![cap("2023", one, None, None)]),
            ),
            (
                "bad rows skipped",
                "[[\"timestamp\",\"original\"],[\"2023x\",\"u\"],[\"1\"],[\"123456789012345\",\"u\"]]",
                Ok(vec![]),
            ),
            (
                "no timestamp field",
                "[[\"original\"],[\"u\"]]",
                Err(CdxError::NoField("timestamp")),
            ),
        ];
        for (name, body, want) in cases {
            assert_eq!(&read_json(body.as_bytes()), want, "{name}");
        }
        for bad in ["<html>", "[[1,2]]", "{\"a\":1}", "[\"x\"]"] {
            assert!(
                matches!(read_json(bad.as_bytes()), Err(CdxError::NotJson(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn newest_first_with_short_timestamps() {
        let mut caps = vec![
            cap("2023", "a", None, None),
            cap("20260101000000", "b", None, None),
            cap("20230510", "c", None, None),
        ];
        newest_first(&mut caps);
        let order: Vec<&str> = caps.iter().map(|c| c.original.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
    }

    #[test]
    fn queries() {
        let base = Url::parse("https://web.archive.org").unwrap();
        let page = Url::parse("https://acloserlisten.com/2023/05/08/x-part-one/").unwrap();
        assert_eq!(
            page_query(&base, &page).as_str(),
            "https://web.archive.org/cdx/search/cdx?url=https%3A%2F%2Facloserlisten.com%2F2023%2F05%2F08%2Fx-part-one%2F\
             &output=json&fl=timestamp%2Coriginal%2Cstatuscode%2Cmimetype%2Cdigest\
             &filter=mimetype%3Atext%2Fhtml&resolveRevisits=true&gzip=false"
        );
        let q = prefix_query(&base, "acloserlisten.com/2023/05/", "x");
        let pairs: Vec<(String, String)> = q.query_pairs().into_owned().collect();
        for want in [
            ("url", "acloserlisten.com/2023/05/"),
            ("matchType", "prefix"),
            ("collapse", "urlkey"),
            ("filter", "statuscode:200"),
            ("filter", "original:.*x-part-.*"),
        ] {
            assert!(
                pairs.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} in {q}"
            );
        }
    }
}
