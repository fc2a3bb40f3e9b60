//! The page read by a tokenizer ([`super::tokens`]) and tree builder of our own, for the
//! markup WordPress serves: each element pushed and popped as html5ever's tree builder
//! would, driving the same [`State`] as the one-pass sink ([`super::sink`]).
//!
//! The reader only goes where the tree builder does nothing but push and pop: elements
//! left open only where HTML implies their end (`p`, `li`), one form at a time, SVG without
//! HTML inside it, no table, MathML or template content, no misnesting the tree builder
//! repairs, no character reference without its semicolon, no NUL, CR or leading byte order
//! mark in the input. On anything else it gives up (`None`) and the caller reads the page
//! with html5ever, so the answer is html5ever's either way. The property tests in `sink`
//! hold all three readers to the same result.

mod body;
mod elements;

use std::rc::Rc;

use html5ever::{ns, Attribute, QualName};
use memchr::{memchr2, memmem};

use self::elements::{kind, Kind};
use super::select::traits;
use super::sink::{Node, State, Walked};
use super::tokens::{atom, decode_each, trim_space, Token, Tokenizer};

/// Reads `html`, or returns `None` where its markup needs more than this reader does.
pub(super) fn read(html: &str) -> Option<Walked> {
    // The tokenizer's preprocessing rewrites NUL and CR and drops a leading byte order
    // mark; such pages go to html5ever.
    if html.starts_with('\u{FEFF}') || memchr2(0, b'\r', html.as_bytes()).is_some() {
        return None;
    }
    let mut reader = Reader {
        tokens: Tokenizer::new(html),
        state: State::default(),
        document: Node::other(),
        open: Vec::new(),
        mode: Mode::Initial,
        form: false,
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

struct Open {
    node: Rc<Node>,
    kind: Kind,
}

struct Reader<'a> {
    tokens: Tokenizer<'a>,
    state: State,
    document: Rc<Node>,
    /// The stack of open elements, outermost first.
    open: Vec<Open>,
    mode: Mode,
    /// The form element pointer is set.
    form: bool,
}

impl<'a> Reader<'a> {
    fn run(&mut self) -> Option<()> {
        loop {
            match self.tokens.next_token()? {
                Token::Eof => return Some(()),
                token => self.process(token)?,
            }
        }
    }

    fn element_text(&mut self, how: Text) -> Option<()> {
        let name = self.open.last()?.node.name.local.clone();
        let (text, closed) = self.tokens.element_text(&name)?;
        if how == Text::Script && memmem::find(text.as_bytes(), b"<!--").is_some() {
            return None;
        }
        match how {
            Text::Rcdata => self.text(text)?,
            Text::Rawtext | Text::Script => self.raw_text(text),
        }
        // When the page ends inside the element, it stays open.
        if closed {
            self.pop();
        }
        Some(())
    }

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

    fn text_element(&mut self, name: &str, attrs: &[Attribute], how: Text) -> Option<()> {
        self.insert(name, attrs);
        self.element_text(how)
    }

    /// An HTML element, inserted into the current node and opened.
    fn insert(&mut self, name: &str, attrs: &[Attribute]) {
        let qual = QualName::new(None, ns!(html), atom(name));
        let traits = traits(&qual, attrs);
        self.push(Node::new(qual, true, traits), kind(name));
    }

    /// `node` inserted into the current node and opened.
    fn push(&mut self, node: Rc<Node>, kind: Kind) {
        let parent = self.open.last().map_or(&self.document, |o| &o.node);
        self.state.append_element(parent, Rc::clone(&node));
        self.open.push(Open { node, kind });
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
        decode_each(t, |piece| self.raw_text(piece))
    }
}
