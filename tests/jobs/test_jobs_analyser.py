"""The triage analyser: job ads in documents become `job_offer` findings when risky; other texts are ignored."""

from __future__ import annotations

from pathlib import Path

from heroes.analysers.job_offer import JobOfferAnalyser, reads_as_job_ad
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime
from heroes.engine.process import process_item

LURE = (
    "We are looking for hostesses for a club in Dubai. Salary 3000 USD a month, no experience needed. "
    "Free flight and accommodation provided. Apply now on WhatsApp."
)
ORDINARY = (
    "Junior accountant, full-time, at a named firm in Leeds. Requirements: two years of experience. "
    "Salary as per market. Apply with your CV; interviews at our office."
)
LETTER = "Dear Ana, the garden looks lovely this spring and the children say hello. See you on Sunday."


def item(tmp_path: Path, name: str, text: str) -> Item:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return Item(path=name, locator=({"t": "os", "path": str(path)},), size=path.stat().st_size)


def findings(tmp_path: Path, name: str, text: str | bytes, settings: Settings | None = None):
    data = text.encode() if isinstance(text, str) else text
    path = tmp_path / name
    path.write_bytes(data)
    it = Item(path=name, locator=({"t": "os", "path": str(path)},), size=len(data))
    ctx = ItemContext(it, settings or Settings(), sniff_mime(data[: 1 << 16]))
    return list(JobOfferAnalyser().analyse(ctx))


def test_job_ad_detection():
    assert reads_as_job_ad(LURE) and reads_as_job_ad(ORDINARY)
    assert not reads_as_job_ad(LETTER)
    assert reads_as_job_ad("Se busca camarera. Sueldo alto, sin experiencia, contrato de un año.")


def test_risky_ad_becomes_a_finding(tmp_path):
    (finding,) = findings(tmp_path, "ad.txt", LURE)
    assert finding.kind == "job_offer" and finding.analyser == "job_offer"
    assert finding.data["label"] == "fraudulent" and finding.data["risk"] >= 0.5
    assert {"risky_work_abroad", "travel_arranged", "messenger_mentioned"} <= set(finding.data["red_flags"])


def test_ordinary_ad_and_other_text_give_nothing(tmp_path):
    assert findings(tmp_path, "job.txt", ORDINARY) == []
    assert findings(tmp_path, "letter.txt", LETTER) == []


def test_through_the_engine(tmp_path):
    out = process_item(item(tmp_path, "ad.txt", LURE), Settings())
    kinds = [f.kind for f in out]
    assert "job_offer" in kinds and "error" not in kinds


def test_pictures_are_read_only_when_asked(tmp_path):
    from .conftest import render

    flyer = render.render(LURE + " We keep your passport.", "flyer", "en", "JPEG")
    assert findings(tmp_path, "flyer.jpg", flyer) == []  # OCR is off by default: seconds a picture
    (finding,) = findings(tmp_path, "flyer.jpg", flyer, Settings(ocr_jobs=True))
    assert finding.data["label"] == "fraudulent" and "Dubai" in finding.data["ocr_text"]
    assert "documents_withheld" in finding.data["red_flags"]


def test_finding_lists_the_ads_contacts(tmp_path):
    (finding,) = findings(tmp_path, "ad.txt", LURE + " WhatsApp +34 612 34 56 78")
    assert finding.data["contacts"] == ["+34612345678"]


def test_job_word_gate_names_every_first_letter():
    """The gate's lookahead lists the first letters of the job words: a word added without its letter never matches."""
    import re

    from heroes.analysers.job_offer import _JOB_WORDS

    words = _JOB_WORDS.pattern.split("(", 2)[2]
    firsts = {w.strip()[0].lower() for w in re.split(r"\|(?![^(]*\))", words.rsplit(")", 1)[0])}
    gate = set(re.search(r"\(\?=\[(\w+)\]\)", _JOB_WORDS.pattern).group(1))
    assert firsts <= gate
    assert reads_as_job_ad("Hiring now: salary paid weekly, apply with your Experience.")
