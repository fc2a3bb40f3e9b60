//! Property tests for the Wayback readers: the CDX JSON reader and the `Link` tokenizer take
//! any bytes without panicking, and what they are built to read comes back whole. Case
//! counts are small so `cargo test` stays fast.

use proptest::prelude::*;
use proptest::test_runner::Config;

use soundtracks::fetch::wayback::{cdx, link};

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text built from what the two formats are made of, so the readers' branches are reached
/// more often than by random bytes alone.
fn format_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("[".to_string()),
            Just("]".to_string()),
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just(";".to_string()),
            Just("=".to_string()),
            Just(" rel=".to_string()),
            Just("\"timestamp\"".to_string()),
            Just("\"original\"".to_string()),
            Just("\"-\"".to_string()),
            Just("\"20230510082959\"".to_string()),
            "[ -~éß]{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn cdx_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = cdx::read_json(&bytes);
    }

    #[test]
    fn link_reader_takes_any_text(text in "\\PC{0,300}") {
        let _ = link::parse(&text);
    }

    #[test]
    fn both_take_format_soup(text in format_soup()) {
        let _ = cdx::read_json(text.as_bytes());
        let links = link::parse(&text);
        prop_assert!(links.len() <= text.matches('<').count());
    }

    /// Every row of an answer shaped as the server writes it is read, repeats once.
    #[test]
    fn cdx_rows_come_back(rows in prop::collection::vec(("[0-9]{14}", "https?://[a-z]{1,8}\\.org/[a-z/]{0,12}", prop_oneof![Just("200"), Just("403"), Just("-")]), 0..12)) {
        let mut body = String::from("[");
        for (i, (ts, url, status)) in rows.iter().enumerate() {
            if i == 0 {
                body.push_str("[\"timestamp\",\"original\",\"statuscode\"],\n");
            } else {
                body.push_str(",\n");
            }
            body.push_str(&format!("[\"{ts}\", \"{url}\", \"{status}\"]"));
        }
        body.push_str("]\n");
        let got = cdx::read_json(body.as_bytes()).unwrap();
        let mut distinct = rows.clone();
        let mut seen = std::collections::HashSet::new();
        distinct.retain(|r| seen.insert(r.clone()));
        prop_assert_eq!(got.len(), distinct.len());
        for (c, (ts, url, status)) in got.iter().zip(&distinct) {
            prop_assert_eq!(&c.timestamp, ts);
            prop_assert_eq!(&c.original, url);
            prop_assert_eq!(c.status, status.parse::<u16>().ok());
        }
    }

    /// A header rendered from links, dates with commas in them, parses back to them.
    #[test]
    fn link_headers_come_back(links in prop::collection::vec(("https://[a-z]{1,8}\\.org/[a-z0-9/]{0,10}", prop::collection::vec("[a-z]{1,8}", 0..3), prop::option::of("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT")), 0..6)) {
        let header: Vec<String> = links
            .iter()
            .map(|(target, rel, datetime)| {
                let mut s = format!("<{target}>");
                if !rel.is_empty() {
                    s.push_str(&format!("; rel=\"{}\"", rel.join(" ")));
                }
                if let Some(d) = datetime {
                    s.push_str(&format!("; datetime=\"{d}\""));
                }
                s
            })
            .collect();
        let got = link::parse(&header.join(", "));
        prop_assert_eq!(got.len(), links.len());
        for (l, (target, rel, datetime)) in got.iter().zip(&links) {
            prop_assert_eq!(&l.target, target);
            prop_assert_eq!(&l.rel, rel);
            prop_assert_eq!(&l.datetime, datetime);
        }
    }
}
