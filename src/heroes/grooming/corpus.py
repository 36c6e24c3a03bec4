"""Labelled chat sets for training and measuring the detector, in one shape whatever file they come from.

Two kinds of file: the generated development set (JSON lines: `id`, `lang`, `label`, `split`, `messages` of
`{t, from, text, stage?}`) and hand-written chats (YAML, easier to write and review): a list of `{id, lang, label,
kind, chat}` where `chat` holds one message a line, `d<day> <HH:MM> <author>: [<stage>] <text>`, the stage tag
marking a warning sign. Both become the JSON-lines shape; hand-written chats are all in the `train` split.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from heroes.grooming.model import Conversation, Message
from heroes.packdata import parse_yaml

DAY0 = 1_772_409_600.0  # 2026-03-02 00:00 UTC: day 1 of every hand-written chat
_LINE = re.compile(r"^d(\d+) (\d\d):(\d\d) ([^:]+): (?:\[(\w+)\] )?(.+)$")


class CorpusError(ValueError):
    pass


def _script(entry: dict[str, Any], source: str) -> dict[str, Any]:
    messages = []
    for n, line in enumerate(str(entry.get("chat") or "").splitlines(), 1):
        if not line.strip():
            continue
        found = _LINE.match(line.strip())
        if not found:
            raise CorpusError(f"{source}: chat {entry.get('id')}: line {n} is not 'd<day> <HH:MM> <author>: <text>'")
        day, hour, minute, author, stage, text = found.groups()
        t = DAY0 + (int(day) - 1) * 86400 + int(hour) * 3600 + int(minute) * 60
        message = {"t": t, "from": author.strip(), "text": text}
        if stage:
            message["stage"] = stage
        messages.append(message)
    return {
        "id": str(entry["id"]),
        "lang": str(entry.get("lang", "en")),
        "label": str(entry["label"]),
        "kind": str(entry.get("kind", "")),
        "split": str(entry.get("split", "train")),
        "messages": messages,
    }


def load_chats(path: Path) -> list[dict[str, Any]]:
    """Every chat of a development file (.jsonl or .yaml), as JSON-lines records."""
    if path.suffix in (".yaml", ".yml"):
        entries = parse_yaml(path.read_text("utf-8")) or []
        if not isinstance(entries, list):
            raise CorpusError(f"{path}: expected a list of chats")
        return [_script(e, str(path)) for e in entries]
    chats = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                chats.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}: line {n}: {exc.msg}") from None
    return chats


def conversation(chat: dict[str, Any]) -> Conversation:
    return Conversation(chat["id"], [Message(m["from"], m["text"], m.get("t")) for m in chat["messages"]])


def first_sign(chat: dict[str, Any]) -> int | None:
    """Index of the first message tagged as a warning sign."""
    return next((i for i, m in enumerate(chat["messages"]) if m.get("stage")), None)
