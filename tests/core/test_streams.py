"""The one seekable stream class: bounded by its size, strict or not about short reads, and closing everything."""

from __future__ import annotations

import io

import pytest

from heroes.core.streams import SizedReader


class _Bytes(SizedReader):
    def __init__(self, data: bytes, size: int, closers=(), strict: bool = True):
        super().__init__(size, closers)
        self.data, self.strict, self.calls = data, strict, 0

    def _read_at(self, offset: int, length: int) -> bytes:
        self.calls += 1
        return self.data[offset : offset + min(length, 3)]  # at most 3 bytes a call, as a slow source gives


def test_reads_seeks_and_never_passes_the_size():
    s = _Bytes(b"0123456789abc", 10)
    assert s.read() == b"0123456789" and s.tell() == 10 and s.read(5) == b""
    assert s.seek(-4, io.SEEK_END) == 6 and s.read(2) == b"67"
    assert s.seek(1, io.SEEK_CUR) == 9 and s.read(100) == b"9"
    buffer = bytearray(4)
    s.seek(0)
    assert s.readinto(buffer) == 3 and bytes(buffer[:3]) == b"012"
    with pytest.raises(ValueError, match="negative"):
        s.seek(-1)
    assert io.BufferedReader(_Bytes(b"0123456789", 10)).read() == b"0123456789"


def test_a_short_read_is_an_error_only_when_strict():
    with pytest.raises(OSError, match="no data returned at byte 4 of 10"):
        _Bytes(b"0123", 10).read()
    assert _Bytes(b"0123", 10, strict=False).read() == b"0123"  # an archive member whose data ends early


def test_close_runs_every_closer_in_order_even_after_a_failure():
    done: list[str] = []

    def fail() -> None:
        done.append("fail")
        raise OSError("boom")

    s = _Bytes(b"", 0, [fail, lambda: done.append("second")])
    with pytest.raises(OSError, match="boom"):
        s.close()
    assert done == ["fail", "second"] and s.closed
    s.close()  # once only
    assert done == ["fail", "second"]
    with pytest.raises(ValueError):
        s.read(1)
