//! Fuzz target: any bytes through the Wayback readers `refresh` uses on the archive's
//! answers: the CDX JSON reader, then (as text) the `Link` header tokenizer. No panic
//! allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soundtracks::fetch::wayback::{cdx, link};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut captures) = cdx::read_json(data) {
        cdx::newest_first(&mut captures);
    }
    let links = link::parse(&String::from_utf8_lossy(data));
    let _ = link::original(&links);
});
