//! What the dataset is and on what terms it may be used: the feature it covers (how many parts
//! it has, which of them the dataset holds), the rights statement, and who made what. The one
//! home of these words: `datapackage.json` (`licenses`, `contributors`), the manifest
//! (`coverage`, `rights`) and the Parquet key-value metadata (`soundtracks.rights`,
//! `soundtracks.coverage`) take them from here, and README's "Data and rights" says the same
//! at length. Pure.

use serde::Serialize;

use crate::model::Dataset;

/// How many parts A Closer Listen's feature has: it was published in two, on 2023-05-08 and
/// 2023-05-09 ("it's a two-part feature", Part One's introduction).
pub const FEATURE_PARTS: i32 = 2;

/// The publisher of the articles.
pub const PUBLISHER: &str = "A Closer Listen";
pub const PUBLISHER_URL: &str = "https://acloserlisten.com/";

/// Where the rights statement is written out in full.
pub const RIGHTS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "#data-and-rights");

/// The rights statement in one paragraph, as the data files carry it.
pub const RIGHTS: &str = "Facts (composers, titles, labels, years, sections, positions, reviewer \
    names) may be used freely, crediting A Closer Listen's feature \"The Best Film & TV Soundtracks \
    of All Time\" as the source. The text of each review (the `review` column) belongs to A Closer \
    Listen and the writer named in `reviewer`; it is reproduced with attribution and a link to the \
    article (`source_url`) and is not licensed to you: quote it with credit and the link, and do not \
    republish the reviews in bulk without A Closer Listen's permission. The code that builds the \
    dataset is MIT-licensed.";

/// The Open Definition id of the package's licence: "other (attribution)".
pub const LICENSE_ID: &str = "other-at";
pub const LICENSE_TITLE: &str = "Facts free to use with attribution; review texts © A Closer \
    Listen and their writers, not relicensed";

/// Which parts of the feature the dataset holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Parts the feature was published in.
    pub feature_parts: i32,
    /// Parts in this dataset, ascending.
    pub parts: Vec<i32>,
    /// Whether every part of the feature is in the dataset.
    pub complete: bool,
    /// The same in words: "Part One of two".
    pub summary: String,
}

/// What `dataset` covers of the feature.
pub fn coverage(dataset: &Dataset) -> Coverage {
    let mut parts: Vec<i32> = dataset.articles.iter().map(|a| a.part).collect();
    parts.sort_unstable();
    parts.dedup();
    let complete = (1..=FEATURE_PARTS).all(|p| parts.contains(&p));
    let names: Vec<String> = parts.iter().map(|&p| part_name(p)).collect();
    let summary = match names.as_slice() {
        [] => format!("no part of {}", count_word(FEATURE_PARTS)),
        _ if complete => format!("all {} parts", count_word(FEATURE_PARTS)),
        [one] => format!("{one} of {}", count_word(FEATURE_PARTS)),
        [init @ .., last] => format!(
            "{} and {last} of {}",
            init.join(", "),
            count_word(FEATURE_PARTS)
        ),
    };
    Coverage {
        feature_parts: FEATURE_PARTS,
        parts,
        complete,
        summary,
    }
}

/// "Part One", "Part Two", … as the articles title themselves; digits past ten.
fn part_name(part: i32) -> String {
    let word = match part {
        1..=10 => count_word(part),
        _ => part.to_string(),
    };
    let mut chars = word.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("Part {capital}")
}

fn count_word(n: i32) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// Who made what, for `datapackage.json`'s `contributors`: the publisher, every writer
/// credited in `reviewer` (as authors, by name), and the tool's maintainers (wranglers).
pub fn contributors(dataset: &Dataset) -> Vec<(String, &'static str, Option<String>)> {
    let mut writers: Vec<&str> = dataset
        .rows
        .iter()
        .filter_map(|r| r.reviewer.as_deref())
        .collect();
    writers.sort_unstable();
    writers.dedup();
    let mut out = vec![(
        PUBLISHER.to_string(),
        "publisher",
        Some(PUBLISHER_URL.to_string()),
    )];
    out.extend(writers.into_iter().map(|w| (w.to_string(), "author", None)));
    out.push((
        "The soundtracks contributors".to_string(),
        "wrangler",
        Some(env!("CARGO_PKG_REPOSITORY").to_string()),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{dataset, row};
    use crate::model::Row;

    fn with_parts(parts: &[i32]) -> Dataset {
        let mut d = dataset(vec![]);
        let article = d.articles[0].clone();
        d.articles = parts
            .iter()
            .map(|&part| crate::model::Article {
                part,
                ..article.clone()
            })
            .collect();
        d
    }

    #[test]
    fn coverage_in_words() {
        let cases: &[(&[i32], &str, bool)] = &[
            (&[], "no part of two", false),
            (&[1], "Part One of two", false),
            (&[2], "Part Two of two", false),
            (&[2, 1], "all two parts", true),
            (&[1, 3], "Part One and Part Three of two", false),
        ];
        for (parts, summary, complete) in cases {
            let c = coverage(&with_parts(parts));
            assert_eq!(c.summary, *summary, "{parts:?}");
            assert_eq!(c.complete, *complete, "{parts:?}");
            assert_eq!(c.feature_parts, 2);
        }
        assert_eq!(coverage(&with_parts(&[2, 1, 2])).parts, vec![1, 2]);
    }

    #[test]
    fn contributors_are_the_publisher_the_writers_and_the_wranglers() {
        let rows = vec![
            Row {
                reviewer: Some("Richard Allen".into()),
                ..row("a")
            },
            Row {
                reviewer: None,
                ..row("b")
            },
            Row {
                reviewer: Some("Jeremy Bye".into()),
                ..row("c")
            },
            Row {
                reviewer: Some("Richard Allen".into()),
                ..row("d")
            },
        ];
        let people: Vec<(String, &str)> = contributors(&dataset(rows))
            .into_iter()
            .map(|(name, role, _)| (name, role))
            .collect();
        assert_eq!(
            people,
            [
                ("A Closer Listen".to_string(), "publisher"),
                ("Jeremy Bye".to_string(), "author"),
                ("Richard Allen".to_string(), "author"),
                ("The soundtracks contributors".to_string(), "wrangler"),
            ]
        );
    }
}
