"""`heroes hashset import/list/match`, `heroes export vics` and the blurred grey review thumbnails."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from heroes.cli import export, hashset
from heroes.core.finding import Finding
from heroes.engine.services import services_for
from heroes.hashsets.pdq import hash_image
from heroes.hashsets.thumbs import review_thumbnail
from heroes.store import CaseStore

runner = CliRunner()


def test_import_list_match(tmp_path, images):
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    lst = tmp_path / "bank.pdq"
    lst.write_text(hash_image(str(images / "originals" / "scene2.png")).hex + ",100\n")
    res = runner.invoke(
        hashset.app,
        ["import", str(lst), "--name", "agency", "--format", "pdq", "--category", "A", "--scheme", "caid", "--db", db],
    )
    assert res.exit_code == 0, res.output
    bad = tmp_path / "bad.txt"
    bad.write_text("abc\n")
    res = runner.invoke(hashset.app, ["import", str(bad), "--name", "agency", "--db", db])
    assert res.exit_code == 2 and "line 1" in res.output
    res = runner.invoke(hashset.app, ["list", "--db", db, "--json"])
    assert json.loads(res.output)["counts"] == {"pdq": 1}
    ev = tmp_path / "ev"
    ev.mkdir()
    shutil.copy(images / "copies" / "scene2_mirror.png", ev / "a.png")
    shutil.copy(images / "unrelated" / "other101.png", ev / "b.png")
    services_for.cache_clear()
    res = runner.invoke(hashset.app, ["match", str(ev), "--db", db, "--json", "--thumbs", str(tmp_path / "review")])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [(x["path"].endswith("a.png"), x["bank"], x["signal"], x["category"]) for x in lines] == [
        (True, "agency", "pdq", "A")
    ]
    assert lines[0]["distance"] <= 31
    thumb = Image.open(lines[0]["thumbnail"])
    assert thumb.mode == "L" and max(thumb.size) <= 256
    assert not any(p.suffix == ".jpg" for p in ev.iterdir())  # nothing written next to the evidence


def test_match_walks_like_triage_and_goes_on_past_damage(tmp_path, images):
    """`match` is the engine over the folder: a zip member matches under ``zip!/member`` (its thumbnail read
    through the locator), a damaged picture is one error line, a symlink loop another, and the walk goes on."""
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    lst = tmp_path / "bank.pdq"
    lst.write_text(hash_image(str(images / "originals" / "scene2.png")).hex + ",100\n")
    assert (
        runner.invoke(hashset.app, ["import", str(lst), "--name", "agency", "--format", "pdq", "--db", db]).exit_code
        == 0
    )
    ev = tmp_path / "ev"
    ev.mkdir()
    with zipfile.ZipFile(ev / "pack.zip", "w") as z:
        z.write(images / "copies" / "scene2_mirror.png", "inner/a.png")
    (ev / "broken.png").write_bytes((images / "originals" / "scene0.png").read_bytes()[:300])
    (ev / "loop").symlink_to("loop")
    shutil.copy(images / "copies" / "scene2_mirror.png", ev / "z.png")
    services_for.cache_clear()
    res = runner.invoke(hashset.app, ["match", str(ev), "--db", db, "--json", "--thumbs", str(tmp_path / "review")])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    matched = [(x["path"], x["signal"]) for x in lines if x["kind"] == "hash_match"]
    assert matched == [(f"{ev}/pack.zip!/inner/a.png", "pdq"), (f"{ev}/z.png", "pdq")]
    assert all(Image.open(x["thumbnail"]).mode == "L" for x in lines if x["kind"] == "hash_match")
    assert [x["path"] for x in lines if x["kind"] == "error"] == [f"{ev}/broken.png"]
    assert f"{ev}/loop\terror\tsymlink loop" in res.stderr


def test_thumbnail_is_blurred_and_refused_inside_evidence(tmp_path, images):
    src = images / "originals" / "scene0.png"
    with open(src, "rb") as f:
        out = review_thumbnail(f, tmp_path / "review", "x")
    sharp = np.asarray(Image.open(src).convert("L").resize(Image.open(out).size), dtype=float)
    blurred = np.asarray(Image.open(out), dtype=float)
    assert np.abs(np.diff(blurred, axis=1)).mean() < 0.5 * np.abs(np.diff(sharp, axis=1)).mean()
    with open(src, "rb") as f, pytest.raises(ValueError, match="inside the evidence"):
        review_thumbnail(f, images / "originals" / "thumbs", "x", evidence_root=images)


def test_one_image_maker_refuses_decompression_bombs(tmp_path):
    """The review thumbnails and the dashboard's previews share `small_image`, and with it the pixel limit."""
    import io

    from heroes.hashsets.thumbs import MAX_PIXELS, TooLarge
    from heroes.web.media import NotAvailable, render

    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, "PNG")  # 64 million pixels in a few kilobytes
    assert MAX_PIXELS < 8000 * 8000
    bomb.seek(0)
    with pytest.raises(TooLarge):
        review_thumbnail(bomb, tmp_path / "review", "x")
    assert not (tmp_path / "review" / "x.jpg").exists()
    (tmp_path / "bomb.png").write_bytes(bomb.getvalue())
    with pytest.raises(NotAvailable, match="too large"):
        render(({"t": "os", "path": str(tmp_path / "bomb.png")},), reveal=False)


def test_export_vics(tmp_path):
    url = f"sqlite:///{tmp_path / 'case.sqlite'}"
    md5, sha1 = hashlib.md5(b"x").hexdigest(), hashlib.sha1(b"x").hexdigest()
    with CaseStore(url) as store:
        ev = store.evidence(store.case("c1"), "/ev", "directory", {})
        store.save_item(
            ev,
            "k1",
            "a.jpg",
            [
                Finding("file", "a.jpg", {"md5": md5, "sha1": sha1}),
                Finding(
                    "hash_match", "a.jpg", {"bank": "vic", "bank_kind": "notable", "signal": "pdq", "category": "2"}
                ),
            ],
        )
        store.save_item(
            ev,
            "k2",
            "lib.dll",
            [
                Finding("file", "lib.dll", {"md5": md5, "sha1": sha1}),
                Finding("hash_match", "lib.dll", {"bank": "nsrl", "bank_kind": "known", "signal": "sha1"}),
            ],
        )
    out = tmp_path / "out.json"
    res = runner.invoke(export.app, ["vics", "c1", "--db", url, "--out", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    assert doc["@odata.context"].endswith("$metadata#Media")
    assert [(m["MD5"], m["SHA1"], m["Category"]) for m in doc["value"]] == [(md5.upper(), sha1.upper(), 2)]
    assert runner.invoke(export.app, ["vics", "nope", "--db", url]).exit_code == 2
