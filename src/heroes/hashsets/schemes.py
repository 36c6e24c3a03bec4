"""Category schemes as data: each bank names a scheme, every match carries the code and its label."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from heroes.packdata import parse_yaml


@cache
def _load(path: str | None) -> dict[str, Any]:
    text = (
        Path(path).read_text("utf-8")
        if path
        else resources.files(__package__).joinpath("schemes.yaml").read_text("utf-8")
    )
    data = parse_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("schemes"), dict):
        raise ValueError("a scheme file needs a 'schemes' mapping")
    return data["schemes"]


def schemes(path: str | None = None) -> dict[str, Any]:
    return _load(path)


def scheme(name: str, path: str | None = None) -> dict[str, Any]:
    try:
        return schemes(path)[name]
    except KeyError:
        raise ValueError(f"unknown category scheme {name!r} (known: {', '.join(sorted(schemes(path)))})") from None


def normalise(name: str, category: object) -> str:
    """The stored code for ``category`` under scheme ``name``: the scheme's default when absent; a code that the
    scheme does not list is refused when the scheme lists codes (a typo must not silently become a category)."""
    sch = scheme(name)
    code = sch["default"] if category is None or str(category).strip() == "" else str(category).strip()
    known = sch.get("categories") or {}
    if known and code not in known:
        raise ValueError(f"category {code!r} is not in scheme {name!r} ({', '.join(map(str, known))})")
    return code


def label(name: str, code: str | None) -> str:
    if code is None:
        return ""
    return str((scheme(name).get("categories") or {}).get(code, code))
