"""Fuzzing the hash list importers (VICS JSON, CSV lists, NSRL RDS text, plain lists): any file gives entries or
an ImportFormatError naming its place, never another exception. Bounded and derandomised."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from heroes.hashsets.entries import ImportFormatError
from heroes.hashsets.formats import parse

HEXISH = st.text(alphabet="0123456789abcdefABCDEFxz", min_size=0, max_size=66)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | HEXISH | st.text(max_size=10)
VALUE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["MD5", "md5", "SHA1", "SHA256", "PhotoDNA", "Category", "MediaID"]) | st.text(max_size=6),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def load(data: bytes, fmt: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"list{suffix}"
        path.write_bytes(data)
        try:
            _, entries = parse(path, fmt)
            for entry in entries:
                assert entry.algo in ("md5", "sha1", "sha256", "pdq", "photodna")
        except ImportFormatError as exc:
            assert "\n" not in str(exc)


@given(st.integers(0, 4000), st.booleans())
def test_vics_deep_or_duplicate(depth, duplicate):
    value = "[" * depth + "]" * depth
    item = '{"MD5": "' + "a" * 32 + '"' + (', "MD5": "' + "b" * 32 + '"' if duplicate else "") + "}"
    load(('{"@odata.context": "x", "value": [' + item + ", " + value + "]}").encode(), "vics", ".json")


@given(VALUE, st.sampled_from(["@odata.context", "odata.metadata", "other"]), st.binary(max_size=8))
def test_vics(media, context_key, junk):
    data = json.dumps({context_key: "x", "value": media}).encode()
    load(data, "vics", ".json")
    load(data[: len(data) * 2 // 3] + junk, "vics", ".json")


CELL = (
    HEXISH
    | st.text(alphabet=st.sampled_from('a1,"\n #'), max_size=10)
    | st.text(max_size=10)
    | st.integers(100_000, 1_500_000).map(lambda n: "x" * n)  # around the field size limits
)


@given(
    st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=8),
    st.sampled_from(["md5,sha1,name", "sha256,category,quality,pdq", "name"]),
)
def test_csv_lists(rows, header):
    load((header + "\n" + "\n".join(",".join(r) for r in rows)).encode("utf-8", "surrogatepass"), "csv", ".csv")


@given(st.lists(st.lists(CELL, min_size=1, max_size=8), max_size=8), st.booleans())
def test_nsrl_rds_text(rows, with_header):
    head = '"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"\n'
    body = "\n".join(",".join(f'"{c}"' if i % 2 else c for i, c in enumerate(r)) for r in rows)
    load(((head if with_header else "") + body).encode("utf-8", "surrogatepass"), "nsrl", ".txt")


@given(st.binary(max_size=300))
def test_nsrl_database_and_plain_lists_from_bytes(data):
    load(b"SQLite format 3\x00" + data, "nsrl", ".db")
    load(data, "text", ".txt")
