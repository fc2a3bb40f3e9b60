"""Writes the SYNTHETIC enrichment cache under tests/enrich/cache/enrichment/ from the rows
of output/soundtracks.json (Part One). Every id here is made up (Q100000x, tt900000x,
00000000-0000-4000-8000-00000000000x): none stands for a real item, film or release group.
Run from the repository root: python3 tests/enrich/cache/make_cache.py"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent / "enrichment"
rows = {r["id"]: r for r in json.loads((ROOT / "output" / "soundtracks.json").read_text("utf-8"))}


def inputs(row):
    year = row["film_year"] if row["film_year_source"] == "heading" else None
    return {
        "id": row["id"],
        "title": row["title"],
        "alt_title": row["alt_title"],
        "film_title": row["film_title"],
        "composers": row["composers"],
        "film_year": year,
        "release_year": row["release_year"],
    }


def evidence(title=None, composers=(), years=()):
    return {"title": title, "composers": list(composers), "years": list(years)}


def candidate(id, label, years=(), note=None):
    return {"id": id, "label": label, "description": "synthetic candidate", "years": list(years),
            "composers": [], "note": note}


def film(status, rule, wikidata=None, imdb=None, year=None, candidates=()):
    ev = evidence(None, years=[year] if year else [])
    return {"status": status, "rule": rule, "wikidata": wikidata, "imdb": imdb, "year": year,
            "soundtracks": [], "evidence": ev, "candidates": list(candidates)}


def group(status, rule, mbid=None):
    return {"status": status, "rule": rule, "mbid": mbid, "evidence": evidence(), "candidates": []}


def mbid(n):
    return f"00000000-0000-4000-8000-{n:012d}"


def decision(id, film, group, notes=()):
    if film["status"] == "linked":
        film["evidence"]["title"] = f"en: {rows[id]['film_title']}"
    return {"id": id, "inputs": inputs(rows[id]), "film": film, "release_group": group, "notes": list(notes)}


DECISIONS = [
    # Linked both ways; the heading states no film year, so Wikidata's fills it.
    decision("marco-beltrami-a-quiet-place",
             film("linked", "title+composer", "Q1000001", "tt9000001", 2018),
             group("linked", "wikidata-p406", mbid(1))),
    # Linked, but the heading's film year (1956) wins over Wikidata's (1954).
    decision("bebe-and-louis-barron-forbidden-planet",
             film("linked", "title+composer", "Q1000002", "tt9000002", 1954),
             group("review", "search"),
             ["the heading says 1956, Wikidata 1954"]),
    # The film year 1982 groups the row, not the release's 1983.
    decision("philip-glass-koyaanisqatsi",
             film("linked", "title+year", "Q1000003", None, 1982),
             group("linked", "search", mbid(3))),
    # Review: the override chooses the film and gives its year.
    decision("wendy-carlos-tron",
             film("review", "rival", candidates=[candidate("Q1000004", "Tron", [1982]),
                                                  candidate("Q1000014", "Tron", [2010])]),
             group("unmatched", "no-candidate")),
    # Linked; the override removes the IMDb id only.
    decision("jonny-greenwood-phantom-thread",
             film("linked", "title+composer", "Q1000005", "tt9000005", 2017),
             group("unmatched", "no-candidate")),
    # Linked, but the override says not applicable: every link cleared.
    decision("walt-disneys-fantasia",
             film("linked", "title+year", "Q1000006", "tt9000006", 1940),
             group("linked", "search", mbid(6))),
    # Linked; the override picks another item: the decision's IMDb id and year go with it.
    decision("nicholas-britell-moonlight",
             film("linked", "title+composer", "Q1000007", "tt9000007", 2016),
             group("unmatched", "no-candidate")),
    decision("joe-hisaishi-spirited-away", film("unmatched", "no-candidate"), group("unmatched", "no-candidate")),
    decision("eleni-karaindro-music-for-films", film("not_applicable", "compilation"),
             group("not_applicable", "compilation")),
]

OVERRIDES = {
    "jonny-greenwood-phantom-thread": {"film_imdb": None, "note": "synthetic: remove the IMDb id"},
    "nicholas-britell-moonlight": {"film_wikidata": "Q1000008", "note": "synthetic: another item"},
    "no-such-row": {"film_wikidata": "Q1000009", "note": "synthetic: a row the dataset does not have"},
    "walt-disneys-fantasia": {"not_applicable": True, "note": "synthetic: a compilation"},
    "wendy-carlos-tron": {"film_wikidata": "Q1000004", "film_year": 1982, "note": "synthetic: the 1982 film"},
}


def dump(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


(HERE / "decisions").mkdir(parents=True, exist_ok=True)
for d in DECISIONS:
    (HERE / "decisions" / f"{d['id']}.json").write_text(dump(d), encoding="utf-8")
(HERE / "overrides.json").write_text(dump(OVERRIDES), encoding="utf-8")
