"""Shared helpers for the job-offer checker tests: the hand-written labelled ads and a small EMSCAD sample."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ADS_CSV = REPO / "tests" / "data" / "jobs" / "ads.csv"


def labelled_ads() -> list[dict[str, str]]:
    with ADS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def emscad_sample(shared_data) -> list[dict[str, str]]:
    """Every 8th EMSCAD row (about 260, both classes): enough to train a tiny model quickly."""
    emscad = shared_data / "emscad" / "train.csv.gz"
    if not emscad.is_file():
        raise RuntimeError(f"EMSCAD training data not found at {emscad}")
    with gzip.open(emscad, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[::8]
