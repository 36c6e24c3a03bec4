"""The case timeline: every dated fact (file system times, EXIF capture time, document dates: the fields each kind
declares in its `heroes.core.kinds.KindSpec`) as one event, sorted by time. Investigators build their chronology
from timeline.csv, so sorting must scale: events are sorted in chunks spilled to temporary files and merged, never
all held in memory.

Times without a zone (EXIF, some document dates) are the device's local time: they are shown without the
``Z`` suffix and say so in the description, and sort as if they were UTC.
"""

from __future__ import annotations

import csv
import heapq
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

from heroes.core.kinds import spec
from heroes.export.jsonl import clean_str

CSV_COLUMNS = ("time", "source", "path", "description", "evidence")
SPILL_EVENTS = 200_000  # events held before a sorted chunk goes to disk

_EXIF = re.compile(r"^(\d{4}):(\d\d):(\d\d)[ T](\d\d):(\d\d):(\d\d)")
_PDF = re.compile(r"^D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?)?")


class Event(NamedTuple):
    ts: float  # POSIX seconds, the sort key (zone-less times counted as UTC)
    time: str  # ISO 8601: ...Z for UTC, no suffix for local times of unknown zone
    source: str
    path: str
    description: str
    evidence: str = ""


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _from_posix(value: float) -> tuple[float, str] | None:
    if value == 0:  # an unset time stamp, not an event in 1970
        return None
    try:
        return float(value), _iso(datetime.fromtimestamp(value, UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _from_text(text: str) -> datetime | None:
    text = text.strip()
    if m := _EXIF.match(text):
        # EXIF stores the camera's local time, without a zone
        return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
    if m := _PDF.match(text):
        year, month, day, hour, minute, sec, zone = m.groups()
        zone_info = None
        if zone:
            digits = zone.replace("'", "")
            offset = 0 if zone == "Z" else int(digits[1:3]) * 60 + int(digits[3:5])
            zone_info = timezone(timedelta(minutes=-offset if digits[0] == "-" else offset))
        return datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(sec or 0), tzinfo=zone_info
        )
    return datetime.fromisoformat(text)


def parse_time(value: Any) -> tuple[float, str] | None:
    """(POSIX seconds, ISO text) for a POSIX number or an ISO / EXIF / PDF date string; None if unusable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_posix(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = _from_text(value)
    except ValueError:
        return None
    if moment is None or moment.year < 1900:  # 0000:00:00 style placeholders
        return None
    as_utc = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return as_utc.timestamp(), _iso(moment)


def _local_note(iso: str) -> str:
    return "" if iso.endswith("Z") else " (local time, zone unknown)"


def record_events(record: Mapping[str, Any]) -> Iterator[Event]:
    """The events one finding contributes: one per dated field its kind declares (`KindSpec.times`)."""
    declared = spec(str(record.get("kind")))
    if not declared.times:
        return
    path = clean_str(str(record.get("path", "")))
    evidence = clean_str(str(record.get("evidence") or ""))
    detail = declared.time_detail(record)
    for field in declared.times:
        if parsed := parse_time(record.get(field.field)):
            text = clean_str(field.text + detail) + _local_note(parsed[1])
            yield Event(parsed[0], parsed[1], field.source, path, text, evidence)


def _spill(events: list[Event], folder: str, index: int) -> Path:
    events.sort()
    spill = Path(folder) / f"chunk-{index}.jsonl"
    with open(spill, "w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False))
            out.write("\n")
    return spill


def _read_spill(spill: Path) -> Iterator[Event]:
    with open(spill, encoding="utf-8") as lines:
        for line in lines:
            yield Event(*json.loads(line))


def iter_timeline(records: Iterable[Mapping[str, Any]], spill_events: int = SPILL_EVENTS) -> Iterator[Event]:
    """All events of ``records`` in time order; memory stays at ``spill_events`` events however large the case."""
    buffer: list[Event] = []
    with tempfile.TemporaryDirectory(prefix="heroes-timeline-") as folder:
        spills: list[Path] = []
        for record in records:
            buffer.extend(record_events(record))
            if len(buffer) >= spill_events:
                spills.append(_spill(buffer, folder, len(spills)))
                buffer = []
        buffer.sort()
        if not spills:
            yield from buffer
            return
        yield from heapq.merge(buffer, *(_read_spill(s) for s in spills))


def timeline_events(records: Iterable[Mapping[str, Any]]) -> list[Event]:
    """Every dated event of the case, sorted by time; findings without a usable time contribute nothing."""
    return list(iter_timeline(records))


def _cell(text: str) -> str:
    # a file name such as "=HYPERLINK(...)" must not become a live formula when the CSV is opened in a sheet
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_timeline_csv(records: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write timeline.csv (time, source, path, description, evidence); returns the number of events."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for event in iter_timeline(records):
            writer.writerow(
                [event.time, event.source, _cell(event.path), _cell(event.description), _cell(event.evidence)]
            )
            count += 1
    return count
