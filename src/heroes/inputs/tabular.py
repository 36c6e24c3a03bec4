"""CSV from users, strictly: quoted fields may span lines (hash lists and job ads have them), but a quote that is
never closed, text after a closing quote, a field over the size limit, or a record spanning lines whose cell
count is wrong (the usual sign of a stray quote swallowing the rows after it) stops the read with the line where
the record began. Python's lenient defaults would silently merge hundreds of rows into one cell instead."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from heroes.inputs.errors import InputError

MAX_FIELD = 1 << 20  # characters in one cell: far above any real hash list, chat message or job ad cell


def _where(source: str, line: int) -> str:
    return f"{source}: line {line}" if source else f"line {line}"


def csv_rows(
    lines: Iterable[str], source: str = "", header: bool = True, max_field: int = MAX_FIELD
) -> Iterator[tuple[int, list[str]]]:
    """(line where the record begins, cells) for each record of `lines` (a text stream opened with newline="",
    or any iterable of lines); blank lines skipped. `header`: the first record is a header, whose cell count a
    record spanning several lines must have (else a stray quote swallowed them)."""
    expect: int | None = None
    previous = csv.field_size_limit(max_field)
    try:
        reader = csv.reader(lines, strict=True)
        end = 0
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(_reason(str(exc), reader.line_num, start, max_field), _where(source, start)) from None
            end = reader.line_num
            if not row:
                continue
            if expect is not None and end > start and len(row) != expect:
                raise InputError(
                    f"a quoted field opened here runs to line {end} and leaves {len(row)} cells where the header "
                    f"has {expect}: a quote is not closed",
                    _where(source, start),
                )
            if header and expect is None:
                expect = len(row)
            yield start, row
    finally:
        csv.field_size_limit(previous)


def _reason(message: str, line: int, start: int, max_field: int) -> str:
    if "field larger than field limit" in message:
        return f"a cell is longer than {max_field} characters"
    if "unexpected end of data" in message:
        return "a quoted field opened here is never closed"
    at = f" (at line {line})" if line != start else ""
    return f"malformed CSV{at}: {message}; is a quote not closed?"
