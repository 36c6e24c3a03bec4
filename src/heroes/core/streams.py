"""The one read-only, seekable stream class every opened item goes through (a disk image's file, an archive member,
an E01's media, a locator chain): position, size, seek and close bookkeeping written once.

A subclass implements ``_read_at(offset, length)``. Reads never pass ``size``. With ``strict`` (the default), a read
that returns nothing before the end raises OSError instead of looking like the end of the stream; a non-strict
stream (an archive member whose data ends early) just ends there. Closing runs the given closers in order, each even
if one before it failed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any


def _close_all(closers: list[Callable[[], None]]) -> None:
    if closers:
        try:
            closers[0]()
        finally:
            _close_all(closers[1:])


class SizedReader(io.RawIOBase):
    """A read-only, seekable stream of known size over ``_read_at``."""

    strict = True

    def __init__(self, size: int, closers: Iterable[Callable[[], None]] = ()):
        super().__init__()
        self._size, self._pos = max(size, 0), 0
        self._closers = list(closers)

    @property
    def size(self) -> int:
        """The stream's length in bytes."""
        return self._size

    def _read_at(self, offset: int, length: int) -> bytes:
        raise NotImplementedError

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        """At most ``size`` bytes (all that is left when negative) from the current position."""
        self._checkClosed()
        if size is None or size < 0:
            return self.readall()
        want = min(size, self._size - self._pos)
        if want <= 0:
            return b""
        data = self._read_at(self._pos, want)
        if not data and self.strict:  # an empty read here would look like the end of the stream to the caller
            raise OSError(f"no data returned at byte {self._pos} of {self._size}")
        self._pos += len(data)
        return data

    def readall(self) -> bytes:
        parts = []
        while chunk := self.read(self._size - self._pos):
            parts.append(chunk)
        return b"".join(parts)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                _close_all(self._closers)
            finally:
                super().close()
