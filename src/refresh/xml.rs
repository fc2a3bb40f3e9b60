//! Reading a site's XML indexes: sitemaps (`<sitemapindex>`, `<urlset>`) and feeds (RSS 2.0,
//! RSS 1.0, Atom), plain or gzip-compressed. Pure: bytes in, one [`Item`] per entry handed to
//! a callback as it is read, so a sitemap of 50 000 URLs is never held as a tree.
//!
//! The parser is quick-xml's: namespaces are resolved (a sitemap's `<loc>` counts only in the
//! sitemap's own namespace, so `<image:loc>` is not a page), entities and character
//! references are decoded, CDATA is text, comments, processing instructions
//! (`<?xml-stylesheet?>`) and a DOCTYPE are skipped. Deciding which entries matter is left
//! to [`super::discover`].

use std::io::{self, BufRead, BufReader, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

/// Largest document read once decompressed: the sitemaps protocol's own limit per file.
pub(crate) const MAX_DECOMPRESSED: u64 = 50 * 1000 * 1000;

/// Deepest element nesting accepted; sitemaps and feeds need four or five levels.
const MAX_DEPTH: usize = 64;

/// One entry of a sitemap or feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `<sitemapindex><sitemap>`: another sitemap file.
    Sitemap {
        loc: String,
        lastmod: Option<String>,
    },
    /// `<urlset><url>`: a page of the site.
    Page {
        loc: String,
        lastmod: Option<String>,
    },
    /// An RSS `<item>` or Atom `<entry>`.
    Post { link: String, title: String },
}

/// What kind of document was read, from its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    SitemapIndex,
    UrlSet,
    Rss,
    Atom,
}

/// Why a document could not be read. The caller names the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("not well-formed XML near byte {position}: {reason}")]
    Malformed { position: u64, reason: String },
    #[error("larger than {limit} bytes once decompressed")]
    TooLarge { limit: u64 },
    #[error("not valid gzip data: {reason}")]
    Gzip { reason: String },
    #[error("the root element is <{root}>, not a sitemap or a feed")]
    NotAnIndex { root: String },
    #[error("no root element")]
    Empty,
}

/// Reads a sitemap or feed from `body` (gzip is recognised by its magic bytes, whether the
/// file was `.xml.gz` or sent with `Content-Encoding: gzip`), calling `each` for every entry
/// in document order. At most `limit` bytes of XML are read.
pub fn read(body: &[u8], limit: u64, each: impl FnMut(Item)) -> Result<Format, XmlError> {
    if body.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(body);
        let capped = Capped {
            inner: gz,
            left: limit,
        };
        parse(BufReader::new(capped), limit, each)
    } else if body.len() as u64 > limit {
        Err(XmlError::TooLarge { limit })
    } else {
        parse(body, limit, each)
    }
}

/// A reader that fails once more than `left` bytes have come out of it.
struct Capped<R> {
    inner: R,
    left: u64,
}

/// The error a [`Capped`] reader fails with, told apart from gzip errors by type.
#[derive(Debug)]
struct CapExceeded;

impl std::fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size cap exceeded")
    }
}

impl std::error::Error for CapExceeded {}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::other(CapExceeded));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Which text of the open entry is being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Loc,
    Lastmod,
    Title,
    Link,
}

/// The entry (`<sitemap>`, `<url>`, `<item>`, `<entry>`) being read.
struct Entry {
    /// Depth of its start tag (the root is 0).
    depth: usize,
    /// Its namespace; its fields count only in the same one.
    ns: Option<String>,
    loc: String,
    lastmod: Option<String>,
    title: String,
    link: String,
}

fn namespace(ns: &ResolveResult) -> Result<Option<String>, String> {
    match ns {
        ResolveResult::Bound(n) => Ok(Some(n.as_ref().to_string())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(format!("undeclared namespace prefix `{prefix}`")),
    }
}

/// Where the reading stands: the root's format and namespace, the depth, the open entry
/// and the field of it being collected.
#[derive(Default)]
struct State {
    format: Option<Format>,
    root_ns: Option<String>,
    /// Elements open now (the root is depth 0 while its start tag is read).
    depth: usize,
    entry: Option<Entry>,
    /// The field being collected and the depth of its start tag.
    field: Option<(Field, usize)>,
}

fn parse<R: BufRead>(input: R, limit: u64, mut each: impl FnMut(Item)) -> Result<Format, XmlError> {
    let mut reader = NsReader::from_reader(input);
    let mut buf = Vec::new();
    let mut state = State::default();
    loop {
        let position = reader.buffer_position();
        let malformed = |reason: String| XmlError::Malformed { position, reason };
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok(x) => x,
            Err(quick_xml::Error::Io(e)) => {
                return Err(match e.get_ref() {
                    Some(inner) if inner.is::<CapExceeded>() => XmlError::TooLarge { limit },
                    _ => XmlError::Gzip {
                        reason: e.to_string(),
                    },
                })
            }
            Err(e) => return Err(malformed(e.to_string())),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let ns = namespace(&ns).map_err(malformed)?;
                state.start(e, ns, empty).map_err(|r| r.at(position))?;
            }
            Event::End(_) => {
                if let Some(item) = state.end() {
                    each(item);
                }
            }
            Event::Text(ref t) => state.push(&t.xml10_content()),
            Event::CData(ref c) => state.push(c),
            Event::GeneralRef(ref r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match r.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        // An entity of a DTD is never expanded (no entity bombs); kept as written.
                        other => format!("&{other};"),
                    },
                    Err(e) => return Err(malformed(e.to_string())),
                };
                state.push(&text);
            }
            Event::Eof => break,
            // Declarations, comments, processing instructions, DOCTYPE.
            _ => {}
        }
        buf.clear();
    }
    match state.format {
        None => Err(XmlError::Empty),
        Some(_) if state.depth != 0 => Err(XmlError::Malformed {
            position: reader.buffer_position(),
            reason: "the document ends before its root element is closed".into(),
        }),
        Some(f) => Ok(f),
    }
}

/// Why a start tag cannot be read; the position is added by the caller.
enum StartError {
    Malformed(String),
    NotAnIndex(String),
}

impl StartError {
    fn at(self, position: u64) -> XmlError {
        match self {
            StartError::Malformed(reason) => XmlError::Malformed { position, reason },
            StartError::NotAnIndex(root) => XmlError::NotAnIndex { root },
        }
    }
}

impl State {
    /// A start (or empty) tag in namespace `ns`.
    fn start(&mut self, e: &BytesStart, ns: Option<String>, empty: bool) -> Result<(), StartError> {
        let local = e.local_name();
        let local = local.as_ref();
        if self.depth == 0 {
            if self.format.is_some() {
                return Err(StartError::Malformed("a second root element".into()));
            }
            self.format = Some(match local {
                "sitemapindex" => Format::SitemapIndex,
                "urlset" => Format::UrlSet,
                "rss" | "RDF" => Format::Rss,
                "feed" => Format::Atom,
                other => return Err(StartError::NotAnIndex(other.to_string())),
            });
            self.root_ns = ns;
        } else if let (None, Some(f)) = (&self.entry, self.format) {
            if opens_entry(f, local, &ns, &self.root_ns) && !empty {
                self.entry = Some(Entry {
                    depth: self.depth,
                    ns,
                    loc: String::new(),
                    lastmod: None,
                    title: String::new(),
                    link: String::new(),
                });
            }
        } else if let Some(open) = self.entry.as_mut() {
            if self.field.is_none() && self.depth == open.depth + 1 && ns == open.ns {
                self.field = open
                    .field(local, e)
                    .filter(|_| !empty)
                    .map(|f| (f, self.depth));
            }
        }
        if !empty {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(StartError::Malformed(format!(
                    "elements nested more than {MAX_DEPTH} deep"
                )));
            }
        }
        Ok(())
    }

    /// An end tag; the entry it closes, if any.
    fn end(&mut self) -> Option<Item> {
        self.depth = self.depth.saturating_sub(1);
        if self.field.is_some_and(|(_, d)| d == self.depth) {
            self.field = None;
        }
        if self.entry.as_ref().is_some_and(|e| e.depth == self.depth) {
            if let (Some(open), Some(f)) = (self.entry.take(), self.format) {
                return finish(f, open);
            }
        }
        None
    }

    /// Text inside the field being collected (elsewhere it is ignored).
    fn push(&mut self, text: &str) {
        let (Some(open), Some((f, _))) = (self.entry.as_mut(), self.field) else {
            return;
        };
        let target = match f {
            Field::Loc => &mut open.loc,
            Field::Lastmod => open.lastmod.get_or_insert_with(String::new),
            Field::Title => &mut open.title,
            Field::Link => &mut open.link,
        };
        // Caps a hostile field; a real URL or title is far shorter.
        if target.len() < 8192 {
            target.push_str(text);
        }
    }
}

impl Entry {
    /// The field a child element `local` of this entry holds; an Atom `<link href>` is
    /// taken at once (it has no text).
    fn field(&mut self, local: &str, e: &BytesStart) -> Option<Field> {
        let field = match local {
            "loc" => Field::Loc,
            "lastmod" => {
                self.lastmod = Some(String::new());
                Field::Lastmod
            }
            "title" => Field::Title,
            "link" => match atom_href(e) {
                Some(href) => {
                    if self.link.is_empty() {
                        self.link = href;
                    }
                    return None;
                }
                None => Field::Link,
            },
            _ => return None,
        };
        Some(field)
    }
}

/// Whether an element opens an entry of a document of format `f`.
fn opens_entry(f: Format, local: &str, ns: &Option<String>, root_ns: &Option<String>) -> bool {
    match f {
        Format::SitemapIndex => local == "sitemap" && ns == root_ns,
        Format::UrlSet => local == "url" && ns == root_ns,
        // RSS 1.0 puts items in its own namespace under an `rdf:RDF` root.
        Format::Rss => local == "item",
        Format::Atom => local == "entry" && ns == root_ns,
    }
}

/// `href` of an Atom `<link>` that points at the entry itself (no `rel`, or `alternate`).
fn atom_href(e: &BytesStart) -> Option<String> {
    let mut href = None;
    let mut alternate = true;
    for attr in e.attributes().flatten() {
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        match attr.key.local_name().as_ref() {
            "href" => href = Some(value),
            "rel" => alternate = value.trim() == "alternate",
            _ => {}
        }
    }
    href.filter(|_| alternate)
}

fn finish(f: Format, e: Entry) -> Option<Item> {
    let lastmod = e
        .lastmod
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    match f {
        Format::SitemapIndex | Format::UrlSet => {
            let loc = e.loc.trim().to_string();
            if loc.is_empty() {
                return None;
            }
            Some(if f == Format::SitemapIndex {
                Item::Sitemap { loc, lastmod }
            } else {
                Item::Page { loc, lastmod }
            })
        }
        Format::Rss | Format::Atom => {
            let link = e.link.trim().to_string();
            if link.is_empty() {
                return None;
            }
            Some(Item::Post {
                link,
                title: e.title.trim().to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn items(body: &[u8]) -> Result<(Format, Vec<Item>), XmlError> {
        let mut out = Vec::new();
        let f = read(body, MAX_DECOMPRESSED, |i| out.push(i))?;
        Ok((f, out))
    }

    fn page(loc: &str, lastmod: Option<&str>) -> Item {
        Item::Page {
            loc: loc.into(),
            lastmod: lastmod.map(Into::into),
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    /// Jetpack's layout: a generator comment and a stylesheet before the root.
    const JETPACK_INDEX: &str = r#"<?xml version="1.0" encoding="UTF-8"?><!-- generator="jetpack-13.0" -->
<?xml-stylesheet type="text/xsl" href="//example.org/sitemap-index.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://example.org/sitemap-1.xml</loc><lastmod>2012-05-01T10:00:00Z</lastmod></sitemap><sitemap><loc>https://example.org/sitemap-2.xml</loc></sitemap></sitemapindex>"#;

    #[test]
    fn sitemap_index_with_comment_and_stylesheet() {
        let (f, got) = items(JETPACK_INDEX.as_bytes()).unwrap();
        assert_eq!(f, Format::SitemapIndex);
        assert_eq!(
            got,
            vec![
                Item::Sitemap {
                    loc: "https://example.org/sitemap-1.xml".into(),
                    lastmod: Some("2012-05-01T10:00:00Z".into())
                },
                Item::Sitemap {
                    loc: "https://example.org/sitemap-2.xml".into(),
                    lastmod: None
                },
            ]
        );
    }

    #[test]
    fn urlset_cases() {
        let cases: &[(&str, &str, Vec<Item>)] = &[
            (
                "entities and character references",
                r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://h/?p=1&#038;q=2&amp;r=&#x33;</loc><lastmod>2023-05-09</lastmod></url></urlset>"#,
                vec![page("https://h/?p=1&q=2&r=3", Some("2023-05-09"))],
            ),
            (
                "CDATA and surrounding whitespace",
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>\n  <![CDATA[https://h/a/]]>\n</loc></url></urlset>",
                vec![page("https://h/a/", None)],
            ),
            (
                "image:loc is not the page's loc",
                r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><image:image><image:loc>https://h/i.jpg</image:loc></image:image><loc>https://h/b/</loc></url></urlset>"#,
                vec![page("https://h/b/", None)],
            ),
            (
                "a prefixed sitemap namespace",
                r#"<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url><sm:loc>https://h/c/</sm:loc></sm:url></sm:urlset>"#,
                vec![page("https://h/c/", None)],
            ),
            (
                "no namespace at all",
                "<urlset><url><loc>https://h/d/</loc></url><url/><url><loc> </loc></url></urlset>",
                vec![page("https://h/d/", None)],
            ),
            (
                "a loc in another namespace is ignored",
                r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:x="urn:x"><url><x:loc>https://h/no/</x:loc></url></urlset>"#,
                vec![],
            ),
            (
                "a DOCTYPE entity is not expanded",
                "<!DOCTYPE urlset [<!ENTITY e \"https://evil/\">]><urlset><url><loc>&e;</loc></url></urlset>",
                vec![page("&e;", None)],
            ),
        ];
        for (name, xml, want) in cases {
            let (f, got) = items(xml.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(f, Format::UrlSet, "{name}");
            assert_eq!(&got, want, "{name}");
        }
    }

    #[test]
    fn feeds() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Site</title><link>https://h/</link><atom:link href="https://h/feed/" rel="self"/>
          <item><title>The Best Film &amp; TV Soundtracks ~ Part Two</title><link>https://h/2023/05/09/x/</link></item>
          <item><title><![CDATA[A <b>bold</b> one]]></title><link>https://h/y/</link></item>
          <item><title>No link</title></item></channel></rss>"#;
        let (f, got) = items(rss.as_bytes()).unwrap();
        assert_eq!(f, Format::Rss);
        assert_eq!(
            got,
            vec![
                Item::Post {
                    link: "https://h/2023/05/09/x/".into(),
                    title: "The Best Film & TV Soundtracks ~ Part Two".into()
                },
                Item::Post {
                    link: "https://h/y/".into(),
                    title: "A <b>bold</b> one".into()
                },
            ]
        );
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">Part 4</title>
          <link rel="replies" href="https://h/p/4/#comments"/><link rel="alternate" href="https://h/p/4/"/></entry>
          <entry><title>Self only</title><link rel="self" href="https://h/p/5/feed/"/></entry></feed>"#;
        let (f, got) = items(atom.as_bytes()).unwrap();
        assert_eq!(f, Format::Atom);
        assert_eq!(
            got,
            vec![Item::Post {
                link: "https://h/p/4/".into(),
                title: "Part 4".into()
            }]
        );
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>S</title></channel><item><title>T</title><link>https://h/t/</link></item></rdf:RDF>"#;
        let (f, got) = items(rdf.as_bytes()).unwrap();
        assert_eq!(f, Format::Rss);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn gzip_is_read_and_capped() {
        let xml = "<urlset><url><loc>https://h/z/</loc></url></urlset>";
        let (_, got) = items(&gzip(xml.as_bytes())).unwrap();
        assert_eq!(got, vec![page("https://h/z/", None)]);
        // A small gzip file that inflates past the cap.
        let bomb = gzip(&vec![b' '; 4096]);
        let err = read(&bomb, 1000, |_| {}).unwrap_err();
        assert_eq!(err, XmlError::TooLarge { limit: 1000 });
        let err = read(&[0x1f, 0x8b, 0, 1, 2, 3], 1000, |_| {}).unwrap_err();
        assert!(matches!(err, XmlError::Gzip { .. }), "{err:?}");
        let err = read(&[b' '; 2000], 1000, |_| {}).unwrap_err();
        assert_eq!(err, XmlError::TooLarge { limit: 1000 });
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const FRAGMENTS: &[&str] = &[
            "<?xml version=\"1.0\"?>",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
            "</urlset>",
            "<sitemapindex>",
            "</sitemapindex>",
            "<url>",
            "</url>",
            "<sitemap>",
            "</sitemap>",
            "<loc>",
            "</loc>",
            "<lastmod>2023-05-09</lastmod>",
            "<rss><channel>",
            "<item><title>T</title><link>https://h/x/</link></item>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"https://h/\"/></entry>",
            "<![CDATA[https://h/a/]]>",
            "<!-- c -->",
            "<?xml-stylesheet href=\"x\"?>",
            "&amp;",
            "&#038;",
            "&#xFFFFFF;",
            "&bogus;",
            "<!DOCTYPE x [<!ENTITY e \"a\">]>",
            "<x:y>",
            "https://h/p/",
            "<",
            ">",
            "\u{0}",
        ];

        proptest! {
            #[test]
            fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
                let _ = read(&bytes, 1 << 20, |_| {});
                let mut gz = vec![0x1f, 0x8b];
                gz.extend_from_slice(&bytes);
                let _ = read(&gz, 1 << 20, |_| {});
            }

            #[test]
            fn fragments_never_panic(parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..48)) {
                let _ = read(parts.concat().as_bytes(), 1 << 20, |_| {});
            }

            /// Any URLs written into a sitemap (escaped, as a generator writes them) read
            /// back exactly, in order, whether plain or gzip.
            #[test]
            fn urls_round_trip(locs in proptest::collection::vec("[a-z0-9&<>'\"/:?=#%. -]{1,40}", 0..30), gz in any::<bool>()) {
                let locs: Vec<String> = locs.into_iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
                let mut doc = String::from("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
                for l in &locs {
                    doc.push_str(&format!("<url><loc>{}</loc></url>", quick_xml::escape::escape(l.as_str())));
                }
                doc.push_str("</urlset>");
                let body = if gz { super::gzip(doc.as_bytes()) } else { doc.into_bytes() };
                let mut got = Vec::new();
                let f = read(&body, MAX_DECOMPRESSED, |i| if let Item::Page { loc, .. } = i { got.push(loc) });
                prop_assert_eq!(f, Ok(Format::UrlSet));
                prop_assert_eq!(got, locs);
            }
        }
    }

    #[test]
    fn bad_documents() {
        let cases: &[(&str, &[u8])] = &[
            (
                "html",
                b"<!DOCTYPE html><html><body>Not found</body></html>",
            ),
            ("truncated", b"<urlset><url><loc>https://h/a/</loc></url>"),
            ("mismatched", b"<urlset><url><loc>x</url></loc></urlset>"),
            ("empty", b""),
            ("text", b"Sitemap unavailable"),
            ("unknown prefix", b"<x:urlset><url/></x:urlset>"),
            ("two roots", b"<urlset></urlset><urlset></urlset>"),
        ];
        for (name, body) in cases {
            assert!(items(body).is_err(), "{name} should not read");
        }
        let deep = format!("<urlset>{}", "<a>".repeat(100));
        assert!(matches!(
            items(deep.as_bytes()),
            Err(XmlError::Malformed { .. })
        ));
    }
}
