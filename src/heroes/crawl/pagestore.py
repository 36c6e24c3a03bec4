"""The crawl's page file: HTML bodies appended one after another, so every page item re-opens by offset and size.

Page text is evidence and is kept; images never come here (they are hashed in memory and dropped). One append-only
file per crawl output folder is cheap (no file per page), survives a kill (bytes after the last committed item are
simply never referenced) and re-opens from a locator ``({"t": "os", "path": FILE}, {"t": "page", ...})``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, BinaryIO

from heroes.core.item import Item

FILE_NAME = "pages.bin"


class PageStore:
    """The crawl's append-only page file: every fetched page body, re-opened by the analysers through its locator."""

    def __init__(self, out_dir: Path):
        self.path = str((out_dir / FILE_NAME).absolute())
        self._file = open(self.path, "ab")  # noqa: SIM115  # kept open for the crawl, closed by close()

    def add(self, url: str, body: bytes, crawled: float) -> Item:
        """Append `body` and return the page item that re-opens it."""
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(body)
        self._file.flush()  # the analysers re-open the item through the locator at once
        segment = {"t": "page", "offset": offset, "size": len(body), "url": url}
        return Item(url, ({"t": "os", "path": self.path}, segment), len(body), mtime=crawled)

    def close(self) -> None:
        self._file.close()


def open_page(parent: BinaryIO, segment: dict[str, Any]) -> BinaryIO:
    """Segment opener (see `heroes.core.opener.SEGMENT_OPENERS`): the page's bytes inside the page file."""
    parent.seek(segment["offset"])
    data = parent.read(segment["size"])
    if len(data) != segment["size"]:
        raise OSError(f"page file truncated: {segment['url']}")
    return io.BytesIO(data)
