//! Fuzz target: any bytes through the page pipeline as `build` runs it: charset decoding,
//! then page parsing, then the heading grammar on every entry found. No panic allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soundtracks::parse::decode::decode;
use soundtracks::parse::heading::parse;
use soundtracks::parse::page::parse_page;

fuzz_target!(|data: &[u8]| {
    // Decoding rejects most random bytes (no <html>, truncated…); parse the lossy text too,
    // so the HTML parser and the body walker see every input.
    if let Ok(decoded) = decode(data, None) {
        run(&decoded.text);
    }
    run(&String::from_utf8_lossy(data));
});

fn run(html: &str) {
    if let Ok(page) = parse_page(html) {
        for entry in &page.entries {
            assert!(!entry.heading.is_empty());
            let _ = parse(&entry.heading);
        }
    }
}
