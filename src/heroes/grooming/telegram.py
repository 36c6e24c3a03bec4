"""Telegram Desktop "Export chat history" JSON (``result.json``): one chat, or a full export with many chats.

Text is either a string or a list of plain strings and entity objects (links, bold, mentions); both flatten to
the plain text. Service messages (joins, calls) are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from heroes.grooming.model import ChatFormatError, Conversation, Message


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _time(msg: dict[str, Any]) -> float | None:
    if "date_unixtime" in msg:
        try:
            return float(msg["date_unixtime"])
        except (TypeError, ValueError):
            return None
    return None


def _messages(chat: dict[str, Any]) -> Iterator[Message]:
    for msg in chat.get("messages") or ():
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        author = str(msg.get("from") or msg.get("from_id") or "?")
        yield Message(author, _text(msg.get("text")), _time(msg))


def parse_telegram(text: str, source: str = "") -> Iterator[Conversation]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ChatFormatError(f"invalid JSON: {exc.msg}", exc.lineno, source) from None
    if not isinstance(data, dict):
        raise ChatFormatError("a Telegram export is a JSON object", 1, source)
    if isinstance(data.get("chats"), dict):
        chats = data["chats"].get("list") or []
    elif "messages" in data:
        chats = [data]
    else:
        raise ChatFormatError("no 'messages' or 'chats' in this JSON: not a Telegram Desktop export", 1, source)
    for n, chat in enumerate(chats):
        if not isinstance(chat, dict) or not isinstance(chat.get("messages", []), list):
            raise ChatFormatError(f"chat {n}: 'messages' is not a list", None, source)
        ident = str(chat.get("id") or chat.get("name") or n)
        yield Conversation(ident, list(_messages(chat)))
