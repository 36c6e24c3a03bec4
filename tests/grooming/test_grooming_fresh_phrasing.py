"""Chats written apart from the development set, in other words than its phrase pools (tests/data/grooming/
fresh_phrasing.jsonl: g* show warning signs in plain words, b* are ordinary family and club chats): a check that
the patterns generalise beyond the phrasings they were written against."""

from __future__ import annotations

import json
from pathlib import Path

from heroes.grooming.model import Conversation, Message
from heroes.grooming.scan import scan_conversation

CHATS = Path(__file__).resolve().parents[1] / "data" / "grooming" / "fresh_phrasing.jsonl"


def conversations() -> list[tuple[Conversation, list[Message]]]:
    out = []
    for line in CHATS.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        messages = [Message(m["from"], m["text"], m["t"]) for m in raw["messages"]]
        out.append((Conversation(raw["id"], messages), messages))
    return out


def test_warning_signs_in_fresh_words_alert_early_and_name_the_suspect():
    for conv, messages in conversations():
        result = scan_conversation(conv)
        if conv.id.startswith("g"):
            suspect = messages[0].author
            assert result.alert and result.suspect == suspect, conv.id
            assert result.first_alert_index is not None and result.first_alert_index <= 3, conv.id
        else:
            assert not result.alert, conv.id
