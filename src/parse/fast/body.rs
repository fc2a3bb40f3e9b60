//! The fast reader's rules for the "in body" insertion mode and for foreign content (SVG):
//! which elements a start tag closes first, which an end tag closes, and where the reader
//! gives up because the tree builder would do more than push and pop.

use html5ever::{ns, Attribute, QualName};

use super::elements::{breaks_out, kind, Kind};
use super::{Mode, Open, Reader, Text};
use crate::parse::select::{traits, BODY};
use crate::parse::sink::Node;
use crate::parse::tokens::{atom, Token};

impl<'a> Reader<'a> {
    pub(super) fn start_in_body(&mut self, name: &str, attrs: &[Attribute]) -> Option<()> {
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
                self.tokens.skip_newline()?;
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
                self.tokens.skip_newline()?;
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
    pub(super) fn in_foreign(&mut self, token: Token<'a>) -> Option<()> {
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
    pub(super) fn insert_foreign(&mut self, name: &str, attrs: &[Attribute]) -> Option<()> {
        let qual = QualName::new(None, ns!(svg), atom(name));
        let traits = traits(&qual, attrs);
        if traits.body.iter().any(|&rank| rank < BODY) {
            return None;
        }
        let kind = if name == "svg" {
            Kind::Svg
        } else {
            Kind::Foreign
        };
        self.push(Node::new(qual, true, traits), kind);
        if self.tokens.self_closing {
            self.pop();
        }
        Some(())
    }

    pub(super) fn end_in_body(&mut self, name: &str) -> Option<()> {
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
    pub(super) fn p_in_button_scope(&self) -> bool {
        self.open
            .iter()
            .rev()
            .find(|o| matches!(o.kind, Kind::P | Kind::Button))
            .is_some_and(|o| o.kind == Kind::P)
    }

    /// "Close a `p` element": implied when a block starts inside one.
    pub(super) fn close_p_in_button_scope(&mut self) -> Option<()> {
        if self.p_in_button_scope() {
            self.pop_implied(Kind::P);
            self.pop_expecting(|o| o.kind == Kind::P)?;
        }
        Some(())
    }
}
