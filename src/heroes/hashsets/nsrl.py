"""NIST NSRL known-good lists: RDSv3 SQLite (a ``FILE`` view or table) and the legacy RDS 2.x text file.

Each file is stored once, by its strongest hash present (SHA-256, else SHA-1, else MD5): a known-good item's
three digests are all computed by the hash pass, so one is enough to recognise it and the bank stays a third
of the size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from heroes.hashsets.entries import Entry, ImportFormatError
from heroes.hashsets.signals import DIGESTS
from heroes.inputs import InputError, csv_rows

SQLITE_MAGIC = b"SQLite format 3\x00"
LEGACY_HEADER = ["SHA-1", "MD5", "CRC32", "FileName", "FileSize", "ProductCode", "OpSystemCode", "SpecialCode"]


def is_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == SQLITE_MAGIC


def _best(values: dict[str, str | None], where: str) -> Entry:
    for digest in reversed(DIGESTS):  # the strongest present
        value = values.get(digest.name)
        if value:
            return Entry(digest.name, digest.validate(value, f"{where}, {digest.name}"), "known")
    raise ImportFormatError(where, "no SHA-256, SHA-1 or MD5")


def parse_rdsv3(path: Path, category: str | None = None) -> Iterator[Entry]:
    """Hashes of an NSRL RDSv3 SQLite database, the strongest digest of each FILE row."""
    try:
        conn = sqlite3.connect(f"file:{path.absolute()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ImportFormatError("$", f"cannot open the RDSv3 database: {exc}") from None
    try:
        names = {r[0].upper() for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        if "FILE" not in names:
            raise ImportFormatError("$", "not an RDSv3 database: no FILE table or view")
        cols = {r[1].lower() for r in conn.execute("PRAGMA table_info(FILE)")}
        wanted = [d.name for d in reversed(DIGESTS) if d.name in cols]
        if not wanted:
            raise ImportFormatError("FILE", "no sha256, sha1 or md5 column")
        query = f"SELECT rowid, {', '.join(wanted)} FROM FILE"  # noqa: S608 (column names from a fixed list)
        for row in conn.execute(query):
            yield _best(dict(zip(wanted, row[1:], strict=True)), f"FILE row {row[0]}")
    except sqlite3.DatabaseError as exc:
        raise ImportFormatError("$", f"cannot read the RDSv3 database: {exc}") from None
    finally:
        conn.close()


def parse_rds_legacy(path: Path, category: str | None = None) -> Iterator[Entry]:
    """Hashes of a legacy NSRL RDS text file (NSRLFile.txt)."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as f:
        rows = csv_rows(f)
        try:
            first = next(rows, None)
            if first is None or [h.strip() for h in first[1][:2]] != LEGACY_HEADER[:2]:
                expected = f'expected the RDS header "{LEGACY_HEADER[0]}","{LEGACY_HEADER[1]}",...'
                raise ImportFormatError("line 1", expected)
            for number, row in rows:
                where = f"line {number}"
                if len(row) < 2:
                    raise ImportFormatError(where, f"{len(row)} fields, expected {len(LEGACY_HEADER)}")
                yield _best({"sha1": row[0], "md5": row[1]}, where)
        except InputError as exc:
            raise ImportFormatError(exc.where, exc.reason) from None
