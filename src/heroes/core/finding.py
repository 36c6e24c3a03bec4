"""Findings are flat records: a kind plus primitive fields, so every store and exporter stays mechanical.

Each kind is declared once, as a `heroes.core.kinds.KindSpec` next to what emits it (docs/findings.md lists them);
the two every part of the pipeline emits are declared here: ``file`` (one per item) and ``error``. Field values must
be JSON primitives (str, int, float, bool, None) or lists of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heroes.core.kinds import KindSpec, Record, TimeField


def _deleted(record: Record) -> str:
    return " (deleted)" if record.get("deleted") else ""


def _error_statement(record: Record) -> str:
    who = f" ({record['analyser']})" if record.get("analyser") else ""
    reason = record.get("reason")
    return f"Could not be analysed{who}: {'' if reason is None else reason}"


FILE = KindSpec(
    "file",
    "File",
    times=(
        TimeField("mtime", "fs:mtime", "File modified"),
        TimeField("atime", "fs:atime", "File accessed"),
        TimeField("ctime", "fs:ctime", "File metadata changed"),
        TimeField("crtime", "fs:crtime", "File created"),
    ),
    time_detail=_deleted,
    report="files",
    uco="File",
)
ERROR = KindSpec("error", "Error", report="errors", uco="Annotation", statement=_error_statement)


@dataclass
class Finding:
    """One finding of one item (or of the walk itself), with the analyser that made it."""

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
    return Finding(ERROR.name, path, {"reason": reason, **data}, analyser=analyser)
