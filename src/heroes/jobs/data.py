"""Reading ads: the EMSCAD training file, and any user CSV row by row, where one broken row never stops a batch."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from heroes.jobs.features import TEXT_FIELDS

MAX_FIELD = 1 << 20  # characters in one CSV cell; a broken quote otherwise swallows the rest of the file


@dataclass
class Row:
    """One CSV row: its 1-based number in the file, its cells, or why it could not be read."""

    number: int
    cells: dict[str, str]
    error: str | None = None


def open_text(path: str | Path) -> IO[str]:
    """A text stream over a CSV, gzip-compressed or not (decoding errors become U+FFFD)."""
    with Path(path).open("rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return Path(path).open(encoding="utf-8", errors="replace", newline="")


def iter_rows(stream: IO[str]) -> Iterator[Row]:
    """Rows as dicts; a row that cannot be parsed or has no usable text comes out with `error` set."""
    previous = csv.field_size_limit(MAX_FIELD)
    try:
        yield from _rows(csv.reader(stream))
    finally:
        csv.field_size_limit(previous)


def _rows(reader: Iterator[list[str]]) -> Iterator[Row]:
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValueError("the CSV is empty") from None
    except csv.Error as exc:
        raise ValueError(f"the CSV header cannot be read: {exc}") from None
    if not {"title", "description"} & set(header):
        raise ValueError("the CSV needs at least a 'title' or a 'description' column; it has: " + ", ".join(header))
    number = 0
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Row(number, {}, f"unreadable row: {exc}")
            continue
        if not values:
            number -= 1
            continue
        cells = dict(zip(header, values, strict=False))
        if len(values) != len(header):
            error = f"row has {len(values)} cells, the header {len(header)}"
            yield Row(number, cells, error)
            continue
        if not any(cells.get(k, "").strip() for k in TEXT_FIELDS):
            yield Row(number, cells, "row has no text")
            continue
        yield Row(number, cells)


def load_training(path: str | Path) -> tuple[list[dict[str, str]], list[int]]:
    """Labelled rows of an EMSCAD-style CSV (a `fraudulent` column of 0/1); rows without a label are an error."""
    rows, labels = [], []
    with open_text(path) as stream:
        for row in iter_rows(stream):
            if row.error:
                raise ValueError(f"{path}: row {row.number}: {row.error}")
            label = row.cells.get("fraudulent", "").strip()
            if label not in ("0", "1"):
                raise ValueError(f"{path}: row {row.number}: 'fraudulent' must be 0 or 1, not {label!r}")
            rows.append(row.cells)
            labels.append(int(label))
    if len(set(labels)) < 2:
        raise ValueError(f"{path}: needs both fraudulent and legitimate rows")
    return rows, labels
