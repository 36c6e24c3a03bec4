"""findings.jsonl: one finding a line, streamed, so a case of millions of records never sits in memory.

File names read from non-UTF-8 file systems arrive as str with lone surrogates (``surrogateescape``); they
cannot be encoded as UTF-8, so :func:`clean` turns them into visible ``\\xNN`` escapes of the original bytes
instead of crashing the export. Every exporter shares it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FIRST_KEYS = ("kind", "path")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def clean_str(text: str) -> str:
    """A UTF-8-encodable version of ``text``: each surrogate-escaped byte becomes ``\\xNN``, any other lone
    surrogate ``\\udXXX``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub(_escape, text)


def clean(value: Any) -> Any:
    """``value`` with every string (keys included) made UTF-8-safe; lists, tuples and dicts are walked."""
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, Mapping):
        return {clean_str(str(k)): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


_ORDERS: dict[tuple[str, ...], tuple[str, ...]] = {}  # key order seen -> key order written; records share a few


def ordered(record: Mapping[str, Any]) -> dict[str, Any]:
    """kind and path first (what a reader scans for), the other keys sorted, so diffs between runs are stable."""
    keys = tuple(record)
    order = _ORDERS.get(keys)
    if order is None:
        first = [k for k in FIRST_KEYS if k in record]
        order = (*first, *sorted((k for k in keys if k not in first), key=str))
        if len(_ORDERS) > 4096:
            _ORDERS.clear()
        _ORDERS[keys] = order
    return {k: record[k] for k in order}


def dumps(obj: Any) -> str:
    """Compact JSON, UTF-8 characters kept readable; falls back to cleaning only when a surrogate is present."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # lone surrogates only occur inside JSON strings: escape the backslash for JSON
        return _SURROGATE.sub(lambda m: _escape(m).replace("\\", "\\\\"), text)


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write ``records`` to ``path`` as JSON lines; returns how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(dumps(ordered(record)))
            out.write("\n")
            count += 1
    return count
