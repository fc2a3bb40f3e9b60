"""The reader suite: loads the committed output/ with the tools analysts use (pyarrow,
pandas, polars, DuckDB, frictionless) and checks that types, rows and values come through
as the data dictionary says, that every file format holds the same data, and that the
loading examples of README.md and docs/ run verbatim.

It builds nothing: `cargo test` (run first by .ci/run) fails when output/ is stale.
Expected types are written out here, not derived from the code under test; expected counts
come from manifest.json (rows, parts, entries per part), so the suite holds for any number
of parts. Part One's own figures are checked by name.
"""

import csv
import io
import json
import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import OUT, ROOT

STR = pa.string()
STR_LIST = pa.list_(pa.field("item", pa.string(), nullable=False))
RELEASE = pa.struct(
    [
        pa.field("labels", STR_LIST, nullable=False),
        pa.field("year", pa.int32()),
        pa.field("edition", pa.string()),
    ]
)

# (name, type, nullable) of soundtracks.parquet, as in the README's data dictionary.
SOUNDTRACKS_SCHEMA = [
    ("id", STR, False),
    ("part", pa.int32(), False),
    ("position", pa.int32(), False),
    ("section", STR, False),
    ("heading", STR, False),
    ("composer", STR, True),
    ("composers", STR_LIST, False),
    ("title", STR, False),
    ("alt_title", STR, True),
    ("film_title", STR, False),
    ("film_year", pa.int32(), True),
    ("film_year_source", STR, True),
    ("release_year", pa.int32(), True),
    ("year", pa.int32(), True),
    ("year_basis", STR, True),
    ("decade", pa.int32(), True),
    ("labels", STR_LIST, False),
    ("releases", pa.list_(pa.field("item", RELEASE, nullable=False)), False),
    ("reviewer", STR, True),
    ("review", STR, False),
    ("source_url", STR, False),
    ("film_wikidata", STR, True),
    ("film_imdb", STR, True),
    ("release_group_mbid", STR, True),
]

# The link columns and the shape of their values, written out here (not read from the code).
LINK_PATTERNS = {
    "film_wikidata": r"Q[1-9][0-9]*",
    "film_imdb": r"tt[0-9]{7,}",
    "release_group_mbid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
}

RELEASE_LABELS_SCHEMA = [
    ("id", STR, False),
    ("release_index", pa.int32(), False),
    ("label_index", pa.int32(), False),
    ("label", STR, True),
    ("edition", STR, True),
    ("released", pa.int32(), True),
]

LIST_COLUMNS = {"composers", "labels", "releases"}


@pytest.fixture(scope="module")
def rows(out: Path) -> list[dict]:
    return json.loads((out / "soundtracks.json").read_text(encoding="utf-8"))


def long_rows(rows: list[dict]) -> list[dict]:
    """release_labels.parquet as the README defines it, computed from soundtracks.json."""
    long = []
    for r in rows:
        for i, rel in enumerate(r["releases"], start=1):
            for j, label in enumerate(rel["labels"] or [None], start=1):
                long.append(
                    {
                        "id": r["id"],
                        "release_index": i,
                        "label_index": j,
                        "label": label,
                        "edition": rel["edition"],
                        "released": rel["year"],
                    }
                )
    return long


def plain(value):
    """pandas cells → plain Python: numpy arrays to lists, NaN/NA to None, numpy ints to int."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    return value


# --- pyarrow: schemas, metadata, encodings -------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [("soundtracks.parquet", SOUNDTRACKS_SCHEMA), ("release_labels.parquet", RELEASE_LABELS_SCHEMA)],
)
def test_parquet_schema(out, name, expected):
    schema = pq.read_schema(out / name)
    got = [(f.name, f.type, f.nullable) for f in schema]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (gname, gtype, gnull), (_, etype, enull) in zip(got, expected):
        assert gtype.equals(etype, check_metadata=False), f"{name}.{gname}: {gtype} != {etype}"
        assert gnull == enull, f"{name}.{gname}: nullable {gnull}, expected {enull}"
    if name == "soundtracks.parquet":
        releases = schema.field("releases").type
        assert pa.types.is_list(releases) and pa.types.is_struct(releases.value_type)
        assert releases.value_type.field("year").type == pa.int32()


@pytest.mark.parametrize(
    "name, dictionary",
    [
        ("soundtracks.parquet", {"section", "film_year_source", "year_basis", "reviewer", "labels.list.item"}),
        ("release_labels.parquet", {"label"}),
    ],
)
def test_parquet_writer_settings(out, rows, name, dictionary):
    meta = pq.ParquetFile(out / name).metadata
    assert meta.created_by.startswith("soundtracks "), meta.created_by
    assert meta.num_row_groups == 1
    group = meta.row_group(0)
    with_dictionary = set()
    for i in range(group.num_columns):
        col = group.column(i)
        assert col.compression == "SNAPPY", col.path_in_schema
        if col.has_dictionary_page:
            with_dictionary.add(col.path_in_schema)
            assert "RLE_DICTIONARY" in col.encodings
    assert with_dictionary == dictionary
    kv = {k.decode(): v.decode() for k, v in meta.metadata.items()}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert kv["soundtracks.schema_version"] == str(manifest["schema_version"])
    assert kv["soundtracks.tool_version"] == manifest["tool_version"]
    sources = json.loads(kv["soundtracks.sources"])
    assert [(s["url"], s["part"], s["sha256"], s["fetched_at"]) for s in sources] == [
        (a["url"], a["part"], a["sha256"], a["fetched_at"]) for a in manifest["articles"]
    ]


def test_rows_and_parts_match_the_manifest(out, rows, manifest):
    table = pq.read_table(out / "soundtracks.parquet")
    assert table.num_rows == len(rows) == manifest["rows"]
    ids = table.column("id").to_pylist()
    assert None not in ids and len(set(ids)) == len(ids)
    articles = sorted(manifest["articles"], key=lambda a: a["part"])
    # Parts in order, and within each part the positions 1, 2, … in order.
    expected = [(a["part"], p) for a in articles for p in range(1, a["entries"] + 1)]
    got = list(zip(table.column("part").to_pylist(), table.column("position").to_pylist()))
    assert got == expected
    urls = {a["part"]: a["url"] for a in articles}
    assert all(r["source_url"] == urls[r["part"]] for r in rows)


def test_part_one_rows(out, rows):
    one = [r for r in rows if r["part"] == 1]
    assert len(one) == 27
    assert [r["position"] for r in one] == list(range(1, 28))
    assert [r["section"] for r in one] == ["honourable_mention"] * 2 + ["main"] * 25
    assert one[2]["id"] == "angelo-badalamenti-twin-peaks"
    assert one[-1]["composer"] == "Eleni Karaindro"


# --- the same data through every reader -----------------------------------------------------


def test_pyarrow_equals_json(out, rows):
    assert pq.read_table(out / "soundtracks.parquet").to_pylist() == rows


def test_polars_equals_json(out, rows):
    df = pl.read_parquet(out / "soundtracks.parquet")
    assert df.schema["film_year"] == pl.Int32
    assert df.schema["position"] == pl.Int32
    assert df.schema["labels"] == pl.List(pl.String)
    assert df.schema["releases"] == pl.List(
        pl.Struct({"labels": pl.List(pl.String), "year": pl.Int32, "edition": pl.String})
    )
    assert df.to_dicts() == rows


def test_pandas_equals_json(out, rows):
    df = pd.read_parquet(out / "soundtracks.parquet")
    assert list(df.columns) == [c[0] for c in SOUNDTRACKS_SCHEMA]
    records = [{k: plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]
    assert records == rows
    # With Arrow-backed dtypes pandas keeps the integer widths and nulls exactly.
    typed = pd.read_parquet(out / "soundtracks.parquet", dtype_backend="pyarrow")
    assert str(typed["film_year"].dtype) == "int32[pyarrow]"
    assert str(typed["release_year"].dtype) == "int32[pyarrow]"
    assert str(typed["part"].dtype) == "int32[pyarrow]"
    assert typed["film_year"].isna().sum() == sum(r["film_year"] is None for r in rows)


def test_duckdb_equals_json(out, rows):
    path = str(out / "soundtracks.parquet")
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["part"] == "INTEGER"
    assert types["film_year"] == "INTEGER"
    assert types["labels"] == "VARCHAR[]"
    assert types["releases"] == 'STRUCT(labels VARCHAR[], "year" INTEGER, edition VARCHAR)[]'
    rel = duckdb.sql(f"SELECT * FROM '{path}' ORDER BY part, position")
    got = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    assert got == rows


def test_release_labels_parquet_is_the_unnested_releases(out, rows):
    assert pq.read_table(out / "release_labels.parquet").to_pylist() == long_rows(rows)


def test_release_labels_join_back_without_clashing_names(out):
    soundtracks = pq.read_schema(out / "soundtracks.parquet").names
    long = pq.read_schema(out / "release_labels.parquet").names
    assert set(soundtracks) & set(long) == {"id"}
    key = ["id", "release_index", "label_index"]
    df = pl.read_parquet(out / "release_labels.parquet")
    assert df.select(key).is_duplicated().sum() == 0
    assert df.select(key).null_count().row(0) == (0, 0, 0)


def test_years_are_int32_and_arithmetic_does_not_wrap(out, rows):
    """An analyst's first queries: years times 100 must not overflow in any reader."""
    pdf = pd.read_parquet(out / "soundtracks.parquet")
    want = [r["release_year"] * 100 for r in rows if r["release_year"] is not None]
    assert [int(v) for v in (pdf["release_year"].dropna() * 100)] == want
    pldf = pl.read_parquet(out / "soundtracks.parquet")
    assert pldf["release_year"].drop_nulls().__mul__(100).to_list() == want
    path = str(out / "soundtracks.parquet")
    got = duckdb.sql(f"SELECT release_year * 100 FROM '{path}' WHERE release_year IS NOT NULL ORDER BY part, position").fetchall()
    assert [g[0] for g in got] == want


def test_year_is_the_film_year_else_the_release_year(rows):
    for r in rows:
        year = r["film_year"] if r["film_year"] is not None else r["release_year"]
        basis = None if year is None else "film" if r["film_year"] is not None else "release"
        assert (r["year"], r["year_basis"]) == (year, basis), r["id"]
        assert r["decade"] == (None if year is None else year // 10 * 10), r["id"]


def test_film_year_source_says_where_film_year_comes_from(rows):
    for r in rows:
        if r["film_year"] is None:
            assert r["film_year_source"] is None, r["id"]
        else:
            assert r["film_year_source"] in {"heading", "wikidata"}, r["id"]
    # The heading's film year is the one the heading text states.
    for r in rows:
        if r["film_year_source"] == "heading":
            assert str(r["film_year"]) in r["heading"], r["id"]


def test_link_columns_hold_ids_and_are_counted_in_the_manifest(out, rows, manifest):
    for column, pattern in LINK_PATTERNS.items():
        values = [r[column] for r in rows if r[column] is not None]
        assert all(re.fullmatch(pattern, v) for v in values), (column, values)
        assert manifest["linked"][column] == len(values), column
    from_wikidata = sum(r["film_year_source"] == "wikidata" for r in rows)
    assert manifest["linked"]["film_year_from_wikidata"] == from_wikidata
    # Every reader gets them as nullable strings.
    pldf = pl.read_parquet(out / "soundtracks.parquet")
    typed = pd.read_parquet(out / "soundtracks.parquet", dtype_backend="pyarrow")
    path = str(out / "soundtracks.parquet")
    types = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{path}')").fetchall())
    for column in [*LINK_PATTERNS, "film_year_source"]:
        assert pldf.schema[column] == pl.String, column
        assert str(typed[column].dtype).startswith("string"), (column, typed[column].dtype)
        assert types[column] == "VARCHAR", column


def test_links_are_null_while_no_decisions_are_committed(out, rows):
    """No machine here reaches Wikidata or MusicBrainz: without decisions or overrides in
    fixtures/enrichment/, every link of the committed output/ is null and every film year
    is the heading's."""
    if out != ROOT / "output":
        pytest.skip("not the committed output/")
    enrichment = ROOT / "fixtures" / "enrichment"
    decisions = list((enrichment / "decisions").glob("*.json"))
    overrides = json.loads((enrichment / "overrides.json").read_text(encoding="utf-8"))
    if decisions or overrides:
        pytest.skip("decisions or overrides are committed")
    for r in rows:
        assert [r[c] for c in LINK_PATTERNS] == [None, None, None], r["id"]
        assert r["film_year_source"] in {None, "heading"}, r["id"]


def test_json_read_with_the_parquet_schema_concatenates(out):
    """JSON carries no integer widths: read it with the Parquet file's schema and the two
    frames have the same dtypes, so polars can concatenate them."""
    schema = pl.read_parquet_schema(out / "soundtracks.parquet")
    from_json = pl.read_ndjson(out / "soundtracks.jsonl", schema=schema)
    from_parquet = pl.read_parquet(out / "soundtracks.parquet")
    both = pl.concat([from_parquet, from_json])
    assert both.height == 2 * from_parquet.height
    assert from_json.schema == from_parquet.schema


# --- the other file formats -----------------------------------------------------------------


def test_jsonl_equals_json(out, rows):
    text = (out / "soundtracks.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    assert [json.loads(line) for line in lines] == rows
    for line, row in zip(lines, rows):
        assert list(json.loads(line)) == list(row), "key order differs"
    assert pl.read_ndjson(out / "soundtracks.jsonl").to_dicts() == rows
    assert len(pd.read_json(out / "soundtracks.jsonl", lines=True)) == len(rows)


def flatten(row: dict) -> dict:
    """A row of soundtracks.json as soundtracks.csv writes it."""

    def release(r):
        text = " / ".join(r["labels"])
        if r["year"] is not None:
            text += (", " if text else "") + str(r["year"])
        if r["edition"] is not None:
            text += (" " if text else "") + f"({r['edition']})"
        return text

    flat = {}
    for key, value in row.items():
        if key == "releases":
            flat[key] = "; ".join(release(r) for r in value)
        elif key in LIST_COLUMNS:
            flat[key] = "; ".join(value)
        elif value is None:
            flat[key] = ""
        else:
            flat[key] = str(value)
    return flat


def test_csv_equals_json(out, rows):
    raw = (out / "soundtracks.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    assert reader.fieldnames == [c[0] for c in SOUNDTRACKS_SCHEMA]
    assert list(reader) == [flatten(r) for r in rows]
    # Spreadsheet-style readers agree: one row each, multi-paragraph reviews kept in one cell.
    df = pd.read_csv(out / "soundtracks.csv", keep_default_na=False, dtype=str)
    assert df.shape == (len(rows), len(SOUNDTRACKS_SCHEMA))
    assert list(df["review"]) == [r["review"] for r in rows]
    assert pl.read_csv(out / "soundtracks.csv").height == len(rows)


# --- the README's own examples ---------------------------------------------------------------


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def readme_blocks(lang: str) -> list[str]:
    """The `lang` code blocks of README.md and docs/*.md, in that order."""
    blocks = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        blocks += re.findall(rf"^```{lang}\n(.*?)^```$", text, flags=re.S | re.M)
    return blocks


def test_readme_shows_pandas_polars_and_duckdb():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for reader in ("import pandas", "import polars", "FROM 'output/soundtracks.parquet'"):
        assert reader in readme, reader


def test_readme_has_the_examples():
    assert len(readme_blocks("python")) >= 4
    sql = readme_blocks("sql")
    assert any("unnest(labels)" in q for q in sql)
    assert any("release_labels.parquet" in q and "JOIN" in q for q in sql)


@pytest.mark.parametrize("index", range(len(readme_blocks("python"))))
def test_readme_python_example_runs(index, examples_dir):
    code = readme_blocks("python")[index]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=examples_dir, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"README python block {index + 1} failed:\n{code}\n{done.stderr}"
    assert done.stdout.strip(), "the example prints something"


@pytest.fixture()
def in_root(monkeypatch, examples_dir):
    monkeypatch.chdir(examples_dir)


@pytest.mark.parametrize("index", range(len(readme_blocks("sql"))))
def test_every_sql_example_runs(in_root, rows, index):
    got = duckdb.sql(readme_blocks("sql")[index]).fetchall()
    assert got, "the query returns rows"


def test_readme_duckdb_year_query(in_root, rows):
    query = next(q for q in readme_blocks("sql") if "SELECT year, composer" in q)
    got = duckdb.sql(query).fetchall()
    assert len(got) == len(rows)
    years = [g[0] for g in got if g[0] is not None]
    assert years == sorted(years)


def test_readme_duckdb_labels_query(in_root, rows):
    query = next(q for q in readme_blocks("sql") if "unnest(labels)" in q)
    got = duckdb.sql(query).fetchall()
    expected = Counter(label for r in rows for label in r["labels"])
    assert dict(got) == dict(expected)
    assert [n for _, n in got] == sorted((n for _, n in got), reverse=True)


def test_readme_duckdb_join_query(in_root, rows):
    query = next(q for q in readme_blocks("sql") if "JOIN" in q)
    rel = duckdb.sql(query)
    got = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    long = long_rows(rows)
    assert len(got) == len(long)
    by_id = {r["id"]: r for r in rows}
    assert sum(1 for x in long if by_id[x["id"]]["part"] == 1) == 38, "Part One's release labels"
    expected = [
        {
            "position": by_id[x["id"]]["position"],
            "composer": by_id[x["id"]]["composer"],
            "title": by_id[x["id"]]["title"],
            "release_index": x["release_index"],
            "label": x["label"],
            "released": x["released"],
            "edition": x["edition"],
            "reviewer": by_id[x["id"]]["reviewer"],
        }
        for x in long
    ]
    assert sorted(got, key=repr) == sorted(expected, key=repr)


# --- the Data Package ------------------------------------------------------------------------


def test_datapackage_describes_every_file(out):
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    files = {p.name for p in out.iterdir() if p.name != "datapackage.json"}
    assert paths == files
    by_name = {r["name"]: r for r in package["resources"]}
    assert by_name["soundtracks"]["schema"]["primaryKey"] == ["id"]
    assert by_name["release_labels"]["schema"]["primaryKey"] == ["id", "release_index", "label_index"]
    assert by_name["release_labels"]["schema"]["foreignKeys"] == [
        {"fields": ["id"], "reference": {"resource": "soundtracks", "fields": ["id"]}}
    ]
    fields = {f["name"]: f for f in by_name["soundtracks"]["schema"]["fields"]}
    assert fields["film_year"]["type"] == "integer"
    assert fields["labels"]["type"] == "array"
    assert all(f["description"] for f in fields.values())
    # Every resource of the table declares the id columns' shapes (CSV too: an empty field is null).
    for resource in package["resources"]:
        if not resource["name"].startswith("soundtracks"):
            continue
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for column, pattern in LINK_PATTERNS.items():
            assert fields[column]["type"] == "string", (resource["name"], column)
            assert fields[column]["constraints"] == {"required": False, "pattern": pattern}, (resource["name"], column)
        assert fields["film_year_source"]["constraints"]["pattern"] == "(heading|wikidata)"


def test_rights_and_coverage_travel_with_the_data(out):
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["path"].endswith("#data-and-rights")
    roles = {c["role"] for c in package["contributors"]}
    assert roles == {"publisher", "author", "wrangler"}
    parts = sorted({a["part"] for a in manifest["articles"]})
    assert manifest["coverage"]["parts"] == parts
    assert manifest["coverage"]["complete"] == (parts == list(range(1, manifest["coverage"]["feature_parts"] + 1)))
    assert [s["path"] for s in package["sources"]] == [a["url"] for a in manifest["articles"]]
    for name in ("soundtracks.parquet", "release_labels.parquet"):
        kv = pq.read_metadata(out / name).metadata
        assert kv[b"soundtracks.rights"].decode() == manifest["rights"]
        assert json.loads(kv[b"soundtracks.coverage"]) == manifest["coverage"]
    # Published is a date, not an invented time of day.
    assert all(len(a["published"]) == 10 for a in manifest["articles"] if a["published"])


def test_provenance_says_what_happened(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for a in manifest["articles"]:
        assert a["source"] in {"live", "wayback", "saved", "reconstructed"}, a
        if a["source"] == "reconstructed":
            # Not fetched: no invented fetch time, and the sidecar's note says so.
            assert a["fetched_at"] is None and "not fetched" in a["note"], a
    kv = pq.read_metadata(out / "soundtracks.parquet").metadata
    sources = json.loads(kv[b"soundtracks.sources"])
    assert [s["source"] for s in sources] == [a["source"] for a in manifest["articles"]]


def test_datapackage_validates_with_frictionless(out):
    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(cli), "validate", "datapackage.json"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    from frictionless import validate

    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    # Every tabular resource was read row by row, not just found on disk.
    tables = [t for t in report.tasks if t.type == "table"]
    assert {t.name for t in tables} >= {"soundtracks", "soundtracks-jsonl", "soundtracks-csv", "release_labels"}
    assert all(t.stats["rows"] > 0 for t in tables)


def test_frictionless_enforces_the_id_patterns(out, tmp_path):
    """The patterns are live constraints: a malformed id in a copy of the JSON rows fails
    validation (the committed rows pass, above)."""
    from frictionless import Resource, validate

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    descriptor = next(r for r in package["resources"] if r["name"] == "soundtracks")
    rows = json.loads((out / "soundtracks.json").read_text(encoding="utf-8"))
    for column, bad in [("film_wikidata", "Q0"), ("film_imdb", "tt123"), ("release_group_mbid", "not-a-uuid"),
                        ("film_year_source", "guess")]:
        broken = [dict(rows[0], **{column: bad}), *rows[1:]]
        (tmp_path / "soundtracks.json").write_text(json.dumps(broken), encoding="utf-8")
        report = validate(Resource(dict(descriptor, path="soundtracks.json"), basepath=str(tmp_path)))
        assert not report.valid, column
        errors = report.flatten(["type", "fieldName"])
        assert ["constraint-error", column] in errors, (column, errors)
