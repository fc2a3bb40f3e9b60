//! What the two APIs share on the wire: their error bodies, the query strings the request
//! builders write, and the small JSON accessors both readers use (issue 21). Pure.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use thiserror::Error;

/// An API's own error, read from its body (Wikidata's `{"error":{"code","info"}}`, sent with
/// HTTP 200 for `maxlag`; MusicBrainz's `{"error": "…"}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub info: String,
    /// Seconds of replication lag, for Wikidata's `maxlag` error.
    pub lag: Option<f64>,
}

impl ApiError {
    pub fn is_maxlag(&self) -> bool {
        self.code == "maxlag"
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.info)
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReadError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("not the documented shape: {0}")]
    Shape(String),
    #[error("the API answered with an error: {0}")]
    Api(ApiError),
}

/// `k=v&k=v`, each part percent-encoded, in the order given (so a request's text, and its
/// cache key, is stable).
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986 percent-encoding of one query component: everything but the unreserved
/// characters becomes `%XX` of its UTF-8 bytes, upper-case hex.
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// A body as a JSON object: [`ReadError::Json`] when it is not JSON (with serde's line and
/// column), [`ReadError::Api`] when `api_error` finds the API's error in it,
/// [`ReadError::Shape`] when it is JSON but not an object.
pub(crate) fn read_object(
    body: &[u8],
    api_error: fn(&[u8]) -> Option<ApiError>,
) -> Result<Value, ReadError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| ReadError::Json(e.to_string()))?;
    if let Some(error) = api_error(body) {
        return Err(ReadError::Api(error));
    }
    if !value.is_object() {
        return Err(ReadError::Shape("expected a JSON object".into()));
    }
    Ok(value)
}

/// A string field, if present and a string.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// An array field, or an empty slice when absent or not an array (both APIs omit empty
/// lists in some responses and send `[]` in others).
pub(crate) fn array_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The year at the start of a date string: `1983`, `1983-05`, `1983-05-01` (MusicBrainz), or
/// a Wikibase time `+1968-00-00T00:00:00Z` (sign, then the year's digits up to the next `-`).
pub(crate) fn leading_year(s: &str) -> Option<i32> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, s.get(1..)?),
        Some(b'-') => (true, s.get(1..)?),
        _ => (false, s),
    };
    let digits: &str = rest.split(['-', 'T']).next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Older dumps pad the year to 11 digits (`+00000002013-12-07T00:00:00Z`).
    let significant = digits.trim_start_matches('0');
    if significant.len() > 9 {
        return None;
    }
    let year: i32 = if significant.is_empty() {
        0
    } else {
        significant.parse().ok()?
    };
    Some(if negative { -year } else { year })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_query_cases() {
        let cases: [(&[(&str, &str)], &str); 6] = [
            (&[], ""),
            (&[("a", "b")], "a=b"),
            (&[("search", "Tron")], "search=Tron"),
            (&[("ids", "Q1|Q2")], "ids=Q1%7CQ2"),
            (
                &[("q", "Ascenseur Pour L’Échafaud & co")],
                "q=Ascenseur%20Pour%20L%E2%80%99%C3%89chafaud%20%26%20co",
            ),
            (
                &[("k=", "a+b/c?d#e"), ("x", "-._~")],
                "k%3D=a%2Bb%2Fc%3Fd%23e&x=-._~",
            ),
        ];
        for (pairs, want) in cases {
            assert_eq!(encode_query(pairs), want, "{pairs:?}");
        }
    }

    #[test]
    fn leading_year_cases() {
        let cases = [
            ("1983", Some(1983)),
            ("1983-05-01", Some(1983)),
            ("1983-05", Some(1983)),
            ("+1968-00-00T00:00:00Z", Some(1968)),
            ("+2018-08-31T00:00:00Z", Some(2018)),
            ("-0500-00-00T00:00:00Z", Some(-500)),
            ("+00000002013-12-07T00:00:00Z", Some(2013)),
            ("", None),
            ("+", None),
            ("abcd", None),
            ("+99999999999-01-01T00:00:00Z", None),
            ("19x3", None),
        ];
        for (input, want) in cases {
            assert_eq!(leading_year(input), want, "{input:?}");
        }
    }
}
