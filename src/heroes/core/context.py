"""What an analyser sees of one item: its metadata, the hash pass's results and lazy, cached access to content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from heroes.core.opener import open_item
from heroes.core.settings import Settings

if TYPE_CHECKING:
    from heroes.core.item import Item


@dataclass
class Extracted:
    """Text and metadata of a document, produced once per item by `heroes.text` and shared by analysers."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


_UNSET: Any = object()


class ItemContext:
    def __init__(self, item: Item, settings: Settings, mime: str = "", hashes: dict[str, str] | None = None):
        self.item = item
        self.settings = settings
        self.mime = mime
        self.hashes = hashes or {}
        self.known_good = False  # set by the known-material analyser when a known-good bank (NSRL) lists the item
        self._extracted: Any = _UNSET

    def open(self) -> BinaryIO:
        """A fresh read-only stream positioned at the start of the item."""
        return open_item(self.item)

    def read(self, limit: int) -> bytes:
        """Up to `limit` bytes from the start of the item."""
        with self.open() as stream:
            return stream.read(limit)

    def extracted(self) -> Extracted | None:
        """The item's text and document metadata, or None when no extractor handles its type."""
        if self._extracted is _UNSET:
            from heroes.text import extract

            self._extracted = None  # a damaged document is reported once, by the first analyser that asks
            self._extracted = extract(self)
        return self._extracted

    def text(self) -> str | None:
        extracted = self.extracted()
        return extracted.text if extracted else None
