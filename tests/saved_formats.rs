//! `soundtracks add` of what browsers save, as a maintainer runs it: the real binary given
//! Part One as MHTML (Chrome/Edge "Webpage, Single File": CRLF and bare LF, UTF-8; IE's
//! windows-1252 `.mht`), as SingleFile saves it, and as Chrome saves it while viewing the
//! Wayback Machine. All of them are SYNTHETIC copies of the bundled fixture
//! (`tests/pages/saved/`, written by its `make_saved_pages.py`). Each must give the same rows
//! as the plain page, write the article's HTML (not the wrapper) as the fixture, and state the
//! URL and save time the format gives. Two real MHTML files (Chromium's, `tests/pages/saved/real/`)
//! are read too. A property test: no input makes the readers panic.

#[path = "http/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use proptest::prelude::*;
use soundtracks::meta::FixtureMeta;
use soundtracks::schema::SOUNDTRACKS_JSON;

use common::soundtracks;

const PART_ONE_URL: &str =
    "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";
const SAVED_AS: &str = "acloserlisten/part-one.html";
const MEMENTO: &str = "https://web.archive.org/web/20230510123456/https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// What one `add` into an empty project left behind.
struct Added {
    _root: tempfile::TempDir,
    out: Output,
    rows: Option<String>,
    html: Option<Vec<u8>>,
    meta: Option<FixtureMeta>,
}

async fn add(file: &str, url: &str) -> Added {
    let root = tempfile::tempdir().unwrap();
    let fixtures = root.path().join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    let out = soundtracks(vec![
        "add".into(),
        repo(file).display().to_string(),
        "--url".into(),
        url.into(),
        "--fixtures".into(),
        fixtures.display().to_string(),
        "--out".into(),
        root.path().join("output").display().to_string(),
    ])
    .await;
    let html_path = fixtures.join(SAVED_AS);
    Added {
        rows: std::fs::read_to_string(root.path().join("output").join(SOUNDTRACKS_JSON)).ok(),
        html: std::fs::read(&html_path).ok(),
        meta: FixtureMeta::read(&FixtureMeta::path_for(&html_path)).ok(),
        out,
        _root: root,
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_saved_format_gives_the_rows_of_the_plain_page() {
    let plain = add("fixtures/acloserlisten/part-one.html", PART_ONE_URL).await;
    assert!(plain.out.status.success(), "{}", stderr(&plain.out));
    let rows = plain.rows.unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&rows)
            .unwrap()
            .len(),
        27
    );
    // file, the format named in the note, saved_at, last_modified
    let cases = [
        (
            "tests/pages/saved/part-one.crlf.mhtml",
            "MHTML",
            Some("2023-05-09T10:11:12Z"),
            Some("Tue, 09 May 2023 10:11:12 GMT"),
        ),
        (
            "tests/pages/saved/part-one.lf.mhtml",
            "MHTML",
            Some("2023-05-09T10:11:12Z"),
            Some("Tue, 09 May 2023 10:11:12 GMT"),
        ),
        (
            "tests/pages/saved/part-one.windows-1252.mht",
            "MHTML",
            Some("2023-05-09T10:11:12Z"),
            Some("Tue, 09 May 2023 10:11:12 GMT"),
        ),
        (
            "tests/pages/saved/part-one.singlefile.html",
            "SingleFile",
            Some("2023-05-09T10:13:14Z"),
            Some("Tue, 09 May 2023 10:13:14 GMT"),
        ),
        (
            // Saved when the file was written: the page does not say; the capture does.
            "tests/pages/saved/part-one.wayback.html",
            "Wayback Machine",
            None,
            Some("Wed, 10 May 2023 12:34:56 GMT"),
        ),
    ];
    for (file, format, saved_at, last_modified) in cases {
        let got = add(file, PART_ONE_URL).await;
        assert!(got.out.status.success(), "{file}: {}", stderr(&got.out));
        assert_eq!(got.rows.as_deref(), Some(rows.as_str()), "{file}: the rows");
        let html = String::from_utf8_lossy(got.html.as_deref().unwrap()).into_owned();
        assert!(html.contains("<!DOCTYPE html>"), "{file}");
        for wrapper in [
            "MultipartBoundary",
            "NextPart",
            "WAYBACK TOOLBAR",
            "web.archive.org/web/2023",
        ] {
            assert!(
                !html.contains(wrapper),
                "{file}: {wrapper} left in the fixture"
            );
        }
        let meta = got.meta.unwrap();
        assert_eq!(meta.url, PART_ONE_URL, "{file}");
        let note = meta.note.as_deref().unwrap();
        assert!(note.contains(format), "{file}: {note}");
        if format != "Wayback Machine" {
            let stated = format!("saved from {PART_ONE_URL}");
            assert!(note.ends_with(&stated), "{file}: {note}");
        }
        if let Some(saved_at) = saved_at {
            assert_eq!(meta.saved_at.as_deref(), Some(saved_at), "{file}");
        }
        assert_eq!(meta.last_modified.as_deref(), last_modified, "{file}");
        assert_eq!(
            meta.bytes,
            Some(got.html.as_ref().unwrap().len() as u64),
            "{file}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wayback_view_is_the_archived_page_and_its_archive_url_names_the_article() {
    let plain = std::fs::read(repo("fixtures/acloserlisten/part-one.html")).unwrap();
    // Given the archive URL the browser showed, `add` takes the article's own.
    let got = add("tests/pages/saved/part-one.wayback.html", MEMENTO).await;
    assert!(got.out.status.success(), "{}", stderr(&got.out));
    let meta = got.meta.unwrap();
    assert_eq!(meta.url, PART_ONE_URL);
    assert!(meta.note.unwrap().contains(MEMENTO));
    // The archive's additions and rewriting undone, the page is the fixture again: only
    // Chrome's mark at the top (its URL given back too) and the line the closing comment
    // stood on remain.
    let mark = format!(
        "<!-- saved from url=({:04}){PART_ONE_URL} -->\n",
        MEMENTO.len()
    );
    let mut want = mark.into_bytes();
    want.extend_from_slice(&plain);
    want.push(b'\n');
    let html = got.html.unwrap();
    assert!(html == want, "{}", String::from_utf8_lossy(&html[..400]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mhtml_without_its_page_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("css-only.mhtml");
    std::fs::write(
        &file,
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/css\r\n\r\np{}\r\n--b--\r\n",
    )
    .unwrap();
    let out = soundtracks(vec![
        "add".into(),
        file.display().to_string(),
        "--url".into(),
        PART_ONE_URL.into(),
        "--fixtures".into(),
        root.path().join("fixtures").display().to_string(),
        "--out".into(),
        root.path().join("output").display().to_string(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("MHTML file with no HTML page"),
        "{}",
        stderr(&out)
    );
    assert!(!root.path().join("output").exists());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes, and any bytes behind the start of each format: unwrapped or refused, never a panic.
    #[test]
    fn the_saved_format_readers_never_panic(
        prefix in prop::sample::select(vec![
            "",
            "From: <Saved by Blink>\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n",
            "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n",
            "<!-- saved from url=(0042)https://web.archive.org/web/2023",
            "<html><!--\n Page saved with SingleFile \n url: ",
            "<head><!-- BEGIN WAYBACK TOOLBAR INSERT -->",
        ]),
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = prefix.as_bytes().to_vec();
        bytes.extend_from_slice(&tail);
        if let Ok(page) = soundtracks::saved::unwrap(&bytes) {
            prop_assert!(page.html.len() <= bytes.len() * 2 + 64);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = soundtracks::fetch::challenge::classify_page(&text);
        let _ = soundtracks::fetch::challenge::classify(403, None, &bytes);
        let _ = soundtracks::saved::wayback::original(&text);
    }
}

/// An MHTML (binary part, as Chrome's captureSnapshot writes) of Part One with its canonical
/// and og:url lines taken out: the URL the file states is then what names the article.
fn nameless_mhtml(stated: &str) -> Vec<u8> {
    let page = std::fs::read_to_string(repo("fixtures/acloserlisten/part-one.html")).unwrap();
    let html: String = page
        .lines()
        .filter(|l| !l.contains("rel=\"canonical\"") && !l.contains("property=\"og:url\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(html.len() < page.len());
    format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: {stated}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/related; type=\"text/html\"; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/html\r\nContent-Transfer-Encoding: binary\r\n\r\n{html}\r\n--b--\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_naming_no_url_is_checked_against_the_url_the_file_states() {
    let root = tempfile::tempdir().unwrap();
    let two = PART_ONE_URL
        .replace("2023/05/08", "2023/05/09")
        .replace("part-one", "part-two");
    for (stated, ok) in [(PART_ONE_URL, true), (two.as_str(), false)] {
        let file = root.path().join("nameless.mhtml");
        std::fs::write(&file, nameless_mhtml(stated)).unwrap();
        let fixtures = root.path().join(if ok { "ok" } else { "refused" });
        let out = soundtracks(vec![
            "add".into(),
            file.display().to_string(),
            "--url".into(),
            PART_ONE_URL.into(),
            "--fixtures".into(),
            fixtures.display().to_string(),
            "--out".into(),
            root.path().join("out").display().to_string(),
        ])
        .await;
        assert_eq!(out.status.success(), ok, "{stated}: {}", stderr(&out));
        if !ok {
            assert!(
                stderr(&out).contains("saved from another page"),
                "{}",
                stderr(&out)
            );
            assert!(stderr(&out).contains(&two), "{}", stderr(&out));
        }
    }
}

/// MHTML written by other software (Chromium's test files, `tests/pages/saved/real/`), read
/// with CRLF and bare LF line ends alike.
#[test]
fn real_mhtml_files_are_read() {
    let ie = std::fs::read(repo("tests/pages/saved/real/page_with_css_and_js_ie.mht")).unwrap();
    let lf = String::from_utf8(ie.clone()).unwrap().replace("\r\n", "\n");
    for bytes in [ie, lf.into_bytes()] {
        let page = soundtracks::saved::unwrap(&bytes).unwrap();
        assert_eq!(page.format, soundtracks::saved::Format::Mhtml);
        assert_eq!(
            page.url.as_deref(),
            Some("http://localhost/page_with_css_and_js.html")
        );
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=Windows-1252")
        );
        assert_eq!(
            page.saved_at.map(|t| t.to_string()).as_deref(),
            Some("2011-05-18T23:49:23Z")
        );
        let html = String::from_utf8(page.html.into_owned()).unwrap();
        assert!(html.starts_with("<!DOCTYPE HTML PUBLIC"), "{html}");
        assert!(
            html.contains("There should be only 2 red squares"),
            "soft line breaks joined: {html}"
        );
        assert!(html.trim_end().ends_with("</BODY></HTML>"), "{html}");
        assert!(
            !html.contains("iVBORw0KGgo"),
            "the image part is not the page"
        );
    }
    let eight = std::fs::read(repo("tests/pages/saved/real/transfer_encoding_8bit.mht")).unwrap();
    let page = soundtracks::saved::unwrap(&eight).unwrap();
    let html = String::from_utf8(page.html.into_owned()).unwrap();
    assert!(html.contains("8-bit test - \u{1F609}</h1>"), "{html}");
    assert_eq!(page.content_type, None);
    assert_eq!(page.saved_at, None);
}

/// Pieces of the formats, in any order: the Wayback undoing, the marks and the MIME reader
/// meet their own syntax cut and joined at random.
fn pieces() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        "<head>",
        "<head ",
        ">",
        "<!-- End Wayback Rewrite JS Include -->",
        "<!-- BEGIN WAYBACK TOOLBAR INSERT -->",
        "<!-- END WAYBACK TOOLBAR INSERT -->",
        "<!--",
        "-->",
        " FILE ARCHIVED ON ",
        "__wm.wombat(\"",
        "\",\"",
        "https://web.archive.org/web/",
        "//web.archive.org/web/",
        "\"/web/",
        "20230510123456",
        "2023",
        "im_",
        "/",
        "https://acloserlisten.com/",
        "http",
        "\"",
        "<!-- saved from url=(",
        ")",
        "Page saved with SingleFile",
        "\n url: ",
        "\n saved date: ",
        "Tue May 09 2023 12:13:14 GMT+0200",
        "\n",
        "\u{e9}",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_saved_format_readers_never_panic_on_their_own_pieces(bytes in pieces()) {
        if let Ok(page) = soundtracks::saved::unwrap(&bytes) {
            // Undoing a Wayback view only ever takes bytes out.
            prop_assert!(page.html.len() <= bytes.len());
        }
    }
}
