"""JSON from users: UTF-8 (a byte-order mark allowed), duplicate keys refused (the last one would silently win),
nesting bounded (Python's parser would otherwise die with a RecursionError), errors naming line and column."""

from __future__ import annotations

import json
from typing import Any

from heroes.inputs.errors import InputError

MAX_DEPTH = 64  # far deeper than any export or answer file; a deeper document is an attack or a bug


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _depth(value: Any) -> int:
    """Nesting depth of a parsed document, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def loads_json(data: bytes | str, where: str = "", max_depth: int = MAX_DEPTH) -> Any:
    """Parse one JSON document; raises InputError naming `where` and the line and column of the problem."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start}: {exc.reason})", where) from None
    else:
        data = data.removeprefix("\ufeff")
    try:
        value = json.loads(data, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", where) from None
    except _Duplicate as exc:
        raise InputError(f"duplicate key {exc.key[:80]!r}: the JSON names it twice", where) from None
    except RecursionError:
        raise InputError(f"JSON nested deeper than {max_depth} levels", where) from None
    if _depth(value) > max_depth:
        raise InputError(f"JSON nested deeper than {max_depth} levels", where)
    return value
