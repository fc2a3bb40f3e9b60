//! Fuzz target: any bytes (as UTF-8, lossily) through the heading grammar. The property is
//! the one `tests/properties.rs` checks: no panic; Ok has a title and dated releases; Err
//! names at least one problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soundtracks::parse::heading::{looks_like_heading, parse};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = looks_like_heading(&s);
    match parse(&s) {
        Ok(h) => {
            assert!(!h.title.is_empty());
            assert!(!h.releases.is_empty());
            assert!(h.releases.iter().all(|r| r.year.is_some()));
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
});
