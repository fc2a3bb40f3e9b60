//! Parses one saved page N times and prints the time per parse, for profiling the parser
//! alone (BENCHMARKS.md, issue 11):
//!
//!     cargo build --release --example parse_loop
//!     perf record -g target/release/examples/parse_loop fixtures/acloserlisten/part-one.html 3000
//!
//! Throughput figures come from criterion (`cargo bench --bench pipeline`), not from this.

use std::process::ExitCode;
use std::time::Instant;

use soundtracks::parse::decode::decode;
use soundtracks::parse::page::parse_page;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(Ok(n))) = (args.next(), args.next().map(|n| n.parse::<u32>())) else {
        eprintln!("usage: parse_loop PAGE.html TIMES");
        return ExitCode::FAILURE;
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let html = match decode(&bytes, None) {
        Ok(decoded) => decoded.text.into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let mut entries = 0;
    for _ in 0..n.max(1) {
        match parse_page(&html) {
            Ok(page) => entries = page.entries.len(),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let each = start.elapsed().as_secs_f64() / f64::from(n.max(1));
    eprintln!(
        "{entries} entries; {:.3} ms per parse; {:.1} MiB/s",
        each * 1e3,
        html.len() as f64 / each / f64::from(1 << 20)
    );
    ExitCode::SUCCESS
}
