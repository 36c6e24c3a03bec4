"""PDF text, document-information metadata and link targets (URI actions of link annotations, which often carry
contact links such as ``https://t.me/...`` that never appear in the page text). Reads with pypdf, non-strict."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from heroes.core.analyser import Damaged
from heroes.text import Extracted, iso_utc

# pypdf on malformed input raises its own errors and, from deeper layers, these; none of them is our bug.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    NotImplementedError,
    zlib.error,
    RecursionError,
)


def _value(get: Callable[[], Any]) -> Any:
    """One metadata value; a malformed value (for example a date pypdf cannot parse) is left out, not fatal."""
    try:
        return get()
    except _PDF_ERRORS:
        return None


def _metadata(reader: PdfReader) -> dict[str, Any]:
    info = _value(lambda: reader.metadata)
    if info is None:
        return {}
    fields = {
        "title": _value(lambda: info.title),
        "author": _value(lambda: info.author),
        "subject": _value(lambda: info.subject),
        "application": _value(lambda: info.creator),
        "producer": _value(lambda: info.producer),
        "created": iso_utc(_value(lambda: info.creation_date)),
        "modified": iso_utc(_value(lambda: info.modification_date)),
    }
    return {k: str(v).strip() for k, v in fields.items() if v is not None and str(v).strip()}


def _links(page: Any) -> list[str]:
    found: list[str] = []
    for ref in page.get("/Annots") or ():
        annotation = ref.get_object()
        action = annotation.get("/A") if hasattr(annotation, "get") else None
        action = action.get_object() if action is not None else None
        uri = action.get("/URI") if action is not None and hasattr(action, "get") else None
        if uri is not None:
            found.append(str(uri.get_object() if hasattr(uri, "get_object") else uri))
    return found


def extract(data: bytes, *, max_chars: int, partial: bool) -> Extracted:
    """Text and links of a PDF page by page, up to `max_chars`, with its metadata; damaged pages are counted."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            return Extracted(text="", metadata={"encrypted": True})
        pages = list(reader.pages)
    except _PDF_ERRORS as exc:
        raise Damaged(f"PDF unreadable: {type(exc).__name__}: {exc}") from exc
    metadata = _metadata(reader)
    metadata["pages"] = len(pages)
    if encrypted:
        metadata["encrypted"] = True  # with an empty user password: readable, but says something
    texts: list[str] = []
    links: list[str] = []
    size = unreadable = 0
    for page in pages:
        if size > max_chars:
            break
        try:
            text = page.extract_text() or ""
            links.extend(u for u in _links(page) if u not in links)
        except _PDF_ERRORS:
            unreadable += 1
            continue
        texts.append(text)
        size += len(text)
    if unreadable:
        metadata["unreadable_pages"] = unreadable
    body = "\n\n".join(texts)
    if links:
        body += "\n\n" + "\n".join(links)
    return Extracted(text=body, metadata=metadata)
