"""Files named on the command line: read within a size limit, decoded as UTF-8 (with or without a byte-order
mark; gzip-compressed or not), and output paths checked before any work, each failure one line."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from heroes.inputs.errors import InputError

MAX_INPUT = 64 << 20  # bytes of a JSON answer or export file read whole


def _readable(path: Path, option: str) -> None:
    if not path.exists():
        raise InputError(f"file not found: {path}", option)
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file", option)
    if not path.is_file():
        raise InputError(f"{path} is not a regular file", option)


def read_input(path: Path, option: str = "", max_bytes: int = MAX_INPUT) -> bytes:
    """The bytes of a user's input file; InputError when it is missing, a folder, unreadable or too large."""
    path = Path(path)
    _readable(path, option)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", option) from None
    if len(data) > max_bytes:
        raise InputError(f"{path} is larger than {max_bytes >> 20} MiB", option)
    return data


def check_output_path(path: Path, option: str = "") -> Path:
    """`path` when a file can be written there: its folder exists and it is not itself a folder."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name", option)
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist", option)
    return path


class _GuardedText(io.TextIOBase):
    """A text stream whose decompression errors (a corrupt or cut gzip) become InputError naming the file."""

    def __init__(self, inner: IO[str], name: str) -> None:
        self._inner, self._name = inner, name

    @property
    def name(self) -> str:
        return self._name

    def readable(self) -> bool:
        return True

    def _guard(self, fn: Callable[..., str], *args: int | None) -> str:
        try:
            return fn(*args)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read compressed data: {exc}", self._name) from None

    def read(self, size: int | None = -1) -> str:
        return self._guard(self._inner.read, size)

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        return self._guard(self._inner.readline, size)

    # typeshed's _IOBase iterates bytes; a text stream iterates str, as TextIOWrapper does
    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return self

    def __next__(self) -> str:  # type: ignore[override]
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_text(path: str | Path, option: str = "") -> IO[str]:
    """A text stream over a UTF-8 file, gzip-compressed or not, for the csv module (newline=""): a byte-order
    mark is dropped, undecodable bytes become U+FFFD, a corrupt gzip is an InputError when it is read."""
    path = Path(path)
    _readable(path, option)
    try:
        with path.open("rb") as fh:
            gzipped = fh.read(2) == b"\x1f\x8b"
        if gzipped:
            inner = gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115
            return _GuardedText(inner, str(path))  # type: ignore[return-value]
        return path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", option) from None
