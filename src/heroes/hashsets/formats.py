"""Which parser reads a list: by ``--format`` or, when not given, by content and extension."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from heroes.hashsets.entries import Entry, ImportFormatError
from heroes.hashsets.nsrl import LEGACY_HEADER, is_sqlite, parse_rds_legacy, parse_rdsv3
from heroes.hashsets.parsers import META_LINE, parse_csv, parse_pdq, parse_text, parse_vpdq
from heroes.hashsets.vics import parse_vics

Parser = Callable[[Path, str | None], Iterator[Entry]]
PARSERS: dict[str, Parser] = {
    "vics": parse_vics,
    "nsrl": parse_rdsv3,
    "rds": parse_rds_legacy,
    "text": parse_text,
    "csv": parse_csv,
    "pdq": parse_pdq,
    "vpdq": parse_vpdq,
}
#: the bank kind and category scheme a format implies when the bank is new and none is given
DEFAULTS = {"nsrl": ("known", "nsrl"), "rds": ("known", "nsrl"), "vics": ("notable", "vics")}


def detect(path: Path) -> str:
    """The format of a hash-list file from its first bytes (NSRL, VICS, RDS, vPDQ, CSV, plain text)."""
    if is_sqlite(path):
        return "nsrl"
    with path.open("rb") as f:
        head = f.read(4096).lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        return "vics"
    if head.startswith(f'"{LEGACY_HEADER[0]}"'.encode()):
        return "rds"
    if META_LINE.match(head.split(b"\n", 1)[0]):
        return "vpdq"
    if path.suffix.lower() == ".csv":
        return "csv"
    return "text"


def parse(path: Path, fmt: str | None = None, category: str | None = None) -> tuple[str, Iterator[Entry]]:
    """(format, entries). ``nsrl`` given for a text file means the legacy RDS text format."""
    if not path.is_file():
        raise ImportFormatError("file", f"not a file: {path}")
    fmt = fmt or detect(path)
    if fmt == "nsrl" and not is_sqlite(path):
        fmt = "rds"
    if fmt not in PARSERS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(PARSERS)})")
    return fmt, PARSERS[fmt](path, category)
