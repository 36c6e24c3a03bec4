"""Line-oriented hash lists: one hash per line, CSV with a header, PDQ lists (hex hash, optional quality) and vPDQ
lists (one video's frames, as Meta's vpdq and python-threatexchange write them).

Each parser is a generator of :class:`Entry`; the first malformed line stops it with ``line N: why``. CSV is
read with `heroes.inputs.csv_rows`: quoted fields may span lines, a stray quote is an error naming its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from heroes.hashsets.entries import Entry, ImportFormatError, check_quality
from heroes.hashsets.pdq import MIN_QUALITY
from heroes.hashsets.signals import DIGESTS, HEX, PDQ, VPDQ, Signal, digest_for_length
from heroes.hashsets.video import Frame, Video, video_id
from heroes.inputs import InputError, csv_rows

#: CSV header -> signal: each signal by its name and by its label ("sha256", "sha-256")
CSV_COLUMNS: dict[str, Signal] = {key: s for s in (*DIGESTS, PDQ) for key in (s.name, s.label.lower())}
META_LINE = re.compile(rb"^\d+,\d+,[0-9a-fA-F]{64},[0-9.]+\s*$")  # how format detection knows a Meta list


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as f:
        try:
            for number, line in enumerate(f, 1):
                text = line.strip()
                if text and not text.startswith("#"):
                    yield number, text
        except UnicodeDecodeError as exc:
            raise ImportFormatError("file", f"not UTF-8 text ({exc.reason})") from None


def parse_text(path: Path, category: str | None = None) -> Iterator[Entry]:
    """One MD5, SHA-1 or SHA-256 per line (hashdeep/md5sum style ``HASH  name`` lines keep the first field)."""
    for number, text in _lines(path):
        value = text.split()[0].lower()
        yield Entry(digest_for_length(value, f"line {number}").name, value, category)


def parse_pdq(path: Path, category: str | None = None) -> Iterator[Entry]:
    """``HEX[,QUALITY]`` (comma, tab or space separated); quality is optional."""
    for number, text in _lines(path):
        where = f"line {number}"
        fields = text.replace(",", " ").split()
        if len(fields) > 2:
            raise ImportFormatError(where, f"expected 'hash[,quality]', got {len(fields)} fields")
        value = PDQ.validate(fields[0], where)
        quality = check_quality(fields[1], where) if len(fields) == 2 else None
        yield Entry("pdq", value, category, quality=quality)


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each begins on; blank and ``#`` comment lines skipped."""
    with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as f:
        try:
            for number, fields in csv_rows(f):
                if any(c.strip() for c in fields) and not fields[0].lstrip().startswith("#"):
                    yield number, fields
        except UnicodeDecodeError as exc:
            raise ImportFormatError("file", f"not UTF-8 text ({exc.reason})") from None
        except InputError as exc:
            raise ImportFormatError(exc.where, exc.reason) from None


def parse_csv(path: Path, category: str | None = None) -> Iterator[Entry]:
    """A header names the columns: any of md5, sha1, sha256, pdq; optional category, media_id, quality, name."""
    rows = _records(path)
    first = next(rows, None)
    if first is None:
        return
    header = [h.strip().strip('"').lower() for h in first[1]]
    hash_cols = {i: CSV_COLUMNS[h] for i, h in enumerate(header) if h in CSV_COLUMNS}
    if not hash_cols:
        names = ", ".join(dict.fromkeys(s.name for s in CSV_COLUMNS.values()))
        raise ImportFormatError(f"line {first[0]}", f"the header names no hash column ({names})")
    col = {h: i for i, h in enumerate(header)}
    for number, fields in rows:
        where = f"line {number}"
        if len(fields) != len(header):
            raise ImportFormatError(where, f"{len(fields)} fields, the header has {len(header)}")

        def get(name: str, fields: list[str] = fields) -> str | None:
            return fields[col[name]].strip() or None if name in col else None

        cat = get("category") or category
        media_id = get("media_id") or get("mediaid")
        extra = {"name": get("name")} if get("name") else {}
        found = False
        for i, signal in hash_cols.items():
            if not fields[i].strip():
                continue
            found = True
            quality = check_quality(get("quality"), where) if signal is PDQ and get("quality") else None
            value = signal.validate(fields[i], f"{where}, column {header[i]}")
            yield Entry(signal.name, value, cat, media_id, quality, extra)
        if not found:
            raise ImportFormatError(where, "no hash in this row")


def _frame(fields: list[str], index: int, where: str) -> Frame:
    """One line: ``frame,quality,hex,seconds`` (Meta's vpdq CLI and sample-hashes) or ``hex,quality,seconds``
    (python-threatexchange's serialisation, in time order)."""
    if len(fields) == 4:
        number, quality, value, seconds = fields
    elif len(fields) == 3 and len(fields[0]) == PDQ.hex_digits and HEX.match(fields[0]):
        (value, quality, seconds), number = fields, str(index)
    else:
        raise ImportFormatError(
            where,
            "expected 'frame,quality,hash,seconds' (Meta's vpdq) or 'hash,quality,seconds' (python-threatexchange), "
            f"got {len(fields)} fields",
        )
    try:
        frame, time = int(number), float(seconds)
    except ValueError:
        raise ImportFormatError(where, "the frame number must be an integer and the seconds a number") from None
    if frame < 0 or not time >= 0:
        raise ImportFormatError(where, "frame number and seconds must not be negative")
    return frame, PDQ.validate(value, where), check_quality(quality, where), time


def parse_vpdq(path: Path, category: str | None = None) -> Iterator[Entry]:
    """One video per file, every frame or sampled frames, as Meta's vpdq and python-threatexchange write them."""
    frames: list[Frame] = []
    with path.open("r", encoding="utf-8-sig") as f:
        try:
            for number, line in enumerate(f, 1):
                if line.strip() and not line.startswith("#"):
                    fields = [x.strip() for x in line.split(",")]
                    frames.append(_frame(fields, len(frames), f"line {number}"))
        except UnicodeDecodeError as exc:
            raise ImportFormatError("file", f"not UTF-8 text ({exc.reason})") from None
    clip = Video.of(frames)
    hexes = clip.unique_hexes()
    if not hexes:
        raise ImportFormatError("file", f"no frame of quality >= {MIN_QUALITY}")
    yield Entry(VPDQ.name, video_id(hexes), category, media_id=path.name, extra=clip.stored())
