#!/usr/bin/env python3
"""Writes the SYNTHETIC browser-saved copies of Part One kept here (README.md).

Each is the bundled fixture `fixtures/acloserlisten/part-one.html` wrapped the way a browser
or extension writes it; nothing of the article is changed. Deterministic: run from the
repository root, `python3 tests/pages/saved/make_saved_pages.py`.
"""
import base64
import pathlib
import quopri
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "tests/pages/saved"
PAGE = (ROOT / "fixtures/acloserlisten/part-one.html").read_bytes()
URL = "https://acloserlisten.com/2023/05/08/the-best-film-tv-soundtracks-of-all-time-part-one/"
CSS = b"body { color: #222; }\n"
TS = "20230510123456"


def qp(data: bytes) -> bytes:
    """Quoted-printable, lines of at most 76 characters, "=" as "=3D" (as Blink writes)."""
    return quopri.encodestring(data, quotetabs=False)


def blink(html: bytes, eol: bytes, location_header: str) -> bytes:
    """Chrome/Edge "Webpage, Single File": the page as quoted-printable, a stylesheet as base64."""
    boundary = "----MultipartBoundary--SyntheticTestBoundary0123456789----"
    head = [
        "From: <Saved by Blink>",
        f"{location_header}: {URL}",
        "Subject: =?utf-8?Q?The_Best_Film_&_TV_Soundtracks_of_All_Time_~_Part_One_=E2=80=93_A?=",
        " =?utf-8?Q?_Closer_Listen?=",
        "Date: Tue, 9 May 2023 10:11:12 +0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
    ]
    parts = [
        "\n".join(head).encode(),
        f"--{boundary}\nContent-Type: text/html\nContent-ID: <frame-0123456789ABCDEF@mhtml.blink>\n"
        f"Content-Transfer-Encoding: quoted-printable\nContent-Location: {URL}\n\n".encode(),
        qp(html),
        f"\n--{boundary}\nContent-Type: text/css\nContent-Transfer-Encoding: base64\n"
        "Content-Location: https://s0.wp.com/style.css\n\n".encode(),
        base64.encodebytes(CSS),
        f"\n--{boundary}--\n".encode(),
    ]
    return b"".join(parts).replace(b"\n", eol)


def internet_explorer_1252() -> bytes:
    """IE's `.mht`: the part names its charset, windows-1252, and so does the page."""
    html = PAGE.replace(b'<meta charset="UTF-8">', b'<meta charset="windows-1252">')
    html = html.decode("utf-8").encode("cp1252")
    boundary = "----=_NextPart_000_0012_01D98271.8AA06570"
    head = (
        'From: "Saved by Windows Internet Explorer 11"\n'
        "Subject: The Best Film & TV Soundtracks of All Time ~ Part One\n"
        "Date: Tue, 9 May 2023 10:11:12 -0000\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/related;\n"
        '\ttype="text/html";\n'
        f'\tboundary="{boundary}"\n'
        "\nThis is a multi-part message in MIME format.\n\n"
        f"--{boundary}\n"
        "Content-Type: text/html;\n"
        '\tcharset="Windows-1252"\n'
        "Content-Transfer-Encoding: quoted-printable\n"
        f"Content-Location: {URL}\n\n"
    ).encode()
    tail = f"\n--{boundary}\nContent-Type: text/css;\n\tcharset=\"iso-8859-1\"\nContent-Transfer-Encoding: 7bit\n\n".encode()
    return (head + qp(html) + tail + CSS + f"\n--{boundary}--\n".encode()).replace(b"\n", b"\r\n")


def single_file() -> bytes:
    """The SingleFile extension: its comment is the first child of <html>."""
    comment = (
        f"<!--\n Page saved with SingleFile \n url: {URL} \n"
        " saved date: Tue May 09 2023 12:13:14 GMT+0200 (Central European Summer Time)\n-->"
    ).encode()
    return PAGE.replace(b'<html lang="en">', b'<html lang="en">' + comment, 1)


def wayback_view() -> bytes:
    """Chrome's "Webpage, HTML only" of Part One viewed in the Wayback Machine."""
    html = PAGE
    html = html.replace(b"https://acloserlisten.com/", f"https://web.archive.org/web/{TS}/https://acloserlisten.com/".encode())
    html = html.replace(b"https://s0.wp.com/", f"https://web.archive.org/web/{TS}cs_/https://s0.wp.com/".encode())
    html = re.sub(rb'(?<=["\'])https://s1\.wp\.com/', f"/web/{TS}js_/https://s1.wp.com/".encode(), html)
    scripts = (
        '<script src="//archive.org/includes/athena.js" type="text/javascript"></script>\n'
        '<script type="text/javascript">window.addEventListener(\'DOMContentLoaded\',function(){var v=archive_analytics.values;v.service=\'wb\';});</script>\n'
        '<script type="text/javascript" src="https://web-static.archive.org/_static/js/bundle-playback.js?v=synthetic" charset="utf-8"></script>\n'
        '<script type="text/javascript">\n  __wm.init("https://web.archive.org/web");\n'
        f'  __wm.wombat("{URL}","{TS}","https://web.archive.org/","web","https://web-static.archive.org/_static/",\n\t      "1683722096");\n</script>\n'
        '<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/banner-styles.css?v=synthetic" />\n'
        "<!-- End Wayback Rewrite JS Include -->"
    ).encode()
    html = html.replace(b"<head>", b"<head>" + scripts, 1)
    toolbar = (
        '<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<script>__wm.rw(0);</script>\n'
        '<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;"><div id="wm-ipp" style="position:fixed;">'
        '<div id="wm-ipp-inside"><a href="/web/" title="Wayback Machine home page">Wayback Machine</a>'
        f'<form id="wm-ipp-form"><input type="text" name="url" value="{URL}"></form>'
        '<div id="wm-nav-captures"><a class="t" href="/web/20230510123456*/' + URL + '">1 capture</a></div>'
        "</div></div></div>\n<!-- END WAYBACK TOOLBAR INSERT -->"
    ).encode()
    html = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + toolbar, html, count=1)
    html += (
        "<!--\n     FILE ARCHIVED ON 12:34:56 May 10, 2023 AND RETRIEVED FROM THE\n"
        "     INTERNET ARCHIVE ON 10:00:00 Dec 04, 2026.\n     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.\n-->\n"
    ).encode()
    memento = f"https://web.archive.org/web/{TS}/{URL}"
    return f"<!-- saved from url=({len(memento):04d}){memento} -->\n".encode() + html


def main():
    files = {
        "part-one.crlf.mhtml": blink(PAGE, b"\r\n", "Snapshot-Content-Location"),
        "part-one.lf.mhtml": blink(PAGE, b"\n", "X-Snapshot-Content-Location"),
        "part-one.windows-1252.mht": internet_explorer_1252(),
        "part-one.singlefile.html": single_file(),
        "part-one.wayback.html": wayback_view(),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
