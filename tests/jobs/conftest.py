"""Shared helpers for the job-offer checker tests: the hand-written labelled ads, the lure sets, pictures drawn
from text, and a small EMSCAD sample."""

from __future__ import annotations

import csv
import gzip
import importlib.util
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "jobs"
ADS_CSV = DATA / "ads.csv"

_spec = importlib.util.spec_from_file_location("jobs_render", DATA / "render.py")
render = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render)

#: the Bengali lure of issue 19: hotel job abroad, no experience, visa and ticket given, agency fee first, passport
#: kept by the agent, WhatsApp-only contact
BENGALI_LURE = (
    "বিদেশে হোটেলে চাকরি, কোনো অভিজ্ঞতা লাগবে না। ভিসা ও টিকিট দেওয়া হবে। আগে এজেন্সি ফি দিতে হবে। "
    "পাসপোর্ট এজেন্টের কাছে জমা রাখতে হবে। যোগাযোগ শুধু হোয়াটসঅ্যাপে।"
)


def lure_set(name: str) -> list[dict]:
    """The development ("devset") or held-out ("holdout") lures and genuine ads."""
    return yaml.safe_load((DATA / "lures" / f"{name}.yaml").read_text(encoding="utf-8"))["ads"]


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
