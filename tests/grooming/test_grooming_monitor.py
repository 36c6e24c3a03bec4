"""The detector: stage signals robust to slang and Spanish, rising and decaying risk, suspect inference, no text
kept, hard benign chats quiet, and the labelled development set's held-out split within the issue's targets."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from heroes.grooming.model import Conversation, Message
from heroes.grooming.monitor import PROTECTIVE, GroomingMonitor, signals
from heroes.grooming.normalise import normalise
from heroes.grooming.scan import scan_conversation

DEVSET = Path(__file__).resolve().parents[1] / "data" / "grooming" / "devset.jsonl"


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Hw old r u??", "age"),
        ("¿Cuántos años tenés?", "age"),
        ("r ur parents home rn", "risk"),
        ("estas sola?", "risk"),
        ("dont tell ur mom abt us", "secrecy"),
        ("d3l3t3 our chat", "secrecy"),
        ("borra el chat porfa", "secrecy"),
        ("add me on snap", "platform"),
        ("agrégame al wsp", "platform"),
        ("send me a pic of u", "photo"),
        ("mandame una foto tuya", "photo"),
        ("ill buy u robux", "gifts"),
        ("lets meet irl", "meeting"),
        ("donde vives?", "meeting"),
        ("ur sooo matureee 4 ur age", "trust"),
        ("ur friends dont care about u", "isolation"),
        ("i'll show everyone the screenshots", "threat"),
    ],
)
def test_stage_signals(text, stage):
    assert stage in signals(text)


def test_normalise_slang_and_emoji():
    assert normalise("Hw old R U?? 🤫") == "how old are you ? ? secret"
    assert normalise("agrégame xq aki no") == "agregame porque aqui no"


@pytest.mark.parametrize(
    "text",
    ["lol same", "what games do you play", "send me a pic of your puppy", "the party is a surprise, dont tell her"],
)
def test_benign_messages_score_low(text):
    found = signals(text)
    found.pop(PROTECTIVE, None)
    assert max(found.values(), default=0.0) < 0.5


def chat(*lines: tuple[str, str], step: float = 60.0) -> list[Message]:
    return [Message(a, t, 1_700_000_000 + i * step) for i, (a, t) in enumerate(lines)]


GROOMING = chat(
    ("G", "hey"),
    ("C", "hi"),
    ("G", "how old r u"),
    ("C", "13"),
    ("G", "ur so mature for ur age"),
    ("C", "lol thx"),
    ("G", "dont tell ur parents we talk ok"),
    ("C", "ok"),
    ("G", "add me on snap"),
)


def test_alert_suspect_evidence_and_no_text_kept():
    monitor = GroomingMonitor()
    alerts = [(i, a) for i, m in enumerate(GROOMING) if (a := monitor.feed(m)) is not None]
    assert len(alerts) == 1
    index, alert = alerts[0]
    assert index == alert.index and 4 <= index <= 6 and alert.suspect == "G" and alert.risk >= 0.5
    assert {"age", "trust"} <= set(alert.stages)
    assert all(e.text is None for e in alert.evidence)
    assert "mature" not in repr(monitor.__dict__)  # no message text kept after scoring
    kept = GroomingMonitor(keep_text=True)
    evidence = next(a for m in GROOMING if (a := kept.feed(m))).evidence
    assert evidence[0].text == "how old r u"


def test_risk_decays_over_time():
    monitor = GroomingMonitor()
    monitor.feed(Message("G", "how old r u", 0.0))
    early = monitor.risk
    monitor.feed(Message("C", "hi", 9 * 86400.0))
    assert 0 < monitor.risk < early / 4
    assert monitor.feed(Message("G", "dont tell ur parents", 9 * 86400.0 + 60)) is None  # the old sign has faded


def test_signs_of_different_people_do_not_add_up():
    msgs = chat(("A", "how old r u"), ("B", "add me on snap"), ("C", "ur so mature"), ("D", "where do u live"))
    assert not scan_conversation(Conversation("room", msgs)).alert


def test_severe_threat_alone_alerts():
    result = scan_conversation(Conversation("t", chat(("G", "if u dont i will tell ur parents everything"))))
    assert result.alert and result.suspect == "G" and result.first_alert_index == 0


def test_empty_and_one_sided():
    assert scan_conversation(Conversation("e", [])).as_dict() == {
        "id": "e",
        "risk": 0.0,
        "alert": False,
        "first_alert_index": None,
        "suspect": None,
        "evidence": [],
        "messages": 0,
        "stages": [],
    }
    one = scan_conversation(Conversation("o", [m for m in GROOMING if m.author == "G"]))
    assert one.alert and one.suspect == "G"


def test_hard_benign_chat_is_quiet():
    coach = chat(
        ("Coach", "hi team, practice moved to 4pm"),
        ("Coach", "lets meet at the field by the gym"),
        ("Coach", "where do you live? i can add you to the carpool"),
        ("P", "near the park"),
        ("Coach", "ask your mom to sign the form"),
    )
    assert not scan_conversation(Conversation("c", coach)).alert


def test_devset_held_out_targets():
    recall, fa, delays = {}, {}, {}
    for line in DEVSET.read_text("utf-8").splitlines():
        c = json.loads(line)
        if c["split"] != "test":
            continue
        msgs = [Message(m["from"], m["text"], m["t"]) for m in c["messages"]]
        result = scan_conversation(Conversation(c["id"], msgs))
        if c["label"] == "grooming":
            recall.setdefault(c["lang"], []).append(result.alert)
            if result.alert:
                first = next(i for i, m in enumerate(c["messages"]) if m.get("stage"))
                delays.setdefault(c["lang"], []).append(result.first_alert_index - first)
                assert result.suspect == "G"
        else:
            fa.setdefault(c["lang"], []).append(result.alert)
    for lang in ("en", "es"):
        assert sum(recall[lang]) / len(recall[lang]) >= 0.9
        assert sum(fa[lang]) / len(fa[lang]) <= 0.1
        assert statistics.median(delays[lang]) <= 3
