#!/usr/bin/env python3
"""The comparison implementation for BENCHMARKS.md (issue 5): the same job as
`soundtracks build`, written the straightforward way in Python with BeautifulSoup + lxml +
pyarrow.

Read each page, find the WordPress article body, take every bold or <h2>-<h4> heading that
reads `Composer ~ Title [Alt] (Label / Label, Year; soundtrack: Label, Year)`, split it into
its parts, collect the write-up and `(Reviewer)`, then write soundtracks.parquet,
soundtracks.json and manifest.json. It is not a port of every rule of the Rust parser (no
charset sniffing beyond BeautifulSoup's, no honourable-mention scoping), but it does the
same work per entry, so the timing comparison is fair.

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install beautifulsoup4 lxml pyarrow
    /tmp/benchvenv/bin/python bench/soundtracks.py PAGE.html... --out /tmp/py-out
"""

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from bs4 import BeautifulSoup, NavigableString, Tag

BODY_SELECTORS = [
    "article .entry-content", ".entry-content", ".wp-block-post-content",
    "[itemprop=articleBody]", "article",
]
SKIP_CLASSES = {"sharedaddy", "jp-relatedposts", "wp-block-embed", "widget", "comments-area"}
YEAR = r"(?:1[89]|20)\d{2}"
TILDE = re.compile(r"\s+~\s+")
TRAILING = re.compile(r"^(.*?)\s*\(([^()]*)\)[.:]?$")
ALT = re.compile(r"^(.*?)\s*\[([^\[\]]*)\]$")
YEAR_ONLY = re.compile(rf"^({YEAR})$")
LABEL_YEAR = re.compile(rf"^(?:(.*?)(?:\s*,\s*|\s+))?({YEAR})$")
EDITION = re.compile(r"^([^:,/]+?)\s*:\s*(.+)$")
MARKER = re.compile(r"(?i)^(?:soundtrack|score|album|ost)\s*:\s*")
MUSIC_FOR = re.compile(r"(?i)^music\s+(?:for|from)\s+(?:the\s+(?:film|movie|series|show)\s+)?(.+)$")
COMPOSER_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")
LOOKS = re.compile(rf"\S\s+~\s+\S|\([^()]*\b{YEAR}\b[^()]*\)[.:]?$")
ATTRIBUTION = re.compile(r"(?s)^(.*?)\s*\(([A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,4})\)$")
PART_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def clean(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = s.replace("'", "").replace("’", "")
    return "-".join(re.findall(r"[a-z0-9]+", s))


def parse_heading(text):
    h = {"composer": None, "composers": [], "title": "", "alt_title": None, "film_title": "",
         "film_year": None, "releases": []}
    m = TRAILING.match(text)
    head, details = (m.group(1), m.group(2)) if m else (text, "")
    parts = TILDE.split(head, maxsplit=1)
    if len(parts) == 2:
        h["composer"] = parts[0].strip()
        h["composers"] = [p.strip() for p in COMPOSER_SPLIT.split(parts[0]) if p.strip()]
        head = parts[1]
    m = ALT.match(head)
    if m:
        head, h["alt_title"] = m.group(1), m.group(2).strip()
    h["title"] = head.strip()
    mf = MUSIC_FOR.match(h["alt_title"] or "")
    h["film_title"] = mf.group(1).strip() if mf else h["title"]
    for seg in (s.strip() for s in details.split(";")):
        if not seg:
            continue
        if not h["releases"] and h["film_year"] is None and YEAR_ONLY.match(seg):
            h["film_year"] = int(seg)
            continue
        seg = MARKER.sub("", seg)
        labels, edition = [], None
        for part in (p.strip() for p in seg.split("/")):
            if not labels and edition is None:
                em = EDITION.match(part)
                if em:
                    edition, part = em.group(1).strip(), em.group(2).strip()
            ly = LABEL_YEAR.match(part)
            if ly:
                if ly.group(1):
                    labels.append(ly.group(1).strip())
                if not labels and h["releases"]:
                    labels = list(h["releases"][-1]["labels"])
                h["releases"].append({"labels": labels, "year": int(ly.group(2)), "edition": edition})
                labels, edition = [], None
            else:
                labels.append(part)
        if labels:
            h["releases"].append({"labels": labels, "year": None, "edition": edition})
    return h


def lines_of(body):
    """Flatten the body into (text, bold_prefix, in_heading) lines; block tags and <br> end a line."""
    lines, cur, bold = [], [], [""]
    state = {"plain": False}

    def flush():
        text = clean("".join(cur))
        if text:
            lines.append((text, clean(bold[0])))
        cur.clear()
        bold[0] = ""
        state["plain"] = False

    def walk(node, in_bold):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:  # comments, CDATA
                    continue
                cur.append(str(child))
                if in_bold and not state["plain"]:
                    bold[0] += str(child)
                elif child.strip():
                    state["plain"] = True
            elif isinstance(child, Tag):
                if child.name in ("script", "style", "form", "nav", "aside", "iframe"):
                    continue
                if SKIP_CLASSES.intersection(child.get("class") or []):
                    continue
                if child.name == "br":
                    flush()
                    continue
                block = child.name in ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4",
                                       "h5", "blockquote", "figure", "section")
                if block:
                    flush()
                heading = child.name in ("h2", "h3", "h4")
                walk(child, in_bold or heading or child.name in ("strong", "b"))
                if block:
                    flush()

    walk(body, False)
    flush()
    return lines


def parse_page(path):
    raw = path.read_bytes()
    soup = BeautifulSoup(raw, "lxml")
    body = next((el for sel in BODY_SELECTORS for el in soup.select(sel)), None)
    if body is None:
        raise SystemExit(f"{path}: no article body")
    title_el = soup.select_one("h1.entry-title") or soup.title
    title = clean(title_el.get_text()) if title_el else ""
    canonical = soup.select_one('link[rel="canonical"]')
    published = soup.select_one('meta[property="article:published_time"]')
    entries, current = [], None
    for text, bold in lines_of(body):
        if bold and LOOKS.search(bold):
            current = {"heading": bold, "paragraphs": [], "reviewer": None}
            entries.append(current)
            text = text[len(bold):].lstrip(" .:–—-")
        if current is None or current["reviewer"] is not None or not text:
            continue
        m = ATTRIBUTION.match(text)
        if m:
            current["reviewer"] = m.group(2)
            text = m.group(1).strip()
        if text:
            current["paragraphs"].append(text)
    m = re.search(r"(?i)\bpart\s+(\w+)", title)
    word = m.group(1).lower() if m else ""
    part = PART_WORDS.index(word) + 1 if word in PART_WORDS else int(word) if word.isdigit() else 0
    return {
        "file": path.name, "sha256": hashlib.sha256(raw).hexdigest(), "title": title, "part": part,
        "url": canonical["href"] if canonical else "",
        "published": published["content"] if published else None, "entries": entries,
    }


def rows_of(pages):
    rows, seen = [], {}
    for page in sorted(pages, key=lambda p: p["part"]):
        for i, e in enumerate(page["entries"], 1):
            h = parse_heading(e["heading"])
            base = slug(f"{h['composer'] or ''} {h['title']}") or f"part-{page['part']}-entry-{i}"
            seen[base] = seen.get(base, 0) + 1
            labels = []
            for r in h["releases"]:
                labels += [lb for lb in r["labels"] if lb not in labels]
            rows.append({
                "id": base if seen[base] == 1 else f"{base}-{seen[base]}",
                "part": page["part"], "position": i, "section": "main", "heading": e["heading"],
                "composer": h["composer"], "composers": h["composers"], "title": h["title"],
                "alt_title": h["alt_title"], "film_title": h["film_title"],
                "film_year": h["film_year"],
                "release_year": h["releases"][0]["year"] if h["releases"] else None,
                "labels": labels, "releases": h["releases"], "reviewer": e["reviewer"],
                "review": "\n\n".join(e["paragraphs"]), "source_url": page["url"],
            })
    return rows


SCHEMA = pa.schema([
    ("id", pa.string()), ("part", pa.int32()), ("position", pa.int32()),
    ("section", pa.string()), ("heading", pa.string()), ("composer", pa.string()),
    ("composers", pa.list_(pa.string())), ("title", pa.string()), ("alt_title", pa.string()),
    ("film_title", pa.string()), ("film_year", pa.int16()), ("release_year", pa.int16()),
    ("labels", pa.list_(pa.string())),
    ("releases", pa.list_(pa.struct([("labels", pa.list_(pa.string())), ("year", pa.int16()),
                                     ("edition", pa.string())]))),
    ("reviewer", pa.string()), ("review", pa.string()), ("source_url", pa.string()),
])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/py-out"))
    args = ap.parse_args()
    paths = []
    for p in args.pages:
        paths += sorted(p.rglob("*.html")) if p.is_dir() else [p]
    pages = [parse_page(p) for p in paths]
    rows = rows_of(pages)
    args.out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), args.out / "soundtracks.parquet",
                   compression="snappy")
    (args.out / "soundtracks.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    manifest = {"articles": [{k: p[k] for k in ("file", "url", "part", "title", "published",
                                                 "sha256")} | {"entries": len(p["entries"])}
                             for p in pages]}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    print(f"wrote {len(rows)} rows from {len(pages)} article(s) to {args.out}/", file=sys.stderr)


if __name__ == "__main__":
    main()
