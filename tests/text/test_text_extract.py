"""Dispatch on the libmagic type, the size policy (text_max_bytes / text_max_chars) and ItemContext caching."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime
from heroes.text import TooLarge, extract, format_of, iso_utc


def context(tmp_path: Path, name: str, data: bytes, settings: Settings | None = None) -> ItemContext:
    path = tmp_path / name
    path.write_bytes(data)
    item = Item(path=name, locator=({"t": "os", "path": str(path)},), size=len(data))
    return ItemContext(item, settings or Settings(), sniff_mime(data[: 1 << 16]))


def small_pdf(text: str) -> bytes:
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text=text)
    return bytes(doc.output())


def test_format_of():
    assert format_of("application/pdf") == "pdf"
    assert format_of("text/html") == "html"
    assert format_of("text/plain") == "plain"
    assert format_of("application/json") == "plain"
    assert format_of("image/jpeg") is None


def test_iso_utc():
    from datetime import datetime, timedelta, timezone

    assert iso_utc(datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))) == "2024-01-01T10:00:00Z"
    assert iso_utc(datetime(2024, 1, 1, 12)) == "2024-01-01T12:00:00"
    assert iso_utc(None) is None


def test_dispatch_on_sniffed_type(tmp_path):
    ctx = context(tmp_path, "report.bin", small_pdf("hello from a pdf"))
    assert ctx.mime == "application/pdf"
    assert "hello from a pdf" in ctx.text()
    ctx = context(tmp_path, "notes.txt", b"call +352 621 000 000\n")
    assert ctx.extracted().text == "call +352 621 000 000\n"


def test_unhandled_type_is_none(tmp_path):
    ctx = context(tmp_path, "x.gz", __import__("gzip").compress(b"hello"))
    assert extract(ctx) is None


def test_large_pdf_is_not_parsed_and_says_why(tmp_path):
    data = small_pdf("hello")
    ctx = context(tmp_path, "big.pdf", data, Settings(text_max_bytes=len(data) - 1))
    with pytest.raises(TooLarge, match="text_max_bytes"):
        extract(ctx)


def test_large_plain_text_is_read_partially(tmp_path):
    ctx = context(tmp_path, "big.txt", b"first line\n" * 100, Settings(text_max_bytes=50))
    got = extract(ctx)
    assert got.text == ("first line\n" * 100)[:50]
    assert got.metadata["partial"] is True


def test_text_is_cut_at_max_chars(tmp_path):
    ctx = context(tmp_path, "long.txt", b"abcdefghij" * 10, Settings(text_max_chars=15))
    got = extract(ctx)
    assert got.text == "abcdefghijabcde"
    assert got.metadata["truncated"] is True
