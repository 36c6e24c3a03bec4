"""Reading ads: the EMSCAD training file, and any user CSV row by row.

A row whose content is unusable (no text, a missing or extra cell) becomes an error record and the batch goes on.
A CSV whose structure is broken (a quote never closed, text after a closing quote, a cell over the size limit, a
quoted cell that swallows the lines after it) stops the read with an error naming the line: every row after it
would be wrong. Files are read as UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), gzipped or not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from heroes.inputs import InputError, csv_rows
from heroes.inputs import open_text as _open_text
from heroes.jobs.features import TEXT_FIELDS


@dataclass
class Row:
    """One CSV row: its 1-based number in the file, its cells, or why it could not be read."""

    number: int
    cells: dict[str, str]
    error: str | None = None


def open_text(path: str | Path) -> IO[str]:
    """A text stream over a CSV, gzip-compressed or not (a BOM dropped, decoding errors become U+FFFD)."""
    return _open_text(path, "--csv")


def iter_rows(stream: IO[str]) -> Iterator[Row]:
    """Rows as dicts; a row that has no usable text or the wrong number of cells comes out with `error` set.
    Raises InputError (a ValueError) naming the line when the CSV itself is broken."""
    source = str(getattr(stream, "name", "") or "")
    records = csv_rows(stream, source if not source.isdigit() else "")
    first = next(records, None)
    if first is None:
        raise InputError("the CSV is empty", source)
    header = [h.strip().lstrip("\ufeff").lower() for h in first[1]]  # a BOM, even through a text stream
    if not {"title", "description"} & set(header):
        raise InputError("the CSV needs at least a 'title' or a 'description' column; it has: " + ", ".join(header))
    for number, (_, values) in enumerate(records, 1):
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
