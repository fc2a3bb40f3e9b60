"""Shared paths for the reader suite: the repository root and the committed output/."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "output"


@pytest.fixture(scope="session")
def out() -> Path:
    assert (OUT / "soundtracks.parquet").is_file(), (
        f"{OUT} has no dataset; run `cargo run --release -- build` first"
    )
    return OUT
