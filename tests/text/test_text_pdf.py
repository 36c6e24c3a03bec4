"""PDF extraction: page text, link targets, document-information metadata, damaged and encrypted files."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from heroes.core.analyser import Damaged
from heroes.text import pdf


def make_pdf(pages: tuple[str, ...] = ("Call +352 621 123 456", "second page"), link: str = "") -> bytes:
    doc = FPDF()
    doc.set_title("Quarterly report")
    doc.set_author("J. Doe")
    doc.set_creator("Writer 7")
    doc.set_producer("fpdf2 test")
    doc.set_creation_date(datetime(2024, 3, 1, 12, 30, tzinfo=UTC))
    doc.set_font("helvetica", size=12)
    for text in pages:
        doc.add_page()
        doc.cell(text=text)
        if link:
            doc.ln()
            doc.cell(text="contact me", link=link)
    return bytes(doc.output())


def test_text_links_and_metadata():
    got = pdf.extract(make_pdf(link="https://t.me/example_handle"), max_chars=10_000, partial=False)
    assert "Call +352 621 123 456" in got.text
    assert "second page" in got.text
    assert "https://t.me/example_handle" in got.text  # the link target, not only the anchor text
    assert got.text.count("https://t.me/example_handle") == 1
    meta = got.metadata
    assert meta["title"] == "Quarterly report"
    assert meta["author"] == "J. Doe"
    assert meta["application"] == "Writer 7"
    assert meta["producer"] == "fpdf2 test"
    assert meta["created"] == "2024-03-01T12:30:00Z"
    assert meta["pages"] == 2


def test_stops_reading_pages_past_max_chars():
    pages = tuple(f"page number {i}" for i in range(20))
    got = pdf.extract(make_pdf(pages), max_chars=20, partial=False)
    assert "page number 0" in got.text
    assert "page number 19" not in got.text


def test_garbage_is_damaged():
    with pytest.raises(Damaged, match="PDF unreadable"):
        pdf.extract(b"%PDF-1.7\n" + bytes(range(256)) * 4, max_chars=1000, partial=False)


def test_truncated_pdf_is_damaged_or_readable_never_a_crash():
    data = make_pdf()
    try:
        got = pdf.extract(data[: len(data) // 3], max_chars=1000, partial=False)
    except Damaged:
        return
    assert isinstance(got.text, str)


def test_encrypted_with_unknown_password():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    got = pdf.extract(out.getvalue(), max_chars=1000, partial=False)
    assert got.metadata == {"encrypted": True}
    assert got.text == ""


def test_encrypted_with_empty_user_password_is_read():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    got = pdf.extract(out.getvalue(), max_chars=1000, partial=False)
    assert got.metadata["encrypted"] is True
    assert "second page" in got.text
