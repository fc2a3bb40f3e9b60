//! Title and name comparison for the matcher: one normal form for titles (the crate's
//! [`slug`]), soundtrack boilerplate stripped from album titles, person names compared as
//! word sets, and a guess of a title's language from its letters. Pure.

use crate::parse::text::slug;

/// A title's normal form, compared for equality: [`slug`] (NFC, accents folded, lower case,
/// punctuation and spacing collapsed, apostrophes dropped) after `&` is read as `and`, so
/// `Nausicaä of the Valley of the Wind` = `Nausicaa Of The Valley Of The Wind` and
/// `Punch-Drunk Love` = `Punch Drunk Love`.
pub fn normalise_title(title: &str) -> String {
    slug(&title.replace('&', " and "))
}

/// Words that mark a bracketed or trailing part of an album title as boilerplate.
const BOILERPLATE_MARKS: &[&str] = &[
    "soundtrack",
    "ost",
    "score",
    "motion-picture",
    "music-from",
    "original-music",
    "bande-originale",
];

/// Prefixes (as slugs) that name the film after them: `Music for the Film Varmints`.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "music-from-the-original-motion-picture",
    "music-from-the-motion-picture",
    "music-from-the-film",
    "music-for-the-film",
    "music-from-the-series",
    "music-for-the-series",
    "music-from",
    "music-for",
];

/// An album title without soundtrack boilerplate, as text: bracketed parts that say
/// "soundtrack", "OST", "score", "music from …" are dropped, then a trailing part after
/// ` - ` or `: ` that says so, then a leading "Music from/for (the film) …", then trailing
/// "Original (Motion Picture) Soundtrack", "OST", "Original Score". What is left is never
/// empty: a title that is all boilerplate is kept whole.
pub fn soundtrack_title(title: &str) -> String {
    let mut text = drop_brackets(title);
    for sep in [" - ", " – ", " — ", ": "] {
        if let Some((head, tail)) = text.rsplit_once(sep) {
            if is_boilerplate(tail) && !head.trim().is_empty() {
                text = head.to_string();
            }
        }
    }
    text = drop_prefix(&text);
    text = drop_suffix(&text);
    let text = text.trim().trim_end_matches([',', ':', '-', '–']).trim();
    if normalise_title(text).is_empty() {
        title.trim().to_string()
    } else {
        text.to_string()
    }
}

fn is_boilerplate(part: &str) -> bool {
    let s = normalise_title(part);
    BOILERPLATE_MARKS.iter().any(|mark| {
        s == *mark
            || s.starts_with(&format!("{mark}-"))
            || s.ends_with(&format!("-{mark}"))
            || s.contains(&format!("-{mark}-"))
    })
}

/// Removes `(…)` and `[…]` parts whose text is boilerplate.
fn drop_brackets(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(open) = rest.find(['(', '[']) {
        let close_char = if rest[open..].starts_with('(') {
            ')'
        } else {
            ']'
        };
        let Some(len) = rest[open..].find(close_char) else {
            break;
        };
        let inner = &rest[open + 1..open + len];
        out.push_str(&rest[..open]);
        if !is_boilerplate(inner) {
            out.push_str(&rest[open..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text` with their slugs, so a slug-level prefix or suffix can be cut at a
/// word boundary of the original text.
fn words(text: &str) -> Vec<(&str, String)> {
    text.split_whitespace()
        .map(|w| (w, normalise_title(w)))
        .collect()
}

fn drop_prefix(text: &str) -> String {
    let cut = cut_words(text, BOILERPLATE_PREFIXES, true);
    // "Music for Films" names no film: keep it whole.
    let generic = ["film", "films", "movies", "the-movies", "television", "tv"];
    if generic.contains(&normalise_title(&cut).as_str()) {
        text.to_string()
    } else {
        cut
    }
}

/// Trailing words (as slugs) that are boilerplate, longest first.
const BOILERPLATE_SUFFIXES: &[&str] = &[
    "original-motion-picture-soundtrack",
    "original-television-soundtrack",
    "original-series-soundtrack",
    "motion-picture-soundtrack",
    "original-soundtrack-recording",
    "original-soundtrack",
    "original-score",
    "soundtrack",
    "ost",
];

fn drop_suffix(text: &str) -> String {
    cut_words(text, BOILERPLATE_SUFFIXES, false)
}

/// `text` without the first of `phrases` (slugs) it starts (`at_start`) or ends with, cut at
/// a word boundary of the original text; never all of it.
fn cut_words(text: &str, phrases: &[&str], at_start: bool) -> String {
    let words = words(text);
    let slugs: Vec<&str> = words.iter().map(|(_, s)| s.as_str()).collect();
    for phrase in phrases {
        let parts: Vec<&str> = phrase.split('-').collect();
        if slugs.len() <= parts.len() {
            continue;
        }
        let kept = if at_start && slugs.starts_with(&parts) {
            &words[parts.len()..]
        } else if !at_start && slugs.ends_with(&parts) {
            &words[..words.len() - parts.len()]
        } else {
            continue;
        };
        return kept.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" ");
    }
    text.to_string()
}

/// Whether two person names are the same name: equal slugs, or the same words in another
/// order (`Ishikawa Chu` = `Chu Ishikawa`). Blank names never match.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (slug(a), slug(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let mut a: Vec<&str> = a.split('-').collect();
    let mut b: Vec<&str> = b.split('-').collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// A guess of a title's language from its letters, among the languages the entities are
/// asked in: kana or CJK ideographs → `ja`, `ß`/`ö`/`ü`/`ä` → `de`, `ñ`/`¿`/`¡` → `es`,
/// French accents → `fr`; plain ASCII (or anything else) → none, searched in English only.
pub fn guess_language(title: &str) -> Option<&'static str> {
    let lower = title.to_lowercase();
    let has = |set: &str| lower.chars().any(|c| set.contains(c));
    if lower.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
    }) {
        Some("ja")
    } else if has("ñ¿¡") {
        Some("es")
    } else if has("ßöüä") {
        Some("de")
    } else if has("éèêëàâçîïôûùœ") {
        Some("fr")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_title_cases() {
        let cases = [
            (
                "Nausicaä Of The Valley Of The Wind",
                "nausicaa-of-the-valley-of-the-wind",
            ),
            ("Punch-Drunk Love", "punch-drunk-love"),
            ("Punch Drunk Love", "punch-drunk-love"),
            ("The Miners’ Hymns", "the-miners-hymns"),
            ("Tom & Jerry", "tom-and-jerry"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_title(input), want, "{input:?}");
        }
    }

    #[test]
    fn soundtrack_title_cases() {
        let cases = [
            ("Tron (Original Motion Picture Soundtrack)", "Tron"),
            ("Moonlight [Original Soundtrack]", "Moonlight"),
            ("Akira OST", "Akira"),
            (
                "Phantom Thread - Original Motion Picture Soundtrack",
                "Phantom Thread",
            ),
            (
                "There Will Be Blood: Music from the Motion Picture",
                "There Will Be Blood",
            ),
            (
                "Music for The Last Temptation Of Christ",
                "The Last Temptation Of Christ",
            ),
            ("Music for the Film Varmints", "Varmints"),
            ("Music from the Film Walkabout", "Walkabout"),
            ("Chernobyl (Music from the HBO Miniseries)", "Chernobyl"),
            ("It Follows Original Score", "It Follows"),
            ("Koyaanisqatsi (Remastered)", "Koyaanisqatsi (Remastered)"),
            ("Soundtrack", "Soundtrack"),
            ("OST", "OST"),
            ("Passion", "Passion"),
            ("Music For Films", "Music For Films"),
            ("Spirited Away", "Spirited Away"),
            ("unclosed (bracket soundtrack", "unclosed (bracket"),
        ];
        for (input, want) in cases {
            assert_eq!(soundtrack_title(input), want, "{input:?}");
        }
    }

    #[test]
    fn same_name_cases() {
        let cases = [
            ("Hildur Guðnadóttir", "Hildur Gudnadottir", true),
            ("Chu Ishikawa", "Ishikawa Chu", true),
            ("Jonny Greenwood", "Radiohead", false),
            ("Louis Barron", "Bebe Barron", false),
            ("", "", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_name(a, b), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn guess_language_cases() {
        let cases = [
            ("Ascenseur Pour L’Échafaud", Some("fr")),
            ("Tron", None),
            ("千と千尋の神隠し", Some("ja")),
            ("Das Boot über alles", Some("de")),
            ("El laberinto del fauno ñ", Some("es")),
        ];
        for (input, want) in cases {
            assert_eq!(guess_language(input), want, "{input:?}");
        }
    }
}
