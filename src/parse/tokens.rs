//! The fast reader's tokenizer ([`super::fast`]): tags, attributes, comments, doctypes,
//! text and raw text read from a page a run of bytes at a time, and character references
//! decoded with html5ever's own table. Like the reader, it gives up (`None`) on the forms
//! whose reading depends on more than it follows: bogus comments, a page that ends inside
//! a tag, references without their semicolon.

use std::borrow::Cow;

use html5ever::data::NAMED_ENTITIES;
use html5ever::tendril::StrTendril;
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use memchr::{memchr, memmem};

use super::select::ATTRIBUTES;

pub(super) enum Token<'a> {
    /// Text as written, character references not yet decoded.
    Text(&'a str),
    Start(Cow<'a, str>, Vec<Attribute>),
    End(Cow<'a, str>),
    Comment,
    Doctype,
    Eof,
}

/// The page and how far it has been read.
pub(super) struct Tokenizer<'a> {
    html: &'a str,
    pos: usize,
    /// The last start tag ended in `/>` (which only foreign elements heed).
    pub(super) self_closing: bool,
}

/// HTML's ASCII whitespace as the tokenizer sees it: no vertical tab (unlike
/// `scan::is_ascii_space`, which is the regex `\s`), and no CR, which never reaches it.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// `s` without the [`is_space`] whitespace it starts with.
pub(super) fn trim_space(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(html: &'a str) -> Self {
        Tokenizer {
            html,
            pos: 0,
            self_closing: false,
        }
    }

    pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
        let b = self.html.as_bytes();
        let start = self.pos;
        let Some(&first) = b.get(start) else {
            return Some(Token::Eof);
        };
        if first == b'<' {
            match b.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => return self.tag(start + 1, true),
                Some(b'/') => match b.get(start + 2) {
                    Some(c) if c.is_ascii_alphabetic() => return self.tag(start + 2, false),
                    // `</>` is dropped.
                    Some(b'>') => {
                        self.pos = start + 3;
                        return Some(Token::Comment);
                    }
                    None => {
                        self.pos = b.len();
                        return Some(Token::Text(&self.html[start..]));
                    }
                    // A bogus comment.
                    Some(_) => return None,
                },
                Some(b'!') => return self.declaration(start),
                Some(b'?') => return None,
                _ => {}
            }
        }
        // Text, up to the next `<` that starts markup.
        let mut end = start + usize::from(first == b'<');
        loop {
            match memchr(b'<', &b[end..]) {
                None => {
                    end = b.len();
                    break;
                }
                Some(i) => {
                    end += i;
                    if b.get(end + 1).is_some_and(|&c| {
                        c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
                    }) {
                        break;
                    }
                    end += 1;
                }
            }
        }
        self.pos = end;
        Some(Token::Text(&self.html[start..end]))
    }

    /// A comment or a doctype at `start` (`<!`).
    fn declaration(&mut self, start: usize) -> Option<Token<'a>> {
        let b = self.html.as_bytes();
        let rest = &b[start + 2..];
        if let Some(body) = rest.strip_prefix(b"--") {
            // `<!-->` and `<!--->` end at once; `--!>` also ends a comment.
            if body.starts_with(b">") || body.starts_with(b"->") {
                return None;
            }
            let end = memmem::find(body, b"-->")?;
            if memmem::find(&body[..end + 2], b"--!").is_some() {
                return None;
            }
            self.pos = start + 4 + end + 3;
            return Some(Token::Comment);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            let end = memchr(b'>', rest)?;
            self.pos = start + 2 + end + 1;
            return Some(Token::Doctype);
        }
        None
    }

    /// The tag whose name starts at `at`; `None` when the page ends inside it.
    fn tag(&mut self, at: usize, start: bool) -> Option<Token<'a>> {
        let b = self.html.as_bytes();
        let mut i = at;
        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0C' | b' ' | b'/' | b'>') {
            i += 1;
        }
        let name = lower(&self.html[at..i]);
        let mut attrs = Vec::new();
        self.self_closing = false;
        loop {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match *b.get(i)? {
                b'>' => {
                    self.pos = i + 1;
                    return Some(if start {
                        Token::Start(name, attrs)
                    } else {
                        Token::End(name)
                    });
                }
                // A `/` right before `>` marks the tag self-closing, which HTML elements
                // ignore; a lone `/` is skipped.
                b'/' => {
                    i += 1;
                    self.self_closing = b.get(i) == Some(&b'>');
                    continue;
                }
                _ => {}
            }
            // An attribute: its name may begin with `=`.
            let name_at = i;
            i += 1;
            while i < b.len()
                && !matches!(b[i], b'\t' | b'\n' | b'\x0C' | b' ' | b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let attr_name = lower(&self.html[name_at..i]);
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let len = memchr(quote, &b[i + 1..])?;
                        value = &self.html[i + 1..i + 1 + len];
                        i += len + 2;
                    }
                    // `a=>`: an empty value, and the tag ends.
                    b'>' => {}
                    _ => {
                        let from = i;
                        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0C' | b' ' | b'>')
                        {
                            i += 1;
                        }
                        value = &self.html[from..i];
                    }
                }
            }
            if start && ATTRIBUTES.contains(&&*attr_name) {
                let value = decode(value)?;
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), atom(&attr_name)),
                    value: StrTendril::from_slice(&value),
                });
            }
        }
    }

    /// The text of the element just opened, up to its end tag, which closes it.
    /// The text of a raw text or RCDATA element named `name`, up to its end tag, which is
    /// read too; `true` with it when the end tag was there, `false` when the page ended.
    pub(super) fn element_text(&mut self, name: &str) -> Option<(&'a str, bool)> {
        let b = self.html.as_bytes();
        let start = self.pos;
        let mut end = start;
        let close = loop {
            match memmem::find(&b[end..], b"</") {
                None => break None,
                Some(i) => {
                    end += i;
                    let after = end + 2 + name.len();
                    if b.get(end + 2..after)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                        && b.get(after)
                            .is_some_and(|&c| is_space(c) || matches!(c, b'/' | b'>'))
                    {
                        break Some(end);
                    }
                    end += 2;
                }
            }
        };
        let text = &self.html[start..close.unwrap_or(b.len())];
        match close {
            Some(at) => {
                self.tag(at + 2, false)?;
            }
            None => self.pos = b.len(),
        }
        Some((text, close.is_some()))
    }

    /// Drops the newline right after `<pre>`, `<listing>` or `<textarea>`.
    pub(super) fn skip_newline(&mut self) -> Option<()> {
        match self.html.as_bytes().get(self.pos) {
            Some(b'\n') => self.pos += 1,
            // A character reference could be that newline.
            Some(b'&') => return None,
            _ => {}
        }
        Some(())
    }
}

/// The interned name: the usual ones without hashing the name.
pub(super) fn atom(name: &str) -> LocalName {
    match name {
        "p" => local_name!("p"),
        "br" => local_name!("br"),
        "strong" => local_name!("strong"),
        "b" => local_name!("b"),
        "em" => local_name!("em"),
        "a" => local_name!("a"),
        "div" => local_name!("div"),
        "span" => local_name!("span"),
        "li" => local_name!("li"),
        "html" => local_name!("html"),
        "head" => local_name!("head"),
        "body" => local_name!("body"),
        "meta" => local_name!("meta"),
        "link" => local_name!("link"),
        "title" => local_name!("title"),
        "script" => local_name!("script"),
        "style" => local_name!("style"),
        "noscript" => local_name!("noscript"),
        "input" => local_name!("input"),
        "img" => local_name!("img"),
        "i" => local_name!("i"),
        "ul" => local_name!("ul"),
        "ol" => local_name!("ol"),
        "h1" => local_name!("h1"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "h4" => local_name!("h4"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "header" => local_name!("header"),
        "footer" => local_name!("footer"),
        "nav" => local_name!("nav"),
        "main" => local_name!("main"),
        "aside" => local_name!("aside"),
        "form" => local_name!("form"),
        "label" => local_name!("label"),
        "button" => local_name!("button"),
        "textarea" => local_name!("textarea"),
        "time" => local_name!("time"),
        "small" => local_name!("small"),
        "figure" => local_name!("figure"),
        "figcaption" => local_name!("figcaption"),
        "iframe" => local_name!("iframe"),
        "blockquote" => local_name!("blockquote"),
        "class" => local_name!("class"),
        "rel" => local_name!("rel"),
        "property" => local_name!("property"),
        "datetime" => local_name!("datetime"),
        "itemprop" => local_name!("itemprop"),
        "href" => local_name!("href"),
        "id" => local_name!("id"),
        "content" => local_name!("content"),
        _ => LocalName::from(name),
    }
}

fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// An attribute value with its character references decoded.
fn decode(value: &str) -> Option<Cow<'_, str>> {
    if memchr(b'&', value.as_bytes()).is_none() {
        return Some(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    decode_each(value, |piece| out.push_str(piece))?;
    Some(Cow::Owned(out))
}

/// Hands `f` the text `s` stands for, a piece at a time: the runs between character
/// references as written, and what each reference stands for. `None` where [`char_ref`]
/// gives up.
pub(super) fn decode_each(s: &str, mut f: impl FnMut(&str)) -> Option<()> {
    let mut rest = s;
    while let Some(at) = memchr(b'&', rest.as_bytes()) {
        f(&rest[..at]);
        let mut buf = [0; 8];
        let (decoded, used) = char_ref(&rest[at..], &mut buf)?;
        f(decoded);
        rest = &rest[at + used..];
    }
    f(rest);
    Some(())
}

/// The character reference at the start of `s` (which starts with `&`): what it stands for
/// and how many bytes it takes, `("&", 1)` when it is not one. `None` for the forms whose
/// meaning depends on where they stand (no semicolon) or that the tokenizer replaces.
fn char_ref<'b>(s: &'b str, buf: &'b mut [u8; 8]) -> Option<(&'b str, usize)> {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'#') => {
            let hex = matches!(b.get(2), Some(b'x' | b'X'));
            let digits = 2 + usize::from(hex);
            let mut end = digits;
            let mut value: u32 = 0;
            while let Some(d) = b
                .get(end)
                .and_then(|&c| char::from(c).to_digit(if hex { 16 } else { 10 }))
            {
                if end - digits >= 8 {
                    return None;
                }
                value = value * if hex { 16 } else { 10 } + d;
                end += 1;
            }
            if end == digits || b.get(end) != Some(&b';') {
                return None;
            }
            let ok = matches!(value, 0x09 | 0x0A | 0x0C | 0x20..=0x7E | 0xA0..);
            let c = char::from_u32(value).filter(|_| ok)?;
            let len = c.encode_utf8(&mut buf[..]).len();
            Some((std::str::from_utf8(&buf[..len]).ok()?, end + 1))
        }
        Some(c) if c.is_ascii_alphanumeric() => {
            // `&name;` with the name in the table is the longest match (no name goes on
            // past a semicolon): one look-up for the usual case.
            let name_end = b[1..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map(|n| n + 1);
            if let Some(end) = name_end.filter(|&end| b[end] == b';') {
                if let Some(&(c1, c2)) = NAMED_ENTITIES.get(&s[1..=end]).filter(|m| m.0 != 0) {
                    return Some((encode(c1, c2, buf)?, end + 1));
                }
            }
            // Else the longest name in the table, as the tokenizer matches it; the table
            // also holds every prefix of a name, mapped to zero.
            let mut matched = None;
            let mut end = 2;
            while end <= b.len() && b[end - 1].is_ascii() {
                match NAMED_ENTITIES.get(&s[1..end]) {
                    Some(&(0, _)) => {}
                    Some(&m) => matched = Some((end, m)),
                    None => break,
                }
                if b[end - 1] == b';' {
                    break;
                }
                end += 1;
            }
            match matched {
                None => Some(("&", 1)),
                Some((end, (c1, c2))) if b[end - 1] == b';' => Some((encode(c1, c2, buf)?, end)),
                Some(_) => None,
            }
        }
        _ => Some(("&", 1)),
    }
}

/// The one or two characters a named reference stands for (`c2` is 0 when there is one).
fn encode(c1: u32, c2: u32, buf: &mut [u8; 8]) -> Option<&str> {
    let mut len = char::from_u32(c1)?.encode_utf8(&mut buf[..]).len();
    if c2 != 0 {
        len += char::from_u32(c2)?.encode_utf8(&mut buf[len..]).len();
    }
    std::str::from_utf8(&buf[..len]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references() {
        // (text, decoded; None where the reader gives up)
        let cases = [
            ("&amp;", Some("&")),
            ("&amp;x", Some("&x")),
            ("&#8217;", Some("’")),
            ("&#x2019;", Some("’")),
            ("&#X2019;", Some("’")),
            ("&nbsp;", Some("\u{A0}")),
            ("&NotNestedGreaterGreater;", Some("\u{2AA2}\u{338}")),
            ("& b", Some("& b")),
            ("&", Some("&")),
            ("&;", Some("&;")),
            ("&#;", None),
            ("&#x;", None),
            ("&zzz;", Some("&zzz;")),
            ("&b=2", Some("&b=2")),
            // No semicolon: the meaning depends on what follows and where.
            ("&amp", None),
            ("&copy=2", None),
            ("&notit;", None),
            // Replaced by the tokenizer.
            ("&#0;", None),
            ("&#128;", None),
            ("&#xD800;", None),
            ("&#x110000;", None),
            ("&#13;", None),
            ("&#999999999999;", None),
            ("&#65;", Some("A")),
            ("&#10;", Some("\n")),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn atoms_are_the_interned_names() {
        for name in [
            "p",
            "strong",
            "html",
            "itemprop",
            "figcaption",
            "x-custom",
            "datetime",
        ] {
            assert_eq!(atom(name), LocalName::from(name), "{name}");
        }
    }
}
