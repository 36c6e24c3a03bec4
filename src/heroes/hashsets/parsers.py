"""Line-oriented hash lists: one hash per line, CSV with a header, and PDQ lists (hex hash, optional quality).

Each parser is a generator of :class:`Entry`; the first malformed line stops it with ``line N: why``. CSV is
read with `heroes.inputs.csv_rows`: quoted fields may span lines, a stray quote is an error naming its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from heroes.hashsets.entries import EXACT, Entry, ImportFormatError, algo_for_length, check_hex, check_quality
from heroes.inputs import InputError, csv_rows

CSV_COLUMNS = {"md5": "md5", "sha1": "sha1", "sha-1": "sha1", "sha256": "sha256", "sha-256": "sha256", "pdq": "pdq"}


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
        yield Entry(algo_for_length(value, f"line {number}"), value, category)


def parse_pdq(path: Path, category: str | None = None) -> Iterator[Entry]:
    """``HEX[,QUALITY]`` (comma, tab or space separated); quality is optional."""
    for number, text in _lines(path):
        where = f"line {number}"
        fields = text.replace(",", " ").split()
        if len(fields) > 2:
            raise ImportFormatError(where, f"expected 'hash[,quality]', got {len(fields)} fields")
        value = check_hex("pdq", fields[0], where)
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
        raise ImportFormatError(f"line {first[0]}", "the header names no hash column (md5, sha1, sha256, pdq)")
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
        for i, algo in hash_cols.items():
            if not fields[i].strip():
                continue
            found = True
            quality = check_quality(get("quality"), where) if algo == "pdq" and get("quality") else None
            yield Entry(algo, check_hex(algo, fields[i], f"{where}, column {header[i]}"), cat, media_id, quality, extra)
        if not found:
            raise ImportFormatError(where, "no hash in this row")


__all__ = ["EXACT", "parse_csv", "parse_pdq", "parse_text"]
