"""The detector: stage signals robust to slang and Spanish, risk that keeps over days and fades with messages or a
long silence, the context rules (pressure after a refusal, a claimed age that slips, reciprocal trades, family),
suspect inference, no text kept, hard benign chats quiet, and the development set's held-out split on target."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from heroes.grooming.model import Conversation, Message
from heroes.grooming.monitor import GroomingMonitor, Settings, read
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
    assert stage in read(text).scores


def test_normalise_slang_and_emoji():
    assert normalise("Hw old R U?? 🤫") == "how old are you ? ? secret"
    assert normalise("agrégame xq aki no") == "agregame porque aqui no"


@pytest.mark.parametrize(
    "text",
    ["lol same", "what games do you play", "send me a pic of your puppy", "the party is a surprise, dont tell her"],
)
def test_benign_messages_score_low(text):
    assert max(read(text).scores.values(), default=0.0) < 0.5


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


def test_risk_keeps_over_days_and_fades_after_a_long_silence():
    day = 86400.0
    slow = GroomingMonitor()
    slow.feed(Message("G", "how old r u", 0.0))
    early = slow.risk
    slow.feed(Message("C", "hi", 4 * day))
    assert slow.risk > early * 0.95  # four days apart: the same conversation, barely faded
    assert slow.feed(Message("G", "dont tell ur parents", 4 * day + 60)) is not None  # the signs add up
    quiet = GroomingMonitor()
    quiet.feed(Message("G", "how old r u", 0.0))
    quiet.feed(Message("C", "hi", 30 * day))
    assert 0 < quiet.risk < early / 4  # a month of silence: a new conversation
    assert quiet.feed(Message("G", "dont tell ur parents", 30 * day + 60)) is None
    many = GroomingMonitor()
    many.feed(Message("G", "how old r u", 0.0))
    for i in range(150):
        many.feed(Message("C" if i % 2 else "G", "lol ok", float(i)))
    assert many.risk < early / 4  # ...and signs fade with the messages that follow them


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


def _scores(lines: list[tuple[str, str]], settings: Settings | None = None) -> tuple[GroomingMonitor, list]:
    monitor = GroomingMonitor(settings, keep_text=True)
    for m in chat(*lines):
        monitor.feed(m)
    return monitor, monitor.evidence("G")


def test_guilt_and_pressure_count_in_full_after_a_refusal():
    asked = [("G", "can we meet saturday"), ("C", "no i cant, my mom wont let me"), ("G", "i thought we were close")]
    _, after_refusal = _scores(asked)
    _, unprompted = _scores([asked[0], ("C", "maybe"), asked[2]])
    full = next(e.score for e in after_refusal if e.stage == "pressure")
    half = next(e.score for e in unprompted if e.stage == "pressure")
    assert full == pytest.approx(2 * half)
    assert "pressure" in read("despues de todo lo que he hecho por ti").scores
    assert read("no, no quiero").refusal and not read("yes sure").refusal


def test_a_claimed_child_age_that_slips_raises_adult_slip():
    _, slipped = _scores([("G", "im 14 lol"), ("C", "13"), ("G", "ugh just got back from work, my boss is annoying")])
    assert [e.stage for e in slipped] == ["adult_slip"]
    _, ages = _scores([("G", "tengo 13"), ("C", "y yo 12"), ("G", "bueno en realidad tengo 19")])
    assert "adult_slip" in {e.stage for e in ages}
    _, adult = _scores([("G", "just got back from work"), ("C", "cool"), ("G", "my boss is so annoying")])
    assert adult == []  # an adult who says so is no slip
    assert read("i am 5 minutes away").age is None and read("15f, love drawing").age == 15


def test_reciprocal_trade_is_damped_for_both():
    monitor, _ = _scores([("G", "add me on discord"), ("C", "whats ur snapchat"), ("G", "i can buy u robux")])
    one_way, _ = _scores([("G", "add me on discord"), ("C", "ok"), ("G", "i can buy u robux")])
    assert monitor.risk < one_way.risk - 0.1 and monitor.evidence("C")[0].score < 0.3


def test_family_is_damped_but_threats_are_not():
    lines = [("G", "are your parents home?"), ("C", "no they went out"), ("G", "dont tell them i was here")]
    stranger, _ = _scores(lines)
    named = GroomingMonitor()
    for m in chat(*lines):
        named.feed(Message("Mum" if m.author == "G" else m.author, m.text, m.t))
    called, _ = _scores([("C", "hi grandma"), *lines])
    assert named.risk < stranger.risk * 0.6 and called.risk < stranger.risk * 0.6
    threat = GroomingMonitor()
    assert threat.feed(Message("Mum", "if u dont i will tell ur parents everything", 0.0)) is not None


def test_peers_who_claim_close_ages_are_damped_until_one_slips():
    peers = [("A", "how old r u? im 11"), ("B", "11 too!"), ("A", "add me on snap"), ("B", "ok whats ur user")]
    together, _ = _scores([(a.replace("A", "G"), t) for a, t in peers])
    apart, _ = _scores([("G", "how old r u? im 11"), ("B", "20"), ("G", "add me on snap"), ("B", "ok")])
    assert together.risk < 0.4 and apart.risk > 0.5  # the same two signs: quiet between peers, an alert otherwise
    _, slipped = _scores(
        [("G", "how old r u? im 11"), ("B", "11 too!"), ("G", "brb my boss is calling"), ("G", "add me on snap")]
    )
    stages = [e.stage for e in slipped]
    assert stages == ["age", "adult_slip", "platform"] and slipped[-1].score > 0.45  # no longer damped
