"""One file handed in as evidence on its own (a seized document, a phone export zip): a source of one item.

The examiner named this file, so a link given as the evidence path is followed; anything that is not a regular
file is reported instead of opened (a FIFO would block the scan).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from heroes.core.finding import Finding, error
from heroes.core.item import Item
from heroes.sources.base import SPECIAL, Source
from heroes.sources.directory import file_type, os_item

NAME = "file"


class SingleFileSource(Source):
    """One regular file as the whole evidence: asked last, it claims any file no other source reads."""

    kind = NAME
    order = 90

    @classmethod
    def claims(cls, path: str) -> bool:
        return os.path.isfile(path)

    def __init__(self, path: str):
        super().__init__(path)
        self.full = os.path.abspath(path)
        self.name = os.path.basename(self.full) or self.full

    def describe(self) -> dict[str, object]:
        info: dict[str, object] = {"kind": self.kind, "path": self.full}
        try:
            info["size"] = os.stat(self.full).st_size
        except OSError:
            info["size"] = None
        return info

    def items(self) -> Iterator[Item | Finding]:
        """The one file as an item, or an error or special finding when it is no regular file."""
        try:
            st = os.stat(self.full)
        except OSError as exc:
            yield error(self.name, f"cannot open evidence file: {type(exc).__name__}: {exc}", NAME)
            return
        if stat.S_ISREG(st.st_mode):
            yield os_item(self.name, self.full, st)
        elif stat.S_ISDIR(st.st_mode):
            yield error(self.name, "evidence is a folder, not a file", NAME)
        else:
            yield Finding(SPECIAL.name, self.name, {"type": file_type(st.st_mode)}, analyser=NAME)
