#!/usr/bin/env python3
"""Extracts the recorded Cloudflare pages kept here from their public sources (README.md).

Run from a checkout of each source repository; it writes `<name>.htm` (the body, byte for
byte as recorded) and, where the source recorded them, `<name>.headers` (the status line and
the final response's headers). Only the wrappers are removed: PHP single-quoted string escapes
(\\' and \\\\) in oscarotero/Embed's cache files, and the markdown code block (its two-space
indent and the `{`/`}` lines around it) of the zrobank documentation page, whose visitor
IP address is also replaced by 192.0.2.1.

    python3 extract.py embed   PATH/TO/Embed/tests/cache/FILE.php NAME
    python3 extract.py raw     PATH/TO/FILE.html NAME
    python3 extract.py zrobank PATH/TO/otc_conversions_id_quotations.md NAME
"""
import re
import sys


def php_tokens(text):
    pos = 0
    token = re.compile(r"\s+|'((?:[^'\\]|\\.)*)'|(-?\d+)|(=>|\[|\]|,)|(<\?php|declare\(strict_types = 1\);|return|;)", re.S)
    while pos < len(text):
        m = token.match(text, pos)
        if not m:
            raise ValueError(f"unexpected at {pos}: {text[pos:pos+40]!r}")
        pos = m.end()
        if m.group(1) is not None:
            # PHP single-quoted: only \' and \\ are escapes.
            yield ("str", re.sub(r"\\([\\'])", r"\1", m.group(1)))
        elif m.group(2) is not None:
            yield ("int", int(m.group(2)))
        elif m.group(3) is not None:
            yield (m.group(3), None)


def php_value(tokens):
    kind, value = next(tokens)
    if kind in ("str", "int"):
        return value
    assert kind == "[", kind
    items, keyed = [], {}
    while True:
        kind, value = next(tokens)
        if kind == "]":
            return keyed if keyed else items
        if kind == ",":
            continue
        if kind in ("str", "int"):
            first = value
            nxt = next(tokens)
            if nxt[0] == "=>":
                keyed[first] = php_value(tokens)
                continue
            items.append(first)
            if nxt[0] == "]":
                return items
            continue
        raise ValueError(kind)


def embed(path, name):
    text = open(path, encoding="utf-8").read()
    tokens = php_tokens(text)
    data = php_value(tokens)
    open(f"{name}.htm", "w", encoding="utf-8", newline="").write(data["body"])
    lines = [f"HTTP {data['statusCode']} {data.get('reasonPhrase', '')}".rstrip()]
    for key, values in data["headers"].items():
        # The recorder merged the headers of a redirect and its target; the last is the page's.
        lines.append(f"{key}: {values[-1]}")
    open(f"{name}.headers", "w", encoding="utf-8").write("\n".join(lines) + "\n")


def raw(path, name):
    open(f"{name}.htm", "wb").write(open(path, "rb").read())


def zrobank(path, name):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "<!DOCTYPE html>")
    end = next(i for i, l in enumerate(lines) if i > start and l.strip() == "</html>")
    body = [l[2:] if l.startswith("  ") else l for l in lines[start : end + 1]]
    # The page shows the visitor's IP address; it is replaced by one from the documentation
    # range (RFC 5737). Nothing the detector reads is changed.
    body = [l.replace("189.3.37.34", "192.0.2.1") for l in body]
    open(f"{name}.htm", "w", encoding="utf-8").write("\n".join(body) + "\n")


if __name__ == "__main__":
    {"embed": embed, "raw": raw, "zrobank": zrobank}[sys.argv[1]](sys.argv[2], sys.argv[3])
