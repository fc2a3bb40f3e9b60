//! Part numbers of the series, the one place they are read and spelled: the token of
//! "Part Two", "Part 2", "Part II", "Part Twenty-One" → its number, the first such part named
//! in a title, and the slug spellings WordPress gives a part. Used by `build` (which part a
//! page is, from its title) and by `refresh` (which part a link or slug names), so the two
//! always agree on the same range. Pure: strings in, numbers out.
//!
//! Three spellings are understood, case-insensitively, for 1 to [`MAX_PART`]:
//! - English words: `one` … `nineteen`, `twenty` … `ninety`, and the compounds
//!   `twenty-one` / `twenty one` (one hyphen, or any run of whitespace, U+00A0 included);
//! - ASCII digits, leading zeros allowed (`02` → 2, as a slug or a numbered title may pad them);
//! - canonical Roman numerals only (`iv`, `xcix`; not `iiii`, `vv`, `ic`).

use std::sync::LazyLock;

use regex::Regex;

/// Highest part number understood in any spelling.
pub const MAX_PART: u32 = 99;

/// `ONES[n]` spells `n` for 1 ≤ n < 20.
const ONES: [&str; 20] = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
/// `TENS[n]` spells `10 * n` for 2 ≤ n ≤ 9.
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Roman digits of the tens and of the units, canonical forms only.
const ROMAN_TENS: [&str; 10] = ["", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"];
const ROMAN_ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
/// The longest canonical numeral up to [`MAX_PART`] (`lxxxviii`, 88).
const ROMAN_MAX_LEN: usize = 8;

/// The number one part token names, case-insensitive: `"two"`/`"Two"` → 2, `"2"` → 2,
/// `"ii"`/`"II"` → 2, `"eleven"` → 11, `"twenty-one"` / `"twenty one"` → 21, `"xcix"` → 99.
///
/// `None` for 0, for anything above [`MAX_PART`], for non-canonical Roman numerals (`"iiii"`,
/// `"vv"`, `"ic"`) and for any other text. Leading zeros are accepted (`"02"` → 2); a sign
/// (`"+2"`) is not. The token is taken as given: surrounding whitespace is not trimmed.
///
/// ```
/// use soundtracks::parse::part::parse_token;
/// assert_eq!(parse_token("Twenty-One"), Some(21));
/// assert_eq!(parse_token("XCIX"), Some(99));
/// assert_eq!(parse_token("iiii"), None);
/// ```
pub fn parse_token(token: &str) -> Option<u32> {
    let t = token.to_ascii_lowercase();
    let n = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: no sign, and leading zeros cannot overflow; a long number can.
        t.parse::<u32>().ok()?
    } else {
        from_words(&t).or_else(|| from_roman(&t))?
    };
    (1..=MAX_PART).contains(&n).then_some(n)
}

/// The part number a title or sentence names: the first `Part <token>` (word-bounded, any
/// case, any whitespace between, U+00A0 included) whose token parses with [`parse_token`].
/// A two-word token is preferred when it parses (`Part Twenty One` → 21, not 20).
///
/// ```
/// use soundtracks::parse::part::in_title;
/// assert_eq!(in_title("The Best Film & TV Soundtracks of All Time ~ Part Two"), Some(2));
/// assert_eq!(in_title("Part Time work, then part IV"), Some(4));
/// assert_eq!(in_title("Partial credit"), None);
/// ```
pub fn in_title(title: &str) -> Option<u32> {
    let mut from = 0;
    while let Some(c) = PART_IN_TITLE.captures_at(title, from) {
        let (whole, first) = (c.get(0)?, c.name("first")?);
        // `Twenty-One`, `twenty one`: the pair first, then the first word alone.
        let pair = c
            .name("second")
            .and_then(|second| parse_token(&title[first.start()..second.end()]));
        if let Some(n) = pair.or_else(|| parse_token(first.as_str())) {
            return Some(n);
        }
        // The next `part` may start inside this match (`part part two`); `p` is one byte.
        from = whole.start() + 1;
    }
    None
}

/// `Part` and one word of ASCII letters and digits, or two joined by one hyphen or by
/// whitespace, each ending at a word boundary.
static PART_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b (?i:part) \s+
        (?<first>[a-zA-Z0-9]+) \b
        (?: (?:-|\s+) (?<second>[a-zA-Z0-9]+) \b )?",
    )
    .expect("static pattern")
});

/// The part a page is, by the one rule `build`, `add` and discovery share: the part its
/// title names ([`in_title`]), else the part its URL's slug names after `-part-`
/// ([`in_slug`]).
///
/// ```
/// use soundtracks::parse::part::of_page;
/// assert_eq!(of_page("The List ~ Part Two", Some("https://example.org/x-part-one/")), Some(2));
/// assert_eq!(of_page("The List", Some("https://example.org/2023/the-list-part-2-2/")), Some(2));
/// assert_eq!(of_page("The List", None), None);
/// ```
pub fn of_page(title: &str, url: Option<&str>) -> Option<u32> {
    in_title(title).or_else(|| {
        let path = url?.split(['?', '#']).next()?;
        in_slug(path.trim_end_matches('/').rsplit('/').next()?)
    })
}

/// The part a slug names: the first `part-<token>` at its start or after a `-` whose token
/// parses, a two-word token preferred (`…-part-twenty-one`; `…-part-2-2`, a WordPress
/// duplicate suffix, is 2).
pub fn in_slug(slug: &str) -> Option<u32> {
    let slug = slug.to_ascii_lowercase();
    slug.match_indices("part-")
        .filter(|(at, _)| *at == 0 || slug[..*at].ends_with('-'))
        .find_map(|(at, m)| {
            let mut words = slug[at + m.len()..].split('-');
            let first = words.next()?;
            words
                .next()
                .and_then(|second| parse_token(&format!("{first}-{second}")))
                .or_else(|| parse_token(first))
        })
}

/// The slug spellings WordPress would give part `n`, most likely first: 2 →
/// `["two", "2", "ii"]`, 21 → `["twenty-one", "21", "xxi"]`. Empty for 0 or > [`MAX_PART`].
pub fn slug_spellings(n: u32) -> Vec<String> {
    if !(1..=MAX_PART).contains(&n) {
        return Vec::new();
    }
    vec![words(n), n.to_string(), roman(n)]
}

/// `one` … `nineteen`, `twenty` … `ninety`, `twenty-one` / `twenty one` … (lowercase input).
fn from_words(t: &str) -> Option<u32> {
    let index = |list: &[&str], w: &str| list.iter().position(|x| !x.is_empty() && *x == w);
    let split = t.find(|c: char| !c.is_ascii_lowercase());
    let Some(split) = split else {
        let n = index(&ONES, t).or_else(|| index(&TENS, t).map(|i| i * 10))?;
        return u32::try_from(n).ok();
    };
    let (tens, sep) = t.split_at(split);
    let ones = match sep.strip_prefix('-') {
        Some(ones) => ones,
        None => {
            let ones = sep.trim_start_matches(char::is_whitespace);
            if ones.len() == sep.len() {
                return None;
            }
            ones
        }
    };
    let tens = index(&TENS, tens)?;
    let ones = index(&ONES[..10], ones)?;
    u32::try_from(tens * 10 + ones).ok()
}

/// Canonical Roman numerals from `i` to `xcix` (lowercase input).
fn from_roman(t: &str) -> Option<u32> {
    if t.is_empty() || t.len() > ROMAN_MAX_LEN {
        return None;
    }
    // Read the tens digit, then the units; each must be a canonical form and nothing may
    // be left over. Longest forms first, so `viii` is not read as `v` + leftover.
    let digit = |s: &str, table: &[&str; 10]| -> (u32, usize) {
        (1u32..10)
            .filter(|&d| s.starts_with(table[d as usize]))
            .max_by_key(|&d| table[d as usize].len())
            .map_or((0, 0), |d| (d, table[d as usize].len()))
    };
    let (tens, used) = digit(t, &ROMAN_TENS);
    let (ones, used_ones) = digit(&t[used..], &ROMAN_ONES);
    (used + used_ones == t.len()).then_some(tens * 10 + ones)
}

/// `n` in words, hyphenated as WordPress slugs compounds: 21 → `twenty-one`. 1 ≤ n ≤ 99.
fn words(n: u32) -> String {
    let n = n as usize;
    match (n / 10, n % 10) {
        _ if n < 20 => ONES[n].to_string(),
        (tens, 0) => TENS[tens].to_string(),
        (tens, ones) => format!("{}-{}", TENS[tens], ONES[ones]),
    }
}

/// `n` as a lowercase canonical Roman numeral: 4 → `iv`, 99 → `xcix`. 1 ≤ n ≤ 99.
fn roman(n: u32) -> String {
    let n = n as usize;
    format!("{}{}", ROMAN_TENS[n / 10], ROMAN_ONES[n % 10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let cases: &[(&str, Option<u32>)] = &[
            ("one", Some(1)),
            ("Two", Some(2)),
            ("TWO", Some(2)),
            ("2", Some(2)),
            ("02", Some(2)),
            ("ii", Some(2)),
            ("II", Some(2)),
            ("iv", Some(4)),
            ("ix", Some(9)),
            ("x", Some(10)),
            ("ten", Some(10)),
            ("eleven", Some(11)),
            ("twelve", Some(12)),
            ("xii", Some(12)),
            ("nineteen", Some(19)),
            ("twenty", Some(20)),
            ("twenty-one", Some(21)),
            ("Twenty-One", Some(21)),
            ("twenty one", Some(21)),
            ("twenty\u{a0}one", Some(21)),
            ("twenty  one", Some(21)),
            ("xxi", Some(21)),
            ("forty-four", Some(44)),
            ("xliv", Some(44)),
            ("lxxxviii", Some(88)),
            ("ninety-nine", Some(99)),
            ("99", Some(99)),
            ("xcix", Some(99)),
            ("XCIX", Some(99)),
            // Out of range.
            ("0", None),
            ("00", None),
            ("zero", None),
            ("100", None),
            ("c", None),
            ("one hundred", None),
            ("99999999999999999999", None),
            // Not canonical, not numbers, not one token.
            ("iiii", None),
            ("vv", None),
            ("ic", None),
            ("iix", None),
            ("xxxx", None),
            ("lc", None),
            ("twenty-ten", None),
            ("twenty-", None),
            ("-one", None),
            ("twenty--one", None),
            ("twenty- one", None),
            ("twenty-one-two", None),
            ("one-two", None),
            ("ten-one", None),
            ("twentyone", None),
            ("+2", None),
            ("-2", None),
            ("2.0", None),
            (" two", None),
            ("two ", None),
            ("time", None),
            ("", None),
            ("ⅱ", None),
            ("２", None),
        ];
        for (token, want) in cases {
            assert_eq!(parse_token(token), *want, "{token:?}");
        }
    }

    #[test]
    fn slugs() {
        let cases: &[(&str, Option<u32>)] = &[
            ("the-best-film-tv-soundtracks-of-all-time-part-one", Some(1)),
            (
                "the-best-film-tv-soundtracks-of-all-time-part-twenty-one",
                Some(21),
            ),
            ("the-list-part-2-2", Some(2)),
            ("the-list-part-XI", Some(11)),
            ("part-three", Some(3)),
            ("counterpart-two", None),
            ("the-list-part-time-part-iv", Some(4)),
            ("the-list-parts-two", None),
            ("the-list", None),
        ];
        for (slug, want) in cases {
            assert_eq!(in_slug(slug), *want, "{slug:?}");
        }
    }

    #[test]
    fn titles() {
        let cases: &[(&str, Option<u32>)] = &[
            (
                "The Best Film & TV Soundtracks of All Time ~ Part One",
                Some(1),
            ),
            (
                "The Best Film & TV Soundtracks of All Time ~ Part Two",
                Some(2),
            ),
            ("… Part 3", Some(3)),
            ("… part IV", Some(4)),
            ("… PART ten", Some(10)),
            ("… Part Eleven", Some(11)),
            ("Part Twenty-One", Some(21)),
            ("Part Twenty One", Some(21)),
            ("Part twenty\u{a0}one: the end", Some(21)),
            ("Part Twenty", Some(20)),
            ("Part Twenty-Something", Some(20)),
            ("List ~ Part\u{a0}Two", Some(2)),
            ("List ~ Part \t\n Two", Some(2)),
            ("Part II: the sequel", Some(2)),
            ("(see Part Two of the list)", Some(2)),
            ("List, part 2.", Some(2)),
            ("List ~ Part 02", Some(2)),
            // The first part whose token parses.
            ("Part Time work, then Part IV", Some(4)),
            ("Part of it ~ Part Three", Some(3)),
            // Not a part.
            ("The Best Film & TV Soundtracks of All Time", None),
            ("Partial credit", None),
            ("Part Time", None),
            ("Counterpart Two", None),
            ("part-two", None),
            ("Part", None),
            ("Part ", None),
            ("Part Twoish", None),
            ("Part 100", None),
            ("Part 0", None),
            ("Part iiii", None),
            ("Part Twoé", None),
            ("", None),
        ];
        for (title, want) in cases {
            assert_eq!(in_title(title), *want, "{title:?}");
        }
    }

    #[test]
    fn spellings() {
        let cases: &[(u32, &[&str])] = &[
            (0, &[]),
            (1, &["one", "1", "i"]),
            (2, &["two", "2", "ii"]),
            (4, &["four", "4", "iv"]),
            (11, &["eleven", "11", "xi"]),
            (20, &["twenty", "20", "xx"]),
            (21, &["twenty-one", "21", "xxi"]),
            (49, &["forty-nine", "49", "xlix"]),
            (99, &["ninety-nine", "99", "xcix"]),
            (100, &[]),
        ];
        for (n, want) in cases {
            assert_eq!(slug_spellings(*n), *want, "{n}");
        }
    }
}
