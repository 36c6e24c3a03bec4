"""DOCX extraction: body, tables, headers, hyperlink targets, core properties and app.xml; damaged files."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from heroes.core.analyser import Damaged
from heroes.text import docx as docx_text


def make_docx(link: str = "https://t.me/example_handle") -> bytes:
    document = docx.Document()
    document.add_paragraph("Meeting at the station")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "cell alpha"
    table.cell(0, 1).text = "cell beta"
    document.sections[0].header.paragraphs[0].text = "Header line"
    paragraph = document.add_paragraph("Write to ")
    r_id = document.part.relate_to(link, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "my channel"
    run.append(text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)
    props = document.core_properties
    props.author = "Jane Roe"
    props.title = "Plans"
    props.last_modified_by = "John Roe"
    props.revision = 3
    props.created = datetime(2023, 1, 2, 3, 4, 5)
    props.modified = datetime(2023, 2, 3, 4, 5, 6)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_text_and_links():
    got = docx_text.extract(make_docx(), max_chars=10_000, partial=False)
    for expected in (
        "Meeting at the station",
        "cell alpha",
        "cell beta",
        "Header line",
        "my channel",
        "https://t.me/example_handle",
    ):
        assert expected in got.text


def test_core_and_app_properties():
    meta = docx_text.extract(make_docx(), max_chars=10_000, partial=False).metadata
    assert meta["author"] == "Jane Roe"
    assert meta["title"] == "Plans"
    assert meta["last_modified_by"] == "John Roe"
    assert meta["revision"] == 3
    assert meta["created"] == "2023-01-02T03:04:05Z"
    assert meta["modified"] == "2023-02-03T04:05:06Z"
    assert meta["application"]  # python-docx's template carries an app.xml
    assert all(isinstance(v, str | int) for v in meta.values())


def test_not_a_zip_is_damaged():
    with pytest.raises(Damaged, match="DOCX unreadable"):
        docx_text.extract(b"PK\x03\x04" + b"\x00" * 100, max_chars=1000, partial=False)


def test_zip_without_document_is_damaged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(Damaged):
        docx_text.extract(out.getvalue(), max_chars=1000, partial=False)


def test_truncated_docx_is_damaged():
    data = make_docx()
    with pytest.raises(Damaged):
        docx_text.extract(data[: len(data) // 2], max_chars=1000, partial=False)
