#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures (issue 5): every Part One heading as one file
# for the heading target, every bundled and test page for the page target.
# Run from anywhere; writes fuzz/corpus/{heading,page}/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/fuzz/corpus/heading" "$root/fuzz/corpus/page"
python3 - "$root" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
rows = json.loads((root / "output" / "soundtracks.json").read_text(encoding="utf-8"))
for i, row in enumerate(rows, 1):
    (root / "fuzz" / "corpus" / "heading" / f"fixture-{i:02}").write_text(row["heading"], encoding="utf-8")
PY
for page in "$root"/fixtures/acloserlisten/*.html "$root"/tests/pages/*.html "$root"/tests/pages/bad/*.html; do
    cp "$page" "$root/fuzz/corpus/page/$(basename "$(dirname "$page")")-$(basename "$page")"
done
echo "seeded: $(ls "$root/fuzz/corpus/heading" | wc -l) headings, $(ls "$root/fuzz/corpus/page" | wc -l) pages"
