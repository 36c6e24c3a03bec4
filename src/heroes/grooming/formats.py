"""Which chat format a file is (by name and first bytes), and one entry point that turns a file or stream into
conversations. `sniff` is cheap (a few KiB) so triage can say "not a chat" quickly for every other file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from heroes.grooming.decode import decode_bytes, text_lines
from heroes.grooming.model import ChatFormatError, Conversation
from heroes.grooming.tabular import csv_columns, parse_csv, parse_jsonl
from heroes.grooming.telegram import parse_telegram
from heroes.grooming.whatsapp import is_whatsapp_line, parse_whatsapp
from heroes.inputs import MAX_FIELD, InputError, loads_json

FORMATS = ("jsonl", "whatsapp", "telegram", "csv")
SNIFF_BYTES = 8192
TELEGRAM_MAX_BYTES = 512 << 20  # a Telegram export is one JSON document and must be read whole


def sniff(head: bytes, name: str = "") -> str | None:
    """The chat format of a file from its first bytes (and name), or None when it is not a chat export."""
    text = decode_bytes(head)
    lines = [line for line in text.splitlines()[:-1] or text.splitlines() if line.strip()][:8]
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff").strip()
    if first.startswith("{"):
        if '"date_unixtime"' in text or '"personal_chat"' in text or ('"chats"' in text and '"list"' in text):
            return "telegram"
        try:
            record = loads_json(first)
        except InputError:
            record = None
        if isinstance(record, dict) and isinstance(record.get("messages"), list):
            return "jsonl"
        if '"messages"' in text and not name.lower().endswith((".jsonl", ".ndjson")):
            return "telegram"
        return None
    if sum(is_whatsapp_line(line) for line in lines[:4]) >= min(2, len(lines)) or is_whatsapp_line(first):
        return "whatsapp"
    if "," in first:
        try:
            header = next(csv.reader([first[:MAX_FIELD]]))
        except (csv.Error, StopIteration):
            return None
        if csv_columns(header) is not None:
            return "csv"
    return None


def _by_name(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "telegram"}.get(suffix)


def read_conversations(stream: BinaryIO, fmt: str = "auto", name: str = "") -> Iterator[Conversation]:
    """Conversations of a chat export; raises ChatFormatError for an unknown or broken file."""
    # typeshed asks BufferedReader for a raw stream; any binary file with readinto() works
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    if fmt == "auto":
        head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        if not head.strip():
            return  # an empty file holds no conversation
        fmt = sniff(head, name) or _by_name(name) or ""
        if not fmt:
            raise ChatFormatError(
                "not a chat export this tool reads (WhatsApp, Telegram JSON, JSON lines, CSV)", 1, name
            )
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of auto, {', '.join(FORMATS)}")
    if fmt == "telegram":
        data = buffered.read(TELEGRAM_MAX_BYTES + 1)
        if len(data) > TELEGRAM_MAX_BYTES:
            raise ChatFormatError(f"Telegram export larger than {TELEGRAM_MAX_BYTES >> 20} MiB", None, name)
        yield from parse_telegram(decode_bytes(data), name)
        return
    lines = text_lines(buffered)
    if fmt == "jsonl":
        yield from parse_jsonl(lines, name)
    elif fmt == "csv":
        yield from parse_csv(lines, name)
    else:
        yield Conversation(Path(name).stem or "chat", parse_whatsapp(lines, name))


def open_conversations(path: str | Path, fmt: str = "auto") -> Iterator[Conversation]:
    with open(path, "rb") as stream:
        yield from read_conversations(stream, fmt, str(path))
