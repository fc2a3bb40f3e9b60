//! The identifiers the cache holds and the dataset publishes, checked in one place: a
//! Wikidata item id, an IMDb title id, a MusicBrainz id, and a row id used as a file name;
//! their patterns are what `datapackage.json` declares.

use super::Override;
use crate::enrich::Decision;

/// A Wikidata item id, as a Table Schema pattern (anchored at both ends by readers).
pub const QID_PATTERN: &str = "Q[1-9][0-9]*";
/// An IMDb title id.
pub const IMDB_PATTERN: &str = "tt[0-9]{7,}";
/// A MusicBrainz id: a lowercase UUID.
pub const MBID_PATTERN: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/// `Q` and a number without leading zeros ([`QID_PATTERN`]).
pub fn is_qid(id: &str) -> bool {
    id.strip_prefix('Q').is_some_and(|n| {
        n.bytes().all(|b| b.is_ascii_digit()) && n.bytes().next().is_some_and(|b| b != b'0')
    })
}

/// `tt` and at least seven digits ([`IMDB_PATTERN`]).
pub fn is_imdb(id: &str) -> bool {
    id.strip_prefix("tt")
        .is_some_and(|n| n.len() >= 7 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A lowercase hyphenated UUID ([`MBID_PATTERN`]).
pub fn is_mbid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Whether a row id can name its decision file: not empty, no path separator, not
/// starting with a dot (hidden files, `.` and `..`, are never read back).
pub fn is_file_safe_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.contains(['/', '\\', '\0'])
        && !id.chars().any(char::is_control)
}

/// Why `id` is not a valid value for `field` (checked by `valid`), if it is not.
fn check_id(field: &str, id: &str, valid: fn(&str) -> bool, shape: &str) -> Result<(), String> {
    if valid(id) {
        Ok(())
    } else {
        Err(format!("`{field}` is {id:?}, which is not {shape}"))
    }
}

fn check_qid(field: &str, id: &str) -> Result<(), String> {
    check_id(
        field,
        id,
        is_qid,
        "a Wikidata item id (`Q` and a number, as Q42)",
    )
}

fn check_imdb(field: &str, id: &str) -> Result<(), String> {
    check_id(
        field,
        id,
        is_imdb,
        "an IMDb title id (`tt` and 7 or more digits)",
    )
}

fn check_mbid(field: &str, id: &str) -> Result<(), String> {
    check_id(field, id, is_mbid, "a MusicBrainz id (a lowercase UUID)")
}

/// The ids a decision links, checked.
pub(super) fn check_decision(d: &Decision) -> Result<(), String> {
    let film = &d.film;
    [
        film.wikidata
            .as_deref()
            .map(|i| check_qid("film.wikidata", i)),
        film.imdb.as_deref().map(|i| check_imdb("film.imdb", i)),
        d.release_group
            .mbid
            .as_deref()
            .map(|i| check_mbid("release_group.mbid", i)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// An override's ids, checked, and that it does not both clear and set links.
pub(super) fn check_override(o: &Override) -> Result<(), String> {
    fn given(v: &Option<Option<String>>) -> Option<&str> {
        v.as_ref().and_then(|v| v.as_deref())
    }
    if let Some(id) = given(&o.film_wikidata) {
        check_qid("film_wikidata", id)?;
    }
    if let Some(id) = given(&o.film_imdb) {
        check_imdb("film_imdb", id)?;
    }
    if let Some(id) = given(&o.release_group_mbid) {
        check_mbid("release_group_mbid", id)?;
    }
    let sets_any = given(&o.film_wikidata).is_some()
        || given(&o.film_imdb).is_some()
        || given(&o.release_group_mbid).is_some()
        || o.film_year.is_some_and(|y| y.is_some());
    if o.not_applicable && sets_any {
        return Err(
            "it says `not_applicable` (no links) and also gives a link; keep one of the two".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for (id, qid, imdb, mbid) in [
            ("Q1", true, false, false),
            ("Q1000001", true, false, false),
            ("Q0", false, false, false),
            ("Q01", false, false, false),
            ("Q", false, false, false),
            ("q42", false, false, false),
            ("Q42 ", false, false, false),
            ("Q４２", false, false, false),
            ("tt1234567", false, true, false),
            ("tt12345678", false, true, false),
            ("tt123456", false, false, false),
            ("tt123456x", false, false, false),
            ("nm1234567", false, false, false),
            ("00000000-0000-4000-8000-000000000001", false, false, true),
            ("00000000-0000-4000-8000-00000000000A", false, false, false),
            ("00000000-0000-4000-8000-0000000000012", false, false, false),
            ("000000000000-4000-8000-000000000001", false, false, false),
            ("", false, false, false),
        ] {
            assert_eq!(is_qid(id), qid, "{id:?} qid");
            assert_eq!(is_imdb(id), imdb, "{id:?} imdb");
            assert_eq!(is_mbid(id), mbid, "{id:?} mbid");
        }
    }

    #[test]
    fn row_ids_as_file_names() {
        for (id, ok) in [
            ("john-carpenter-halloween", true),
            ("a", true),
            ("", false),
            (".", false),
            ("..", false),
            (".hidden", false),
            ("a/b", false),
            ("a\\b", false),
            ("../x", false),
            ("a\nb", false),
        ] {
            assert_eq!(is_file_safe_id(id), ok, "{id:?}");
        }
    }

    /// The checks and the patterns `datapackage.json` declares say the same: for strings
    /// near each shape (and any string), the check passes exactly when the pattern matches
    /// the whole string.
    mod agree {
        use super::*;
        use proptest::prelude::*;

        fn whole(pattern: &str) -> regex::Regex {
            regex::Regex::new(&format!("^(?:{pattern})$")).unwrap()
        }

        proptest! {
            #[test]
            fn checks_equal_patterns(
                s in prop_oneof![
                    "Q[0-9]{0,4}",
                    "tt[0-9]{5,9}x?",
                    "[0-9a-fA-F]{7,9}-[0-9a-f]{4}-[0-9a-f]{3,4}-[0-9a-f]{4}-[0-9a-f]{12}",
                    ".{0,40}",
                ]
            ) {
                prop_assert_eq!(is_qid(&s), whole(QID_PATTERN).is_match(&s), "qid {:?}", s);
                prop_assert_eq!(is_imdb(&s), whole(IMDB_PATTERN).is_match(&s), "imdb {:?}", s);
                prop_assert_eq!(is_mbid(&s), whole(MBID_PATTERN).is_match(&s), "mbid {:?}", s);
            }
        }
    }
}
