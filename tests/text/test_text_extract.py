"""Dispatch on the libmagic type, the size policy (text_max_bytes / text_max_chars) and ItemContext caching."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime
from heroes.text import TooLarge, extract, extracted, format_of, iso_utc, text_of


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
    assert "hello from a pdf" in text_of(ctx)
    ctx = context(tmp_path, "notes.txt", b"call +352 621 000 000\n")
    assert extracted(ctx).text == "call +352 621 000 000\n"


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


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "hello " * 200)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("iban.txt", b"PS92PALS000000000400123456702\n", "utf-8"),  # an HP-GL plot to libmagic
        ("log.txt", "Pay BE68 5390 0754 7034 now\r\n".encode("utf-16-le") * 3, "utf-16-le"),  # data to libmagic
        ("latin.txt", b"PS92PALS000000000400123456702 caf\xe9 cr\xe8me\n", "cp1252"),
    ],
)
def test_misnamed_text_is_read_by_content(tmp_path, name, data, encoding):
    ctx = context(tmp_path, name, data)
    assert format_of(ctx.mime) is None, ctx.mime  # libmagic's type alone would not be read
    extracted = extract(ctx)
    assert extracted is not None and extracted.text.startswith(data.decode(encoding)[:10])
    assert extracted.metadata == {"encoding": encoding, "text_by_content": True, "mime_said": ctx.mime}


def test_binary_is_not_read_by_content(tmp_path):
    import numpy as np
    from PIL import Image

    png = tmp_path / "x.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(png)
    samples = {
        "random.bin": np.random.default_rng(1).integers(0, 256, 8192, dtype=np.uint8).tobytes(),
        "x.png": png.read_bytes(),
        "a.zip": _zip_bytes(),
        "nul.bin": b"ABCD\x00\x00\x00\x01" * 512,  # mostly ASCII, full of NULs: a record file, not text
        "ctrl.bin": bytes(range(1, 32)) * 100,
    }
    for name, data in samples.items():
        ctx = context(tmp_path, name, data)
        assert format_of(ctx.mime) is None, (name, ctx.mime)
        assert extract(ctx) is None, name


def test_clean_text_tolerates_a_few_control_characters():
    from heroes.text.plain import clean_text

    assert clean_text(b"x" * 200 + b"\x1b") is not None  # one escape in 201 characters
    assert clean_text(b"x" * 20 + b"\x1b" * 2) is None
    assert clean_text(b"\t\r\n\x0c" * 50) is None  # no letter or digit at all
