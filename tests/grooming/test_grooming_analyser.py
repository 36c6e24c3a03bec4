"""Triage: a chat export in evidence becomes `grooming` findings; other files are NotMine; broken exports errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heroes.analysers.grooming import GroomingAnalyser
from heroes.core.analyser import Damaged, NotMine
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.process import process_item

CHAT = (
    "01/02/2024, 10:00 - Sam: hey\n01/02/2024, 10:01 - Kid: hi\n01/02/2024, 10:02 - Sam: how old r u\n"
    "01/02/2024, 10:03 - Kid: 12\n01/02/2024, 10:04 - Sam: dont tell ur parents we talk ok\n"
    "01/02/2024, 10:05 - Kid: ok\n01/02/2024, 10:06 - Sam: add me on snap\n"
)


def ctx(tmp_path: Path, name: str, data: bytes, mime: str = "text/plain") -> ItemContext:
    path = tmp_path / name
    path.write_bytes(data)
    return ItemContext(Item(name, ({"t": "os", "path": str(path)},), len(data)), Settings(), mime)


def test_whatsapp_chat_gives_grooming_finding(tmp_path):
    [finding] = GroomingAnalyser().analyse(ctx(tmp_path, "WhatsApp Chat with Sam.txt", CHAT.encode()))
    rec = finding.record()
    assert rec["kind"] == "grooming" and rec["suspect"] == "Sam" and rec["alert"] is True
    assert rec["first_alert_index"] == 4 and "age" in rec["stages"] and 2 in rec["evidence_index"]
    assert all(isinstance(v, str | int | float | bool | list | type(None)) for v in rec.values())
    assert "how old" not in json.dumps(rec)  # no message text in findings


def test_not_a_chat_is_not_mine(tmp_path):
    with pytest.raises(NotMine):
        list(GroomingAnalyser().analyse(ctx(tmp_path, "notes.txt", b"shopping list\nmilk\neggs\n")))


def test_broken_export_is_damaged(tmp_path):
    data = b'{"id": "a", "messages": []}\n{"id": "b", "messages": 3}\n'
    with pytest.raises(Damaged, match="line 2"):
        list(GroomingAnalyser().analyse(ctx(tmp_path, "chats.jsonl", data, "application/json")))


def test_engine_runs_it(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(CHAT, "utf-8")
    findings = process_item(
        Item("chat.txt", ({"t": "os", "path": str(path)},), path.stat().st_size), Settings(), [GroomingAnalyser()]
    )
    assert [f.kind for f in findings] == ["file", "grooming"]
