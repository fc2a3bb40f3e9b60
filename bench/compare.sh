#!/usr/bin/env bash
# Two release binaries side by side, in alternating rounds, and the Python peer right after:
# the "Current figures" and "Before and after" tables of BENCHMARKS.md.
#   bash bench/compare.sh OLD_BINARY NEW_BINARY    (copy each binary to /tmp first)
# Needs hyperfine, /usr/bin/time and the venv of bench/run.sh; outputs go to $OUT (tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:?old binary}; A=${2:?new binary}
PY=${PY:-/tmp/benchvenv/bin/python}
OUT=${OUT:-/dev/shm/soundtracks-compare}
rm -rf "$OUT"; mkdir -p "$OUT/pages"
cargo build --release --example alternate --example gen_page
ALT=target/release/examples/alternate
echo "== machine"; nproc; uptime
echo "== bundled fixtures, alternating 200 rounds"
$ALT 200 -- "$B" build --out "$OUT/b-fixture" -- "$A" build --out "$OUT/a-fixture"
diff -r "$OUT/b-fixture" "$OUT/a-fixture" && echo "fixture outputs identical"
echo "== Python peer, fixture"
hyperfine --warmup 2 --runs 10 --export-json "$OUT/fixture-python.json" \
    "$PY bench/soundtracks.py fixtures/acloserlisten/part-one.html --out $OUT/py-fixture"
echo "== 100000 entries"
page="$OUT/pages/synthetic-100000.html"
target/release/examples/gen_page 100000 > "$page"
$ALT 3 -- "$B" build "$page" --out "$OUT/b-100k" --max-input-bytes 200000000 \
    -- "$A" build "$page" --out "$OUT/a-100k" --max-input-bytes 200000000
diff -r "$OUT/b-100k" "$OUT/a-100k" && echo "100k outputs identical"
for bin in "$B" "$A" "$B" "$A"; do
    /usr/bin/time -f "$bin peak %M KiB wall %e s" "$bin" build "$page" --out "$OUT/rss" --max-input-bytes 200000000 > /dev/null
done
/usr/bin/time -f "python peak %M KiB wall %e s" "$PY" bench/soundtracks.py "$page" --out "$OUT/py-100k" > /dev/null
uptime
