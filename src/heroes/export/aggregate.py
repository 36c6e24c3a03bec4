"""One pass over a case's findings into the bounded summary the HTML report renders.

Records come from a generator and are seen once. Counters are bounded by the number of kinds, MIME types and
entity types; every list is capped (the full data stays in findings.jsonl), the distinct values tracked per
entity type are capped, and only the earliest timeline events are kept (a bounded heap).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from heroes.core.kinds import spec
from heroes.export.jsonl import clean_str
from heroes.export.timeline import Event, parse_time, record_events

ROW_CAP = 1_000  # rows per table
TIMELINE_CAP = 500
VALUES_CAP = 10_000  # distinct values tracked per entity type
PATHS_PER_VALUE = 3


def _text(value: Any) -> str:
    return "" if value is None else clean_str(str(value))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Capped:
    """The first ``cap`` rows of a table and how many there were in all."""

    cap: int = ROW_CAP
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def add(self, row: dict[str, Any]) -> None:
        self.total += 1
        if len(self.rows) < self.cap:
            self.rows.append(row)

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass
class EntityGroup:
    """One entity type: occurrences, and per distinct value its count and the first places it was found."""

    occurrences: int = 0
    values: dict[str, list[Any]] = field(default_factory=dict)  # value -> [count, [where, ...]]
    untracked: int = 0  # occurrences of values beyond VALUES_CAP

    def add(self, value: str, count: int, where: str) -> None:
        self.occurrences += count
        entry = self.values.get(value)
        if entry is None:
            if len(self.values) >= VALUES_CAP:
                self.untracked += count
                return
            entry = self.values[value] = [0, []]
        entry[0] += count
        if len(entry[1]) < PATHS_PER_VALUE and where not in entry[1]:
            entry[1].append(where)

    def top(self, limit: int = ROW_CAP) -> list[tuple[str, int, list[str]]]:
        ranked = heapq.nsmallest(limit, self.values.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [(value, count, paths) for value, (count, paths) in ranked]


_NOT_DETAILS = frozenset({"kind", "path", "evidence", "analyser", "offset"})


def _details(rec: Mapping[str, Any]) -> str:
    parts = []
    for key, value in sorted(rec.items()):
        if key in _NOT_DETAILS or value in (None, "", []):
            continue
        text = ", ".join(map(_text, value)) if isinstance(value, list) else _text(value)
        parts.append(f"{key}: {text[:120]}")
    return "; ".join(parts)


@dataclass
class CaseSummary:
    """What the report shows of a case: counts, capped tables per report section (`KindSpec.report`), the alerts
    (`KindSpec.alert`) and the earliest timeline events."""

    kinds: Counter[str] = field(default_factory=Counter)
    files: int = 0
    bytes: int = 0
    deleted: int = 0
    mimes: Counter[str] = field(default_factory=Counter)
    mismatches: Capped = field(default_factory=Capped)
    deleted_files: Capped = field(default_factory=Capped)
    entities: dict[str, EntityGroup] = field(default_factory=dict)
    gps: Capped = field(default_factory=Capped)
    errors: Capped = field(default_factory=Capped)
    alerts: Capped = field(default_factory=Capped)
    events: int = 0
    _earliest: list[tuple[float, int, Event]] = field(default_factory=list)  # max-heap on -ts
    _seq: itertools.count = field(default_factory=itertools.count)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count and tabulate one finding."""
        kind = _text(record.get("kind")) or "unknown"
        self.kinds[kind] += 1
        declared = spec(kind)
        handler = {
            "files": self._add_file,
            "mismatches": self._add_mismatch,
            "entities": self._add_entity,
            "gps": self._add_exif,
            "errors": self._add_error,
        }.get(declared.report)
        if handler is not None:
            handler(record, _text(record.get("path")), _text(record.get("evidence")))
        elif declared.alert:
            self.alerts.add(
                {
                    "kind": kind,
                    "path": _text(record.get("path")),
                    "details": _details(record),
                    "evidence": _text(record.get("evidence")),
                }
            )
        for event in record_events(record):
            self._add_event(event)

    def _add_event(self, event: Event) -> None:
        self.events += 1
        item = (-event.ts, next(self._seq), event)
        if len(self._earliest) < TIMELINE_CAP:
            heapq.heappush(self._earliest, item)
        elif item > self._earliest[0]:
            heapq.heapreplace(self._earliest, item)

    def timeline(self) -> list[Event]:
        return sorted(e for _, _, e in self._earliest)

    def _add_file(self, rec: Mapping[str, Any], path: str, evidence: str) -> None:
        self.files += 1
        size = _number(rec.get("size"))
        self.bytes += int(size) if size and size > 0 else 0
        self.mimes[_text(rec.get("mime")) or "unknown"] += 1
        if rec.get("deleted"):
            self.deleted += 1
            mtime = parse_time(rec.get("mtime"))
            self.deleted_files.add(
                {
                    "path": path,
                    "size": rec.get("size"),
                    "mime": _text(rec.get("mime")),
                    "mtime": mtime[1] if mtime else "",
                    "evidence": evidence,
                }
            )

    def _add_mismatch(self, rec: Mapping[str, Any], path: str, evidence: str) -> None:
        self.mismatches.add(
            {
                "path": path,
                "extension": _text(rec.get("extension")),
                "mime": _text(rec.get("mime")),
                "expected": _text(rec.get("expected")),
                "evidence": evidence,
            }
        )

    def _add_entity(self, rec: Mapping[str, Any], path: str, evidence: str) -> None:
        count = rec.get("count")
        count = count if isinstance(count, int) and count > 0 else 1
        offset = rec.get("offset")
        where = f"{path} @{offset}" if isinstance(offset, int) else path
        group = self.entities.setdefault(_text(rec.get("type")) or "unknown", EntityGroup())
        group.add(_text(rec.get("value")), count, where)

    def _add_exif(self, rec: Mapping[str, Any], path: str, evidence: str) -> None:
        lat, lon = _number(rec.get("gps_lat")), _number(rec.get("gps_lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return
        taken = parse_time(rec.get("datetime_original"))
        camera = " ".join(_text(rec.get(k)) for k in ("make", "model") if rec.get(k))
        self.gps.add(
            {
                "path": path,
                "lat": lat,
                "lon": lon,
                "alt": _number(rec.get("gps_alt")),
                "camera": camera,
                "taken": taken[1] if taken else "",
                "evidence": evidence,
            }
        )

    def _add_error(self, rec: Mapping[str, Any], path: str, evidence: str) -> None:
        self.errors.add(
            {
                "path": path,
                "analyser": _text(rec.get("analyser")),
                "reason": _text(rec.get("reason")),
                "evidence": evidence,
            }
        )


def summarise(records: Iterable[Mapping[str, Any]]) -> CaseSummary:
    summary = CaseSummary()
    for record in records:
        summary.add(record)
    return summary
