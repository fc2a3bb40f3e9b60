//! Text clean-up shared by every stage: Unicode NFC, whitespace collapsing (non-breaking
//! spaces included), and the ASCII slugs that ids are made of. Pure.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC-normalizes `s`, collapses every run of whitespace (including `&nbsp;`) to one space
/// and trims the ends. The article's own characters (`’`, `é`) are kept.
pub fn clean(s: &str) -> String {
    let survey = Survey::of(s);
    // Almost all text is already NFC (all of Part One is): when the quick check says so,
    // skip the normalizer, which was a third of `build`'s time on large pages (issue 5).
    // Characters below U+0300 are NFC whatever surrounds them, so only the others are
    // checked; leaving the rest out can only make the check stricter (two combining marks
    // that a letter kept apart become neighbours), never let through text that is not NFC.
    let unnormalized = survey.above_combining
        && is_nfc_quick(s.chars().filter(|&c| c >= FIRST_COMBINING)) != IsNormalized::Yes;
    if unnormalized {
        let nfc: String = s.nfc().collect();
        collapse_runs(&nfc)
    } else if survey.spaces_to_collapse {
        collapse_runs(s)
    } else {
        // Most lines are already clean: single spaces between words, none at the ends.
        s.to_owned()
    }
}

/// U+0300, the first character that is not NFC in every context. Every character below it
/// is written with a lead byte below 0xCC.
const FIRST_COMBINING: char = '\u{300}';
const FIRST_COMBINING_LEAD: u8 = 0xCC;

/// What one pass over a text's bytes tells [`clean`] about the work it needs.
struct Survey {
    /// Some whitespace is not a single space between two other characters (or some control
    /// byte may be whitespace: those are left to [`collapse_runs`] to decide).
    spaces_to_collapse: bool,
    /// Some character is U+0300 or above.
    above_combining: bool,
}

impl Survey {
    fn of(s: &str) -> Survey {
        let bytes = s.as_bytes();
        let mut survey = Survey {
            spaces_to_collapse: false,
            above_combining: false,
        };
        let mut after_space = true;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b > b' ' && b < FIRST_SPACE_LEAD {
                after_space = false;
                i += 1;
                continue;
            }
            if let Some(len) = space_at(s, i) {
                survey.spaces_to_collapse |= b != b' ' || after_space;
                after_space = true;
                i += len;
                continue;
            }
            // Control bytes are not spaces, but the cheap test above takes only the usual
            // ones: the rest go the long way.
            survey.spaces_to_collapse |= b < b' ';
            survey.above_combining |= b >= FIRST_COMBINING_LEAD;
            after_space = false;
            i += 1;
        }
        survey.spaces_to_collapse |= after_space && !bytes.is_empty();
        survey
    }
}

/// Every byte from the space up to this one, 0xC2 excluded, is neither whitespace nor the
/// start of it (see [`space_at`]).
const FIRST_SPACE_LEAD: u8 = 0xC2;

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
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => {
            let c = s.get(i..)?.chars().next()?;
            is_space(c).then(|| c.len_utf8())
        }
        _ => None,
    }
}

/// `s` with each run of [`is_space`] characters made one ASCII space and the ends trimmed;
/// the text between runs is copied whole, not a character at a time.
fn collapse_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<usize> = None;
    let mut pending_space = false;
    let mut i = 0;
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        let space = if b > b' ' && b < FIRST_SPACE_LEAD {
            None
        } else {
            space_at(s, i)
        };
        if let Some(len) = space {
            // A run starts at 0 or just after a space character, and ends where one starts:
            // both are character boundaries.
            if let Some(text) = run.take().and_then(|start| s.get(start..i)) {
                out.push_str(text);
                pending_space = true;
            }
            i += len;
        } else {
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(i);
            }
            i += 1;
        }
    }
    if let Some(text) = run.and_then(|start| s.get(start..)) {
        out.push_str(text);
    }
    out
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
            s in "[ a\u{A0}\u{300}\u{316}\u{327}\u{340}\u{345}\u{2019}\u{212B}\u{1E0A}\u{0F73}\u{200B}\u{FEFF}\u{2003}\u{AC00}\u{1100}\u{1161}]{0,12}"
        ) {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }

        #[test]
        fn clean_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(clean(&s), clean_by_char(&s));
        }
    }

    use super::*;

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
