"""The source contract: walk the evidence once, yielding items (and error findings for what cannot be walked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from heroes.core.finding import Finding
from heroes.core.item import Item


class Source:
    #: short type name stored with the evidence: "directory", "raw", "ewf", "file"
    kind: str = ""

    def __init__(self, path: str):
        self.path = path

    def items(self) -> Iterator[Item | Finding]:
        """Every item in the evidence, in a deterministic order; an unreadable part yields an error Finding."""
        raise NotImplementedError

    def verify(self, chunk_size: int = 1 << 20) -> list[Finding]:
        """Findings from checking the evidence against hashes it stores itself (an E01's MD5/SHA-1); none here."""
        return []

    def describe(self) -> dict[str, Any]:
        """Facts about the evidence itself (type, size, partitions...) stored with the evidence record."""
        return {"kind": self.kind, "path": self.path}
