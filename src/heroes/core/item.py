"""An item is one readable thing in the evidence; its locator is the re-openable provenance chain a court asks for.

Items cross process and machine boundaries (process pool, Dask), so they carry no open handles: only plain,
picklable values. `heroes.core.opener.open_item` turns a locator back into a byte stream.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

# A locator is a tuple of segments, outermost first. Each segment is a plain dict with a "t" (type) key:
#   {"t": "os", "path": "/abs/path"}                      a file on the examiner's machine
#   {"t": "ewf"}                                          the EWF (E01) media inside the previous segment
#   {"t": "tsk", "offset": 0, "inode": 13, "attr_type": None, "attr_id": None}
#                                                         a file in the file system starting at byte `offset`
#                                                         of the previous segment (Sleuth Kit meta address)
#   {"t": "zip", "member": "dir/a.jpg"}                   a member of the zip archive in the previous segment
#   {"t": "tar", "member": "dir/a.jpg"}                   a member of the tar archive in the previous segment
Segment = dict[str, Any]
Locator = tuple[Segment, ...]


def item_key(*parts: str) -> str:
    """The store key of one saved thing: the SHA-1 of its parts joined by NUL. An item's key is that of its path
    (`Item.key`); what is saved without an item (a finding of the walk itself, a crawled media file) is keyed by
    its path or URL after a word that tells it apart from an item of the same path."""
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def locator_to_json(locator: Locator) -> str:
    """Canonical JSON text; ASCII-only so non-UTF-8 file names (surrogate escapes) survive every database."""
    return json.dumps(list(locator), sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def locator_from_json(text: str) -> Locator:
    """The inverse of `locator_to_json`."""
    return tuple(json.loads(text))


@dataclass(frozen=True)
class Item:
    """One file-like thing found in the evidence.

    `path` is the stable, human-readable path inside the evidence (e.g. ``p2/Users/a.jpg``,
    ``docs/x.zip!/inner.txt``, ``misc/file13.dll:here``); it is unique within one evidence source.
    Times are POSIX seconds (UTC) or None when the source does not record them.
    """

    path: str
    locator: Locator
    size: int
    deleted: bool = False
    mtime: float | None = None
    atime: float | None = None
    ctime: float | None = None
    crtime: float | None = None
    depth: int = 0  # archive nesting depth: 0 for items directly in the source
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> str:
        """Stable identifier of this item within its evidence (used for resume and de-duplication)."""
        return item_key(self.path)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1].rsplit("!", 1)[-1]

    @property
    def extension(self) -> str:
        name = self.name.rsplit(":", 1)[0] if ":" in self.name else self.name
        return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""

    def times(self) -> dict[str, float | None]:
        return {"mtime": self.mtime, "atime": self.atime, "ctime": self.ctime, "crtime": self.crtime}
