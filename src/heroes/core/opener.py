"""Re-open any item from its locator, one segment at a time (like dfVFS path specs, without its resolver cache).

Each segment type has an opener ``fn(parent_stream, segment) -> stream`` living next to the source that
produces it, registered as an entry point in the ``heroes.segments`` group (pyproject.toml), so a new source adds
its segment type without touching this module. Openers are imported on first use, so a missing optional library
only breaks the segments that need it. Every stream returned is a read-only, seekable binary file object.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, BinaryIO

from heroes.core.item import Item, Locator, Segment
from heroes.core.streams import SizedReader

SEGMENT_GROUP = "heroes.segments"


def _open_noatime(path: str, flags: int) -> int:
    noatime = getattr(os, "O_NOATIME", 0)
    try:
        return os.open(path, flags | noatime)
    except PermissionError:
        if not noatime:
            raise
        return os.open(path, flags)  # O_NOATIME needs file ownership or CAP_FOWNER


def open_os_file(path: str) -> BinaryIO:
    """Open evidence read-only and, where the OS allows, without updating its access time."""
    return os.fdopen(_open_noatime(path, os.O_RDONLY | getattr(os, "O_BINARY", 0)), "rb", buffering=0)


def list_os_dir(path: str) -> list[str]:
    """The names in an evidence folder, read through a descriptor opened without updating the folder's access
    time where the OS allows (a plain ``os.listdir`` updates it)."""
    if not hasattr(os, "O_DIRECTORY"):
        return os.listdir(path)
    fd = _open_noatime(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return os.listdir(fd)
    finally:
        os.close(fd)


@functools.cache
def _segment_opener(kind: str) -> Callable[[Any, Segment], BinaryIO]:
    from importlib.metadata import entry_points

    found = entry_points(group=SEGMENT_GROUP, name=kind)
    if not found:
        raise ValueError(f"unknown locator segment type {kind!r}")
    opener: Callable[[Any, Segment], BinaryIO] = next(iter(found)).load()
    return opener


class _Chain(SizedReader):
    """The last stream of a locator chain, which closes every parent stream of the chain when it is closed."""

    strict = False  # the stream inside decides whether a short read is an error

    def __init__(self, inner: BinaryIO, stack: ExitStack):
        size = inner.seek(0, io.SEEK_END)
        inner.seek(0)
        super().__init__(size, [stack.close])
        self._inner = inner

    def _read_at(self, offset: int, length: int) -> bytes:
        if self._inner.tell() != offset:
            self._inner.seek(offset)
        return self._inner.read(length)


def open_locator(locator: Locator) -> BinaryIO:
    """A read-only stream of the locator's bytes: the evidence file, then each segment opened inside the last;
    closing it closes the whole chain."""
    if not locator or locator[0].get("t") != "os":
        raise ValueError("a locator must start with an 'os' segment")
    stack = ExitStack()
    try:
        stream: Any = stack.enter_context(open_os_file(locator[0]["path"]))
        for segment in locator[1:]:
            stream = _segment_opener(segment["t"])(stream, segment)
            if hasattr(stream, "close"):
                stack.callback(stream.close)
    except BaseException:
        stack.close()
        raise
    if len(locator) == 1:
        stack.pop_all()
        return stream
    return _Chain(stream, stack)  # type: ignore[return-value]


def open_item(item: Item) -> BinaryIO:
    """`open_locator` of the item's locator."""
    return open_locator(item.locator)


def os_path(locator: Locator) -> str | None:
    """The file on the examiner's machine when the locator is that file itself (no segment inside it), else None."""
    if len(locator) == 1 and locator[0].get("t") == "os":
        return str(locator[0]["path"])
    return None
