"""The reader suite: loads the committed output/ with the tools analysts use (pyarrow,
pandas, polars, DuckDB, frictionless) and checks that types, rows and values come through
as the data dictionary says, that every file format holds the same data, and that the
README's loading examples run verbatim.

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
        pa.field("year", pa.int16()),
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
    ("film_year", pa.int16(), True),
    ("release_year", pa.int16(), True),
    ("labels", STR_LIST, False),
    ("releases", pa.list_(pa.field("item", RELEASE, nullable=False)), False),
    ("reviewer", STR, True),
    ("review", STR, False),
    ("source_url", STR, False),
]

RELEASES_SCHEMA = [
    ("id", STR, False),
    ("part", pa.int32(), False),
    ("position", pa.int32(), False),
    ("composer", STR, True),
    ("title", STR, False),
    ("label", STR, True),
    ("year", pa.int16(), True),
    ("edition", STR, True),
    ("release_index", pa.int32(), False),
]

LIST_COLUMNS = {"composers", "labels", "releases"}


@pytest.fixture(scope="module")
def rows(out: Path) -> list[dict]:
    return json.loads((out / "soundtracks.json").read_text(encoding="utf-8"))


def long_rows(rows: list[dict]) -> list[dict]:
    """releases.parquet as the README defines it, computed from soundtracks.json."""
    long = []
    for r in rows:
        for i, rel in enumerate(r["releases"], start=1):
            for label in rel["labels"] or [None]:
                long.append(
                    {
                        "id": r["id"],
                        "part": r["part"],
                        "position": r["position"],
                        "composer": r["composer"],
                        "title": r["title"],
                        "label": label,
                        "year": rel["year"],
                        "edition": rel["edition"],
                        "release_index": i,
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
    [("soundtracks.parquet", SOUNDTRACKS_SCHEMA), ("releases.parquet", RELEASES_SCHEMA)],
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
        assert releases.value_type.field("year").type == pa.int16()


@pytest.mark.parametrize(
    "name, dictionary",
    [
        ("soundtracks.parquet", {"section", "reviewer", "labels.list.item"}),
        ("releases.parquet", {"label"}),
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
        assert col.compression == "ZSTD", col.path_in_schema
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
    assert df.schema["film_year"] == pl.Int16
    assert df.schema["position"] == pl.Int32
    assert df.schema["labels"] == pl.List(pl.String)
    assert df.schema["releases"] == pl.List(
        pl.Struct({"labels": pl.List(pl.String), "year": pl.Int16, "edition": pl.String})
    )
    assert df.to_dicts() == rows


def test_pandas_equals_json(out, rows):
    df = pd.read_parquet(out / "soundtracks.parquet")
    assert list(df.columns) == [c[0] for c in SOUNDTRACKS_SCHEMA]
    records = [{k: plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]
    assert records == rows
    # With Arrow-backed dtypes pandas keeps the integer widths and nulls exactly.
    typed = pd.read_parquet(out / "soundtracks.parquet", dtype_backend="pyarrow")
    assert str(typed["film_year"].dtype) == "int16[pyarrow]"
    assert str(typed["release_year"].dtype) == "int16[pyarrow]"
    assert str(typed["part"].dtype) == "int32[pyarrow]"
    assert typed["film_year"].isna().sum() == sum(r["film_year"] is None for r in rows)


def test_duckdb_equals_json(out, rows):
    path = str(out / "soundtracks.parquet")
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["part"] == "INTEGER"
    assert types["film_year"] == "SMALLINT"
    assert types["labels"] == "VARCHAR[]"
    assert types["releases"] == 'STRUCT(labels VARCHAR[], "year" SMALLINT, edition VARCHAR)[]'
    rel = duckdb.sql(f"SELECT * FROM '{path}' ORDER BY part, position")
    got = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    assert got == rows


def test_releases_parquet_is_the_unnested_releases(out, rows):
    assert pq.read_table(out / "releases.parquet").to_pylist() == long_rows(rows)


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


def readme_blocks(lang: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```$", readme, flags=re.S | re.M)


def test_readme_has_the_examples():
    assert len(readme_blocks("python")) >= 3
    sql = readme_blocks("sql")
    assert any("unnest(labels)" in q for q in sql)
    assert any("releases.parquet" in q and "JOIN" in q for q in sql)


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
    assert sum(1 for x in long if x["part"] == 1) == 38, "Part One's release labels"
    reviewers = {r["id"]: r["reviewer"] for r in rows}
    expected = [
        {
            "position": x["position"],
            "composer": x["composer"],
            "title": x["title"],
            "release_index": x["release_index"],
            "label": x["label"],
            "year": x["year"],
            "edition": x["edition"],
            "reviewer": reviewers[x["id"]],
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
    assert by_name["releases"]["schema"]["foreignKeys"] == [
        {"fields": ["id"], "reference": {"resource": "soundtracks", "fields": ["id"]}}
    ]
    fields = {f["name"]: f for f in by_name["soundtracks"]["schema"]["fields"]}
    assert fields["film_year"]["type"] == "integer"
    assert fields["labels"]["type"] == "array"
    assert all(f["description"] for f in fields.values())


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
    assert {t.name for t in tables} >= {"soundtracks", "soundtracks-jsonl", "soundtracks-csv", "releases"}
    assert all(t.stats["rows"] > 0 for t in tables)
