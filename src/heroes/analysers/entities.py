"""Identifiers in a document's text (e-mail, phone, IBAN, crypto addresses, onion, PGP, messengers), one finding
per distinct identifier in the item, with where it first occurs and how often.

The offset is a character offset in the extracted text, not a byte offset in the file: for a PDF or a DOCX the
two have nothing in common, and the text is what an examiner searches. Identifiers from an item that libmagic did
not type as text, read because its bytes are clean text (heroes.text), carry ``text_by_content``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec, Record
from heroes.entities import extract_entities
from heroes.entities.model import CONFIDENCE_RANK
from heroes.text import extracted, text_of

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

_PRIMITIVE = (str, int, float, bool, type(None))


def _node(record: Record) -> tuple[str, str] | None:
    return (str(record["type"]), str(record["value"])) if record.get("type") and record.get("value") else None


ENTITY = KindSpec("entity", "Identifier", report="entities", uco="Observable", graph_node=_node)


class EntitiesAnalyser(Analyser):
    """Phone numbers, e-mails, IBANs, crypto addresses, URLs and PGP keys in an item's extracted text."""

    name: ClassVar[str] = "entities"
    handles: ClassVar[tuple[str, ...]] = ("*",)
    order: ClassVar[int] = 60
    requires: ClassVar[tuple[str, ...]] = ("phonenumbers", "stdnum", "base58", "Crypto", "email_validator")

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        """One `entity` finding per distinct (type, value), with its first offset and how often it occurs."""
        text = text_of(ctx)
        if not text:
            return
        found = extracted(ctx)
        region = (found.metadata.get("region") if found else None) or ctx.settings.default_region
        by_content = {"text_by_content": True} if found and found.metadata.get("text_by_content") else {}
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        offsets: dict[tuple[str, str], int] = {}
        for entity in extract_entities(text, str(region)):
            key = (entity.type, entity.value)
            data = merged.get(key)
            if data is None:
                extra = {k: v for k, v in entity.extra.items() if isinstance(v, _PRIMITIVE)}
                data = {
                    **extra,
                    **by_content,
                    "type": entity.type,
                    "value": entity.value,
                    "confidence": entity.confidence,
                    "count": 0,
                }
                merged[key], offsets[key] = data, entity.offset
            data["count"] += 1
            if CONFIDENCE_RANK[entity.confidence] > CONFIDENCE_RANK[data["confidence"]]:
                data["confidence"] = entity.confidence  # e.g. an address seen once next to its keyword
        for key, data in merged.items():
            yield Finding(ENTITY.name, ctx.item.path, data, analyser=self.name, offset=offsets[key])
