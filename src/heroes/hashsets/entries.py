"""What every importer yields (one hash of one signal) and how a malformed list is reported (with its place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ImportFormatError(ValueError):
    """A list that does not parse; ``where`` is ``line N`` or a JSON path such as ``$.value[3].MD5``."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where


@dataclass(frozen=True)
class Entry:
    """One bank entry: a signal's name (`heroes.hashsets.signals`, or ``photodna``) and its lower-case value."""

    algo: str
    value: str
    category: str | None = None
    media_id: str | None = None
    quality: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def check_quality(value: object, where: str) -> int:
    """A PDQ quality 0-100 from a list's field, or an ImportFormatError."""
    try:
        quality = int(str(value).strip())
    except ValueError:
        raise ImportFormatError(where, f"PDQ quality must be an integer 0-100: {value!r}") from None
    if not 0 <= quality <= 100:
        raise ImportFormatError(where, f"PDQ quality must be 0-100: {quality}")
    return quality
