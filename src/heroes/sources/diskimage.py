"""Disk images (raw/dd and E01) walked with the Sleuth Kit the way ``fls -r -p`` lists them, deleted entries included.

dfVFS hides unallocated names, and recovering deleted files is much of the job here, so we drive pytsk3 directly.

Item paths: with a partition table, ``p<N>/<path in the file system>`` where N counts the allocated partitions
of the volume system from 1 in start-sector order (``mmls`` order, logical partitions included; the TSK slot,
start sector and description are in ``extra``); with no volume system, the plain path. An NTFS alternate data
stream is ``<path>:<stream>``. Deleted entries keep TSK's names (FAT deleted names start with ``_``). When one
directory lists the same name twice (common for deleted FAT and NTFS entries), allocated entries keep the name
and the others become ``stem#2.ext``, ``stem#3.ext``... so paths stay unique and extensions stay usable.
FAT stores local times with no zone: like ``fls`` run under TZ=UTC, we read them as UTC whatever the host zone.
"""

from __future__ import annotations

import calendar
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

import pytsk3

from heroes.core.finding import Finding, error
from heroes.core.item import Item, Locator, Segment
from heroes.core.opener import open_os_file
from heroes.sources.base import Source
from heroes.sources.ewf import ewf_facts, is_ewf, open_ewf, open_handle, segment_files
from heroes.sources.tsk import StreamImg, fs_type_name

MAX_DEPTH = 128  # like TSK's own directory-walk limit
# Images a few sectors shorter than their file system are common (a partial last cluster the imager skipped,
# DFTT's FAT images); only a bigger shortfall is reported as truncation.
TRUNCATION_SLACK = 64 * 1024
_DIR_TYPES = (int(pytsk3.TSK_FS_META_TYPE_DIR), int(pytsk3.TSK_FS_META_TYPE_VIRT_DIR))
_REG = int(pytsk3.TSK_FS_META_TYPE_REG)
_DATA, _IDXROOT = int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_DATA), int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_IDXROOT)
_NAME_UNALLOC, _META_UNALLOC = int(pytsk3.TSK_FS_NAME_FLAG_UNALLOC), int(pytsk3.TSK_FS_META_FLAG_UNALLOC)
_FAT_TYPES = ("fat12", "fat16", "fat32", "exfat")


_VS_NAMES = {
    int(getattr(pytsk3, n)): n.removeprefix("TSK_VS_TYPE_").lower()
    for n in dir(pytsk3)
    if n.startswith("TSK_VS_TYPE_") and not n.endswith("_ENUM")
}


def probe(path: str) -> str | None:
    """Say "ewf" or "raw" when the file's content is a disk image we can walk, else None (never by extension)."""
    try:
        with open_os_file(path) as stream:
            if is_ewf(stream.read(8)):
                return "ewf"
            img, padded = StreamImg(stream, tolerant=True), StreamImg(stream, pad=True, tolerant=True)
            if img.real_size < 512:
                return None
            # padded: the first half of an NTFS image is still an NTFS image, just a truncated one
            for attempt in (lambda: pytsk3.Volume_Info(img), lambda: pytsk3.FS_Info(padded, offset=0)):
                try:
                    attempt()
                    return "raw"
                except OSError:
                    continue
    except OSError:
        return None
    return None


class _Entry:
    """A directory entry with its metadata, loaded from the meta address when TSK's name lookup left it out."""

    def __init__(self, name: str, tsk_file: Any, fs: Any):
        self.name, self.file = name, tsk_file
        info = tsk_file.info.name
        self.name_unalloc = bool(int(info.flags) & _NAME_UNALLOC)
        if tsk_file.info.meta is None and (info.meta_addr or not self.name_unalloc):
            # tsk_fs_dir_get drops the metadata of a deleted name whose sequence number moved on (NTFS);
            # fls (tsk_fs_dir_walk) keeps it, and so do we
            with suppress(OSError):
                self.file = fs.open_meta(inode=info.meta_addr)
        self.meta = self.file.info.meta
        meta_unalloc = self.meta is not None and bool(int(self.meta.flags) & _META_UNALLOC)
        self.deleted = self.name_unalloc or meta_unalloc
        self.reallocated = self.name_unalloc and self.meta is not None and not meta_unalloc


def _unique_names(entries: list[_Entry]) -> list[str]:
    """One display name per directory entry, allocated entries first to keep the plain name."""
    order = sorted(range(len(entries)), key=lambda i: entries[i].deleted)
    used: set[str] = set()
    names = [""] * len(entries)
    for i in order:
        name, n = entries[i].name, 1
        stem, dot, ext = name.rpartition(".") if name.rfind(".") > 0 else (name, "", "")
        while (candidate := name if n == 1 else f"{stem}#{n}{dot}{ext}") in used:
            n += 1
        used.add(candidate)
        names[i] = candidate
    return names


class _FsWalker:
    """Walks one file system; yields items and error findings."""

    def __init__(self, fs: Any, base: Locator, offset: int, prefix: str, extra: dict[str, Any]):
        self.fs, self.base, self.offset, self.prefix = fs, base, offset, prefix
        self.fs_name = fs_type_name(fs)
        self.extra = {**extra, "fs": self.fs_name, "fs_offset": offset}
        self.visited: set[int] = set()

    def walk(self) -> Iterator[Item | Finding]:
        root = self.fs.info.root_inum
        self.visited.add(root)
        yield from self._walk_dir(root, "", 0, deleted=False)

    def _walk_dir(self, inode: int, path: str, depth: int, deleted: bool) -> Iterator[Item | Finding]:
        where = self.prefix + path if path else self.prefix.rstrip("/") or "/"
        entries: list[_Entry] = []
        try:
            for tsk_file in self.fs.open_dir(inode=inode):
                raw = tsk_file.info.name.name
                if raw not in (b".", b".."):
                    entries.append(_Entry(raw.decode("utf-8", "surrogateescape"), tsk_file, self.fs))
        except OSError as exc:  # keep what was listed before the damage
            if not deleted:  # fls, too, quietly skips deleted directories it cannot load
                yield error(where, f"cannot read directory: {str(exc).strip()}", analyser="diskimage", inode=inode)
        for entry, name in zip(entries, _unique_names(entries), strict=True):
            meta = entry.meta
            if meta is None:
                continue
            child = f"{path}/{name}" if path else name
            yield from self._file_items(entry, child)
            if int(meta.type) in _DIR_TYPES and int(meta.addr) not in self.visited:
                self.visited.add(int(meta.addr))
                if depth >= MAX_DEPTH:
                    yield error(self.prefix + child, "directory tree too deep", analyser="diskimage")
                else:
                    yield from self._walk_dir(int(meta.addr), child, depth + 1, entry.deleted)

    def _file_items(self, entry: _Entry, path: str) -> Iterator[Item]:
        meta = entry.meta
        is_dir = int(meta.type) in _DIR_TYPES
        if self.fs_name == "ntfs":
            streams = []
            try:
                for attr in entry.file:
                    info = attr.info
                    kind, name = int(info.type), (info.name or b"").decode("utf-8", "surrogateescape")
                    if kind not in (_DATA, _IDXROOT) or name == "$I30" or (is_dir and (kind != _DATA or not name)):
                        continue  # like fls: data streams and index roots, a directory's own index excluded
                    streams.append((kind, int(info.id), name, int(info.size)))
            except OSError:
                streams = []
            if streams:
                for kind, attr_id, name, size in streams:
                    full = f"{path}:{name}" if name else path
                    yield self._item(entry, full, size, f"{int(meta.addr)}-{kind}-{attr_id}", kind, attr_id)
                return
        if int(meta.type) == _REG:
            yield self._item(entry, path, int(meta.size), str(int(meta.addr)), None, None)

    def _item(self, entry: _Entry, path: str, size: int, label: str, attr_type: Any, attr_id: Any) -> Item:
        meta = entry.meta
        segment = {
            "t": "tsk",
            "offset": self.offset,
            "inode": int(meta.addr),
            "attr_type": attr_type,
            "attr_id": attr_id,
        }
        extra = {**self.extra, "inode": label, "meta_addr": int(meta.addr)}
        if entry.reallocated:
            extra["reallocated"] = True  # a deleted name whose metadata now belongs to another file
        return Item(
            path=self.prefix + path,
            locator=(*self.base, segment),
            size=max(size, 0),
            deleted=entry.deleted,
            extra=extra,
            **{k: self._time(meta, k) for k in ("mtime", "atime", "ctime", "crtime")},
        )

    def _time(self, meta: Any, name: str) -> float | None:
        seconds = int(getattr(meta, name, 0) or 0)
        if seconds <= 0:
            return None
        if self.fs_name in _FAT_TYPES:  # TSK ran the local wall-clock time through mktime(): undo it
            seconds = calendar.timegm(time.localtime(seconds))
        nano = int(getattr(meta, f"{name}_nano", 0) or 0)
        return seconds + nano / 1e9 if nano else float(seconds)


class DiskImageSource(Source):
    """A raw (dd) or EWF disk image: every regular file of every file system, allocated or deleted."""

    def __init__(self, path: str):
        super().__init__(os.path.abspath(path))
        with open_os_file(self.path) as stream:
            self.kind = "ewf" if is_ewf(stream.read(8)) else "raw"
        self._segments = segment_files(self.path) if self.kind == "ewf" else [self.path]

    def _base(self) -> Locator:
        os_seg: Segment = {"t": "os", "path": self.path}
        if self.kind == "raw":
            return (os_seg,)
        ewf: Segment = {"t": "ewf"}
        if len(self._segments) > 1:
            ewf["segments"] = self._segments
        return (os_seg, ewf)

    @contextmanager
    def _media(self) -> Iterator[BinaryIO]:
        """The image's media data: the file itself, or the data inside the EWF container."""
        with open_os_file(self.path) as raw_stream:
            if self.kind == "raw":
                yield raw_stream
                return
            with open_ewf(raw_stream, self._base()[1]) as media:
                yield media

    def _layout(self, img: StreamImg) -> tuple[list[dict[str, Any]], str | None]:
        """The allocated partitions (empty with no volume system) and the volume system type, if any."""
        try:
            volume = pytsk3.Volume_Info(img)
        except OSError:
            return [], None
        block = int(volume.info.block_size)
        parts = [p for p in volume if int(p.flags) & int(pytsk3.TSK_VS_PART_FLAG_ALLOC)]
        parts.sort(key=lambda p: (int(p.start), int(p.addr)))
        vs_type = _VS_NAMES.get(int(volume.info.vstype), f"unknown-{int(volume.info.vstype)}")
        return [
            {
                "index": i,
                "addr": int(p.addr),
                "start": int(p.start),
                "length": int(p.len),
                "offset": int(p.start) * block,
                "bytes": int(p.len) * block,
                "description": p.desc.decode("utf-8", "replace"),
            }
            for i, p in enumerate(parts, 1)
        ], vs_type

    def items(self) -> Iterator[Item | Finding]:
        try:
            with self._media() as media:
                yield from self._walk(StreamImg(media, tolerant=True), StreamImg(media, pad=True, tolerant=True))
        except OSError as exc:  # the container itself (EWF headers, the file) cannot be read
            yield error(os.path.basename(self.path), f"cannot read image: {exc}", analyser="diskimage")

    def _walk(self, img: StreamImg, padded: StreamImg) -> Iterator[Item | Finding]:
        parts, _ = self._layout(img)
        if not parts:
            yield from self._walk_fs(padded, 0, "", {}, "/")
        for part in parts:
            label = f"p{part['index']}"
            if part["offset"] + part["bytes"] > img.real_size + TRUNCATION_SLACK:
                yield error(
                    label,
                    "partition extends past the end of the image (truncated?)",
                    analyser="diskimage",
                    partition=part["index"],
                    image_bytes=img.real_size,
                )
            extra = {
                "partition": part["index"],
                "partition_addr": part["addr"],
                "partition_start": part["start"],
                "partition_desc": part["description"],
            }
            yield from self._walk_fs(padded, part["offset"], label + "/", extra, label)
        for offset, reason in (img.errors + padded.errors)[:1]:
            yield error(
                os.path.basename(self.path),
                f"unreadable image data read as zeros: {reason}",
                analyser="diskimage",
                offset=offset,
                count=len(img.errors) + len(padded.errors),
            )

    def _walk_fs(
        self, img: StreamImg, offset: int, prefix: str, extra: dict[str, Any], where: str
    ) -> Iterator[Item | Finding]:
        try:
            fs = pytsk3.FS_Info(img, offset=offset)
        except OSError as exc:
            reason = "no readable file system" if prefix else "no volume system or file system found"
            yield error(where, f"{reason}: {str(exc).strip()}", analyser="diskimage", offset=offset)
            return
        fs_bytes = int(fs.info.block_count) * int(fs.info.block_size)
        if offset + fs_bytes > img.real_size + TRUNCATION_SLACK:
            extra = {**extra, "image_truncated": True}
            yield error(
                where,
                "file system extends past the end of the image (truncated?)",
                analyser="diskimage",
                offset=offset,
                fs_bytes=fs_bytes,
                image_bytes=img.real_size,
            )
        yield from _FsWalker(fs, self._base(), offset, prefix, extra).walk()

    def describe(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"kind": self.kind, "path": self.path, "size": os.path.getsize(self.path)}
        try:
            if self.kind == "ewf":
                facts["segments"] = self._segments
                with open_os_file(self.path) as raw_stream:
                    handle, owned = open_handle(raw_stream, self._base()[1])
                    facts.update(ewf_facts(handle))
                    handle.close()
                    for stream in owned:
                        stream.close()
            with self._media() as media:
                img, padded = StreamImg(media, tolerant=True), StreamImg(media, pad=True, tolerant=True)
                facts["media_size"] = img.real_size
                parts, facts["volume_system"] = self._layout(img)
                facts["partitions"] = [
                    {k: p[k] for k in ("index", "addr", "start", "length", "description")} for p in parts
                ]
                facts["file_systems"] = []
                for part in parts or [{"index": None, "offset": 0}]:
                    try:
                        fs = pytsk3.FS_Info(padded, offset=part["offset"])
                    except OSError:
                        continue
                    facts["file_systems"].append(
                        {
                            "partition": part["index"],
                            "offset": part["offset"],
                            "type": fs_type_name(fs),
                            "block_size": int(fs.info.block_size),
                            "block_count": int(fs.info.block_count),
                        }
                    )
        except OSError as exc:
            facts["error"] = f"cannot open image: {exc}"
        return facts
