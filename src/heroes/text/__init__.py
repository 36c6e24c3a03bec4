"""Text and document metadata for the analysers that read content (documents, entities): one small module per
format, chosen by the item's libmagic MIME type, so a missing parser library only loses its own format.

A type that no module reads is still read as plain text when its bytes decode cleanly as text
(``plain.clean_text``): libmagic misnames some text files (one that starts with two capitals and digits is an HP-GL
plot to it), and text that is never searched hides its identifiers. Such text carries ``text_by_content`` and
``mime_said`` (libmagic's type) in its metadata, and the findings made from it say so.

Size policy (``Settings.text_max_bytes``): formats that can be read from their first bytes (plain text, HTML) are
read up to the limit and marked ``partial``; formats that need the whole file (PDF, DOCX) are not parsed when
larger, and `TooLarge` (a `Damaged`) is raised so the engine records an ``error`` finding saying why: an
examiner must know which documents were not searched. Text is cut at ``text_max_chars`` (``truncated``).
"""

from __future__ import annotations

import fnmatch
import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from heroes.core.analyser import Damaged

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

#: format module -> MIME patterns it reads; the first match wins, so specific formats come before ``text/*``.
FORMATS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pdf", ("application/pdf",)),
    ("docx", ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)),
    ("html", ("text/html", "application/xhtml+xml")),
    (
        "plain",
        (
            "text/*",
            "application/json",
            "application/x-ndjson",
            "application/xml",
            "application/csv",
            "application/javascript",
            "application/x-subrip",
            "message/*",
        ),
    ),
)
#: formats that are documents (with their own metadata), as opposed to plain text.
DOCUMENT_FORMATS: tuple[str, ...] = ("pdf", "docx", "html")
#: formats that can be read from their first ``text_max_bytes`` bytes.
STREAMABLE: frozenset[str] = frozenset({"html", "plain"})
#: how much of an item of a type no module reads is looked at to decide whether it is text all the same.
SNIFF_BYTES = 4096
#: the item context's cache entry that holds the extracted text
CACHE_KEY = "heroes.text"


@dataclass
class Extracted:
    """Text and metadata of a document, produced once per item and shared by the analysers that read content."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


class TooLarge(Damaged):
    """A document of a handled type too large to parse under the scan's settings (recorded, not damaged)."""


def format_of(mime: str) -> str | None:
    """The format module name that reads `mime`, or None."""
    for name, patterns in FORMATS:
        if any(fnmatch.fnmatchcase(mime, p) for p in patterns):
            return name
    return None


def mimes_of(*formats: str) -> tuple[str, ...]:
    """The MIME patterns of the given formats (for an analyser's ``handles``)."""
    return tuple(p for name, patterns in FORMATS if name in formats for p in patterns)


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC ("...Z") for aware times; a naive time (zone not recorded) stays as written, no zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat()
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def extracted(ctx: ItemContext) -> Extracted | None:
    """The item's text and document metadata, extracted once per item (the context's cache) and shared by every
    analyser that asks; None when no extractor handles its type. A damaged document raises to the first analyser
    that asks, which reports it; the others then get None."""
    return ctx.cached(CACHE_KEY, lambda: extract(ctx))


def text_of(ctx: ItemContext) -> str | None:
    """The item's extracted text, or None (see `extracted`)."""
    found = extracted(ctx)
    return found.text if found else None


def extract(ctx: ItemContext) -> Extracted | None:
    """Text and metadata of the item, or None when no extractor reads its type (nor its content as text);
    `Damaged` when it is broken. Uncached: analysers call `extracted`."""
    name = format_of(ctx.mime)
    by_content = name is None and _text_by_content(ctx)
    if by_content:
        name = "plain"
    if name is None:
        return None
    max_bytes, max_chars = ctx.settings.text_max_bytes, ctx.settings.text_max_chars
    if name not in STREAMABLE and ctx.item.size > max_bytes:
        raise TooLarge(f"{name} not parsed for text: {ctx.item.size} bytes is over text_max_bytes ({max_bytes})")
    data = ctx.read(max_bytes + 1)
    partial = len(data) > max_bytes
    if partial and name not in STREAMABLE:
        raise TooLarge(f"{name} not parsed for text: more than text_max_bytes ({max_bytes}) bytes")
    module = importlib.import_module(f"heroes.text.{name}")
    extracted: Extracted = module.extract(data[:max_bytes], max_chars=max_chars, partial=partial)
    if partial:
        extracted.metadata["partial"] = True
    if by_content:
        extracted.metadata.update(text_by_content=True, mime_said=ctx.mime)
    if len(extracted.text) > max_chars:
        extracted.text = extracted.text[:max_chars]
        extracted.metadata["truncated"] = True
    return extracted


def _text_by_content(ctx: ItemContext) -> bool:
    """Whether the first ``SNIFF_BYTES`` of an item whose type no module reads are clean text."""
    from heroes.text.plain import clean_text

    head = ctx.read(SNIFF_BYTES)
    return bool(head) and clean_text(head, partial=len(head) == SNIFF_BYTES) is not None
