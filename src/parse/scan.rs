//! The character classes that the parsers' hand-written scanners share, with the meaning the
//! `regex` crate gives them, so that a scanner can stand in for the pattern it replaced: `\w`
//! (and so `\b`) with and without Unicode, and `\s` without it. Unicode `\s` is
//! `char::is_whitespace` (both are the White_Space property) and needs no helper here. Which
//! grammar uses them is left to the scanners in `grammar`, `entries`, `decode` and `text`.
//! Pure.

/// `\w` with Unicode, the characters that `\b` looks for on either side: letters, marks,
/// decimal digits of any script and connector punctuation, exactly as `regex` reads them.
pub(crate) fn is_word_char(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// `\w` without Unicode (`(?-u)`): an ASCII letter, digit or `_`.
pub(crate) fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `\s` without Unicode (`(?-u)`): ASCII whitespace with the vertical tab, which
/// `u8::is_ascii_whitespace` leaves out.
pub(crate) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The end of the run of [`is_ascii_space`] bytes starting at `i`.
pub(crate) fn skip_ascii_spaces(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).copied().is_some_and(is_ascii_space) {
        i += 1;
    }
    i
}

/// Whether `bytes[at..]` starts with `word`, ASCII case ignored (`(?i-u)`).
pub(crate) fn starts_with_ignore_ascii_case(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// The byte span of `part`, a slice of `whole`, within it: how the scanners' tests compare
/// what a scanner returns with the span a pattern's match reports.
#[cfg(test)]
pub(crate) fn span_in(whole: &str, part: &str) -> (usize, usize) {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    assert!(start + part.len() <= whole.len(), "not a slice of the text");
    (start, start + part.len())
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    /// Every character, against the patterns: `\w` and `\s` as `regex` reads them.
    #[test]
    fn word_chars_are_the_patterns_word_chars() {
        let word = Regex::new(r"\A\w\z").unwrap();
        let ascii_word = Regex::new(r"(?-u)\A\w\z").unwrap();
        let space = Regex::new(r"\A\s\z").unwrap();
        let ascii_space = Regex::new(r"(?-u)\A\s\z").unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(is_word_char(c), word.is_match(s), "{c:?}");
            assert_eq!(c.is_whitespace(), space.is_match(s), "{c:?}");
            if c.is_ascii() {
                assert_eq!(is_ascii_word(c as u8), ascii_word.is_match(s), "{c:?}");
                assert_eq!(is_ascii_space(c as u8), ascii_space.is_match(s), "{c:?}");
            }
        }
    }
}
