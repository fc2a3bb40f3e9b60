//! The page read in one pass, without keeping its tree: html5ever's tree builder (the one
//! scraper uses, so implied end tags, entities and misnesting are handled as browsers do)
//! hands this sink every element and text run as it inserts them, and the sink replays them
//! as the in-order walk a DOM traversal would give: an element opens when it is inserted and
//! closes when the next insertion lands outside it. Only the open elements are alive at any
//! time, so memory does not grow with the page.
//!
//! On that walk the sink picks the article body, the title and the head fields by the same
//! rules as CSS selectors over the whole tree would (first in document order, by selector
//! priority; see [`super::select`]) and feeds the body to the [`Flattener`].
//! Markup the tree builder repairs by moving nodes already inserted (the adoption agency
//! and foster parenting for misnested tables) is replayed where it was inserted.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{ns, Attribute, LocalName, QualName};

use super::flatten::Flattener;
use super::select::{traits, Head, Traits, BODY, TITLE};
use super::tree::dom_walk;
use crate::model::RawEntry;

/// How much of the page the tokenizer is handed at a time.
const CHUNK: usize = 1 << 16;

/// What one pass over a page found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Walked {
    /// The article body's entries, or `None` when no element matched a body selector.
    pub(super) entries: Option<Vec<RawEntry>>,
    /// Text of the best title element (`h1.entry-title`, …), not yet cleaned.
    pub(super) title: Option<String>,
    /// Text of the first `<title>`, not yet cleaned.
    pub(super) head_title: Option<String>,
    pub(super) canonical: Option<String>,
    pub(super) og_url: Option<String>,
    pub(super) og_title: Option<String>,
    pub(super) published_meta: Option<String>,
    pub(super) published_time: Option<String>,
}

/// Parses `html` and returns what the walk found: read by [`super::fast`] when its markup
/// allows, else by html5ever in one pass, else over the whole tree.
pub(super) fn walk(html: &str) -> Walked {
    super::fast::read(html)
        .or_else(|| one_pass(html))
        .unwrap_or_else(|| dom_walk(html))
}

/// The walk in one pass, or `None` when the tree builder repaired misnested markup by
/// moving nodes already walked (the adoption agency for formatting elements left open
/// across blocks, foster parenting for text inside tables): such a page is walked again
/// over its whole tree, which gives the same answer at the cost of memory.
fn one_pass(html: &str) -> Option<Walked> {
    let mut parser = html5ever::parse_document(Sink::default(), Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (chunk, tail) = rest.split_at(end);
        parser.process(StrTendril::from_slice(chunk));
        rest = tail;
    }
    parser.finish()
}

pub(super) struct Node {
    pub(super) name: QualName,
    element: bool,
    traits: Traits,
    parent: RefCell<Option<Rc<Node>>>,
    /// Has been inserted (a second insertion is a move by the tree builder).
    inserted: Cell<bool>,
    /// Has an `article` ancestor.
    in_article: Cell<bool>,
    /// Has an ancestor with one of [`COMMENT_CLASSES`].
    in_comments: Cell<bool>,
}

impl Node {
    pub(super) fn new(name: QualName, element: bool, traits: Traits) -> Rc<Node> {
        Rc::new(Node {
            name,
            element,
            traits,
            parent: RefCell::new(None),
            inserted: Cell::new(false),
            in_article: Cell::new(false),
            in_comments: Cell::new(false),
        })
    }

    /// The document, a comment or a processing instruction: not an element.
    pub(super) fn other() -> Rc<Node> {
        Node::new(
            QualName::new(None, ns!(), LocalName::from("")),
            false,
            Traits::default(),
        )
    }

    fn body_rank(&self) -> u8 {
        if self.in_comments.get() {
            u8::MAX
        } else {
            self.traits.body[usize::from(self.in_article.get())]
        }
    }

    fn title_rank(&self) -> u8 {
        self.traits.title[usize::from(self.in_article.get())]
    }
}

#[derive(Default)]
pub(super) struct State {
    /// The tree builder moved a node already walked (see [`one_pass`]).
    moved: bool,
    /// The elements open on the walk, outermost first.
    open: Vec<Rc<Node>>,
    /// The best body so far: its selector rank, where its root sits in `open` while it is
    /// open, where the subtree being skipped starts, and its flattened text.
    body_rank: Option<u8>,
    body_at: Option<usize>,
    skip_at: Option<usize>,
    flat: Flattener,
    title_rank: Option<u8>,
    title_at: Option<usize>,
    head_title_at: Option<usize>,
    walked: Walked,
}

impl State {
    /// Closes the open elements down to `parent`, so that what is inserted into it next
    /// comes after them on the walk. A parent that is no longer open (the tree builder
    /// moved it) is opened again under its nearest open ancestor.
    fn sync(&mut self, parent: &Rc<Node>) {
        if self.open.last().is_some_and(|top| Rc::ptr_eq(top, parent)) {
            return;
        }
        let mut reopen = Vec::new();
        let mut keep = 0;
        let mut cur = Some(Rc::clone(parent));
        while let Some(node) = cur {
            if let Some(i) = self.open.iter().rposition(|o| Rc::ptr_eq(o, &node)) {
                keep = i + 1;
                break;
            }
            if node.element {
                reopen.push(Rc::clone(&node));
            }
            cur = node.parent.borrow().clone();
        }
        while self.open.len() > keep {
            self.close_top();
        }
        for node in reopen.into_iter().rev() {
            self.push(node);
        }
    }

    fn push(&mut self, node: Rc<Node>) {
        let at = self.open.len();
        let name: &str = &node.name.local;
        if self.body_at.is_some() && self.skip_at.is_none() {
            if node.traits.skip {
                self.skip_at = Some(at);
            } else {
                self.flat.open(name);
            }
        }
        let body = node.body_rank();
        if body < self.body_rank.unwrap_or(BODY) {
            self.body_rank = Some(body);
            self.body_at = Some(at);
            self.skip_at = None;
            self.flat = Flattener::default();
        }
        let title = node.title_rank();
        if title < self.title_rank.unwrap_or(TITLE) {
            self.title_rank = Some(title);
            self.title_at = Some(at);
            self.walked.title = Some(String::new());
        }
        if node.traits.head_title && self.walked.head_title.is_none() {
            self.head_title_at = Some(at);
            self.walked.head_title = Some(String::new());
        }
        if let Some((field, value)) = &node.traits.head {
            self.head_field(*field, value);
        }
        if let Some((value, by_class)) = &node.traits.time {
            if *by_class || node.in_article.get() {
                self.head_field(Head::PublishedTime, value);
            }
        }
        self.open.push(node);
    }

    fn head_field(&mut self, field: Head, value: &str) {
        let slot = match field {
            Head::Canonical => &mut self.walked.canonical,
            Head::OgUrl => &mut self.walked.og_url,
            Head::OgTitle => &mut self.walked.og_title,
            Head::PublishedMeta => &mut self.walked.published_meta,
            Head::PublishedTime => &mut self.walked.published_time,
        };
        if slot.is_none() {
            let value = super::text::clean(value);
            if !value.is_empty() {
                *slot = Some(value);
            }
        }
    }

    fn close_top(&mut self) {
        let Some(node) = self.open.pop() else {
            return;
        };
        let at = self.open.len();
        if self.skip_at == Some(at) {
            self.skip_at = None;
        } else if self.skip_at.is_none() {
            match self.body_at {
                Some(b) if b == at => {
                    self.body_at = None;
                    let flat = std::mem::take(&mut self.flat);
                    self.walked.entries = Some(flat.finish());
                }
                Some(b) if at > b => self.flat.close(&node.name.local),
                _ => {}
            }
        }
        if self.title_at == Some(at) {
            self.title_at = None;
        }
        if self.head_title_at == Some(at) {
            self.head_title_at = None;
        }
    }

    fn text(&mut self, t: &str) {
        if self.body_at.is_some() && self.skip_at.is_none() {
            self.flat.text(t);
        }
        if self.title_at.is_some() {
            if let Some(title) = self.walked.title.as_mut() {
                title.push_str(t);
            }
        }
        if self.head_title_at.is_some() {
            if let Some(title) = self.walked.head_title.as_mut() {
                title.push_str(t);
            }
        }
    }

    fn insert(&mut self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        match child {
            NodeOrText::AppendText(t) => self.append_text(parent, &t),
            NodeOrText::AppendNode(node) => {
                if node.element {
                    self.append_element(parent, node);
                }
            }
        }
    }

    /// Text inserted into `parent`.
    pub(super) fn append_text(&mut self, parent: &Rc<Node>, t: &str) {
        self.sync(parent);
        self.text(t);
    }

    /// An element inserted into `parent`.
    pub(super) fn append_element(&mut self, parent: &Rc<Node>, node: Rc<Node>) {
        *node.parent.borrow_mut() = Some(Rc::clone(parent));
        node.in_article
            .set(parent.in_article.get() || parent.traits.article);
        node.in_comments
            .set(parent.in_comments.get() || parent.traits.comment_class);
        if node.inserted.replace(true) {
            self.moved = true;
            return;
        }
        self.sync(parent);
        self.push(node);
    }

    /// What the walk found, or `None` when the tree builder moved nodes already walked.
    pub(super) fn finish(mut self) -> Option<Walked> {
        while !self.open.is_empty() {
            self.close_top();
        }
        (!self.moved).then_some(self.walked)
    }
}

struct Sink {
    /// The document node: every parent chain ends here.
    document: Rc<Node>,
    state: RefCell<State>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            document: Node::other(),
            state: RefCell::default(),
        }
    }
}

impl TreeSink for Sink {
    type Handle = Rc<Node>;
    type Output = Option<Walked>;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Option<Walked> {
        self.state.into_inner().finish()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Rc<Node> {
        Rc::clone(&self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> &'a QualName {
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Rc<Node> {
        let traits = traits(&name, &attrs);
        Node::new(name, true, traits)
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Node::other()
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Node::other()
    }

    fn append(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        self.state.borrow_mut().insert(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Rc<Node>,
        prev_element: &Rc<Node>,
        child: NodeOrText<Rc<Node>>,
    ) {
        if element.parent.borrow().is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        Rc::clone(target)
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, _sibling: &Rc<Node>, _new_node: NodeOrText<Rc<Node>>) {
        // Foster parenting: content placed before a table already walked.
        self.state.borrow_mut().moved = true;
    }

    fn add_attrs_if_missing(&self, _target: &Rc<Node>, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, _target: &Rc<Node>) {
        self.state.borrow_mut().moved = true;
    }

    fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {
        self.state.borrow_mut().moved = true;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The fast reader and the one-pass walk agree with the tree walk whenever they answer;
    /// returns whether each answered.
    fn check(html: &str, what: &str) -> (bool, bool) {
        let dom = dom_walk(html);
        assert_eq!(walk(html), dom, "{what}");
        let fast = super::super::fast::read(html);
        if let Some(walked) = &fast {
            assert_eq!(walked, &dom, "{what}: fast reader");
        }
        let streamed = one_pass(html);
        if let Some(walked) = &streamed {
            assert_eq!(walked, &dom, "{what}: one pass");
        }
        (fast.is_some(), streamed.is_some())
    }

    /// Every saved page, the bundled fixture and the test pages, and the benchmarks'
    /// synthetic pages.
    fn pages() -> Vec<(String, String)> {
        let mut pages = Vec::new();
        for dir in ["fixtures", "tests/pages"] {
            for entry in walkdir::WalkDir::new(dir) {
                let path = entry.unwrap().into_path();
                if path.extension().is_some_and(|e| e == "html") {
                    let bytes = std::fs::read(&path).unwrap();
                    if let Ok(decoded) = crate::parse::decode::decode(&bytes, None) {
                        pages.push((path.display().to_string(), decoded.text.into_owned()));
                    }
                }
            }
        }
        pages
    }

    #[test]
    fn every_page_in_the_repository_is_read_by_the_fast_reader() {
        let pages = pages();
        assert!(pages.len() >= 4, "only {} pages found", pages.len());
        for (what, html) in pages {
            assert_eq!(check(&html, &what), (true, true), "{what}");
        }
    }

    #[test]
    fn agrees_with_the_tree_on_markup_cases() {
        // (markup, read by the fast reader, read in one pass)
        let cases = [
            // Implied end tags: paragraphs and list items left open.
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b><p>Text. (Jane Doe)<ul><li>x<li>y</ul></div>", true, true),
            // Formatting left open across paragraphs is reopened by the tree builder.
            ("<div class=entry-content><p><strong>A ~ B (L, 1990)</p><p>Text. (Jane Doe)</p></div>", false, true),
            // A better body selector inside a worse one, and one after it.
            ("<article><p>x</p><div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div></article>", true, true),
            ("<div class=post-content><p><b>C ~ D (L, 1991)</b></p></div><div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div>", true, true),
            // A body inside comments does not count; skipped blocks, nested.
            ("<div class=comments-area><div class=entry-content><p><b>X ~ Y (L, 1990)</b></p></div></div><article><p><b>A ~ B (L, 1990)</b></p><div class=sharedaddy><div class=entry-content>z</div></div></article>", true, true),
            // Head fields: first non-empty value wins; titles by priority.
            ("<html><head><title> T &#8211; Site </title><meta property=og:url content=' '><meta property=og:url content=u><link rel=canonical href=c></head><body><h2 class=entry-title>Two</h2><h1 class=entry-title>One</h1><article><time datetime=d>t</time><div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div></article></body></html>", true, true),
            // Attributes in every syntax, names in capitals, duplicates (the first counts),
            // character references in values.
            ("<!doctype html><HTML><HEAD><META PROPERTY=\"og:title\" content='A &amp; B'><Link rel=CANONICAL href=c&#038;d rel=x></HEAD><BODY><DIV class=entry-content class=x><P><B>A ~ B (L, 1990)</B></DIV>", true, true),
            // No doctype (quirks mode): class names still match exactly, as scraper does.
            ("<div class=Entry-Content><p><b>A ~ B (L, 1990)</b></p></div>", true, true),
            // Tables, template, script and noscript.
            ("<div class=entry-content><table><tr><td><b>A ~ B (L, 1990)</b></td></tr></table><template><p>t</p></template><script>x ~ y (z, 1990)</script><noscript><p>n</p></noscript></div>", false, true),
            // Raw text holding what looks like markup; a comment holding a tag.
            ("<div class=entry-content><script>if (a</b) x = '</p>';</script><style>p</style ><p><b>A ~ B (L, 1990)</b><!-- <p>x</p> --> &lt;i&gt; a < b & c</p><textarea>\n&amp;</textarea><pre>\nz</pre></div>", true, true),
            // A script the tokenizer's escaped states read: left to html5ever.
            ("<div class=entry-content><script><!-- <script></script> --></script><p><b>A ~ B (L, 1990)</b></p></div>", false, true),
            // Character references without a semicolon: left to html5ever.
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b> x &amp y</p></div>", false, true),
            // Text after the body's end tags.
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div></body></html><p>after</p>", false, true),
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b><p>x</body>\n</html>\n", true, true),
            ("", true, true),
            // SVG: its elements are foreign (self-closing tags close, style is not raw
            // text); its HTML integration points and tags that break out of it are left
            // to html5ever.
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b><svg viewBox='0 0 1 1' class=entry-title><use href='#i'/><path d=M0 /><g><circle r=1></circle></g><style>p{} <tspan>x</tspan></style></svg> Text.</p></div>", true, true),
            ("<div class=entry-content><svg><title>t</title></svg><p><b>A ~ B (L, 1990)</b></p></div>", false, true),
            ("<div class=entry-content><svg><g><p>A ~ B (L, 1990)</p></g></svg></div>", false, true),
            ("<div class=entry-content><svg><![CDATA[x]]></svg><p><b>A ~ B (L, 1990)</b></p></div>", false, true),
            ("<svg><g class=entry-content><text>A ~ B (L, 1990)</text></g></svg>", false, true),
            // A byte order mark, CR and NUL, which the tokenizer rewrites: left to html5ever.
            ("\u{FEFF}<div class=entry-content><p><b>A ~ B (L, 1990)</b></p></div>", false, true),
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b>\r\nText.</p></div>", false, true),
            ("<div class=entry-content><p><b>A ~ B (L, 1990)</b>\0</p></div>", false, true),
            // Misnesting the tree builder repairs by moving nodes: walked over the tree.
            ("<div class=entry-content><strong><p>A ~ B (L, 1990)</strong> Text.</p></div>", false, false),
            ("<div class=entry-content><table>stray<tr><td>A ~ B (L, 1990)</td></tr></table></div>", false, false),
        ];
        for (html, fast, streamed) in cases {
            assert_eq!(check(html, html), (fast, streamed), "{html}");
        }
    }

    /// Elements nested up to four deep, from `tags` and `attrs`, around `texts`. An end tag
    /// is written as is, in capitals with a space (`</P >`), or left out: for `p` and `li`
    /// only (which the tree builder implies, or repairs what that misnests) unless
    /// `omit_any`.
    fn nested(
        texts: Vec<&'static str>,
        tags: Vec<&'static str>,
        attrs: Vec<&'static str>,
        omit_any: bool,
    ) -> impl Strategy<Value = String> {
        let text = prop::sample::select(texts).prop_map(str::to_string);
        text.prop_recursive(4, 48, 6, move |inner| {
            (
                prop::sample::select(tags.clone()),
                prop::sample::select(attrs.clone()),
                prop::collection::vec(inner, 0..4),
                0..3u8,
            )
                .prop_map(move |(tag, attrs, children, close)| {
                    let inner: String = children.concat();
                    if tag == "br" {
                        return format!("<br{attrs}>{inner}");
                    }
                    let end = match close {
                        0 if omit_any || matches!(tag, "p" | "li") => String::new(),
                        2 => format!("</{} >", tag.to_ascii_uppercase()),
                        _ => format!("</{tag}>"),
                    };
                    format!("<{tag}{attrs}>{inner}{end}")
                })
        })
    }

    /// Markup from the vocabulary WordPress posts use.
    fn markup() -> impl Strategy<Value = String> {
        nested(
            vec![
                "Composer ~ Title (Label, 1990)",
                "A ~ B (L, 2001).",
                "Text. (Jane Doe)",
                "a couple of honourable mentions:",
                " ",
                "x &amp; y&nbsp;",
                "\n",
            ],
            vec![
                "p", "div", "strong", "b", "em", "h2", "h3", "h4", "ul", "li", "span", "a",
                "article", "figure", "section", "script", "nav", "br", "h1", "time",
            ],
            vec![
                "",
                " class=entry-content",
                " class=\"post-content x\"",
                " class=sharedaddy",
                " class=widget",
                " class=entry-title",
                " class=entry",
                " id=jp-post-flair",
                " datetime=2023",
            ],
            false,
        )
    }

    /// Markup from a wider vocabulary: character references in every form, raw text
    /// elements, forms, buttons, tables, foreign content, attributes in every syntax and
    /// capitals, comments, stray end tags.
    fn rich_markup() -> impl Strategy<Value = String> {
        nested(
            vec![
                "Composer ~ Title (Label, 1990)",
                "Text. (Jane Doe)",
                " ",
                "\n",
                "x &amp; y&nbsp;&#8217;&#x2019;",
                "&amp",
                "&notit; &copy=2",
                "a < b & c",
                "&#0;&#128;",
                "<!-- c -->",
                "<!-->",
                "</>",
                "</p>",
                "</li>",
                "</div>",
                "</b>",
                "</body>",
                "</html>",
                "<br/>",
                "<hr>",
                "<img src=x alt='a>b'>",
                "<input type=hidden>",
                "</span>",
                "<?pi?>",
                "<path d=M0/>",
                "<use href='#a' />",
                "<![CDATA[x]]>",
            ],
            vec![
                "p", "div", "strong", "b", "em", "h2", "h3", "ul", "ol", "li", "span", "a",
                "article", "section", "script", "style", "textarea", "title", "pre", "form",
                "button", "table", "svg", "noscript", "iframe", "dd", "select", "P", "DIV",
                "Strong", "time", "h1", "meta", "svg", "g", "desc", "clipPath",
            ],
            vec![
                "",
                " class=entry-content",
                " CLASS='entry-content'",
                " class=\"post-content x\" class=entry-content",
                " class=sharedaddy",
                " class=entry-title",
                " itemprop=articleBody",
                " property=og:title content=\"A &amp; B\"",
                " datetime=2023&#45;05",
                " class=x/",
                " data-x=\"<p>\"",
                " id=jp-post-flair",
            ],
            true,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn agrees_with_the_tree_on_generated_markup(body in markup(), doctype in any::<bool>()) {
            let html = format!(
                "{}<html><head><title>t</title></head><body>{body}</body></html>",
                if doctype { "<!DOCTYPE html>" } else { "" }
            );
            let dom = dom_walk(&html);
            prop_assert_eq!(&walk(&html), &dom, "{}", html);
            if let Some(walked) = one_pass(&html) {
                prop_assert_eq!(&walked, &dom, "{}", html);
            }
            if let Some(walked) = super::super::fast::read(&html) {
                prop_assert_eq!(&walked, &dom, "fast: {}", html);
            }
        }

        #[test]
        fn the_fast_reader_agrees_with_the_tree_on_rich_markup(
            body in rich_markup(),
            head in prop::sample::select(vec![
                "",
                "<!DOCTYPE html>",
                "<!doctype html><html lang=en><head><meta charset=utf-8><title>T &amp; U</title><script>var a = '<p>';</script></head>\n",
                "<html><head><link rel=canonical href='c'><style>p{}</style><noscript><p>x</p></noscript></head><body class=entry>",
                "<title>t</title>x",
                " <!-- c --> ",
            ]),
        ) {
            let html = format!("{head}{body}");
            let dom = dom_walk(&html);
            if let Some(walked) = super::super::fast::read(&html) {
                prop_assert_eq!(&walked, &dom, "fast: {}", html);
            }
        }
    }
}
