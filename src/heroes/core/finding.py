"""Findings are flat records: a namespaced kind plus primitive fields, so every store and exporter stays mechanical.

Kinds in use (see docs/findings.md): ``file``, ``entity``, ``mismatch``, ``exif``, ``document``, ``symlink``,
``archive``, ``error``. Field values must be JSON primitives (str, int, float, bool, None) or lists of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    """One result of a scan about one item: its kind (docs/findings.md), the item's path and the kind's fields."""

    kind: str
    path: str  # the item's path inside the evidence (provenance)
    data: dict[str, Any] = field(default_factory=dict)
    analyser: str = ""
    offset: int | None = None  # byte offset inside the item, where known

    def record(self) -> dict[str, Any]:
        """The flat JSON-lines record: kind and path first, then the analyser's fields."""
        rec: dict[str, Any] = {"kind": self.kind, "path": self.path}
        rec.update(self.data)
        if self.offset is not None:
            rec["offset"] = self.offset
        if self.analyser:
            rec["analyser"] = self.analyser
        return rec


def error(path: str, reason: str, analyser: str = "", **data: Any) -> Finding:
    """An item (or part of one) that could not be read or parsed; the scan goes on."""
    return Finding("error", path, {"reason": reason, **data}, analyser=analyser)
