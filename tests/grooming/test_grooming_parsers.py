"""Chat parsers: WhatsApp (Android and iOS, both date orders), Telegram JSON, JSON lines, CSV; broken exports name
the line; unknown encodings decode; empty files hold no conversation; a 100,000-message chat streams."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from heroes.grooming.formats import read_conversations, sniff
from heroes.grooming.model import ChatFormatError


def convs(data: bytes, fmt: str = "auto", name: str = "chat.txt"):
    return [(c.id, list(c)) for c in read_conversations(io.BytesIO(data), fmt, name)]


def test_whatsapp_android_day_first_with_continuation_and_system_line():
    data = (
        "31/12/2020, 22:15 - Messages and calls are end-to-end encrypted.\n"
        "31/12/2020, 22:15 - Ana: hola\nsegunda linea\n"
        "01/01/2021, 09:05 - Ben: feliz año\n"
    ).encode()
    [(_, msgs)] = convs(data)
    assert [(m.author, m.text) for m in msgs] == [("Ana", "hola\nsegunda linea"), ("Ben", "feliz año")]
    assert msgs[0].t == datetime(2020, 12, 31, 22, 15, tzinfo=UTC).timestamp()


def test_whatsapp_android_month_first_12h():
    data = "12/31/20, 10:15\u202fPM - Ana: hi\n1/2/21, 9:05 AM - Ben: yo\n".encode()
    [(_, msgs)] = convs(data)
    assert msgs[0].t == datetime(2020, 12, 31, 22, 15, tzinfo=UTC).timestamp()
    assert msgs[1].t == datetime(2021, 1, 2, 9, 5, tzinfo=UTC).timestamp()


def test_whatsapp_ios_brackets_and_marks():
    data = "\u200e[31/12/2020, 22:15:03] Ana: hola\n[31/12/2020, 22:16:00] Ben: ok\n".encode()
    assert sniff(data) == "whatsapp"
    [(_, msgs)] = convs(data)
    assert [m.author for m in msgs] == ["Ana", "Ben"] and msgs[0].t % 60 == 3


def test_whatsapp_broken_line_is_named():
    with pytest.raises(ChatFormatError, match="line 3"):
        convs(b"\n\nnot a chat\n", "whatsapp")
    with pytest.raises(ChatFormatError, match="line 3"):
        convs(b"\n\nnot a chat\n31/12/2020, 22:15 - Ana: hola\n", "whatsapp")
    with pytest.raises(ChatFormatError, match="line 2: bad date"):
        convs(b"31/12/2020, 22:15 - Ana: hola\n31/13/2020, 22:15 - Ana: x\n", "whatsapp")


def test_telegram_single_and_full_export():
    chat = {
        "name": "Ana",
        "type": "personal_chat",
        "id": 7,
        "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1700000000", "from": "Ana", "text": "hi"},
            {"id": 2, "type": "service", "action": "phone_call"},
            {
                "id": 3,
                "type": "message",
                "date_unixtime": "1700000100",
                "from": "Ben",
                "text": ["see ", {"type": "link", "text": "example.org"}],
            },
        ],
    }
    [(ident, msgs)] = convs(json.dumps(chat).encode(), name="result.json")
    assert ident == "7" and [m.text for m in msgs] == ["hi", "see example.org"] and msgs[1].t == 1700000100
    full = {"chats": {"list": [chat, {**chat, "id": 8}]}}
    assert [i for i, _ in convs(json.dumps(full, indent=1).encode(), name="result.json")] == ["7", "8"]


def test_telegram_broken_json_names_line():
    with pytest.raises(ChatFormatError, match="line 3"):
        convs(b'{"messages": [\n{"from": "a",\n "text" "x"}]}', "telegram")


def test_jsonl_and_bad_line():
    lines = [{"id": "c1", "messages": [{"t": 1, "from": "a", "text": "hi"}]}, {"id": "c2", "messages": []}]
    data = "".join(json.dumps(x) + "\n" for x in lines).encode()
    assert sniff(data) == "jsonl"
    assert [(i, len(m)) for i, m in convs(data)] == [("c1", 1), ("c2", 0)]
    with pytest.raises(ChatFormatError, match="line 2"):
        convs(json.dumps(lines[0]).encode() + b"\n{oops\n")


def test_csv_grouping_and_short_row():
    data = b"conversation_id,time,sender,message\nc1,2024-01-01T10:00:00Z,a,hi\nc1,60,b,yo\nc2,,a,hey\n"
    assert sniff(data) == "csv"
    got = convs(data, name="x.csv")
    assert [(i, [m.author for m in msgs]) for i, msgs in got] == [("c1", ["a", "b"]), ("c2", ["a"])]
    assert got[0][1][1].t == 60.0 and got[1][1][0].t is None
    with pytest.raises(ChatFormatError, match="line 3"):
        convs(b"from,text\na,hi\nb\n", "csv")


def test_unknown_encodings_decode():
    latin = "31/12/2020, 22:15 - José: ¿qué tal?\n".encode("cp1252")
    [(_, msgs)] = convs(latin)
    assert msgs[0].author == "José" and msgs[0].text == "¿qué tal?"
    utf16 = "31/12/2020, 22:15 - Ana: hola\n".encode("utf-16")
    assert convs(utf16)[0][1][0].text == "hola"


def test_empty_and_not_a_chat():
    assert convs(b"") == []
    assert sniff(b"just some notes\nabout nothing\n") is None
    assert sniff(b"\x89PNG\r\n\x1a\n\0\0") is None
    with pytest.raises(ChatFormatError, match="not a chat export"):
        convs(b"just some notes\n", name="notes.txt")


def test_hundred_thousand_messages_stream():
    lines = (f"01/02/2021, 10:{i % 60:02d} - {'ab'[i % 2]}: message {i}\n" for i in range(100_000))
    data = "".join(lines).encode()
    [conv] = read_conversations(io.BytesIO(data), "auto", "big.txt")
    assert not isinstance(conv.messages, list)  # a generator: messages are never all held at once
    assert sum(1 for _ in conv) == 100_000
