//! The review cache under `<fixtures>/enrichment/`: raw responses keyed by request, one
//! decision file per row id, and the hand-edited `overrides.json` that wins over both.
//! `build` reads it through [`links`] and never touches the network. Also the one home of
//! the identifier checks (QID, IMDb id, MBID, row id as a file name) and of their
//! patterns, which `datapackage.json` declares.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use super::error::EnrichError;
use super::{ApiRequest, Decision, Links, RowQuery, Status};
use crate::digest::sha256_hex;

/// The folder under a fixtures root.
pub const DIR: &str = "enrichment";
/// The hand-edited overrides, in [`DIR`].
pub const OVERRIDES: &str = "overrides.json";
/// One decision per row, in [`DIR`].
pub const DECISIONS: &str = "decisions";
/// The raw responses, in [`DIR`], one folder per service.
pub const RESPONSES: &str = "responses";

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

/// A response as it was received: the HTTP status and the body's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

/// A response file: the request it answers, then the response (no clock).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseFile {
    request: ApiRequest,
    status: u16,
    body: String,
}

/// One row's hand-made correction. A field left out keeps the decision's value; `null`
/// removes the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_wikidata: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_imdb: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub release_group_mbid: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub film_year: Option<Option<i32>>,
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A field that is present: `null` is `Some(None)` (remove), a value `Some(Some(v))`; an
/// absent field is `None` through `#[serde(default)]`.
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// How the rows stand: counts per status for each service (from the decisions, before
/// overrides), and the overridden row ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub film: BTreeMap<Status, usize>,
    pub release_group: BTreeMap<Status, usize>,
    /// Rows of the dataset with an override, in id order.
    pub overridden: Vec<String>,
    /// Rows with no decision yet.
    pub undecided: Vec<String>,
    /// Overrides for row ids the dataset does not have (a renamed or removed entry): they
    /// apply to nothing; move them to the row's new id or delete them.
    pub unknown_overrides: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: PathBuf,
    decisions: BTreeMap<String, Decision>,
    overrides: BTreeMap<String, Override>,
}

/// The cache error about `path`.
fn problem(path: &Path, problem: impl Into<String>) -> EnrichError {
    EnrichError::Cache {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}

/// A file's bytes, or `None` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, EnrichError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(problem(
            path,
            format!("cannot read it: {e}; check that it is a readable file"),
        )),
    }
}

/// Pretty JSON with a trailing newline, written atomically.
fn write_json(path: &Path, value: &impl Serialize) -> Result<(), EnrichError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| problem(path, format!("cannot encode it: {e}")))?;
    text.push('\n');
    crate::atomic::write_file(path, text.as_bytes()).map_err(|e| {
        problem(
            path,
            format!("cannot write it: {e}; check that the folder is writable and has room"),
        )
    })
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
fn check_decision(d: &Decision) -> Result<(), String> {
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
fn check_override(o: &Override) -> Result<(), String> {
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

impl Cache {
    /// Reads `<fixtures>/enrichment/` (a missing folder is an empty cache): every
    /// `decisions/*.json` and `overrides.json`, each checked.
    pub fn open(fixtures: &Path) -> Result<Cache, EnrichError> {
        let dir = fixtures.join(DIR);
        Ok(Cache {
            decisions: read_decisions(&dir.join(DECISIONS))?,
            overrides: read_overrides(&dir.join(OVERRIDES))?,
            dir,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the response to `request` is kept: `responses/<service>/<key>.json`, the key
    /// being the first 32 hex digits of the SHA-256 of `<service>\n<query>`.
    pub fn response_path(&self, request: &ApiRequest) -> PathBuf {
        let service = request.service.as_str();
        let digest = sha256_hex(format!("{service}\n{}", request.query).as_bytes());
        let key = digest.get(..32).unwrap_or(&digest);
        self.dir
            .join(RESPONSES)
            .join(service)
            .join(format!("{key}.json"))
    }

    /// The path of a row's decision file.
    pub fn decision_path(&self, id: &str) -> PathBuf {
        self.dir.join(DECISIONS).join(format!("{id}.json"))
    }

    /// The stored response to `request`, if any.
    pub fn response(&self, request: &ApiRequest) -> Result<Option<StoredResponse>, EnrichError> {
        let path = self.response_path(request);
        let Some(bytes) = read_optional(&path)? else {
            return Ok(None);
        };
        let file: ResponseFile = serde_json::from_slice(&bytes).map_err(|e| {
            problem(
                &path,
                format!("is not a stored response ({e}); delete it and the next run asks again"),
            )
        })?;
        if file.request != *request {
            return Err(problem(
                &path,
                format!(
                    "answers {} {:?}, not {:?}; delete it and the next run asks again",
                    file.request.service.as_str(),
                    file.request.query,
                    request.query
                ),
            ));
        }
        Ok(Some(StoredResponse {
            status: file.status,
            body: file.body,
        }))
    }

    /// Records a response atomically (its file appears whole or not at all).
    pub fn store_response(
        &self,
        request: &ApiRequest,
        response: &StoredResponse,
    ) -> Result<(), EnrichError> {
        let file = ResponseFile {
            request: request.clone(),
            status: response.status,
            body: response.body.clone(),
        };
        write_json(&self.response_path(request), &file)
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.get(id)
    }

    pub fn decisions(&self) -> &BTreeMap<String, Decision> {
        &self.decisions
    }

    /// True when the row has no decision, or was decided from other inputs.
    pub fn needs_decision(&self, row: &RowQuery) -> bool {
        self.decisions.get(&row.id).is_none_or(|d| d.inputs != *row)
    }

    /// Writes `decisions/<id>.json` atomically and keeps it.
    pub fn store_decision(&mut self, decision: Decision) -> Result<(), EnrichError> {
        let path = self.decision_path(&decision.id);
        if !is_file_safe_id(&decision.id) {
            return Err(problem(
                &path,
                format!(
                    "row id {:?} cannot name a file (empty, a path separator or a leading dot); \
                     this is a bug: report it",
                    decision.id
                ),
            ));
        }
        check_decision(&decision).map_err(|p| {
            problem(
                &path,
                format!("row `{}`: {p}; this is a bug: report it", decision.id),
            )
        })?;
        write_json(&path, &decision)?;
        self.decisions.insert(decision.id.clone(), decision);
        Ok(())
    }

    pub fn overrides(&self) -> &BTreeMap<String, Override> {
        &self.overrides
    }

    /// A row's links: its decision's (the film's ids and year when the film is linked, the
    /// release group's when it is), then its override's. An override that changes or
    /// removes `film_wikidata` also drops the decision's IMDb id and year, which belong to
    /// the other item, unless it gives them itself; `not_applicable` clears every link.
    pub fn links(&self, id: &str) -> Links {
        let mut links = Links::default();
        if let Some(d) = self.decisions.get(id) {
            if d.film.status == Status::Linked {
                links.film_wikidata = d.film.wikidata.clone();
                links.film_imdb = d.film.imdb.clone();
                links.film_year = d.film.year;
            }
            if d.release_group.status == Status::Linked {
                links.release_group_mbid = d.release_group.mbid.clone();
            }
        }
        let Some(o) = self.overrides.get(id) else {
            return links;
        };
        if o.not_applicable {
            return Links::default();
        }
        if let Some(wikidata) = &o.film_wikidata {
            if *wikidata != links.film_wikidata {
                links.film_imdb = None;
                links.film_year = None;
            }
            links.film_wikidata = wikidata.clone();
        }
        if let Some(imdb) = &o.film_imdb {
            links.film_imdb = imdb.clone();
        }
        if let Some(mbid) = &o.release_group_mbid {
            links.release_group_mbid = mbid.clone();
        }
        if let Some(year) = o.film_year {
            links.film_year = year;
        }
        links
    }

    /// How the rows `ids` stand.
    pub fn summary(&self, ids: &[String]) -> Summary {
        let mut summary = Summary::default();
        for id in ids {
            match self.decisions.get(id) {
                Some(d) => {
                    *summary.film.entry(d.film.status).or_default() += 1;
                    *summary
                        .release_group
                        .entry(d.release_group.status)
                        .or_default() += 1;
                }
                None => summary.undecided.push(id.clone()),
            }
        }
        let known: std::collections::BTreeSet<&String> = ids.iter().collect();
        for id in self.overrides.keys() {
            if known.contains(id) {
                summary.overridden.push(id.clone());
            } else {
                summary.unknown_overrides.push(id.clone());
            }
        }
        summary
    }
}

/// Every `*.json` in `dir` (hidden files, such as an interrupted write's, skipped), each
/// the decision of the row its file is named after.
fn read_decisions(dir: &Path) -> Result<BTreeMap<String, Decision>, EnrichError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(problem(
                dir,
                format!("cannot list it: {e}; check that it is a readable folder"),
            ))
        }
    };
    let mut decisions = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| problem(dir, format!("cannot list it: {e}")))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".json") else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let decision = read_decision(&path, id)?;
        decisions.insert(id.to_string(), decision);
    }
    Ok(decisions)
}

fn read_decision(path: &Path, id: &str) -> Result<Decision, EnrichError> {
    let bytes = read_optional(path)?
        .ok_or_else(|| problem(path, "disappeared while it was being read; run again"))?;
    let decision: Decision = serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            path,
            format!(
                "row `{id}`: not a decision ({e}); fix it, or delete it and run \
                 `soundtracks enrich` to decide the row again"
            ),
        )
    })?;
    if decision.id != id {
        return Err(problem(
            path,
            format!(
                "holds the decision of row `{}`, not of `{id}`; rename the file after its `id` \
                 or delete it",
                decision.id
            ),
        ));
    }
    check_decision(&decision).map_err(|p| {
        problem(
            path,
            format!("row `{id}`: {p}; correct it, or delete the file to decide the row again"),
        )
    })?;
    Ok(decision)
}

fn read_overrides(path: &Path) -> Result<BTreeMap<String, Override>, EnrichError> {
    let Some(bytes) = read_optional(path)? else {
        return Ok(BTreeMap::new());
    };
    let overrides: BTreeMap<String, Override> = serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            path,
            format!(
                "not an overrides file ({e}); it maps row ids to objects with `film_wikidata`, \
                 `film_imdb`, `release_group_mbid`, `film_year`, `not_applicable` and `note` \
                 (see fixtures/enrichment/README.md)"
            ),
        )
    })?;
    for (id, o) in &overrides {
        if !is_file_safe_id(id) {
            return Err(problem(
                path,
                format!("{id:?} is not a row id; use the `id` column of soundtracks.json"),
            ));
        }
        check_override(o).map_err(|p| problem(path, format!("row `{id}`: {p}; correct it")))?;
    }
    Ok(overrides)
}

/// Every row's links from the cache under `fixtures`, as `build` reads them.
pub fn links(fixtures: &Path) -> Result<BTreeMap<String, Links>, EnrichError> {
    let cache = Cache::open(fixtures)?;
    Ok(cache
        .decisions()
        .keys()
        .chain(cache.overrides().keys())
        .map(|id| (id.clone(), cache.links(id)))
        .collect())
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

    #[test]
    fn null_and_absent_override_fields_differ() {
        let o: BTreeMap<String, Override> = serde_json::from_str(
            r#"{"a": {"film_wikidata": null, "film_year": 1999, "note": "n"}}"#,
        )
        .unwrap();
        let a = &o["a"];
        assert_eq!(a.film_wikidata, Some(None));
        assert_eq!(a.film_imdb, None);
        assert_eq!(a.film_year, Some(Some(1999)));
        let back = serde_json::to_string(a).unwrap();
        assert_eq!(
            back,
            r#"{"film_wikidata":null,"film_year":1999,"not_applicable":false,"note":"n"}"#
        );
        assert!(serde_json::from_str::<Override>(r#"{"film_wikidat": "Q1"}"#).is_err());
    }
}
