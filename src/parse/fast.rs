//! The page read by a tokenizer and tree builder of our own, for the markup WordPress
//! serves: tags, attributes, comments, character references and raw text scanned a run of
//! bytes at a time, and each element pushed and popped as html5ever's tree builder would,
//! driving the same [`State`] as the one-pass sink ([`super::sink`]).
//!
//! The reader only goes where the tree builder does nothing but push and pop: elements
//! left open only where HTML implies their end (`p`, `li`), one form at a time, SVG without
//! HTML inside it, no table, MathML or template content, no misnesting the tree builder
//! repairs, no character reference without its semicolon, no NUL, CR or leading byte order
//! mark in the input. On anything else it gives up
//! (`None`) and the caller reads the page with html5ever, so the answer is html5ever's
//! either way. The property tests in `sink` hold all three readers to the same result.

use std::borrow::Cow;
use std::rc::Rc;

use html5ever::data::NAMED_ENTITIES;
use html5ever::tendril::StrTendril;
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use memchr::{memchr, memchr2, memmem};

use super::select::{traits, ATTRIBUTES, BODY};
use super::sink::{Node, State, Walked};

/// Reads `html`, or returns `None` where its markup needs more than this reader does.
pub(super) fn read(html: &str) -> Option<Walked> {
    // The tokenizer's preprocessing rewrites NUL and CR and drops a leading byte order
    // mark; such pages go to html5ever.
    if html.starts_with('\u{FEFF}') || memchr2(0, b'\r', html.as_bytes()).is_some() {
        return None;
    }
    let mut reader = Reader {
        html,
        pos: 0,
        state: State::default(),
        document: Node::other(),
        open: Vec::new(),
        mode: Mode::Initial,
        form: false,
        self_closing: false,
    };
    reader.run()?;
    reader.state.finish()
}

/// The tree builder's insertion modes, as far as this reader follows them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Initial,
    BeforeHtml,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
    AfterBody,
    AfterAfterBody,
}

/// How the tree builder treats an element, by its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Html,
    Head,
    Body,
    P,
    Li,
    Heading,
    /// Closes an open `p` when it starts; ends as a block (`div`, `ul`, `section`, …).
    Block,
    /// `pre` and `listing`: a block whose first newline is dropped.
    Pre,
    Form,
    Button,
    /// Has no content and no end tag (`br`, `img`, `input`, …).
    Void,
    /// Void, and kept in the head when it comes before the body (`meta`, `link`, …).
    HeadVoid,
    Hr,
    Title,
    Textarea,
    Script,
    /// Raw text in the head and the body (`style`, `noscript`, `noframes`).
    HeadRaw,
    /// Raw text in the body (`iframe`, `noembed`).
    Raw,
    Xmp,
    A,
    /// The other formatting elements (`b`, `strong`, `em`, …).
    Formatting,
    /// Handled by rules this reader does not follow: tables, forms' controls, foreign
    /// content, templates, frames, `nobr`, `dd`/`dt`, ruby.
    Unsupported,
    /// Any other element (`span`, `label`, `time`, custom elements, …): not special.
    Other,
    /// `<svg>`, whose content is foreign (SVG) until it closes.
    Svg,
    /// An element inside `<svg>`.
    Foreign,
}

fn kind(name: &str) -> Kind {
    match name {
        "html" => Kind::Html,
        "head" => Kind::Head,
        "body" => Kind::Body,
        "p" => Kind::P,
        "li" => Kind::Li,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dir" | "div"
        | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main"
        | "menu" | "nav" | "ol" | "section" | "summary" | "ul" => Kind::Block,
        "pre" | "listing" => Kind::Pre,
        "form" => Kind::Form,
        "button" => Kind::Button,
        "area" | "br" | "embed" | "img" | "keygen" | "wbr" | "input" | "param" | "source"
        | "track" => Kind::Void,
        "base" | "basefont" | "bgsound" | "link" | "meta" => Kind::HeadVoid,
        "hr" => Kind::Hr,
        "title" => Kind::Title,
        "textarea" => Kind::Textarea,
        "script" => Kind::Script,
        "style" | "noframes" | "noscript" => Kind::HeadRaw,
        "iframe" | "noembed" => Kind::Raw,
        "xmp" => Kind::Xmp,
        "a" => Kind::A,
        "b" | "big" | "code" | "em" | "font" | "i" | "s" | "small" | "strike" | "strong" | "tt"
        | "u" => Kind::Formatting,
        "applet" | "caption" | "col" | "colgroup" | "dd" | "dialog" | "dt" | "frame"
        | "frameset" | "image" | "isindex" | "marquee" | "math" | "nobr" | "object"
        | "optgroup" | "option" | "plaintext" | "rb" | "rp" | "rt" | "rtc" | "search"
        | "select" | "table" | "tbody" | "td" | "template" | "tfoot" | "th" | "thead" | "tr" => {
            Kind::Unsupported
        }
        "svg" => Kind::Svg,
        _ => Kind::Other,
    }
}

impl Kind {
    /// In the HTML standard's "special" category. Of the elements this reader keeps open,
    /// all but the formatting elements and [`Kind::Other`] are.
    fn special(self) -> bool {
        !matches!(
            self,
            Kind::A | Kind::Formatting | Kind::Other | Kind::Svg | Kind::Foreign
        )
    }
}

/// How an element's text is read up to its end tag.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    /// Character references are decoded (`title`, `textarea`).
    Rcdata,
    /// Taken as written (`style`, `iframe`, …).
    Rawtext,
    /// Taken as written, and given up on when it holds `<!--`, after which the tokenizer's
    /// escaped states could let a `</script>` through.
    Script,
}

enum Token<'a> {
    /// Text as written, character references not yet decoded.
    Text(&'a str),
    Start(Cow<'a, str>, Vec<Attribute>),
    End(Cow<'a, str>),
    Comment,
    Doctype,
    Eof,
}

struct Open {
    node: Rc<Node>,
    kind: Kind,
}

struct Reader<'a> {
    html: &'a str,
    pos: usize,
    state: State,
    document: Rc<Node>,
    /// The stack of open elements, outermost first.
    open: Vec<Open>,
    mode: Mode,
    /// The form element pointer is set.
    form: bool,
    /// The last start tag ended in `/>` (which only foreign elements heed).
    self_closing: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

fn trim_space(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
}

impl<'a> Reader<'a> {
    fn run(&mut self) -> Option<()> {
        loop {
            match self.next_token()? {
                Token::Eof => return Some(()),
                token => self.process(token)?,
            }
        }
    }

    // ---- The tokenizer ----

    fn next_token(&mut self) -> Option<Token<'a>> {
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
    fn element_text(&mut self, how: Text) -> Option<()> {
        let b = self.html.as_bytes();
        let name = self.open.last()?.node.name.local.clone();
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
        let end = close.unwrap_or(b.len());
        let text = &self.html[start..end];
        if how == Text::Script && memmem::find(text.as_bytes(), b"<!--").is_some() {
            return None;
        }
        match how {
            Text::Rcdata => self.text(text)?,
            Text::Rawtext | Text::Script => self.raw_text(text),
        }
        match close {
            Some(at) => {
                self.tag(at + 2, false)?;
                self.pop();
            }
            // The page ends inside the element, which stays open.
            None => self.pos = b.len(),
        }
        Some(())
    }

    // ---- The tree builder ----

    fn process(&mut self, mut token: Token<'a>) -> Option<()> {
        // Inside `<svg>` the rules for foreign content apply, whatever the mode.
        if matches!(self.top_kind(), Some(Kind::Svg | Kind::Foreign)) {
            return self.in_foreign(token);
        }
        loop {
            match self.mode {
                Mode::Initial => match token {
                    Token::Text(t) => {
                        token = Token::Text(trim_space(t));
                        if matches!(token, Token::Text("")) {
                            return Some(());
                        }
                        self.mode = Mode::BeforeHtml;
                    }
                    Token::Comment => return Some(()),
                    Token::Doctype => {
                        self.mode = Mode::BeforeHtml;
                        return Some(());
                    }
                    _ => self.mode = Mode::BeforeHtml,
                },
                Mode::BeforeHtml | Mode::BeforeHead => {
                    // Whitespace and comments wait; the element opens from its own tag or
                    // is implied by whatever comes first.
                    let (element, next) = match self.mode {
                        Mode::BeforeHtml => ("html", Mode::BeforeHead),
                        _ => ("head", Mode::InHead),
                    };
                    match token {
                        Token::Text(t) => {
                            let rest = trim_space(t);
                            if rest.is_empty() {
                                return Some(());
                            }
                            token = Token::Text(rest);
                            self.insert(element, &[]);
                        }
                        Token::Comment => return Some(()),
                        Token::Start(ref name, ref attrs) if name == element => {
                            self.insert(name, attrs);
                            self.mode = next;
                            return Some(());
                        }
                        // A second `<html>` adds its attributes to the first.
                        Token::Start(ref name, _) if name == "html" => return None,
                        Token::Start(..) => self.insert(element, &[]),
                        _ => return None,
                    }
                    self.mode = next;
                }
                Mode::InHead => match token {
                    Token::Text(t) => {
                        let rest = self.leading_space(t)?;
                        if rest.is_empty() {
                            return Some(());
                        }
                        self.pop();
                        self.mode = Mode::AfterHead;
                        token = Token::Text(rest);
                    }
                    Token::Comment => return Some(()),
                    Token::Start(ref name, ref attrs) => match kind(name) {
                        Kind::HeadVoid => {
                            self.insert(name, attrs);
                            self.pop();
                            return Some(());
                        }
                        Kind::Title => return self.text_element(name, attrs, Text::Rcdata),
                        Kind::HeadRaw => return self.text_element(name, attrs, Text::Rawtext),
                        Kind::Script => return self.text_element(name, attrs, Text::Script),
                        Kind::Html | Kind::Head | Kind::Unsupported => return None,
                        _ => {
                            self.pop();
                            self.mode = Mode::AfterHead;
                        }
                    },
                    Token::End(ref name) if name == "head" => {
                        self.pop();
                        self.mode = Mode::AfterHead;
                        return Some(());
                    }
                    _ => return None,
                },
                Mode::AfterHead => match token {
                    Token::Text(t) => {
                        let rest = self.leading_space(t)?;
                        if rest.is_empty() {
                            return Some(());
                        }
                        token = Token::Text(rest);
                        self.insert("body", &[]);
                        self.mode = Mode::InBody;
                    }
                    Token::Comment => return Some(()),
                    Token::Start(ref name, ref attrs) => match kind(name) {
                        Kind::Body => {
                            self.insert(name, attrs);
                            self.mode = Mode::InBody;
                            return Some(());
                        }
                        Kind::Html
                        | Kind::Head
                        | Kind::HeadVoid
                        | Kind::HeadRaw
                        | Kind::Script
                        | Kind::Title
                        | Kind::Unsupported => return None,
                        _ => {
                            self.insert("body", &[]);
                            self.mode = Mode::InBody;
                        }
                    },
                    _ => return None,
                },
                Mode::InBody => return self.in_body(token),
                Mode::AfterBody | Mode::AfterAfterBody => match token {
                    // Whitespace goes where the body's text would.
                    Token::Text(t) if trim_space(t).is_empty() => {
                        self.raw_text(t);
                        return Some(());
                    }
                    Token::Comment => return Some(()),
                    Token::End(ref name) if name == "html" && self.mode == Mode::AfterBody => {
                        self.mode = Mode::AfterAfterBody;
                        return Some(());
                    }
                    _ => return None,
                },
            }
        }
    }

    /// Inserts the whitespace `t` starts with into the current node and returns the rest;
    /// gives up when the rest starts with a character reference, which could stand for
    /// whitespace.
    fn leading_space(&mut self, t: &'a str) -> Option<&'a str> {
        let rest = trim_space(t);
        self.raw_text(&t[..t.len() - rest.len()]);
        (!rest.starts_with('&')).then_some(rest)
    }

    fn in_body(&mut self, token: Token<'a>) -> Option<()> {
        match token {
            Token::Text(t) => self.text(t),
            Token::Comment => Some(()),
            Token::Doctype | Token::Eof => None,
            Token::Start(name, attrs) => self.start_in_body(&name, &attrs),
            Token::End(name) => self.end_in_body(&name),
        }
    }

    fn start_in_body(&mut self, name: &str, attrs: &[Attribute]) -> Option<()> {
        match kind(name) {
            Kind::Html | Kind::Head | Kind::Body | Kind::Unsupported => return None,
            Kind::Void | Kind::HeadVoid => {
                self.insert(name, attrs);
                self.pop();
            }
            Kind::Hr => {
                self.close_p_in_button_scope()?;
                self.insert(name, attrs);
                self.pop();
            }
            Kind::Title => return self.text_element(name, attrs, Text::Rcdata),
            Kind::HeadRaw | Kind::Raw => return self.text_element(name, attrs, Text::Rawtext),
            Kind::Script => return self.text_element(name, attrs, Text::Script),
            Kind::Xmp => {
                self.close_p_in_button_scope()?;
                return self.text_element(name, attrs, Text::Rawtext);
            }
            Kind::Textarea => {
                self.insert(name, attrs);
                self.skip_newline()?;
                return self.element_text(Text::Rcdata);
            }
            Kind::Block | Kind::P => {
                self.close_p_in_button_scope()?;
                self.insert(name, attrs);
            }
            Kind::Heading => {
                self.close_p_in_button_scope()?;
                if self.top_kind() == Some(Kind::Heading) {
                    return None;
                }
                self.insert(name, attrs);
            }
            Kind::Pre => {
                self.close_p_in_button_scope()?;
                self.insert(name, attrs);
                self.skip_newline()?;
            }
            Kind::Form => {
                if self.form {
                    return None;
                }
                self.close_p_in_button_scope()?;
                self.insert(name, attrs);
                self.form = true;
            }
            Kind::Li => {
                for i in (0..self.open.len()).rev() {
                    let open = &self.open[i];
                    if open.kind == Kind::Li {
                        self.pop_implied(Kind::Li);
                        self.pop_expecting(|o| o.kind == Kind::Li)?;
                        break;
                    }
                    let local: &str = &open.node.name.local;
                    if open.kind.special() && !matches!(local, "address" | "div" | "p") {
                        break;
                    }
                }
                self.close_p_in_button_scope()?;
                self.insert(name, attrs);
            }
            Kind::Button => {
                if self.open.iter().any(|o| o.kind == Kind::Button) {
                    return None;
                }
                self.insert(name, attrs);
            }
            Kind::A => {
                // An `a` inside an open `a` goes through the adoption agency.
                if self.open.iter().any(|o| o.kind == Kind::A) {
                    return None;
                }
                self.insert(name, attrs);
            }
            Kind::Formatting | Kind::Other => {
                self.insert(name, attrs);
            }
            Kind::Svg | Kind::Foreign => return self.insert_foreign(name, attrs),
        }
        Some(())
    }

    /// A token inside `<svg>`. Tags that break out of foreign content back into HTML, the
    /// HTML integration points (`foreignObject`, `desc`, `title`), SVG scripts and CDATA
    /// sections are left to html5ever.
    fn in_foreign(&mut self, token: Token<'a>) -> Option<()> {
        match token {
            Token::Text(t) => self.text(t),
            Token::Comment => Some(()),
            Token::Doctype | Token::Eof => None,
            Token::Start(name, attrs) => {
                if breaks_out(&name)
                    || matches!(
                        &*name,
                        "font" | "foreignobject" | "desc" | "title" | "script"
                    )
                {
                    return None;
                }
                self.insert_foreign(&name, &attrs)
            }
            Token::End(name) => {
                if matches!(&*name, "br" | "p") {
                    return None;
                }
                self.pop_expecting(|o| *o.node.name.local == *name)
            }
        }
    }

    /// An element in the SVG namespace, closed at once when its tag was self-closing.
    /// Its name is kept as written in lower case (html5ever gives some their SVG case, as
    /// `clipPath`); names only matter to the body's flattener, so an SVG element that
    /// would be the article body is left to html5ever.
    fn insert_foreign(&mut self, name: &str, attrs: &[Attribute]) -> Option<()> {
        let qual = QualName::new(None, ns!(svg), atom(name));
        let traits = traits(&qual, attrs);
        if traits.body.iter().any(|&rank| rank < BODY) {
            return None;
        }
        let node = Node::new(qual, true, traits);
        let parent = self.open.last().map_or(&self.document, |o| &o.node);
        self.state.append_element(parent, Rc::clone(&node));
        let kind = if name == "svg" {
            Kind::Svg
        } else {
            Kind::Foreign
        };
        self.open.push(Open { node, kind });
        if self.self_closing {
            self.pop();
        }
        Some(())
    }

    fn end_in_body(&mut self, name: &str) -> Option<()> {
        let named = |o: &Open| *o.node.name.local == *name;
        match kind(name) {
            Kind::P => {
                if !self.p_in_button_scope() {
                    return None;
                }
                self.pop_implied(Kind::P);
                self.pop_expecting(|o| o.kind == Kind::P)
            }
            Kind::Li => {
                // In list item scope: not past an `ol` or `ul`.
                let list =
                    |o: &&Open| o.kind == Kind::Li || matches!(&*o.node.name.local, "ol" | "ul");
                if self.open.iter().rev().find(list)?.kind != Kind::Li {
                    return None;
                }
                self.pop_implied(Kind::Li);
                self.pop_expecting(|o| o.kind == Kind::Li)
            }
            Kind::Heading | Kind::Block | Kind::Pre | Kind::Button => {
                self.pop_implied(Kind::Other);
                self.pop_expecting(named)
            }
            Kind::Form => {
                if !std::mem::replace(&mut self.form, false) {
                    return None;
                }
                self.pop_implied(Kind::Other);
                self.pop_expecting(named)
            }
            Kind::A | Kind::Formatting | Kind::Other => self.pop_expecting(named),
            Kind::Body => {
                self.mode = Mode::AfterBody;
                Some(())
            }
            Kind::Html => {
                self.mode = Mode::AfterAfterBody;
                Some(())
            }
            _ => None,
        }
    }

    /// A `p` is open, and no `button` opened since.
    fn p_in_button_scope(&self) -> bool {
        self.open
            .iter()
            .rev()
            .find(|o| matches!(o.kind, Kind::P | Kind::Button))
            .is_some_and(|o| o.kind == Kind::P)
    }

    /// "Close a `p` element": implied when a block starts inside one.
    fn close_p_in_button_scope(&mut self) -> Option<()> {
        if self.p_in_button_scope() {
            self.pop_implied(Kind::P);
            self.pop_expecting(|o| o.kind == Kind::P)?;
        }
        Some(())
    }

    /// Pops the elements whose end tags are implied (`p`, `li`) off the top, except `but`.
    fn pop_implied(&mut self, but: Kind) {
        while let Some(kind) = self.top_kind() {
            if !matches!(kind, Kind::P | Kind::Li) || kind == but {
                break;
            }
            self.pop();
        }
    }

    /// Pops the current node if it is the one an end tag closes; gives up otherwise (the
    /// tree builder would close more, or ignore the tag).
    fn pop_expecting(&mut self, is: impl Fn(&Open) -> bool) -> Option<()> {
        if !is(self.open.last()?) {
            return None;
        }
        self.pop();
        Some(())
    }

    fn top_kind(&self) -> Option<Kind> {
        self.open.last().map(|o| o.kind)
    }

    /// Drops the newline right after `<pre>`, `<listing>` or `<textarea>`.
    fn skip_newline(&mut self) -> Option<()> {
        match self.html.as_bytes().get(self.pos) {
            Some(b'\n') => self.pos += 1,
            // A character reference could be that newline.
            Some(b'&') => return None,
            _ => {}
        }
        Some(())
    }

    fn text_element(&mut self, name: &str, attrs: &[Attribute], how: Text) -> Option<()> {
        self.insert(name, attrs);
        self.element_text(how)
    }

    fn insert(&mut self, name: &str, attrs: &[Attribute]) {
        let qual = QualName::new(None, ns!(html), atom(name));
        let traits = traits(&qual, attrs);
        let node = Node::new(qual, true, traits);
        let parent = self.open.last().map_or(&self.document, |o| &o.node);
        self.state.append_element(parent, Rc::clone(&node));
        self.open.push(Open {
            node,
            kind: kind(name),
        });
    }

    fn pop(&mut self) {
        self.open.pop();
    }

    /// Text as written, into the current node.
    fn raw_text(&mut self, t: &str) {
        if !t.is_empty() {
            let parent = self.open.last().map_or(&self.document, |o| &o.node);
            self.state.append_text(parent, t);
        }
    }

    /// Text with its character references decoded, into the current node.
    fn text(&mut self, t: &str) -> Option<()> {
        let mut rest = t;
        while let Some(at) = memchr(b'&', rest.as_bytes()) {
            self.raw_text(&rest[..at]);
            let mut buf = [0; 8];
            let (decoded, used) = char_ref(&rest[at..], &mut buf)?;
            self.raw_text(decoded);
            rest = &rest[at + used..];
        }
        self.raw_text(rest);
        Some(())
    }
}

/// The interned name: the usual ones without hashing the name.
fn atom(name: &str) -> LocalName {
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

/// Start tags that end foreign content (and `font`, when it has `color`, `face` or `size`,
/// which this reader does not read and so gives up on).
fn breaks_out(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
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
    let mut rest = value;
    while let Some(at) = memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut buf = [0; 8];
        let (decoded, used) = char_ref(&rest[at..], &mut buf)?;
        out.push_str(decoded);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
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

    #[test]
    fn kinds_agree_with_the_special_category() {
        // Every element the reader keeps open is special exactly when the standard says so.
        for name in [
            "div", "p", "li", "h2", "ul", "section", "form", "button", "pre", "menu",
        ] {
            assert!(kind(name).special(), "{name}");
        }
        for name in ["span", "a", "strong", "label", "time", "em", "small", "x-y"] {
            assert!(!kind(name).special(), "{name}");
        }
    }
}
