#!/usr/bin/env bash
# Reproduces the release-binary and Python figures in BENCHMARKS.md (issue 5).
#   python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install beautifulsoup4 lxml pyarrow
#   apt-get install -y hyperfine
#   bash bench/run.sh            # hyperfine JSON + /usr/bin/time logs in $OUT (/tmp/soundtracks-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/tmp/benchvenv/bin/python}
OUT=${OUT:-/tmp/soundtracks-bench}
mkdir -p "$OUT/pages"
cargo build --release --bin soundtracks --example gen_page
BIN=target/release/soundtracks

echo "== machine"; nproc; grep -m1 'model name' /proc/cpuinfo; free -h | sed -n 2p; uptime

echo "== bundled fixtures: release binary vs Python"
hyperfine -N --warmup 5 --runs 50 --export-json "$OUT/fixture-rust.json" "$BIN build --out $OUT/rust-fixture"
hyperfine --warmup 2 --runs 10 --export-json "$OUT/fixture-python.json" \
    "$PY bench/soundtracks.py fixtures/acloserlisten/part-one.html --out $OUT/py-fixture"
hyperfine --warmup 2 --runs 10 --export-json "$OUT/python-imports.json" \
    "$PY -c 'import bs4, lxml, pyarrow, pyarrow.parquet'"

echo "== scaling: synthetic pages of N entries"
for n in 100 1000 10000 100000; do
    page="$OUT/pages/synthetic-$n.html"
    target/release/examples/gen_page "$n" > "$page"
    case $n in 100000) rr=3; pr=1 ;; 10000) rr=10; pr=3 ;; *) rr=20; pr=5 ;; esac
    hyperfine -N --warmup 1 --runs $rr --export-json "$OUT/scale-rust-$n.json" \
        "$BIN build $page --out $OUT/rust-$n --max-input-bytes 200000000"
    hyperfine --warmup 0 --runs $pr --export-json "$OUT/scale-python-$n.json" \
        "$PY bench/soundtracks.py $page --out $OUT/py-$n"
    /usr/bin/time -v "$BIN" build "$page" --out "$OUT/rust-$n" --max-input-bytes 200000000 2> "$OUT/rss-rust-$n.txt"
    /usr/bin/time -v "$PY" bench/soundtracks.py "$page" --out "$OUT/py-$n" 2> "$OUT/rss-python-$n.txt"
done

echo "== summary (medians)"
python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
med = lambda f: json.load(open(os.path.join(out, f)))["results"][0]["median"]
rss = lambda f: int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(os.path.join(out, f)).read()).group(1))
r, p = med("fixture-rust.json"), med("fixture-python.json")
print(f"fixtures: rust {r*1e3:.1f} ms, python {p*1e3:.0f} ms, ratio {p/r:.1f}x; python imports alone {med('python-imports.json')*1e3:.0f} ms")
# Sizes in MB (10^6 bytes): the page's bytes and the peak RSS (time -v reports KiB), so that
# their ratio is the issue's "peak RSS / input size".
print("| N | page MB | rust median s | rust peak RSS MB | RSS / page | python median s | python peak RSS MB | ratio |")
for n in (100, 1000, 10000, 100000):
    size = os.path.getsize(os.path.join(out, "pages", f"synthetic-{n}.html")) / 1e6
    r, p = med(f"scale-rust-{n}.json"), med(f"scale-python-{n}.json")
    rust_mb = rss(f"rss-rust-{n}.txt") * 1024 / 1e6
    py_mb = rss(f"rss-python-{n}.txt") * 1024 / 1e6
    print(f"| {n} | {size:.1f} | {r:.3f} | {rust_mb:.0f} | {rust_mb/size:.2f}x | {p:.3f} | {py_mb:.0f} | {p/r:.1f}x |")
PY
