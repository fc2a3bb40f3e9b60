//! Bot challenges: a site (most often behind Cloudflare) that answers with a browser check
//! instead of the page. Pure: the fetcher asks [`is_challenge`] about every 403 and 503 and
//! every response carrying `cf-mitigated`; `add` asks [`is_challenge_page`] about a file a
//! browser saved before the check had passed.

/// Text that only a challenge page carries: its title, its script's path, its settings.
const MARKERS: &[&str] = &[
    "<title>Just a moment...</title>",
    "<title>Just a moment&#8230;</title>",
    "<title>Attention Required! | Cloudflare</title>",
    "/cdn-cgi/challenge-platform/",
    "_cf_chl_opt",
];

/// Whether `html` is a challenge page rather than content.
pub(crate) fn is_challenge_page(html: &str) -> bool {
    // The markers sit in the head; a large page is not searched to its end.
    let head = match html.char_indices().nth(64 * 1024) {
        Some((at, _)) => &html[..at],
        None => html,
    };
    MARKERS.iter().any(|m| head.contains(m))
}

/// Whether a response is a challenge: `cf-mitigated: challenge` on any status, or a 403 or
/// 503 whose body is a challenge page.
pub fn is_challenge(status: u16, cf_mitigated: Option<&str>, body: &[u8]) -> bool {
    if cf_mitigated.is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge")) {
        return true;
    }
    matches!(status, 403 | 503) && is_challenge_page(&String::from_utf8_lossy(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CF: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>\
        <meta http-equiv=\"refresh\" content=\"390\"></head><body><noscript>Enable JavaScript and cookies to continue</noscript>\
        <script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'example.org'};var a=document.createElement('script');\
        a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=x';}());</script></body></html>";

    #[test]
    fn table_of_responses() {
        let cases: &[(&str, u16, Option<&str>, &str, bool)] = &[
            ("header on a 403", 403, Some("challenge"), "", true),
            (
                "header on a 503",
                503,
                Some("Challenge"),
                "<html></html>",
                true,
            ),
            (
                "header on a 200",
                200,
                Some("challenge"),
                "<html></html>",
                true,
            ),
            ("page on a 503, no header", 503, None, CF, true),
            ("page on a 403, no header", 403, None, CF, true),
            (
                "a plain 503",
                503,
                None,
                "<html><title>Service Unavailable</title></html>",
                false,
            ),
            ("a plain 403", 403, None, "Forbidden", false),
            (
                "other cf-mitigated value",
                403,
                Some("block"),
                "Forbidden",
                false,
            ),
            // A 200 article that mentions the words is content, not a challenge.
            ("an article about challenges", 200, None, CF, false),
        ];
        for (name, status, header, body, want) in cases {
            assert_eq!(
                is_challenge(*status, *header, body.as_bytes()),
                *want,
                "{name}"
            );
        }
    }

    #[test]
    fn saved_pages() {
        assert!(is_challenge_page(CF));
        assert!(!is_challenge_page(
            "<html><head><title>The Best Film &amp; TV Soundtracks of All Time ~ Part One</title></head></html>"
        ));
        let late = format!(
            "<html>{}<title>Just a moment...</title></html>",
            "x".repeat(70_000)
        );
        assert!(!is_challenge_page(&late), "only the head is searched");
    }
}
