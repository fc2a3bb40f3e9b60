//! How the tree builder treats an element, by its name: the kinds of element the fast
//! reader tells apart, which of them are "special" in the HTML standard's sense, and the
//! start tags that end foreign content.
/// How the tree builder treats an element, by its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
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

pub(super) fn kind(name: &str) -> Kind {
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
    pub(super) fn special(self) -> bool {
        !matches!(
            self,
            Kind::A | Kind::Formatting | Kind::Other | Kind::Svg | Kind::Foreign
        )
    }
}

/// Start tags that end foreign content (and `font`, when it has `color`, `face` or `size`,
/// which this reader does not read and so gives up on).
pub(super) fn breaks_out(name: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
