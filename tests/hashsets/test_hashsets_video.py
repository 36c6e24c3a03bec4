"""vPDQ: Meta's reference lists match their own videos (hashed at any rate) and no other; frame hashes agree with
Meta's; a re-encoded, resized generated video matches its bank entry; shares, time grids, bank settings."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
from typer.testing import CliRunner

from heroes.analysers.known_material import KnownVideos
from heroes.cli import hashset
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.process import process_item
from heroes.engine.services import services_for
from heroes.hashsets import video
from heroes.hashsets.entries import ImportFormatError
from heroes.hashsets.formats import parse
from heroes.hashsets.pdq import from_hex, hamming
from heroes.hashsets.store import BankStore
from heroes.hashsets.video import Video

REFERENCE = ("doorknob-hd-no-bar", "pattern-hd-no-bar", "pattern-sd-grey-bar", "test-padded-dimensions")
RATES = (0.2, 1.0)  # seconds per hash of the project's own hashes; Meta's lists hash every frame
FFMPEG = ("ffmpeg", "-loglevel", "error", "-y")
runner = CliRunner()


@pytest.fixture(scope="module")
def reference(shared_data):
    return shared_data / "vpdq-reference"


@pytest.fixture(scope="module")
def hashed(reference):
    """{(video, rate): frames} for each reference video, hashed here at each rate, and {(video, "meta"): list}."""
    out = {}
    for name in REFERENCE:
        out[name, "meta"] = Video.from_stored(next(parse(reference / "hashes" / f"{name}.txt", "vpdq")[1]).extra)
        for rate in RATES:
            out[name, rate] = Video.of(video.compute(str(reference / "videos" / f"{name}.mp4"), rate))
    return out


def _items(paths, bank_url):
    found = {}
    for p in paths:
        findings = process_item(
            Item(p.name, ({"t": "os", "path": str(p)},), p.stat().st_size), Settings(bank_db=bank_url), [KnownVideos()]
        )
        found[p.name] = [f.data for f in findings if f.kind == "hash_match"]
    return found


def test_each_meta_list_matches_its_own_video_and_no_other(tmp_path, reference):
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    for name in REFERENCE:
        res = runner.invoke(
            hashset.app,
            ["import", str(reference / "hashes" / f"{name}.txt"), "--name", "meta", "--format", "vpdq", "--db", db],
        )
        assert res.exit_code == 0, res.output
    services_for.cache_clear()
    found = _items([reference / "videos" / f"{name}.mp4" for name in REFERENCE], db)
    for name in REFERENCE:
        assert [(d["bank"], d["signal"], d["media_id"]) for d in found[f"{name}.mp4"]] == [
            ("meta", "vpdq", f"{name}.txt")
        ]
        assert found[f"{name}.mp4"][0]["query_share"] == 100.0
        assert found[f"{name}.mp4"][0]["index_share"] >= 80  # compared by time, not by frame count


def test_frame_hashes_agree_with_meta_within_a_few_bits(reference, hashed):
    """Each frame hashed here against the same frame of Meta's list: quality within 1, hashes within the PDQ
    radius, typically 0-4 bits (frames of quality < 50 are not matched, so they are left out)."""
    for name in REFERENCE:
        meta = {n: (h, q) for n, h, q, _ in hashed[name, "meta"].frames}
        ours = hashed[name, 0.2].frames
        assert len(ours) >= 20
        assert all(abs(q - meta[n][1]) <= 1 for n, _, q, _ in ours)
        good = [(h, meta[n][0]) for n, h, q, _ in ours if min(q, meta[n][1]) >= 50]
        dist = hamming(from_hex([a for a, _ in good]), from_hex([b for _, b in good]))
        assert np.median(dist) <= 4 and dist.max() <= 31, (name, dist.tolist())


@pytest.mark.parametrize("query_rate", ["meta", *RATES])
@pytest.mark.parametrize("bank_rate", ["meta", *RATES])
def test_any_rate_meets_any_rate(hashed, query_rate, bank_rate):
    for q in REFERENCE:
        for b in REFERENCE:
            q_share, b_share = video.shares(hashed[q, query_rate], hashed[b, bank_rate])
            if q == b:
                assert q_share >= 80 and b_share >= 80, (q, query_rate, bank_rate, q_share, b_share)
            else:
                assert q_share < 80 and b_share < 80, (q, b, query_rate, bank_rate, q_share, b_share)


def test_frame_counts_alone_would_miss(hashed):
    """Why the time grid: the pattern videos change every frame, so a query hashed once a second matches only
    about 1 in 30 of the frames of Meta's every-frame list, and the list's frames nearly all miss a sparse query."""
    for name in ("pattern-hd-no-bar", "pattern-sd-grey-bar"):
        dense, sparse = hashed[name, "meta"], hashed[name, 1.0]
        as_listed = Video(dense.frames, 0.0)  # no times: compared frame by frame, as python-threatexchange does
        assert video.shares(sparse, as_listed)[1] < 20
        assert video.shares(as_listed, sparse)[0] < 20
        assert video.shares(dense, sparse) == (100.0, 100.0)


def _make(path, still) -> None:
    """A 4-second video of a generated still picture."""
    subprocess.run(
        [*FFMPEG, "-loop", "1", "-framerate", "10", "-i", str(still), "-t", "4", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )


def test_a_resized_recompressed_copy_matches(tmp_path, images):
    _make(tmp_path / "bank.mp4", images / "originals" / "scene0.png")
    subprocess.run(
        [*FFMPEG, "-i", str(tmp_path / "bank.mp4"), "-vf", "scale=160:120", "-crf", "35", str(tmp_path / "copy.mp4")],
        check=True,
    )
    _make(tmp_path / "other.mp4", images / "unrelated" / "other100.png")
    lst = tmp_path / "bank.vpdq"
    lst.write_text("".join(f"{n},{q},{h},{t}\n" for n, h, q, t in video.compute(str(tmp_path / "bank.mp4"), 0)))
    url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    with BankStore(url) as store:
        assert store.import_entries("videos", parse(lst, "vpdq")[1]) == 1
    services_for.cache_clear()
    found = _items([tmp_path / "copy.mp4", tmp_path / "other.mp4"], url)
    assert [(d["bank"], d["signal"]) for d in found["copy.mp4"]] == [("videos", "vpdq")]
    assert found["copy.mp4"][0]["query_share"] >= 80 and found["copy.mp4"][0]["index_share"] >= 80
    assert found["other.mp4"] == []


def _clip(hexes, step, quality=100):
    return Video.of([(i, h, quality, i * step) for i, h in enumerate(hexes)])


def test_shares_are_per_side():
    a, b, c = "0" * 64, "f" * 64, "0f" * 32
    assert video.shares(_clip([a, b], 1), _clip([a], 1)) == (50.0, 100.0)
    assert video.shares(_clip([c], 1), _clip([], 1)) == (0.0, 0.0)
    assert video.shares(_clip([a, b], 1), _clip([a, b], 1, quality=49)) == (0.0, 0.0)  # low quality never matches


def test_the_denser_list_is_read_on_the_coarser_grid():
    hexes = [f"{i:064x}" for i in range(12)]
    dense = _clip(hexes, 0.25)  # 0, 0.25, ... 2.75 s
    assert [f[3] for f in dense.on_grid(1.0)] == [0.0, 1.0, 2.0]
    assert dense.on_grid(0.25) == dense.frames  # its own rate: every frame
    assert dense.on_grid(0.26) == dense.frames  # not materially sparser: unchanged
    assert Video(dense.frames, 0.0).on_grid(1.0) == dense.frames  # no times: unchanged
    jittered = Video.of([(i, h, 100, i / 29.97) for i, h in enumerate(hexes * 10)])  # 4 s at 29.97 fps
    assert [f[0] for f in jittered.on_grid(1.0)] == [0, 30, 60, 90]


def test_parse_meta_and_threatexchange_lines(tmp_path):
    a, b = "a" * 64, "b" * 64
    meta = tmp_path / "meta.txt"
    meta.write_text(f"1,100,{b},0.5\n0,100,{a},0.000\n2,10,{b},1.0\n")
    compact = tmp_path / "tx.txt"
    compact.write_text(f"{a},100,0.0\n{b},100,0.5\n{b},10,1.0\n")
    entries = [next(parse(p, "vpdq")[1]) for p in (meta, compact)]
    assert entries[0].value == entries[1].value == video.video_id([a, b])
    clips = [Video.from_stored(e.extra) for e in entries]
    assert clips[0] == clips[1] and [f[3] for f in clips[0].frames] == [0.0, 0.5, 1.0] and clips[0].interval == 0.5
    for text, why in (
        (f"0,100,{a}\n", "expected 'frame,quality,hash,seconds'"),
        (f"{a},100\n", "expected 'frame,quality,hash,seconds'"),
        (f"0,100,{a},-1\n", "must not be negative"),
        (f"x,100,{a},0\n", "must be an integer"),
        (f"0,100,{a[:-1]},0\n", "not a pdq hash"),
        (f"0,10,{a},0\n", "no frame of quality >= 50"),
    ):
        bad = tmp_path / "bad.txt"
        bad.write_text(text)
        with pytest.raises(ImportFormatError, match=why):
            list(parse(bad, "vpdq")[1])


def test_entries_stored_before_times_were_kept_still_match():
    a, b = "0" * 64, "f" * 64
    legacy = Video.from_stored({"frames": [a, b]})
    assert legacy.interval == 0.0
    assert video.shares(_clip([a, b, a], 0.1), legacy) == (100.0, 100.0)


def test_import_sets_and_list_shows_the_shares(tmp_path, reference):
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    lst = reference / "hashes" / "doorknob-hd-no-bar.txt"

    def listed():
        res = runner.invoke(hashset.app, ["list", "--db", db, "--json"])
        assert res.exit_code == 0, res.output
        return json.loads(res.output)

    res = runner.invoke(hashset.app, ["import", str(lst), "--name", "v", "--format", "vpdq", "--db", db])
    assert res.exit_code == 0, res.output
    assert (listed()["vpdq_query_share"], listed()["vpdq_index_share"], listed()["counts"]) == (80, 0, {"vpdq": 1})
    res = runner.invoke(
        hashset.app, ["import", str(lst), "--name", "v", "--query-share", "90", "--index-share", "50", "--db", db]
    )
    assert res.exit_code == 0, res.output
    assert (listed()["vpdq_query_share"], listed()["vpdq_index_share"]) == (90, 50)  # format detected: vpdq
    res = runner.invoke(hashset.app, ["import", str(lst), "--name", "v", "--index-share", "101", "--db", db])
    assert res.exit_code == 2 and "101" in res.output
    res = runner.invoke(hashset.app, ["list", "--db", db])
    assert "90/50" in res.output


def test_old_banks_move_to_the_new_default_index_share(tmp_path):
    """Migration 0005: 80 % of the bank video was the only value the old import could set; it becomes 0 %."""
    from sqlalchemy import text

    from heroes.store import db

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = db.make_engine(url)
    db.upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO hash_banks (name, kind, scheme, pdq_threshold, vpdq_query_share, vpdq_bank_share, created)"
                " VALUES ('old', 'notable', 'plain', 31, 80, 80, '2026-01-01')"
            )
        )
    engine.dispose()
    with BankStore(url) as store:
        (bank,) = store.banks().values()
    assert (bank.vpdq_query_share, bank.vpdq_index_share) == (80, 0)
