"""Fuzzing the chat parsers (JSON lines, WhatsApp text, Telegram JSON, CSV): any input gives conversations or a
ChatFormatError naming the problem, never another exception. Bounded and derandomised, so CI runs are repeatable."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from heroes.grooming.formats import read_conversations
from heroes.grooming.model import ChatFormatError
from heroes.inputs.text import MAX_MESSAGE

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "messages", "text", "from", "t", "type", "chats", "list", "date_unixtime", "name"])
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


DEEP = st.integers(0, 4000).map(lambda n: "[" * n + "]" * n)  # Python's parser recurses: deep input must not kill it


def consume(data: bytes, fmt: str, name: str) -> None:
    try:
        for conv in read_conversations(io.BytesIO(data), fmt, name):
            for message in conv:
                assert isinstance(message.text, str) and len(message.text) <= MAX_MESSAGE
                assert isinstance(message.author, str)
    except ChatFormatError as exc:
        assert str(exc) and "\n" not in exc.reason


@given(st.lists(JSON, min_size=1, max_size=4))
def test_json_lines(records):
    consume("\n".join(json.dumps(r) for r in records).encode(), "jsonl", "chat.jsonl")


@given(DEEP, st.sampled_from(["jsonl", "telegram"]))
def test_deep_json(nested, fmt):
    consume(('{"name": "c", "messages": ' + nested + "}\n").encode(), fmt, "chat.json")


@given(JSON, st.binary(max_size=20))
def test_telegram_json(doc, junk):
    data = json.dumps({"name": "c", "messages": doc} if not isinstance(doc, dict) else doc).encode()
    consume(data, "telegram", "result.json")
    consume(data[: len(data) // 2] + junk, "telegram", "result.json")


LINE = st.one_of(
    st.builds(
        "{}/{}/{}, {}:{} - {}: {}".format,
        st.integers(0, 99),
        st.integers(0, 40),
        st.integers(0, 9999),
        st.integers(0, 30),
        st.integers(0, 99),
        st.text(max_size=10),
        st.text(max_size=40),
    ),
    st.builds("[{}.{}.{}, {}:{}:{}] {}".format, *(st.integers(0, 99) for _ in range(6)), st.text(max_size=40)),
    st.text(max_size=60),
)


@given(st.lists(LINE, min_size=1, max_size=12), st.sampled_from(["auto", "whatsapp"]))
def test_whatsapp_text(lines, fmt):
    consume("\n".join(lines).encode("utf-8", "surrogatepass"), fmt, "chat.txt")


CELL = (
    st.text(alphabet=st.sampled_from('ab,"\n\r 1:-'), max_size=12)
    | st.text(max_size=12)
    | st.integers(100_000, 1_500_000).map(lambda n: "x" * n)  # around the field size limits
)


@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=0, max_size=8))
def test_csv(rows):
    body = "\n".join(",".join(row) for row in rows)
    consume(("from,text,t\n" + body).encode("utf-8", "surrogatepass"), "csv", "chat.csv")
