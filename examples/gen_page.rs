//! Writes a synthetic WordPress-like page with N entries to stdout, for the scaling
//! measurements in BENCHMARKS.md (issue 5):
//!
//!     cargo run --release --example gen_page -- 10000 > /tmp/synthetic-10000.html

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::io::Write;

fn main() {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_page N > page.html");
            std::process::exit(2);
        }
    };
    let page = synthetic::page(n);
    if let Err(e) = std::io::stdout().lock().write_all(page.as_bytes()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
