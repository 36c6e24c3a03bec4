"""vPDQ: a re-encoded, resized copy of a generated test-pattern video matches its bank entry; another does not."""

from __future__ import annotations

import subprocess

from heroes.analysers.known_material import KnownVideos
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.process import process_item
from heroes.hashsets import video
from heroes.hashsets.formats import parse
from heroes.hashsets.match import matcher_for
from heroes.hashsets.store import BankStore


def _make(path, still) -> None:
    """A 4-second video of a generated still picture."""
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-loop",
            "1",
            "-framerate",
            "10",
            "-i",
            str(still),
            "-t",
            "4",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
    )


def test_vpdq_matches_by_shares_of_unique_frames(tmp_path, images):
    _make(tmp_path / "bank.mp4", images / "originals" / "scene0.png")
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(tmp_path / "bank.mp4"),
            "-vf",
            "scale=160:120",
            "-crf",
            "35",
            str(tmp_path / "copy.mp4"),
        ],
        check=True,
    )  # resized and recompressed
    _make(tmp_path / "other.mp4", images / "unrelated" / "other100.png")
    lst = tmp_path / "bank.vpdq"
    lst.write_text("".join(f"{n},{q},{h},{t}\n" for n, h, q, t in video.compute(str(tmp_path / "bank.mp4"))))
    url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    with BankStore(url) as store:
        assert store.import_entries("videos", parse(lst, "vpdq")[1]) == 1
    matcher_for.cache_clear()
    found = {}
    for name in ("copy.mp4", "other.mp4"):
        p = tmp_path / name
        findings = process_item(
            Item(name, ({"t": "os", "path": str(p)},), p.stat().st_size), Settings(bank_db=url), [KnownVideos()]
        )
        found[name] = [f.data for f in findings if f.kind == "hash_match"]
    assert [(d["bank"], d["signal"]) for d in found["copy.mp4"]] == [("videos", "vpdq")]
    assert found["copy.mp4"][0]["query_share"] >= 80 and found["copy.mp4"][0]["bank_share"] >= 80
    assert found["other.mp4"] == []


def test_shares_are_per_side():
    a, b, c = "0" * 64, "f" * 64, "0f" * 32
    assert video.shares([a, b], [a]) == (50.0, 100.0)
    assert video.matches([a, b], [("v", [a])], 31, 80, 80) == []
    assert video.matches([a, b], [("v", [a])], 31, 50, 100) == [("v", 50.0, 100.0)]
    assert video.shares([c], []) == (0.0, 0.0)
