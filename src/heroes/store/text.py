"""How text that a database cannot hold is stored: paths with lone surrogates, NUL characters, odd JSON values.

File names that are not valid UTF-8 reach us as ``str`` decoded with ``surrogateescape`` (``"caf\\udce9.txt"``).
Neither PostgreSQL nor SQLite's UTF-8 text can hold a lone surrogate, and PostgreSQL text cannot hold NUL.
Our rule:

* a text column gets the *display* form: the bytes the name came from, decoded with ``backslashreplace``
  (``"caf\\\\xe9.txt"``, NUL as ``"\\\\x00"``); it is valid, searchable and sorts the same on every backend;
* where the display form differs from the original, the *exact* value is kept beside it as ASCII JSON
  (``json.dumps`` with ``ensure_ascii``), so reading it back returns the very ``str`` that was saved;
* JSON columns (finding data, evidence description) are plain text holding ASCII JSON, for the same reason:
  exact for every string and storable on any backend (PostgreSQL's ``jsonb`` refuses ``\\u0000``, SQLAlchemy's
  JSON type differs per dialect). SQL can still look inside: ``json_extract(data, '$.mime')`` on SQLite,
  ``data::json ->> 'mime'`` on PostgreSQL. NaN and infinities (not JSON) become ``None``; values that are not
  JSON types (a contract breach by an analyser) are stored as their ``str`` rather than losing the whole item.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def display(text: str) -> str:
    """The storable, human-readable form of ``text``; equal to ``text`` for ordinary UTF-8 without NUL."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no byte decoded to: keep its code point visible
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


def split(text: str) -> tuple[str, str | None]:
    """``(display form, exact JSON or None)``: the pair of columns that store one path."""
    shown = display(text)
    return shown, (None if shown == text else json.dumps(text, ensure_ascii=True))


def join(shown: str, exact: str | None) -> str:
    """The original text back from the pair made by :func:`split`."""
    return shown if exact is None else json.loads(exact)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """ASCII JSON, exact for every string (lone surrogates and NUL become ``\\uXXXX`` escapes)."""
    try:
        return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=str)
    except ValueError:  # NaN or infinity somewhere: rare, so clean only then
        return json.dumps(_clean(value), ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=str)


class JSONText(TypeDecorator[Any]):
    """A JSON value stored as ASCII JSON text (see the module docstring for why not a native JSON type)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else dumps(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
