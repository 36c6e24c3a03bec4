"""Documents analyser: metadata findings for PDF, DOCX and HTML, none for plain text, errors for damaged files,
and the extracted text cached on the context for the analysers that follow."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
from fpdf import FPDF

from heroes.analysers.documents import DocumentsAnalyser
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime
from heroes.engine.process import process_item
from heroes.text import text_of


def write(tmp_path: Path, name: str, data: bytes) -> Item:
    path = tmp_path / name
    path.write_bytes(data)
    return Item(path=name, locator=({"t": "os", "path": str(path)},), size=len(data))


def context(tmp_path: Path, name: str, data: bytes, settings: Settings | None = None) -> ItemContext:
    return ItemContext(write(tmp_path, name, data), settings or Settings(), sniff_mime(data[: 1 << 16]))


def pdf_bytes() -> bytes:
    doc = FPDF()
    doc.set_title("Invoice")
    doc.set_author("Ann Example")
    doc.set_creation_date(datetime(2022, 6, 1, 8, 0, tzinfo=UTC))
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="Pay to IBAN LU28 0019 4006 4475 0000")
    return bytes(doc.output())


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Hello from Word")
    document.core_properties.author = "Bob Example"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_handles_documents_not_plain_text():
    analyser = DocumentsAnalyser()
    assert analyser.order < 50
    assert analyser.accepts("application/pdf") and analyser.accepts("text/html")
    assert analyser.accepts("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert not analyser.accepts("text/plain") and not analyser.accepts("image/jpeg")


def test_pdf_metadata_and_cached_text(tmp_path):
    ctx = context(tmp_path, "invoice.pdf", pdf_bytes())
    [found] = DocumentsAnalyser().analyse(ctx)
    assert found.kind == "document" and found.path == "invoice.pdf"
    assert found.data["title"] == "Invoice" and found.data["author"] == "Ann Example"
    assert found.data["created"] == "2022-06-01T08:00:00Z" and found.data["pages"] == 1
    assert found.data["chars"] == len(text_of(ctx)) > 0
    assert "LU28 0019" in text_of(ctx)


def test_docx_and_html(tmp_path):
    [found] = DocumentsAnalyser().analyse(context(tmp_path, "a.docx", docx_bytes()))
    assert found.data["author"] == "Bob Example" and found.data["chars"] == len("Hello from Word")
    page = b"<html><head><title>Ad</title></head><body><p>Rooms</p><a href='https://t.me/x'>c</a></body></html>"
    [found] = DocumentsAnalyser().analyse(context(tmp_path, "a.html", page))
    assert found.data["title"] == "Ad" and found.data["links"] == 1


def test_damaged_and_too_large_become_error_findings(tmp_path):
    broken = pdf_bytes()[:200] + bytes(range(256))
    errors = [f for f in process_item(write(tmp_path, "broken.pdf", broken), Settings()) if f.kind == "error"]
    assert any(f.analyser == "documents" and "PDF" in f.data["reason"] for f in errors)
    data = pdf_bytes()
    found = process_item(write(tmp_path, "big.pdf", data), Settings(text_max_bytes=100))
    assert not [f for f in found if f.kind == "document"]
    assert any(f.kind == "error" and "text_max_bytes" in f.data["reason"] for f in found)


def test_end_to_end(tmp_path):
    found = process_item(write(tmp_path, "invoice.pdf", pdf_bytes()), Settings())
    documents = [f for f in found if f.kind == "document"]
    assert len(documents) == 1 and documents[0].data["author"] == "Ann Example"
