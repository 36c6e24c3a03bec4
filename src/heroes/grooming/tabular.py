"""Line-oriented chat formats: JSON lines (one conversation a line: ``{"id", "messages": [{"t", "from", "text"}]}``)
and CSV (one message a row; columns found by name, consecutive rows with the same conversation id grouped).

Both are read through `heroes.inputs` (bounded JSON nesting, duplicate keys refused, strict CSV whose errors name
the line); each message's text is capped at `heroes.inputs.text.MAX_MESSAGE` characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from heroes.grooming.model import ChatFormatError, Conversation, Message
from heroes.inputs import InputError, cap_text, csv_rows, loads_json

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
        except (ValueError, OverflowError, OSError):
            pass
    raise ChatFormatError(f"bad time {value!r} (seconds or ISO 8601 expected)", line, source)


def parse_jsonl(lines: Iterable[str], source: str = "") -> Iterator[Conversation]:
    """Conversations from JSON lines, one object with a 'messages' list per line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = loads_json(line)
        except InputError as exc:
            raise ChatFormatError(exc.reason, number, source) from None
        if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
            raise ChatFormatError("expected an object with a 'messages' list", number, source)
        messages = []
        for m in record["messages"]:
            if not isinstance(m, dict) or not isinstance(m.get("text") or "", str):
                raise ChatFormatError("each message is an object with 'from' and a string 'text'", number, source)
            author = m.get("from", "?")
            text = cap_text(m.get("text") or "")
            messages.append(Message(str(author)[:200], text, _seconds(m.get("t"), number, source)))
        yield Conversation(str(record.get("id", number))[:200], messages)


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
    """Conversations from a CSV with author and text columns (and optional id and time), grouped by id."""
    rows = _csv(lines, source)
    first = next(rows, None)
    if first is None:
        return
    header = first[1]
    cols = csv_columns(header)
    if cols is None:
        raise ChatFormatError("the CSV header needs an author column (from/author/sender) and a text column", 1, source)
    current: str | None = None
    batch: list[Message] = []
    for number, row in rows:
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
        batch.append(Message(row[cols["from"]][:200], cap_text(row[cols["text"]]), t))  # type: ignore[index]
    if batch:
        yield Conversation((current or "1")[:200], batch)


def _csv(lines: Iterable[str], source: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with their line numbers; a CSV error becomes a ChatFormatError naming the line."""
    rows = csv_rows(lines)
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except InputError as exc:
            line = int(exc.where.rsplit(" ", 1)[-1]) if exc.where.startswith("line ") else None
            raise ChatFormatError(exc.reason, line, source) from None
