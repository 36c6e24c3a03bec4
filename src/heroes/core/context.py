"""What an analyser sees of one item: its metadata, the hash pass's results, lazy access to its content, a cache of
what is derived from it once for all analysers (its text), and the services the engine hands in."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from heroes.core.opener import open_item, os_path
from heroes.core.services import Services
from heroes.core.settings import Settings

if TYPE_CHECKING:
    from heroes.core.item import Item

T = TypeVar("T")


class ItemContext:
    """One item as the analysers see it; built by the engine for each item and dropped after it."""

    def __init__(
        self,
        item: Item,
        settings: Settings,
        mime: str = "",
        hashes: dict[str, str] | None = None,
        services: Services | None = None,
    ):
        self.item = item
        self.settings = settings
        self.mime = mime
        self.hashes = hashes or {}
        self.services = services or Services()
        self._cache: dict[str, Any] = {}

    def open(self) -> BinaryIO:
        """A fresh read-only stream positioned at the start of the item."""
        return open_item(self.item)

    def read(self, limit: int) -> bytes:
        """Up to `limit` bytes from the start of the item."""
        with self.open() as stream:
            return stream.read(limit)

    @contextmanager
    def as_file(self) -> Iterator[str]:
        """A path to the item's bytes for a library that reads only files (a video decoder): the evidence file
        itself when the item is one, else a copy in a temporary folder (never next to the evidence), removed after."""
        direct = os_path(self.item.locator)
        if direct is not None:
            yield direct
            return
        with tempfile.TemporaryDirectory(prefix="heroes-item-") as tmp:
            path = f"{tmp}/item"
            with self.open() as src, open(path, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            yield path

    def cached(self, key: str, make: Callable[[], T]) -> T | None:
        """What ``make()`` derives from this item, computed once and shared by every analyser that asks. While it
        runs the key holds None: a failure raises to the first analyser that asks (which reports it) and later ones
        get None instead of the same failure again."""
        if key not in self._cache:
            self._cache[key] = None
            self._cache[key] = make()
        return self._cache[key]
