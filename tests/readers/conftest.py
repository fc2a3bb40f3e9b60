"""Shared paths for the reader suite: the repository root and the dataset folder it reads.

The folder is the committed output/, or the one named by SOUNDTRACKS_OUTPUT (e.g. a scratch
build with another part added: `.ci/run` runs the suite on one, see README "Running the
reader suite alone"). The README's examples read `output/…`: they run in a folder whose
`output` is that folder.
"""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("SOUNDTRACKS_OUTPUT") or ROOT / "output").resolve()


@pytest.fixture(scope="session")
def out() -> Path:
    assert (OUT / "soundtracks.parquet").is_file(), (
        f"{OUT} has no dataset; run `cargo run --release -- build` first"
    )
    return OUT


@pytest.fixture(scope="session")
def manifest(out: Path) -> dict:
    """manifest.json: where the expected counts come from (rows, parts, entries per part)."""
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def examples_dir(out: Path, tmp_path_factory) -> Path:
    """A folder whose `output/` is the dataset read: where the README's examples run."""
    if out == ROOT / "output":
        return ROOT
    folder = tmp_path_factory.mktemp("examples")
    (folder / "output").symlink_to(out, target_is_directory=True)
    return folder
