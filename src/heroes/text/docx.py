"""DOCX (Word 2007+): the text of every paragraph (body, tables, text boxes, headers, footers), the targets of
external hyperlinks, the core properties (author, dates, revision) and the authoring application from app.xml."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from heroes.core.analyser import Damaged
from heroes.text import Extracted, iso_utc

# python-docx on malformed packages raises its own errors and, from deeper layers, these (an XML part that is
# well formed but not the expected element surfaces as AttributeError); none of them is our bug.
_DOCX_ERRORS = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    zlib.error,
    LxmlError,
    KeyError,
    ValueError,
    EOFError,
    NotImplementedError,
    AttributeError,
    TypeError,
    IndexError,
)
_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _paragraphs(element: Any, parent: Any) -> list[str]:
    return [Paragraph(p, parent).text for p in element.iter(qn("w:p"))]


def _core(document: Any) -> dict[str, Any]:
    cp = document.core_properties
    fields = {
        "title": cp.title,
        "author": cp.author,
        "subject": cp.subject,
        "keywords": cp.keywords,
        "last_modified_by": cp.last_modified_by,
        "revision": cp.revision or None,
        "created": iso_utc(cp.created),
        "modified": iso_utc(cp.modified),
        "last_printed": iso_utc(cp.last_printed),
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def _app(document: Any) -> dict[str, Any]:
    """docProps/app.xml: Application (e.g. "Microsoft Office Word"), AppVersion, Company, Pages."""
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            root = parse_xml(part.blob)
            found = {
                name: root.findtext(_EXTENDED + tag)
                for name, tag in (
                    ("application", "Application"),
                    ("app_version", "AppVersion"),
                    ("company", "Company"),
                    ("pages", "Pages"),
                )
            }
            out: dict[str, Any] = {k: v.strip() for k, v in found.items() if v and v.strip()}
            if str(out.get("pages", "")).isdigit():
                out["pages"] = int(out["pages"])
            else:
                out.pop("pages", None)
            return out
    return {}


def _links(document: Any) -> list[str]:
    return [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK and rel.is_external]


def extract(data: bytes, *, max_chars: int, partial: bool) -> Extracted:
    """Text of a DOCX (body, headers, footers, link targets) and its core and app properties."""
    try:
        document = docx.Document(io.BytesIO(data))
        texts = _paragraphs(document.element.body, document)
        for section in document.sections:
            for margin in (section.header, section.footer):
                if not margin.is_linked_to_previous:
                    texts.extend(_paragraphs(margin._element, margin))
        links = _links(document)
        metadata = {**_app(document), **_core(document)}
    except _DOCX_ERRORS as exc:
        raise Damaged(f"DOCX unreadable: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(texts)
    if links:
        text += "\n\n" + "\n".join(dict.fromkeys(links))
    return Extracted(text=text, metadata=metadata)
