//! Text clean-up shared by every stage: Unicode NFC, whitespace collapsing (non-breaking
//! spaces included), and the ASCII slugs that ids are made of. Pure.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC-normalizes `s`, collapses every run of whitespace (including `&nbsp;`, and the
/// zero-width space and BOM that WordPress editors leave in text) to one space and trims the
/// ends. The article's own characters (`’`, `é`) are kept.
pub fn clean(s: &str) -> String {
    // Text that the quick check finds already in NFC (nearly all) is not normalized again.
    let nfc: Cow<'_, str> = match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    };
    let mut out = String::with_capacity(nfc.len());
    for word in nfc
        .split(|c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
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
    use super::*;

    #[test]
    fn clean_cases() {
        let cases = [
            ("  a \u{a0} b\n\tc  ", "a b c"),
            ("film.\u{a0} In", "film. In"),
            ("Jo\u{301}hann", "Jóhann"),
            ("Miners’", "Miners’"),
            ("", ""),
            ("\u{a0}\u{a0}", ""),
            ("a\u{200B}b\u{FEFF} \u{3000}c\u{2028}", "a b c"),
            ("e\u{301}\u{327}", "\u{229}\u{301}"),
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
