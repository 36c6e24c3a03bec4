"""Chooses the source for a piece of evidence by its content, never by its name: the registered sources
(entry points ``heroes.sources``) are asked in their order whether they claim the path."""

from __future__ import annotations

import functools
import os

from heroes.sources.base import Source

SOURCE_GROUP = "heroes.sources"


class EvidenceError(Exception):
    """The evidence path cannot be used at all (missing, unreadable); a clear message for the examiner."""


@functools.cache
def sources() -> tuple[type[Source], ...]:
    """The installed source classes, in detection order."""
    from importlib.metadata import entry_points

    found = [ep.load() for ep in entry_points(group=SOURCE_GROUP)]
    return tuple(sorted(found, key=lambda cls: (cls.order, cls.__name__)))


def open_source(path: str) -> Source:
    """The source that reads the evidence at `path`; EvidenceError when nothing can."""
    path = os.path.abspath(path)
    if not os.path.lexists(path):
        raise EvidenceError(f"evidence not found: {path}")
    if not os.path.isdir(path):
        if not os.path.isfile(path):
            raise EvidenceError(f"evidence is neither a folder nor a regular file: {path}")
        if not os.access(path, os.R_OK):
            raise EvidenceError(f"evidence is not readable: {path}")
    for cls in sources():
        if cls.claims(path):
            return cls(path)
    raise EvidenceError(f"no source reads this evidence: {path}")
