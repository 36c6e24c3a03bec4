"""Reading one file of a file system inside an image with the Sleuth Kit: the ``tsk`` locator segment."""

from __future__ import annotations

import os
from typing import Any, BinaryIO

import pytsk3

from heroes.core.item import Segment
from heroes.sources.ewf import SizedReader

_FS_NAMES = {
    int(getattr(pytsk3, n)): n.removeprefix("TSK_FS_TYPE_").lower()
    for n in dir(pytsk3)
    if n.startswith("TSK_FS_TYPE_") and not n.endswith(("_DETECT", "_ENUM"))
}


def fs_type_name(fs: Any) -> str:
    """``ntfs``, ``fat16``, ``ext4``... from TSK's file system type."""
    return _FS_NAMES.get(int(fs.info.ftype), f"unknown-{int(fs.info.ftype)}")


class TskFileStream(SizedReader):
    """One attribute of a TSK file (the default data when `attr_type` is None)."""

    def __init__(self, tsk_file: Any, attr_type: int | None, attr_id: int | None):
        self._file = tsk_file
        if attr_type is None:
            self._type, self._id = int(pytsk3.TSK_FS_ATTR_TYPE_DEFAULT), -1
            meta = tsk_file.info.meta
            size = int(meta.size) if meta is not None else 0
        else:
            self._type, self._id = int(attr_type), int(attr_id or 0)
            sizes = [int(a.info.size) for a in tsk_file if (int(a.info.type), int(a.info.id)) == (self._type, self._id)]
            if not sizes:
                raise OSError(f"no attribute {attr_type}-{attr_id} in inode {tsk_file.info.meta.addr}")
            size = sizes[0]
        super().__init__(size)

    def _read_at(self, offset: int, length: int) -> bytes:
        try:
            return self._file.read_random(offset, length, self._type, self._id)
        except RuntimeError as exc:  # pytsk3 reports a failing Python read callback this way
            raise OSError(str(exc)) from exc


class StreamImg(pytsk3.Img_Info):
    """A pytsk3 image reading from any seekable Python stream (an os file, an EWF stream...).

    `pad`: claim PAD_BYTES more than the stream holds and read them as zeros, so a file system of a truncated
    image still opens and lists what its surviving metadata describes (TSK refuses reads past the image end).
    `tolerant`: read unreadable ranges (a corrupt EWF chunk) as zeros and remember them in `errors`.
    """

    PAD_BYTES = 1 << 40

    def __init__(self, stream: BinaryIO, pad: bool = False, tolerant: bool = False):
        self._stream, self._pad, self._tolerant = stream, pad, tolerant
        self.real_size = stream.seek(0, os.SEEK_END)
        self.errors: list[tuple[int, str]] = []
        super().__init__(url="", type=pytsk3.TSK_IMG_TYPE_EXTERNAL)

    def read(self, offset: int, length: int) -> bytes:
        data = b""
        if offset < self.real_size:
            try:
                self._stream.seek(offset)
                data = self._stream.read(min(length, self.real_size - offset)) or b""
            except OSError as exc:
                if not self._tolerant:
                    raise
                self.errors.append((offset, str(exc)))
                data = b"\0" * min(length, self.real_size - offset)
        return data + b"\0" * (length - len(data)) if self._pad else data

    def get_size(self) -> int:
        return self.real_size + self.PAD_BYTES if self._pad else self.real_size

    def close(self) -> None:  # the stream belongs to the caller
        pass


def open_tsk_file(parent: BinaryIO, segment: Segment) -> BinaryIO:
    """Segment opener for ``{"t": "tsk", ...}``: one file's data attribute as a read-only, seekable stream."""
    try:
        fs = pytsk3.FS_Info(StreamImg(parent, pad=True), offset=segment["offset"])
        tsk_file = fs.open_meta(inode=segment["inode"])
    except RuntimeError as exc:  # pytsk3 reports a failing Python read callback this way
        raise OSError(str(exc)) from exc
    return TskFileStream(tsk_file, segment.get("attr_type"), segment.get("attr_id"))  # type: ignore[return-value]
