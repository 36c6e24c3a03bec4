"""findings.jsonl: one finding a line, streamed, so a case of millions of records never sits in memory.

File names read from non-UTF-8 file systems arrive as str with lone surrogates (``surrogateescape``); they
cannot be encoded as UTF-8, so :func:`clean` turns them into visible ``\\xNN`` escapes of the original bytes
instead of crashing the export. Every exporter shares it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FIRST_KEYS = ("kind", "path")


def clean_str(text: str) -> str:
    """A UTF-8-encodable version of ``text``: surrogate-escaped bytes become ``\\xNN``, other lone surrogates
    ``\\udXXX``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate outside U+DC80..U+DCFF: not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def clean(value: Any) -> Any:
    """``value`` with every string (keys included) made UTF-8-safe; lists, tuples and dicts are walked."""
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, Mapping):
        return {clean_str(str(k)): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def ordered(record: Mapping[str, Any]) -> dict[str, Any]:
    """kind and path first (what a reader scans for), the other keys sorted, so diffs between runs are stable."""
    out = {k: record[k] for k in FIRST_KEYS if k in record}
    out.update((k, record[k]) for k in sorted(record, key=str) if k not in out)
    return out


def dumps(obj: Any) -> str:
    """Compact JSON, UTF-8 characters kept readable; falls back to cleaning only when a surrogate is present."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(clean(obj), ensure_ascii=False, separators=(",", ":"), default=str)
    return text


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write ``records`` to ``path`` as JSON lines; returns how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(dumps(ordered(record)))
            out.write("\n")
            count += 1
    return count
