//! Text clean-up shared by every stage: Unicode NFC, whitespace collapsing (non-breaking
//! spaces included), and the ASCII slugs that ids are made of. Pure.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::scan::is_ascii_space;

/// NFC-normalizes `s`, collapses every run of whitespace (including `&nbsp;`) to one space
/// and trims the ends. The article's own characters (`’`, `é`) are kept.
pub fn clean(s: &str) -> String {
    let (collapsed, unsettled) = collapse_runs(s);
    // Almost all text is already NFC (all of Part One is): when the quick check says so,
    // the normalizer, a third of `build`'s time on large pages once (issue 5), is skipped.
    // Only the characters that may change under NFC are checked (see `stretch_end`);
    // leaving out the others, none of which combines, can only make the check stricter
    // (two marks a letter kept apart become neighbours), never let through text that is
    // not NFC.
    if unsettled && is_nfc_quick(s.chars().filter(|&c| c >= FIRST_COMBINING)) != IsNormalized::Yes {
        let nfc: String = s.nfc().collect();
        return collapse_runs(&nfc).0;
    }
    collapsed
}

/// U+0300, the first character that is not NFC in every context. Every character below it
/// is written with a lead byte below 0xCC.
const FIRST_COMBINING: char = '\u{300}';
const FIRST_COMBINING_LEAD: u8 = 0xCC;

/// What [`clean`] collapses: Unicode whitespace, and the zero-width space and BOM that
/// WordPress editors leave in text.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// The length in bytes of the [`is_space`] character that starts at byte `i` of `s`, if one
/// does. Only five lead bytes begin a non-ASCII one (U+0085 and U+00A0; U+1680; U+2000 to
/// U+205F; U+3000; U+FEFF), so other characters are stepped over a byte at a time without
/// being decoded.
#[inline]
fn space_at(s: &str, i: usize) -> Option<usize> {
    match *s.as_bytes().get(i)? {
        b if is_ascii_space(b) => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => {
            let c = s.get(i..)?.chars().next()?;
            is_space(c).then(|| c.len_utf8())
        }
        _ => None,
    }
}

/// `s` with each run of [`is_space`] characters made one ASCII space and the ends trimmed,
/// and whether `s` has a character that NFC might change (see [`stretch_end`]).
/// Text is copied a stretch at a time: a single ASCII space between two other characters
/// is already what it would become, so it does not end a stretch.
fn collapse_runs(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut unsettled = false;
    let mut i = skip_spaces(s, 0);
    while i < s.len() {
        let end = stretch_end(s, i, &mut unsettled);
        // A stretch starts after a whole space character (or at 0) and ends where one
        // starts (or at the end): both are character boundaries. Stretches are separated
        // by spaces, so every one but the first follows a space.
        if let Some(text) = s.get(i..end) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
        }
        i = skip_spaces(s, end);
    }
    (out, unsettled)
}

/// The end of the run of [`is_space`] characters starting at byte `i`.
fn skip_spaces(s: &str, mut i: usize) -> usize {
    while let Some(len) = space_at(s, i) {
        i += len;
    }
    i
}

/// Where the stretch of text from `i` (which is not a space) ends: at the first space
/// character that is not a single ASCII space followed by another character, or at the end.
///
/// Sets `unsettled` on meeting a character that NFC might change or reorder: one from
/// U+0300 up, except U+2002 to U+207F (general punctuation such as `’` `“` `—` `…`, and
/// super- and subscripts), none of which NFC changes or combines (U+2000 and U+2001, which
/// it does change, are spaces and never reach here).
fn stretch_end(s: &str, mut i: usize, unsettled: &mut bool) -> usize {
    let bytes = s.as_bytes();
    loop {
        // Eight bytes at a time while they are printable ASCII with single spaces, which
        // is most text; the first byte that may be anything else is looked at alone.
        while let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes([
                word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
            ]);
            let flags = unsure(word);
            if flags == 0 {
                i += 8;
                continue;
            }
            // Every byte before the lowest flag is text, but a space right before it
            // may end the stretch.
            let at = flags.trailing_zeros() as usize / 8;
            i += if at > 0 && bytes[i + at - 1] == b' ' {
                at - 1
            } else {
                at
            };
            break;
        }
        if i >= bytes.len() {
            return i;
        }
        match step(s, i, unsettled) {
            Some(next) => i = next,
            None => return i,
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Flags (in the high bit of each byte) the bytes of `word`, in memory order, that may not
/// be part of a stretch whatever comes after them: bytes below 0x20 or from 0x80 up, a
/// space followed by another, and a last byte that is a space. Bytes above the lowest flag
/// may be flagged wrongly, never the lowest; every byte below it is text, except that a
/// space right before it may end the stretch, which [`stretch_end`] steps back to check.
fn unsure(word: u64) -> u64 {
    // The borrow of a flagged byte may flag the bytes above it: only the lowest is exact.
    let special = (word.wrapping_sub(ONES * 0x20) | word) & HIGHS;
    // Spaces are the zero bytes of `word ^ 0x2020…`; every one of them is flagged.
    let v = word ^ (ONES * 0x20);
    let spaces = v.wrapping_sub(ONES) & !v & HIGHS;
    let doubled = spaces & (spaces >> 8);
    special | doubled | (spaces & (0x80 << 56))
}

/// One step of [`stretch_end`] at byte `i`: where the stretch goes on from, or `None` when
/// it ends here.
#[inline]
fn step(s: &str, i: usize, unsettled: &mut bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let b = bytes[i];
    if b > b' ' && b < 0x80 {
        Some(i + 1)
    } else if b == b' ' {
        (i + 1 < bytes.len() && space_at(s, i + 1).is_none()).then_some(i + 1)
    } else if space_at(s, i).is_none() {
        let punctuation = b == 0xE2 && matches!(bytes.get(i + 1), Some(0x80 | 0x81));
        *unsettled |= b >= FIRST_COMBINING_LEAD && !punctuation;
        // The whole character: a lead byte says how long it is.
        Some(
            i + match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0.. => 4,
                _ => 1,
            },
        )
    } else {
        None
    }
}

/// A lowercase ASCII slug: letters and digits, words joined by `-`. Accents are folded
/// (`Jóhannsson` → `johannsson`, `ð` → `d`) and apostrophes dropped (`Miners’` → `miners`),
/// so the same words always give the same slug whatever their markup.
pub fn slug(s: &str) -> String {
    let folded = deunicode::deunicode(&clean(s));
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '`' {
            // Apostrophes join their word: "Disney's" → "disneys".
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The character-at-a-time version `clean` replaced, kept as its reference.
    fn clean_by_char(s: &str) -> String {
        let nfc: String = s.nfc().collect();
        let mut out = String::new();
        let mut pending_space = false;
        for c in nfc.chars() {
            if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
                pending_space = !out.is_empty();
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn clean_agrees_with_the_character_at_a_time_version(
            s in "[ a-z\t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2009}\u{200B}\u{2028}\u{3000}\u{FEFF}éè’\u{301}\u{327}e.()~-]{0,40}"
        ) {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }

        #[test]
        fn clean_agrees_on_ascii(s in "[ a-c\t\n\r\u{0B}\u{0C}\u{01}\u{1F}.]{0,30}") {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }

        #[test]
        fn clean_agrees_on_marks_and_spaces(
            s in "[ a\u{A0}\u{2014}\u{2070}\u{2000}\u{300}\u{316}\u{327}\u{340}\u{345}\u{2019}\u{212B}\u{1E0A}\u{0F73}\u{200B}\u{FEFF}\u{2003}\u{AC00}\u{1100}\u{1161}]{0,12}"
        ) {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }

        /// Long enough for many eight-byte words, with spaces doubled, at word ends and
        /// before other whitespace.
        #[test]
        fn clean_agrees_on_long_text(s in "([a-z.’]{1,9}[ \n\u{A0}]{0,2}){0,40}") {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }

        #[test]
        fn clean_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }
    }

    use super::*;

    /// The characters `stretch_end` lets through without the NFC check never change or
    /// combine under NFC, alone or after a letter or a mark.
    #[test]
    fn exempt_punctuation_is_stable_under_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\u{2002}'..='\u{207F}').filter(|c| !is_space(*c)) {
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            for before in ["", "a", "e\u{301}", "\u{301}", "\u{1100}"] {
                let text = format!("{before}{c}x");
                let nfc: String = text.nfc().collect();
                assert!(
                    nfc.ends_with(&format!("{c}x")),
                    "U+{:04X} after {before:?}",
                    u32::from(c)
                );
            }
            assert_eq!(is_nfc_quick([c].into_iter()), IsNormalized::Yes);
        }
    }

    /// The five lead bytes `space_at` decodes are the only ones a space character starts with.
    #[test]
    fn space_at_finds_every_space_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("{c}x");
            assert_eq!(
                space_at(&text, 0),
                is_space(c).then(|| c.len_utf8()),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn words_that_need_no_look() {
        // (eight bytes, a stretch goes on through them whatever follows)
        let cases: [(&[u8; 8], bool); 9] = [
            (b"abcdefgh", true),
            (b"ab cd ef", true),
            (b" bcdefgh", true),
            (b"abcdefg ", false),
            (b"ab  cdef", false),
            (b"ab\ncdefg", false),
            (b"abc\tdefg", false),
            (b"ab\xC2\xA0cdef", false),
            (b"~!`\x7F}|{z", true),
        ];
        for (word, plain) in cases {
            assert_eq!(unsure(u64::from_le_bytes(*word)) == 0, plain, "{word:?}");
        }
    }

    #[test]
    fn clean_cases() {
        let cases = [
            ("  a \u{a0} b\n\tc  ", "a b c"),
            ("film.\u{a0} In", "film. In"),
            ("Jo\u{301}hann", "Jóhann"),
            ("Miners’", "Miners’"),
            ("", ""),
            ("\u{a0}\u{a0}", ""),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn slug_cases() {
        let cases = [
            (
                "Angelo Badalamenti Twin Peaks",
                "angelo-badalamenti-twin-peaks",
            ),
            (
                "Jóhann Jóhannsson The Miners’ Hymns",
                "johann-johannsson-the-miners-hymns",
            ),
            (
                "Hildur Guðnadóttir Chernobyl",
                "hildur-gudnadottir-chernobyl",
            ),
            ("Walt Disney’s Fantasia", "walt-disneys-fantasia"),
            (
                "Miles Davis Ascenseur Pour L’Échafaud",
                "miles-davis-ascenseur-pour-lechafaud",
            ),
            (
                "Joe Hisaishi Nausicaä Of The Valley Of The Wind",
                "joe-hisaishi-nausicaa-of-the-valley-of-the-wind",
            ),
            ("Jon Brion Punch-Drunk Love", "jon-brion-punch-drunk-love"),
            ("  ~~ ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(slug(input), want, "{input:?}");
        }
    }
}
