"""Chooses the source for a piece of evidence by its content, never by its name."""

from __future__ import annotations

import os

from heroes.sources.base import Source


class EvidenceError(Exception):
    """The evidence path cannot be used at all (missing, unreadable); a clear message for the examiner."""


def open_source(path: str) -> Source:
    path = os.path.abspath(path)
    if not os.path.lexists(path):
        raise EvidenceError(f"evidence not found: {path}")
    if os.path.isdir(path):
        from heroes.sources.directory import DirectorySource

        return DirectorySource(path)
    if not os.path.isfile(path):
        raise EvidenceError(f"evidence is neither a folder nor a regular file: {path}")
    if not os.access(path, os.R_OK):
        raise EvidenceError(f"evidence is not readable: {path}")
    from heroes.sources.diskimage import DiskImageSource, probe

    if probe(path):
        return DiskImageSource(path)
    from heroes.sources.single import SingleFileSource

    return SingleFileSource(path)
