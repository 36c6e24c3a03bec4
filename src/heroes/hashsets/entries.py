"""What every importer yields (one hash of one algorithm) and how a malformed list is reported (with its place)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

HEX = re.compile(r"^[0-9a-fA-F]+$")
LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "pdq": 64}
EXACT = ("md5", "sha1", "sha256")


class ImportFormatError(ValueError):
    """A list that does not parse; ``where`` is ``line N`` or a JSON path such as ``$.value[3].MD5``."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where


@dataclass(frozen=True)
class Entry:
    algo: str
    value: str
    category: str | None = None
    media_id: str | None = None
    quality: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def check_hex(algo: str, value: object, where: str) -> str:
    """The lower-case hex of ``value``, or an error naming the place and what is wrong."""
    if not isinstance(value, str):
        raise ImportFormatError(where, f"{algo} must be a string, not {type(value).__name__}")
    text = value.strip().lower()
    if len(text) != LENGTHS[algo] or not HEX.match(text):
        raise ImportFormatError(where, f"not a {algo} hash ({LENGTHS[algo]} hex digits): {value[:80]!r}")
    return text


def algo_for_length(text: str, where: str) -> str:
    """Plain lists: the algorithm follows from the length (64 hex digits is SHA-256; PDQ lists use --format pdq)."""
    for algo in EXACT:
        if len(text) == LENGTHS[algo] and HEX.match(text):
            return algo
    raise ImportFormatError(where, f"not an MD5, SHA-1 or SHA-256 hash: {text[:80]!r}")


def check_quality(value: object, where: str) -> int:
    try:
        quality = int(str(value).strip())
    except ValueError:
        raise ImportFormatError(where, f"PDQ quality must be an integer 0-100: {value!r}") from None
    if not 0 <= quality <= 100:
        raise ImportFormatError(where, f"PDQ quality must be 0-100: {quality}")
    return quality
