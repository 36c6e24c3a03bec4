"""The known_material analysers in the engine: exact matches from the hash pass, PDQ on images, negative and
known-good banks, nothing without a bank database."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from heroes.analysers.known_material import KnownHashes, KnownImages
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine import registry
from heroes.engine.process import process_item
from heroes.engine.services import services_for
from heroes.hashsets.formats import parse
from heroes.hashsets.pdq import hash_image
from heroes.hashsets.store import BankStore

ANALYSERS = [KnownHashes(), KnownImages()]


def _item(path) -> Item:
    return Item(path.name, ({"t": "os", "path": str(path)},), path.stat().st_size)


@pytest.fixture
def evidence(tmp_path, images):
    ev = tmp_path / "evidence"
    ev.mkdir()
    shutil.copy(images / "copies" / "scene0_rot90.png", ev / "holiday.png")
    shutil.copy(images / "copies" / "scene1_q40.jpg", ev / "beach.jpg")
    shutil.copy(images / "unrelated" / "other100.png", ev / "other.png")
    shutil.copy(images / "flat.png", ev / "flat.png")
    (ev / "notes.txt").write_text("meeting at noon\n")
    (ev / "system.dll").write_bytes(b"MZ" + bytes(300))
    return ev


@pytest.fixture
def bank_url(tmp_path, images, evidence):
    url = f"sqlite:///{tmp_path / 'banks.sqlite'}"
    pdq = tmp_path / "bank.pdq"
    pdq.write_text("".join(f"{hash_image(str(images / 'originals' / f'scene{i}.png')).hex},100\n" for i in range(3)))
    md5 = tmp_path / "md5.txt"
    md5.write_text(hashlib.md5((evidence / "notes.txt").read_bytes()).hexdigest() + "\n")
    nsrl = tmp_path / "nsrl.txt"
    nsrl.write_text(hashlib.sha1((evidence / "system.dll").read_bytes()).hexdigest() + "\n")
    with BankStore(url) as store:
        store.import_entries("agency", parse(pdq, "pdq", "B")[1], scheme="caid")
        store.import_entries("agency", parse(md5, "text", "C")[1])
        store.import_entries("nsrl", parse(nsrl)[1], kind="known", scheme="nsrl")
    services_for.cache_clear()
    return url


def _matches(findings):
    return sorted(
        (f.path, f.data["bank"], f.data["signal"], f.data["category"]) for f in findings if f.kind == "hash_match"
    )


def test_exact_and_pdq_matches_become_findings(evidence, bank_url):
    settings = Settings(bank_db=bank_url)
    findings = [f for p in sorted(evidence.iterdir()) for f in process_item(_item(p), settings, ANALYSERS)]
    assert _matches(findings) == [
        ("beach.jpg", "agency", "pdq", "B"),
        ("holiday.png", "agency", "pdq", "B"),
        ("notes.txt", "agency", "md5", "C"),
        ("system.dll", "nsrl", "sha1", "known"),
    ]
    rot = next(f for f in findings if f.kind == "hash_match" and f.path == "holiday.png")
    assert rot.data["variant"] in {"rot90", "rot270"} and 0 <= rot.data["distance"] <= 31
    assert rot.data["category_label"] == "category B" and rot.analyser == "known_images"
    known = next(f for f in findings if f.path == "system.dll" and f.kind == "hash_match")
    assert known.data["known_good"] is True
    assert [f.path for f in findings if f.kind == "hash_unhashable"] == ["flat.png"]


def test_known_good_skips_the_rest_unless_told_not_to(evidence, bank_url):
    item = _item(evidence / "system.dll")
    for skip in (True, False):
        settings = Settings(bank_db=bank_url, known_good_skip=skip)
        sha1 = hashlib.sha1((evidence / "system.dll").read_bytes()).hexdigest()
        ctx = ItemContext(item, settings, "application/octet-stream", {"sha1": sha1}, services_for(settings))
        outcome = KnownHashes().analyse(ctx)
        assert [f.data["known_good"] for f in outcome.findings] == [True] and outcome.skip_rest is skip


def test_negative_bank_suppresses(tmp_path, evidence, bank_url, images):
    neg = tmp_path / "benign.pdq"
    neg.write_text(hash_image(str(images / "originals" / "scene1.png")).hex + "\n")
    with BankStore(bank_url) as store:
        store.import_entries("benign", parse(neg, "pdq")[1], kind="negative")
    services_for.cache_clear()
    findings = process_item(_item(evidence / "beach.jpg"), Settings(bank_db=bank_url), ANALYSERS)
    assert _matches(findings) == []
    assert [f.kind for f in findings if f.kind.startswith("hash_")] == ["hash_suppressed"]


def test_nothing_without_a_bank_database(evidence):
    findings = process_item(_item(evidence / "notes.txt"), Settings(), ANALYSERS)
    assert [f.kind for f in findings] == ["file"]


def test_registered_and_enabled():
    names = {r.name: r for r in registry.registrations()}
    assert names["known_material"].enabled and names["known_images"].enabled
    assert names["known_material"].order < min(r.order for r in names.values() if not r.name.startswith("known"))
