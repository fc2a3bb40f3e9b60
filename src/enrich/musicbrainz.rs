//! MusicBrainz WS/2: the release-group search and lookup this tool sends, and the readers
//! of their JSON into [`ReleaseGroup`]s (pure; issue 21).
//!
//! The search is fielded (`releasegroup:"…" AND artistname:"…"`), without a
//! `secondarytype:soundtrack` clause: many soundtrack groups carry no secondary type, so the
//! matcher checks the types itself. Search results omit empty fields while lookups send them
//! empty (`"secondary-types": []`, `"disambiguation": ""`); the readers take both, and a
//! `score` as a number or a string (it is never used as a threshold).

use serde_json::Value;

use super::matching::soundtrack_title;
use super::wire::{self, array_at, encode_component, str_at, ApiError, ReadError};
use super::{ApiRequest, Credit, ReleaseGroup, Service};

/// How many groups a search asks for.
pub const SEARCH_LIMIT: usize = 10;

/// Lucene's special characters, each escaped with a backslash.
const LUCENE_SPECIALS: &[char] = &[
    '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/',
];

/// `text` with every Lucene special character backslash-escaped, so it is read as words
/// inside a quoted phrase (`Punch-Drunk Love` → `Punch\-Drunk Love`).
pub fn lucene_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if LUCENE_SPECIALS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Lucene query of [`search_request`]: `releasegroup:"<title>" AND artistname:"<artist>"`,
/// the title without soundtrack boilerplate; no artist clause when `artist` is blank.
pub fn search_query(title: &str, artist: &str) -> String {
    let title = soundtrack_title(title);
    let mut query = format!("releasegroup:\"{}\"", lucene_escape(title.trim()));
    if !artist.trim().is_empty() {
        query.push_str(&format!(
            " AND artistname:\"{}\"",
            lucene_escape(artist.trim())
        ));
    }
    query
}

/// `release-group?query=releasegroup:"…" AND artistname:"…"&fmt=json&limit=10`, Lucene
/// specials escaped (see [`search_query`]).
pub fn search_request(title: &str, artist: &str) -> ApiRequest {
    ApiRequest {
        service: Service::MusicBrainz,
        query: format!(
            "/release-group?query={}&fmt=json&limit={SEARCH_LIMIT}",
            encode_component(&search_query(title, artist))
        ),
    }
}

/// `release-group/<mbid>?inc=artist-credits+url-rels&fmt=json` (the MBID percent-encoded,
/// so whatever a Wikidata statement holds stays one path segment).
pub fn lookup_request(mbid: &str) -> ApiRequest {
    ApiRequest {
        service: Service::MusicBrainz,
        query: format!(
            "/release-group/{}?inc=artist-credits+url-rels&fmt=json",
            encode_component(mbid.trim())
        ),
    }
}

/// MusicBrainz's `{"error": "…"}` body (with an optional `help`), if it is one.
pub fn api_error(body: &[u8]) -> Option<ApiError> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = str_at(&value, "error")?;
    let info = match str_at(&value, "help") {
        Some(help) if !help.is_empty() => format!("{message} ({help})"),
        _ => message.to_string(),
    };
    Some(ApiError {
        code: "error".into(),
        info,
        lag: None,
    })
}

fn parse(body: &[u8]) -> Result<Value, ReadError> {
    wire::read_object(body, api_error)
}

/// The groups of a search, in MusicBrainz's order; entries without an `id` or `title` are
/// left out.
pub fn read_search(body: &[u8]) -> Result<Vec<ReleaseGroup>, ReadError> {
    let value = parse(body)?;
    let groups = value
        .get("release-groups")
        .and_then(Value::as_array)
        .ok_or_else(|| ReadError::Shape("no `release-groups` list".into()))?;
    Ok(groups.iter().filter_map(read_group).collect())
}

/// One group looked up by MBID (with `inc=artist-credits+url-rels`).
pub fn read_lookup(body: &[u8]) -> Result<ReleaseGroup, ReadError> {
    let value = parse(body)?;
    read_group(&value)
        .ok_or_else(|| ReadError::Shape("a release group needs an `id` and a `title`".into()))
}

fn read_group(v: &Value) -> Option<ReleaseGroup> {
    let id = str_at(v, "id")?.to_string();
    let title = str_at(v, "title")?.to_string();
    let credits = array_at(v, "artist-credit")
        .iter()
        .filter_map(|c| {
            let artist = c.get("artist");
            let artist_name = artist.and_then(|a| str_at(a, "name")).map(str::to_string);
            let name = str_at(c, "name")
                .map(str::to_string)
                .or_else(|| artist_name.clone())?;
            Some(Credit {
                name,
                artist_id: artist.and_then(|a| str_at(a, "id")).map(str::to_string),
                artist_name,
            })
        })
        .collect();
    let wikidata = array_at(v, "relations")
        .iter()
        .filter(|r| str_at(r, "type") == Some("wikidata"))
        .filter_map(|r| str_at(r.get("url")?, "resource").map(str::to_string))
        .collect();
    Some(ReleaseGroup {
        id,
        title,
        disambiguation: str_at(v, "disambiguation")
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        primary_type: str_at(v, "primary-type").map(str::to_string),
        secondary_types: array_at(v, "secondary-types")
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        first_release_year: str_at(v, "first-release-date").and_then(wire::leading_year),
        credits,
        wikidata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lucene_escape_cases() {
        let cases = [
            ("Tron", "Tron"),
            ("Punch-Drunk Love", "Punch\\-Drunk Love"),
            ("a \"b\" (c)", "a \\\"b\\\" \\(c\\)"),
            (
                "AC/DC: 1+1 && x || !y ^~*?\\",
                "AC\\/DC\\: 1\\+1 \\&\\& x \\|\\| \\!y \\^\\~\\*\\?\\\\",
            ),
            ("{[]}", "\\{\\[\\]\\}"),
        ];
        for (input, want) in cases {
            assert_eq!(lucene_escape(input), want, "{input:?}");
        }
    }
}
