//! The recorded Cloudflare pages in `tests/pages/cloudflare/` (sources in its README) and
//! what each one is: the table that the fetcher's check (`challenge_http.rs`) and `add`'s
//! check (`add_cli.rs`) are both held to.
#![allow(dead_code)]

use std::path::PathBuf;

use soundtracks::fetch::challenge::ChallengeKind::{self, *};

/// One recorded response.
pub struct Recorded {
    pub file: &'static str,
    /// The status recorded with it, or the one its source's tests serve it with.
    pub status: u16,
    /// The `cf-mitigated` header, when the source recorded headers.
    pub cf_mitigated: Option<&'static str>,
    /// What it is; `None`: an ordinary page.
    pub kind: Option<ChallengeKind>,
}

const fn page(
    file: &'static str,
    status: u16,
    cf_mitigated: Option<&'static str>,
    kind: Option<ChallengeKind>,
) -> Recorded {
    Recorded {
        file,
        status,
        cf_mitigated,
        kind,
    }
}

pub const PAGES: &[Recorded] = &[
    page(
        "embed-codepen-managed.htm",
        403,
        Some("challenge"),
        Some(Managed),
    ),
    page(
        "embed-politico-managed.htm",
        403,
        Some("challenge"),
        Some(Managed),
    ),
    page(
        "embed-kickstarter-managed.htm",
        403,
        Some("challenge"),
        Some(Managed),
    ),
    page("embed-jsfiddle-beacon.htm", 200, None, None),
    page(
        "cloudscraper-js-2019-12-11.htm",
        503,
        None,
        Some(JavaScript),
    ),
    page(
        "cloudscraper-js-2020-05-16a.htm",
        503,
        None,
        Some(JavaScript),
    ),
    page(
        "cloudscraper-js-2020-05-16b.htm",
        503,
        None,
        Some(JavaScript),
    ),
    page(
        "cloudscraper-js-2020-05-27.htm",
        503,
        None,
        Some(JavaScript),
    ),
    page(
        "cloudscraper-captcha-2019-12-12.htm",
        403,
        None,
        Some(Managed),
    ),
    page(
        "cloudscraper-managed-2021-11-02.htm",
        403,
        None,
        Some(Managed),
    ),
    page("cloudscraper-bfm-beacon-2021-01-07.htm", 200, None, None),
    page("zrobank-block-2023.htm", 403, None, Some(Block)),
];

pub fn path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages/cloudflare")
        .join(file)
}

pub fn body(file: &str) -> Vec<u8> {
    std::fs::read(path(file)).unwrap()
}

/// The beacon exactly as Cloudflare injected it into the recorded jsfiddle page, before
/// `</body>` as on every ordinary page of a site with bot management.
pub fn beacon() -> String {
    let page = String::from_utf8(body("embed-jsfiddle-beacon.htm")).unwrap();
    let at = page.find("__CF$cv$params").unwrap();
    let start = page[..at].rfind("<script>").unwrap();
    let end = at + page[at..].find("</script>").unwrap() + "</script>".len();
    page[start..end].to_string()
}
