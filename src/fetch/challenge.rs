//! Bot challenges and blocks: a site (most often behind Cloudflare) that answers with a
//! browser check, a firewall block or its rate-limit page instead of the page. Pure: the
//! fetcher asks [`classify`] about every 403, 429 and 503 and every response carrying
//! `cf-mitigated`, the archive route asks [`is_challenge`] about captures, and `add` asks
//! [`classify_page`] about a file a browser saved. The kind names the page in messages.
//!
//! Only strong signals decide, each checked against the recorded pages in
//! `tests/pages/cloudflare/`: `cf-mitigated: challenge`; in a `<script>` or an attribute,
//! `_cf_chl_opt`, a `/cdn-cgi/challenge-platform/…orchestrate/` path or a `__cf_chl_…tk`
//! token; the exact titles of the challenge, block and rate-limit pages; the block page's
//! `data-translate="block_headline"` and `class="cf-error-code"` elements. Never alone: the
//! bot-management beacon (`scripts/jsd/main.js`, `__CF$cv$params`) that Cloudflare injects
//! into ordinary pages, `cf-ray`, `server: cloudflare`, a Turnstile widget, and the words
//! "Just a moment" in an article. The page is read with an HTML parser, so those strings in
//! an article's text or in a stylesheet do not count.

use std::fmt;

use scraper::{Html, Node};

/// What stood in for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeKind {
    /// A managed or interactive challenge ("Just a moment...", `cType: 'managed'`, a
    /// captcha): a browser passes it by itself or with a click.
    Managed,
    /// The older JavaScript challenge ("I'm Under Attack" mode, `jschl`): a browser passes
    /// it by itself after a few seconds.
    JavaScript,
    /// `cf-mitigated: challenge` on a page that does not say which challenge it is.
    Unnamed,
    /// A firewall block ("Sorry, you have been blocked", error 1020): it refuses the
    /// network, so a person's browser on the same network is refused too.
    Block,
    /// Cloudflare's rate-limit page (error 1015, "temporarily rate limited").
    RateLimit,
}

impl ChallengeKind {
    /// Whether a person's browser passes it on the same network (then saving the page
    /// from a browser works).
    pub fn browser_passes(self) -> bool {
        matches!(self, Self::Managed | Self::JavaScript | Self::Unnamed)
    }

    /// Whether the fetcher stops asking the host: every kind but a rate-limit page, which
    /// is a 429 like any other and retried as one.
    pub fn stops_asking(self) -> bool {
        self != Self::RateLimit
    }

    /// What a person can do about it, for messages.
    pub fn advice(self) -> &'static str {
        match self {
            Self::Block => "A block refuses the network, not the tool: a person's browser on the same network is refused too, so open the page from another network (or ask the site's owner to allow this one) and save it there",
            Self::RateLimit => "Wait a while before asking again, or open the page in a browser and save it",
            _ => "A browser passes this check: open the page in a browser, let the check finish, and save the page (\"Save page as…\", any format)",
        }
    }
}

impl fmt::Display for ChallengeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Managed => {
                "a browser check (Cloudflare's managed challenge, \"Just a moment...\")"
            }
            Self::JavaScript => "a browser check (Cloudflare's JavaScript challenge)",
            Self::Unnamed => "a browser check (`cf-mitigated: challenge`)",
            Self::Block => "a block page (Cloudflare's \"Sorry, you have been blocked\")",
            Self::RateLimit => "a rate-limit page (Cloudflare's \"temporarily rate limited\")",
        })
    }
}

/// Whether a response is a challenge or a block rather than the page: `cf-mitigated:
/// challenge` on any status, or a body that is a challenge or block page. A rate-limit
/// page is not ([`ChallengeKind::stops_asking`]).
pub fn is_challenge(status: u16, cf_mitigated: Option<&str>, body: &[u8]) -> bool {
    classify(status, cf_mitigated, body).is_some_and(ChallengeKind::stops_asking)
}

/// What a response is, if it is not the page. `cf_mitigated` is the `cf-mitigated` header
/// (for a Wayback capture, `x-archive-orig-cf-mitigated`).
pub fn classify(status: u16, cf_mitigated: Option<&str>, body: &[u8]) -> Option<ChallengeKind> {
    let head = &body[..body.len().min(READ_BYTES)];
    let kind = Signals::read(&String::from_utf8_lossy(head)).kind(Some(status));
    let header = cf_mitigated.is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge"));
    match kind {
        Some(kind) => Some(kind),
        None if header => Some(ChallengeKind::Unnamed),
        None => None,
    }
}

/// What a page saved from a browser is, if it is not content.
pub fn classify_page(html: &str) -> Option<ChallengeKind> {
    let head = match html.char_indices().nth(READ_BYTES) {
        Some((at, _)) => &html[..at],
        None => html,
    };
    Signals::read(head).kind(None)
}

/// How much of a page is read: challenge and block pages are a few dozen KB, and their
/// signals sit in the head or right after it.
const READ_BYTES: usize = 1 << 20;

/// Exact titles (whitespace collapsed) of the challenge pages.
const CHALLENGE_TITLES: &[&str] = &[
    "Just a moment...",
    "Just a moment\u{2026}",
    "Please Wait... | Cloudflare",
];
const BLOCK_TITLE: &str = "Attention Required! | Cloudflare";
/// The end of the title of Cloudflare's error 1020 (and 1015) page.
const ACCESS_DENIED_TITLE_END: &str = "used Cloudflare to restrict access";
/// The start of the title of Cloudflare's rate-limit page (cloudflare/workers-sdk
/// `limited-response.ts`).
const RATE_LIMIT_TITLE_START: &str = "This website has been temporarily rate limited";

/// The strong signals found in one page.
#[derive(Debug, Default)]
struct Signals {
    title: Option<String>,
    /// `_cf_chl_opt`, an `orchestrate/` path or a `__cf_chl_…tk` token in a script or an attribute.
    challenge: bool,
    /// Evidence of the older JavaScript challenge: `jschl`, `orchestrate/jsch/`, `cType: 'non-interactive'`.
    javascript: bool,
    /// `cType: 'managed'` or `'interactive'`.
    managed: bool,
    block_headline: bool,
    error_code: Option<String>,
}

impl Signals {
    fn read(html: &str) -> Signals {
        let doc = Html::parse_document(html);
        let mut s = Signals::default();
        for node in doc.tree.nodes() {
            let Node::Element(el) = node.value() else {
                continue;
            };
            let text = || {
                node.children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect::<String>()
            };
            match el.name() {
                "title" if s.title.is_none() => {
                    s.title = Some(text().split_whitespace().collect::<Vec<_>>().join(" "));
                }
                "script" => s.scan(&text()),
                _ => {}
            }
            for (name, value) in el.attrs() {
                s.scan(value);
                if name == "data-translate" && value == "block_headline" {
                    s.block_headline = true;
                }
            }
            if el.classes().any(|c| c == "cf-error-code") {
                let code = node
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| t.trim().to_string()))
                    .collect::<String>();
                s.error_code = Some(code);
            }
        }
        s
    }

    /// Looks for the challenge's own script settings, paths and tokens in a script or an
    /// attribute value.
    fn scan(&mut self, text: &str) {
        if !text.contains("_cf_chl_") && !text.contains("challenge-platform") {
            return;
        }
        if text.contains("_cf_chl_opt") {
            self.challenge = true;
        }
        for path in after_each(text, "/cdn-cgi/challenge-platform/") {
            let path = path.split(['"', '\'', ' ', ')', '\\']).next().unwrap_or("");
            if let Some(rest) = path.split_once("orchestrate/").map(|(_, r)| r) {
                self.challenge = true;
                self.javascript |= rest.starts_with("jsch/");
            }
        }
        for token in after_each(text, "__cf_chl_") {
            let name: String = token
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.trim_end_matches('_').ends_with("tk") {
                self.challenge = true;
                self.javascript |= name.starts_with("jschl");
            }
        }
        for ctype in after_each(text, "cType:") {
            let value: String = ctype
                .trim_start_matches([' ', '\'', '"'])
                .chars()
                .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
                .collect();
            self.managed |= matches!(value.as_str(), "managed" | "interactive");
            self.javascript |= value == "non-interactive";
        }
    }

    /// The kind these signals make, if any; `status` refines a title-only page.
    fn kind(&self, status: Option<u16>) -> Option<ChallengeKind> {
        let title = self.title.as_deref().unwrap_or("");
        let challenge_title = CHALLENGE_TITLES.contains(&title);
        if self.challenge || challenge_title {
            let old_js = !self.challenge && status == Some(503);
            return Some(if self.javascript && !self.managed || old_js {
                ChallengeKind::JavaScript
            } else {
                ChallengeKind::Managed
            });
        }
        let rate_title = title.starts_with(RATE_LIMIT_TITLE_START) && title.ends_with("Cloudflare");
        if rate_title || self.error_code.as_deref() == Some("1015") {
            return Some(ChallengeKind::RateLimit);
        }
        let block_title = title == BLOCK_TITLE || title.ends_with(ACCESS_DENIED_TITLE_END);
        if block_title || self.block_headline || self.error_code.is_some() {
            return Some(ChallengeKind::Block);
        }
        None
    }
}

/// The text after each occurrence of `needle` in `text`.
fn after_each<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(needle)
        .map(move |(at, _)| &text[at + needle.len()..])
}

#[cfg(test)]
mod tests {
    use super::ChallengeKind::*;
    use super::*;

    const CF: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>\
        <meta http-equiv=\"refresh\" content=\"390\"></head><body><noscript>Enable JavaScript and cookies to continue</noscript>\
        <script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'example.org',cType: 'managed'};var a=document.createElement('script');\
        a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=x';}());</script></body></html>";

    /// The beacon as Cloudflare injects it into ordinary pages (recorded on jsfiddle.net,
    /// tests/pages/cloudflare/embed-jsfiddle-beacon.htm).
    const BEACON: &str = "<script>(function(){function c(){var b=a.contentDocument||a.contentWindow.document;if(b){var d=b.createElement('script');d.innerHTML=\"window.__CF$cv$params={r:'891a90a5cc6c3c9e',t:'MTcxODAzNTEyOS4wMDAwMDA='};var a=document.createElement('script');a.nonce='';a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';document.getElementsByTagName('head')[0].appendChild(a);\";b.getElementsByTagName('head')[0].appendChild(d)}}}})();</script>";

    fn article(body: &str) -> String {
        format!("<html><head><title>The Best Film &amp; TV Soundtracks of All Time ~ Part One</title></head><body>{body}</body></html>")
    }

    #[test]
    fn table_of_responses() {
        let beacon = article(&format!("<p>An ordinary page.</p>{BEACON}"));
        let quoted = article(
            "<p>Cloudflare's page says <code>&lt;title&gt;Just a moment...&lt;/title&gt;</code> and sets \
             window._cf_chl_opt; its script is /cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1.</p>",
        );
        let turnstile = article(
            "<form><div class=\"cf-turnstile\" data-sitekey=\"x\"></div></form>\
             <script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\"></script>",
        );
        let rate = "<html><head><title>This website has been temporarily rate limited | example.org | Cloudflare</title></head></html>";
        let e1015 = "<html><head><title>Access denied | example.org used Cloudflare to restrict access</title></head>\
            <body><span class=\"cf-error-code\">1015</span></body></html>";
        let e1020 = "<html><head><title>Access denied | example.org used Cloudflare to restrict access</title></head>\
            <body><span class=\"cf-error-code\">1020</span></body></html>";
        let css_only =
            "<html><head><title>x</title><style>.cf-error-code{color:red}</style></head></html>";
        type Case<'a> = (
            &'a str,
            u16,
            Option<&'a str>,
            &'a str,
            Option<ChallengeKind>,
        );
        let cases: &[Case] = &[
            ("header on a 403", 403, Some("challenge"), "", Some(Unnamed)),
            (
                "header, any case",
                503,
                Some(" Challenge "),
                "<html></html>",
                Some(Unnamed),
            ),
            (
                "header on a 200",
                200,
                Some("challenge"),
                "<html></html>",
                Some(Unnamed),
            ),
            (
                "header and page: the page names it",
                403,
                Some("challenge"),
                CF,
                Some(Managed),
            ),
            ("page on a 503, no header", 503, None, CF, Some(Managed)),
            ("page on a 403, no header", 403, None, CF, Some(Managed)),
            (
                "title only on a 503",
                503,
                None,
                "<title>Just a moment...</title>",
                Some(JavaScript),
            ),
            (
                "title only on a 403",
                403,
                None,
                "<title>Just a moment...</title>",
                Some(Managed),
            ),
            (
                "a plain 503",
                503,
                None,
                "<html><title>Service Unavailable</title></html>",
                None,
            ),
            ("a plain 403", 403, None, "Forbidden", None),
            (
                "other cf-mitigated value",
                403,
                Some("block"),
                "Forbidden",
                None,
            ),
            ("an ordinary page with the beacon", 200, None, &beacon, None),
            ("the beacon on a 403", 403, None, &beacon, None),
            ("an article quoting the markers", 200, None, &quoted, None),
            ("a Turnstile form", 200, None, &turnstile, None),
            (
                "the words in an article's title",
                200,
                None,
                "<title>Just a moment... please</title>",
                None,
            ),
            ("rate-limit page", 429, None, rate, Some(RateLimit)),
            ("error 1015", 429, None, e1015, Some(RateLimit)),
            ("error 1020", 403, None, e1020, Some(Block)),
            ("the class in a stylesheet", 403, None, css_only, None),
        ];
        for (name, status, header, body, want) in cases {
            assert_eq!(classify(*status, *header, body.as_bytes()), *want, "{name}");
            let yes = want.is_some_and(ChallengeKind::stops_asking);
            assert_eq!(
                is_challenge(*status, *header, body.as_bytes()),
                yes,
                "{name}"
            );
        }
    }

    #[test]
    fn saved_pages() {
        assert_eq!(classify_page(CF), Some(Managed));
        assert_eq!(classify_page(&article(BEACON)), None);
        assert_eq!(classify_page(&article("")), None);
        let late = format!(
            "<html><title>Ordinary</title>{}<script>window._cf_chl_opt={{}}</script></html>",
            "x".repeat(READ_BYTES + 10)
        );
        assert_eq!(classify_page(&late), None, "only the first MiB is read");
    }

    #[test]
    fn messages_name_the_kind() {
        assert!(Block.advice().contains("same network"));
        assert!(!Block.browser_passes());
        assert!(Managed.browser_passes());
        assert!(Managed.to_string().contains("browser check"));
        assert!(Block.to_string().contains("blocked"));
    }
}
