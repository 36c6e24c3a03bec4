"""Reading one file of a file system inside an image with the Sleuth Kit: the ``tsk`` locator segment.

Nothing here pads: a read past the end of the image comes back short, and a file whose data blocks lie (partly)
beyond the end of a truncated image is readable only up to the first missing block. The limit comes from the
file's own block runs, not from what TSK returns, because TSK answers such reads inconsistently (an error, a short
read, or a full-length buffer it never filled).
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

import pytsk3

from heroes.core.item import Segment
from heroes.core.streams import SizedReader

_FS_NAMES = {
    int(getattr(pytsk3, n)): n.removeprefix("TSK_FS_TYPE_").lower()
    for n in dir(pytsk3)
    if n.startswith("TSK_FS_TYPE_") and not n.endswith(("_DETECT", "_ENUM"))
}
_RESIDENT = int(pytsk3.TSK_FS_ATTR_RES)
_NOT_ON_DISK = int(pytsk3.TSK_FS_ATTR_RUN_FLAG_SPARSE) | int(pytsk3.TSK_FS_ATTR_RUN_FLAG_FILLER)
# the attribute TSK reads for "the file's data": FAT/ext default, the unnamed NTFS $DATA, the HFS+ data fork
_DEFAULT_DATA = {
    int(pytsk3.TSK_FS_ATTR_TYPE_DEFAULT),
    int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_DATA),
    int(pytsk3.TSK_FS_ATTR_TYPE_HFS_DATA),
}


def fs_type_name(fs: Any) -> str:
    """``ntfs``, ``fat16``, ``ext4``... from TSK's file system type."""
    return _FS_NAMES.get(int(fs.info.ftype), f"unknown-{int(fs.info.ftype)}")


def _find_attribute(tsk_file: Any, attr_type: int | None, attr_id: int | None) -> Any | None:
    for attr in tsk_file:
        info = attr.info
        if attr_type is None:
            if int(info.type) in _DEFAULT_DATA and not info.name:
                return attr
        elif (int(info.type), int(info.id)) == (attr_type, attr_id):
            return attr
    return None


def readable_bytes(attr: Any, size: int, fs_offset: int, block_size: int, image_size: int) -> int:
    """How many bytes from the start of `attr` lie inside an image of `image_size` bytes: all of them unless a
    data run reaches past the end (sparse runs hold no blocks, resident data lives in the metadata itself)."""
    if attr is None or int(attr.info.flags) & _RESIDENT:
        return size
    limit = size
    for run in attr:
        if int(run.flags) & _NOT_ON_DISK:
            continue
        start = fs_offset + int(run.addr) * block_size
        if start + int(run.len) * block_size > image_size:
            inside = max(0, (image_size - start) // block_size)
            limit = min(limit, (int(run.offset) + inside) * block_size)
    return max(limit, 0)


class TskFileStream(SizedReader):
    """One attribute of a TSK file (the default data when `attr_type` is None), `size` its logical size.

    `readable_size`: the bytes from the start that lie inside the image; reading stops there with an OSError. `watch`:
    the image of a truncated file system, whose zero-filled reads past its end must never reach the content."""

    def __init__(
        self,
        tsk_file: Any,
        attr_type: int | None,
        attr_id: int | None,
        fs_offset: int = 0,
        watch: StreamImg | None = None,
    ):
        self._file, self._watch = tsk_file, watch
        attr = _find_attribute(tsk_file, attr_type, None if attr_type is None else int(attr_id or 0))
        if attr_type is None:
            self._type, self._id = int(pytsk3.TSK_FS_ATTR_TYPE_DEFAULT), -1
            meta = tsk_file.info.meta
            size = int(meta.size) if meta is not None else 0
        else:
            if attr is None:
                raise OSError(f"no attribute {attr_type}-{attr_id} in inode {tsk_file.info.meta.addr}")
            self._type, self._id, size = int(attr_type), int(attr_id or 0), int(attr.info.size)
        super().__init__(size)
        self._block = int(tsk_file.info.fs_info.block_size) or 512
        self.readable_size, self.unreadable_reason = self.size, ""
        if watch is not None:
            self.readable_size = readable_bytes(attr, self.size, fs_offset, self._block, watch.real_size)

    def _read_at(self, offset: int, length: int) -> bytes:
        if offset >= self.readable_size:
            raise OSError(
                self.unreadable_reason
                or f"the image ends before byte {offset} of this file: {self.readable_size} of its {self.size} bytes "
                "lie inside the image"
            )
        length = min(length, self.readable_size - offset)
        try:
            return self._checked(offset, length)
        except OSError:
            if length <= self._block:
                raise
        data = bytearray()  # keep what can be read before the damaged block, block by block
        while len(data) < length:
            try:
                piece = self._checked(offset + len(data), min(self._block, length - len(data)))
            except OSError:
                if not data:
                    raise
                break
            if not piece:
                break
            data += piece
        return bytes(data)

    def _checked(self, offset: int, length: int) -> bytes:
        before = self._watch.short_reads if self._watch is not None else 0
        try:
            data = self._file.read_random(offset, length, self._type, self._id)
        except RuntimeError as exc:  # pytsk3 reports a failing Python read callback this way
            raise OSError(str(exc)) from exc
        if self._watch is not None and self._watch.short_reads != before:
            raise OSError(f"bytes {offset}-{offset + length} of this file need data past the end of the image")
        return data


class StreamImg(pytsk3.Img_Info):
    """A pytsk3 image reading from any seekable Python stream (an os file, an EWF stream...).

    The size claimed to TSK is larger than the stream, so the file system of a truncated image still opens and
    lists what its surviving metadata describes. A read past the end of the stream is short, and `short_reads`
    counts them; only for listing (`listing=True`) is it filled with zeros, because TSK refuses to open some
    truncated file systems otherwise (NTFS): a walk that does so always reports the truncation, and file content
    is read without it. `exact`: claim the real size (TSK itself then stops at the end). `tolerant`: read
    unreadable ranges (a corrupt EWF chunk) as zeros and remember them in
    `errors` (listing only, likewise: damaged content is an error).
    """

    SLACK = 1 << 40

    def __init__(self, stream: BinaryIO, tolerant: bool = False, listing: bool = False, exact: bool = False):
        self.stream, self._tolerant, self._listing, self._exact = stream, tolerant, listing, exact
        self.real_size = stream.seek(0, os.SEEK_END)
        self.errors: list[tuple[int, str]] = []
        self.short_reads = 0
        super().__init__(url="", type=pytsk3.TSK_IMG_TYPE_EXTERNAL)

    def read(self, offset: int, length: int) -> bytes:
        """pytsk3's read callback: an unreadable range reads as zeros when tolerant (noted in `errors`); a short read is
        counted, and padded with zeros while listing."""
        want = max(0, min(length, self.real_size - offset))
        data = b""
        if want:
            try:
                self.stream.seek(offset)
                data = self.stream.read(want) or b""
            except OSError as exc:
                if not self._tolerant:
                    raise
                self.errors.append((offset, str(exc)))
                data = b"\0" * want
        if len(data) < length:
            self.short_reads += 1
            if self._listing:
                data += b"\0" * (length - len(data))
        return data

    def get_size(self) -> int:
        return self.real_size if self._exact else self.real_size + self.SLACK

    def close(self) -> None:  # the stream belongs to the caller
        pass


def open_tsk_file(parent: BinaryIO, segment: Segment) -> BinaryIO:
    """Segment opener for ``{"t": "tsk", ...}``: one file's data attribute as a read-only, seekable stream.

    A file system that fits in the image is opened as it is. One that does not (a truncated image) is opened the
    way the walk listed it, with reads past the end zero-filled, and its files are read only up to their first
    block past the end; a file whose own metadata needed such a read is not read at all."""
    offset, kind = segment["offset"], _fs_type(segment)
    attr_type, attr_id = segment.get("attr_type"), segment.get("attr_id")
    try:
        exact = StreamImg(parent, exact=True)
        try:
            fs = pytsk3.FS_Info(exact, offset=offset, **kind)
        except OSError:
            fs = None
        if fs is not None and offset + int(fs.info.block_count) * int(fs.info.block_size) <= exact.real_size:
            return TskFileStream(fs.open_meta(inode=segment["inode"]), attr_type, attr_id)  # type: ignore[return-value]
        img = StreamImg(parent, listing=True)
        fs = pytsk3.FS_Info(img, offset=offset, **kind) if kind else _open_listed(img, offset)
        before = img.short_reads
        stream = TskFileStream(fs.open_meta(inode=segment["inode"]), attr_type, attr_id, offset, img)
        if img.short_reads != before:  # its metadata was partly zeros: nothing it says about its data is trusted
            stream.readable_size = 0
            stream.unreadable_reason = "this file's metadata lies partly past the end of the (truncated) image"
    except RuntimeError as exc:  # pytsk3 reports a failing Python read callback this way
        raise OSError(str(exc)) from exc
    return stream  # type: ignore[return-value]


def _open_listed(img: StreamImg, offset: int) -> Any:
    """The file system the walk opened at `offset`, found the same way (never TSK's whole-image scans)."""
    from heroes.sources.volumes import open_fs

    fs, _, tried, reason = open_fs(img, offset, None)
    if fs is None:
        raise OSError(f"no file system at byte {offset} (tried {', '.join(tried)}): {reason}")
    return fs


def _fs_type(segment: Segment) -> dict[str, Any]:
    """The explicit file system type a segment asks for (a FAT volume TSK's auto-detection misses), if any."""
    from heroes.sources.volumes import fs_type_code

    name = segment.get("fs_type")
    return {"type": fs_type_code(name)} if name else {}
