"""Telegram Desktop "Export chat history" JSON (``result.json``): one chat, or a full export with many chats.

Text is either a string or a list of plain strings and entity objects (links, bold, mentions); both flatten to
the plain text. Service messages (joins, calls) are skipped.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from heroes.grooming.model import ChatFormatError, Conversation, Message
from heroes.inputs import InputError, cap_text, loads_json


def _text(value: Any) -> str:
    if isinstance(value, str):
        return cap_text(value)
    if isinstance(value, list):
        parts = (part if isinstance(part, str) else part.get("text") for part in value if isinstance(part, str | dict))
        return cap_text("".join(p for p in parts if isinstance(p, str)))
    return ""


def _time(msg: dict[str, Any]) -> float | None:
    if "date_unixtime" in msg:
        try:
            value = float(msg["date_unixtime"])
        except (TypeError, ValueError, OverflowError):
            return None
        return value if math.isfinite(value) else None
    return None


def _messages(chat: dict[str, Any]) -> Iterator[Message]:
    for msg in chat.get("messages") or ():
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        author = msg.get("from") or msg.get("from_id") or "?"
        author = author if isinstance(author, str) else "?"  # a name is text; anything else is not a name
        yield Message(author, _text(msg.get("text")), _time(msg))


def parse_telegram(text: str, source: str = "") -> Iterator[Conversation]:
    """Conversations from a Telegram Desktop JSON export (one chat or the whole account)."""
    try:
        data = loads_json(text)
    except InputError as exc:
        raise ChatFormatError(exc.reason, None, source) from None
    if not isinstance(data, dict):
        raise ChatFormatError("a Telegram export is a JSON object", 1, source)
    if isinstance(data.get("chats"), dict):
        chats = data["chats"].get("list") or []
        if not isinstance(chats, list):
            raise ChatFormatError("'chats.list' is not a list", None, source)
    elif "messages" in data:
        chats = [data]
    else:
        raise ChatFormatError("no 'messages' or 'chats' in this JSON: not a Telegram Desktop export", 1, source)
    for n, chat in enumerate(chats):
        if not isinstance(chat, dict) or not isinstance(chat.get("messages", []), list):
            raise ChatFormatError(f"chat {n}: 'messages' is not a list", None, source)
        ident = chat.get("id") or chat.get("name") or n
        ident = str(ident)[:200] if isinstance(ident, str | int) else str(n)
        yield Conversation(ident, list(_messages(chat)))
