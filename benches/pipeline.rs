//! Criterion benchmarks (issue 5): heading normalization per heading, page parsing
//! throughput, the whole build of the bundled fixtures, and scaling with synthetic pages of
//! N entries. Figures and the commands that produced them are in BENCHMARKS.md.
//!
//!     cargo bench --bench pipeline                 # everything
//!     cargo bench --bench pipeline -- heading      # one group
//!
//! CI only compiles these (`cargo bench --no-run`).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use soundtracks::build::{collect, BuildOptions};
use soundtracks::parse::heading;
use soundtracks::parse::page::parse_page;
use soundtracks::write::render_all;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `heading::parse` on each of the 27 Part One headings, and on all of them per iteration.
fn headings(c: &mut Criterion) {
    let page = parse_page(synthetic::FIXTURE).expect("fixture parses");
    let all: Vec<String> = page.entries.iter().map(|e| e.heading.clone()).collect();
    let mut group = c.benchmark_group("heading");
    group.throughput(Throughput::Elements(all.len() as u64));
    group.bench_function("parse_all_27", |b| {
        b.iter(|| {
            for h in &all {
                let _ = black_box(heading::parse(black_box(h)));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    for (i, h) in all.iter().enumerate() {
        group.bench_with_input(BenchmarkId::new("parse", i + 1), h, |b, h| {
            b.iter(|| heading::parse(black_box(h)))
        });
    }
    group.finish();
}

/// `parse_page` on the fixture: bytes per second.
fn page_parsing(c: &mut Criterion) {
    let html = synthetic::FIXTURE;
    let mut group = c.benchmark_group("page");
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("parse_page_fixture", |b| {
        b.iter(|| parse_page(black_box(html)).expect("fixture parses"))
    });
    group.finish();
}

/// The whole build minus the final file writes: discover, read, decode, parse, assemble
/// (`collect`), then render JSON, Parquet and the manifest (`render_all`).
fn whole_build(c: &mut Criterion) {
    let inputs = vec![fixtures_dir()];
    let opts = BuildOptions::default();
    let mut group = c.benchmark_group("build");
    group.bench_function("collect_render_all_fixtures", |b| {
        b.iter(|| {
            let dataset = collect(black_box(&inputs), &opts).expect("fixtures build");
            render_all(&dataset).expect("render")
        })
    });
    group.finish();
}

/// `parse_page` on synthetic pages of N entries; time per page and bytes per second.
/// (100 000 entries is measured with the release binary instead, see BENCHMARKS.md.)
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for n in [100usize, 1_000, 10_000] {
        let html = synthetic::page(n);
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_page", n), &html, |b, html| {
            b.iter(|| {
                let page = parse_page(black_box(html)).expect("synthetic page parses");
                assert_eq!(page.entries.len(), n + 2);
                page
            })
        });
    }
    group.finish();
}

criterion_group!(benches, headings, page_parsing, whole_build, scaling);
criterion_main!(benches);
