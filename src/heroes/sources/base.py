"""The source contract: walk the evidence once, yielding items (and error findings for what cannot be walked).

Sources register themselves as entry points in the ``heroes.sources`` group (pyproject.toml); `heroes.sources.detect`
asks each, in ``order``, whether it claims a path, so a new kind of evidence needs no edit anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.kinds import KindSpec

SYMLINK = KindSpec("symlink", "Symbolic link")  # recorded, never followed out of the evidence
SPECIAL = KindSpec("special", "Special file")  # a FIFO, socket or device: listed, never read


class Source:
    """Base class: subclasses set `kind` and `order`, say which paths they `claims` and walk them in `items`."""

    #: short type name stored with the evidence: "directory", "raw", "ewf", "file"
    kind: str = ""
    #: detection order: lower is asked first, so specific sources (by content) come before catch-alls
    order: ClassVar[int] = 50

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def claims(cls, path: str) -> bool:
        """Whether this source reads the evidence at `path` (absolute, existing, readable), judged by content."""
        return False

    def items(self) -> Iterator[Item | Finding]:
        """Every item in the evidence, in a deterministic order; an unreadable part yields an error Finding."""
        raise NotImplementedError

    def verify(self, chunk_size: int = 1 << 20) -> list[Finding]:
        """Findings from checking the evidence against hashes it stores itself (an E01's MD5/SHA-1); none here."""
        return []

    def describe(self) -> dict[str, Any]:
        """Facts about the evidence itself (type, size, partitions...) stored with the evidence record."""
        return {"kind": self.kind, "path": self.path}
