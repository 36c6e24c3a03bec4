"""Line-oriented chat formats: JSON lines (one conversation a line: ``{"id", "messages": [{"t", "from", "text"}]}``)
and CSV (one message a row; columns found by name, consecutive rows with the same conversation id grouped)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from heroes.grooming.model import ChatFormatError, Conversation, Message

COLUMNS = {
    "id": ("conversation_id", "conversation", "chat_id", "chat", "thread", "id"),
    "t": ("t", "time", "timestamp", "date", "datetime", "sent"),
    "from": ("from", "author", "sender", "user", "name", "speaker"),
    "text": ("text", "message", "body", "content", "msg"),
}


def _seconds(value: Any, line: int, source: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).timestamp()
        except ValueError:
            pass
    raise ChatFormatError(f"bad time {value!r} (seconds or ISO 8601 expected)", line, source)


def parse_jsonl(lines: Iterable[str], source: str = "") -> Iterator[Conversation]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ChatFormatError(f"invalid JSON: {exc.msg}", number, source) from None
        if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
            raise ChatFormatError("expected an object with a 'messages' list", number, source)
        messages = []
        for m in record["messages"]:
            if not isinstance(m, dict) or not isinstance(m.get("text", ""), str):
                raise ChatFormatError("each message is an object with 'from' and a string 'text'", number, source)
            author = m.get("from", "?")
            messages.append(Message(str(author), m.get("text") or "", _seconds(m.get("t"), number, source)))
        yield Conversation(str(record.get("id", number)), messages)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def csv_columns(header: list[str]) -> dict[str, int | None] | None:
    """Column positions by role, or None when the header lacks an author or a text column."""
    cols = {role: _column(header, names) for role, names in COLUMNS.items()}
    if cols["from"] is None or cols["text"] is None:
        return None
    return cols


def parse_csv(lines: Iterable[str], source: str = "") -> Iterator[Conversation]:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise ChatFormatError(f"bad CSV: {exc}", 1, source) from None
    cols = csv_columns(header)
    if cols is None:
        raise ChatFormatError("the CSV header needs an author column (from/author/sender) and a text column", 1, source)
    current: str | None = None
    batch: list[Message] = []
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise ChatFormatError(f"{len(row)} fields, the header has {len(header)}", number, source)
            ident = row[cols["id"]] if cols["id"] is not None else "1"
            if ident != current and batch:
                yield Conversation(current or "1", batch)
                batch = []
            current = ident
            t = _seconds(row[cols["t"]], number, source) if cols["t"] is not None else None
            batch.append(Message(row[cols["from"]], row[cols["text"]], t))  # type: ignore[index]
    except csv.Error as exc:
        raise ChatFormatError(f"bad CSV: {exc}", reader.line_num, source) from None
    if batch:
        yield Conversation(current or "1", batch)
