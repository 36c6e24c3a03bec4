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
import posixpath
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import pytsk3

from heroes.core.finding import FILE, Finding, error
from heroes.core.item import Item, Locator, Segment
from heroes.core.kinds import KindSpec
from heroes.core.opener import open_locator, open_os_file
from heroes.sources.base import SPECIAL, SYMLINK, Source
from heroes.sources.directory import os_item
from heroes.sources.ewf import (
    EwfStream,
    ewf_facts,
    ewf_segment_number,
    is_ewf,
    open_handle,
    segment_files,
    verify_media,
)
from heroes.sources.tsk import StreamImg, fs_type_name
from heroes.sources.volumes import (
    SECTOR,
    SNIFF_BYTES,
    find_mft_records,
    open_fs,
    read_signature_bytes,
    sniff_volume,
)

MAX_DEPTH = 128  # like TSK's own directory-walk limit
NESTED_SNIFF = 4096  # bytes looked at to tell whether a file inside the evidence is a disk image
_DIR_TYPES = (int(pytsk3.TSK_FS_META_TYPE_DIR), int(pytsk3.TSK_FS_META_TYPE_VIRT_DIR))
_REG, _LNK = int(pytsk3.TSK_FS_META_TYPE_REG), int(pytsk3.TSK_FS_META_TYPE_LNK)
_SPECIAL = {
    int(pytsk3.TSK_FS_META_TYPE_FIFO): "fifo",
    int(pytsk3.TSK_FS_META_TYPE_CHR): "character device",
    int(pytsk3.TSK_FS_META_TYPE_BLK): "block device",
    int(pytsk3.TSK_FS_META_TYPE_SOCK): "socket",
    int(pytsk3.TSK_FS_META_TYPE_SHAD): "shadow inode",
    int(pytsk3.TSK_FS_META_TYPE_WHT): "whiteout",
}
_NAME_TYPES = {
    int(getattr(pytsk3, n)): n.removeprefix("TSK_FS_NAME_TYPE_").lower()
    for n in dir(pytsk3)
    if n.startswith("TSK_FS_NAME_TYPE_") and not n.endswith(("_STR_MAX", "_ENUM"))
}
_DATA, _IDXROOT = int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_DATA), int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_IDXROOT)
# named data beside a file's main data outside NTFS: the HFS+ resource fork and extended attributes
_NAMED_DATA = (int(pytsk3.TSK_FS_ATTR_TYPE_HFS_RSRC), int(pytsk3.TSK_FS_ATTR_TYPE_HFS_EXT_ATTR))
VERIFICATION = KindSpec("verification", "E01 verification")  # an image's stored hashes checked against its data
NAME_ONLY_NOTE = "deleted name whose metadata is gone or reused: no content, size or times can be recovered"
_NAME_UNALLOC, _META_UNALLOC = int(pytsk3.TSK_FS_NAME_FLAG_UNALLOC), int(pytsk3.TSK_FS_META_FLAG_UNALLOC)
_FAT_TYPES = ("fat12", "fat16", "fat32", "exfat")


_VS_NAMES = {
    int(getattr(pytsk3, n)): n.removeprefix("TSK_VS_TYPE_").lower()
    for n in dir(pytsk3)
    if n.startswith("TSK_VS_TYPE_") and not n.endswith("_ENUM")
}


def probe(path: str) -> str | None:
    """Say "ewf" or "raw" when the file's content is a disk image (never by extension), else None."""
    try:
        with open_os_file(path) as stream:
            return probe_stream(stream)
    except OSError:
        return None


def probe_stream(stream: BinaryIO) -> str | None:
    """ "ewf" for the first segment of an EWF set; "raw" for a volume system or file system TSK opens, or bytes
    that carry a volume's signature even when it cannot be opened (damaged or unsupported evidence is reported,
    not passed off as one plain file); else None."""
    stream.seek(0)
    header = stream.read(16)
    if is_ewf(header):
        return _first_segment(header)
    if stream.seek(0, os.SEEK_END) < SECTOR:
        return None
    if sniff_volume(*read_signature_bytes(stream)) or _opens(stream, None) or find_mft_records(stream) is not None:
        return "raw"
    return None


def _first_segment(header: bytes) -> str | None:
    """ "ewf" for the first segment file of an EWF set (the others are read with it), else None."""
    return "ewf" if ewf_segment_number(header) == 1 else None


def _opens(stream: BinaryIO, looks_like: str | None) -> bool:
    """Whether TSK opens a volume system or a file system at the start of `stream`."""
    img = StreamImg(stream, tolerant=True, listing=True)
    try:
        pytsk3.Volume_Info(img)
        return True
    except OSError:
        return open_fs(img, 0, looks_like)[0] is not None


def nested_image(stream: BinaryIO) -> str | None:
    """ "ewf" or "raw" when a file found inside other evidence is a disk image TSK opens (or an E01's first
    segment): its volume's signature first (a cheap look at 4 KiB), then an actual open. Stricter than `probe`:
    a file that only resembles a volume stays a plain file, as it was."""
    stream.seek(0)
    head = stream.read(NESTED_SNIFF)
    if is_ewf(head):
        return _first_segment(head)
    looks_like = sniff_volume(head) if len(head) == NESTED_SNIFF else None
    return "raw" if looks_like and _opens(stream, looks_like) else None


def expand_image(item: Item, max_items: int) -> Iterator[Item | Finding]:
    """The items and findings of a disk image found inside an archive or another image, under ``PATH!/``."""
    source = DiskImageSource(item.path, item.locator, f"{item.path}!/", item.depth + 1)
    count = 0
    for thing in source.items():
        if isinstance(thing, Item):
            count += 1
            if count > max_items:
                yield error(item.path, f"disk image: more than {max_items} files; the rest not listed", "diskimage")
                return
        yield thing


class _Entry:
    """A directory entry with its metadata, loaded from the meta address when TSK's name lookup left it out."""

    def __init__(self, name: str, tsk_file: Any, fs: Any):
        self.name, self.file = name, tsk_file
        info = tsk_file.info.name
        self.name_unalloc = bool(int(info.flags) & _NAME_UNALLOC)
        self.meta_error = ""
        if tsk_file.info.meta is None and (info.meta_addr or not self.name_unalloc):
            # tsk_fs_dir_get drops the metadata of a deleted name whose sequence number moved on (NTFS);
            # fls (tsk_fs_dir_walk) keeps it, and so do we
            try:
                self.file = fs.open_meta(inode=info.meta_addr)
            except OSError as exc:
                self.meta_error = str(exc).strip()
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


def _link_inside(path: str, target: str) -> bool | None:
    """Whether a link at `path` points inside the file system; None for an absolute target (it depends on where
    the volume was mounted)."""
    if target.startswith("/"):
        return None
    return not posixpath.normpath(posixpath.join(posixpath.dirname(path), target)).startswith("..")


class _FsWalker:
    """Walks one file system; yields items, findings for what holds no readable content, and error findings."""

    def __init__(self, fs: Any, where: _Where, offset: int, extra: dict[str, Any], fs_type: str | None):
        self.fs, self.where, self.offset, self.fs_type = fs, where, offset, fs_type
        self.fs_name = fs_type_name(fs)
        self.extra = {**extra, "fs": self.fs_name, "fs_offset": offset}
        self.visited: set[int] = set()

    def walk(self) -> Iterator[Item | Finding]:
        root = self.fs.info.root_inum
        self.visited.add(root)
        yield from self._walk_dir(root, "", 0, deleted=False)

    def _walk_dir(self, inode: int, path: str, depth: int, deleted: bool) -> Iterator[Item | Finding]:
        where = self.where.path(path) if path else self.where.path("").rstrip("/") or "/"
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
            child = f"{path}/{name}" if path else name
            if meta is None:
                yield from self._name_only(entry, child)
                continue
            kind = int(meta.type)
            if kind == _LNK:
                yield self._symlink(entry, child)
            elif kind in _SPECIAL:
                data = {"type": _SPECIAL[kind], "deleted": entry.deleted, "meta_addr": int(meta.addr), **self.extra}
                yield Finding(SPECIAL.name, self.where.path(child), data, analyser="diskimage")
            else:
                yield from self._file_items(entry, child)
            if kind in _DIR_TYPES and int(meta.addr) not in self.visited:
                self.visited.add(int(meta.addr))
                if depth >= MAX_DEPTH:
                    yield error(self.where.path(child), "directory tree too deep", analyser="diskimage")
                else:
                    yield from self._walk_dir(int(meta.addr), child, depth + 1, entry.deleted)

    def _name_only(self, entry: _Entry, path: str) -> Iterator[Finding]:
        """A name whose metadata is gone: listed (like ``fls`` does: ``r/- * 0``), with nothing to read."""
        info = entry.file.info.name
        full = self.where.path(path)
        data = {
            "deleted": entry.name_unalloc,
            "size": None,
            "complete": False,
            "bytes_read": 0,
            "name_only": True,
            "name_type": _NAME_TYPES.get(int(info.type), "undef"),
            "meta_addr": int(info.meta_addr),
            "extension": Item(full, (), 0).extension,
            "depth": self.where.depth,
            **self.extra,
            "note": NAME_ONLY_NOTE if entry.name_unalloc else "allocated name whose metadata cannot be read",
        }
        yield Finding(FILE.name, full, data, analyser="diskimage")
        if not entry.name_unalloc:
            reason = f"metadata of an allocated name cannot be read: {entry.meta_error or 'no metadata'}"
            yield error(full, reason, analyser="diskimage", meta_addr=int(info.meta_addr))

    def _symlink(self, entry: _Entry, path: str) -> Finding:
        link = entry.meta.link
        target = link.decode("utf-8", "surrogateescape") if isinstance(link, bytes) else str(link or "")
        data: dict[str, Any] = {
            "target": target,
            "resolves_inside_root": _link_inside(path, target),
            "deleted": entry.deleted,
            "meta_addr": int(entry.meta.addr),
            **self.extra,
        }
        if not target:
            data["note"] = "the link's target could not be read"
        return Finding(SYMLINK.name, self.where.path(path), data, analyser="diskimage")

    def _streams(self, entry: _Entry, is_dir: bool) -> tuple[list[tuple[int, int, str, int]], str]:
        """(attribute type, id, name, size) of the data attributes to list: like fls, every NTFS data stream and
        index root (a directory's own index excluded); elsewhere the named data (HFS+ resource fork, extended
        attributes). Empty when the file has only its main data. Second: why the attributes could not be listed
        ("" when they could); then none is listed and the file falls back to its main data."""
        streams: list[tuple[int, int, str, int]] = []
        try:
            for attr in entry.file:
                info = attr.info
                kind, name = int(info.type), (info.name or b"").decode("utf-8", "surrogateescape")
                if self.fs_name == "ntfs":
                    if kind not in (_DATA, _IDXROOT) or name == "$I30" or (is_dir and (kind != _DATA or not name)):
                        continue
                elif kind not in _NAMED_DATA or not name:
                    continue
                streams.append((kind, int(info.id), name, int(info.size)))
        except OSError as exc:
            return [], str(exc).strip() or type(exc).__name__
        return streams, ""

    def _file_items(self, entry: _Entry, path: str) -> Iterator[Item | Finding]:
        meta = entry.meta
        is_dir = int(meta.type) in _DIR_TYPES
        streams, failure = self._streams(entry, is_dir)
        if failure:
            reason = f"cannot list the data streams: {failure}; only the main data is listed"
            yield error(self.where.path(path), reason, analyser="diskimage", meta_addr=int(meta.addr))
        if self.fs_name == "ntfs" and streams:
            for kind, attr_id, name, size in streams:
                full = f"{path}:{name}" if name else path
                yield self._item(entry, full, size, f"{int(meta.addr)}-{kind}-{attr_id}", kind, attr_id)
            return
        if int(meta.type) == _REG:
            yield self._item(entry, path, int(meta.size), str(int(meta.addr)), None, None)
        for kind, attr_id, name, size in streams:
            yield self._item(entry, f"{path}:{name}", size, f"{int(meta.addr)}-{kind}-{attr_id}", kind, attr_id)

    def _item(self, entry: _Entry, path: str, size: int, label: str, attr_type: Any, attr_id: Any) -> Item:
        meta = entry.meta
        segment = {
            "t": "tsk",
            "offset": self.offset,
            "inode": int(meta.addr),
            "attr_type": attr_type,
            "attr_id": attr_id,
        }
        if self.fs_type:
            segment["fs_type"] = self.fs_type
        extra = {**self.extra, "inode": label, "meta_addr": int(meta.addr)}
        if entry.reallocated:
            extra["reallocated"] = True  # a deleted name whose metadata now belongs to another file
        return Item(
            path=self.where.path(path),
            locator=(*self.where.base, segment),
            size=max(size, 0),
            deleted=entry.deleted,
            depth=self.where.depth,
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


class _Where:
    """Where a walk's items go: the locator of the image media, and the prefix and depth of their paths."""

    def __init__(self, base: Locator, prefix: str, depth: int):
        self.base, self.prefix, self.depth = base, prefix, depth

    def path(self, inner: str) -> str:
        return self.prefix + inner

    def sub(self, label: str) -> _Where:
        return _Where(self.base, f"{self.prefix}{label}/", self.depth)


class DiskImageSource(Source):
    """A raw (dd) or EWF disk image: every file of every file system, allocated or deleted, and an error finding
    for every volume that cannot be opened and every byte range the image lacks.

    `locator` re-opens the image file itself (default: the os file at `path`); `prefix` and `depth` place the
    image's items under the item that holds it when the image was found inside other evidence."""

    order = 50

    @classmethod
    def claims(cls, path: str) -> bool:
        return os.path.isfile(path) and probe(path) is not None

    def __init__(self, path: str, locator: Locator | None = None, prefix: str = "", depth: int = 0):
        super().__init__(os.path.abspath(path) if locator is None else path)
        self._file: Locator = locator or ({"t": "os", "path": self.path},)
        self.prefix, self.depth = prefix, depth
        with open_locator(self._file) as stream:
            self.kind = "ewf" if is_ewf(stream.read(8)) else "raw"
        plain = len(self._file) == 1
        self._segments = segment_files(self.path) if self.kind == "ewf" and plain else [self.path]

    def _base(self) -> Locator:
        if self.kind == "raw":
            return self._file
        ewf: Segment = {"t": "ewf"}
        if len(self._segments) > 1:
            ewf["segments"] = self._segments
        return (*self._file, ewf)

    @contextmanager
    def _media(self) -> Iterator[BinaryIO]:
        """The image's media data: the file itself, or the data inside the EWF container."""
        with open_locator(self._base()) as media:
            yield media

    def _layout(self, img: StreamImg) -> tuple[list[dict[str, Any]], str | None]:
        """The allocated partitions (empty with no volume system) and the volume system type, if any."""
        parts, vs_type, _ = self._volume(img)
        return parts, vs_type

    def _volume(self, img: StreamImg) -> tuple[list[dict[str, Any]], str | None, tuple[int, str] | None]:
        """`_layout`, plus where the partition table's furthest entry (tables, extended containers included)
        ends, in bytes, with its description."""
        try:
            volume = pytsk3.Volume_Info(img)
        except OSError:
            return [], None, None
        block = int(volume.info.block_size)
        declared = [
            ((int(p.start) + int(p.len)) * block, p.desc.decode("utf-8", "replace"))
            for p in volume
            if int(p.flags) & (int(pytsk3.TSK_VS_PART_FLAG_ALLOC) | int(pytsk3.TSK_VS_PART_FLAG_META))
        ]
        parts = [p for p in volume if int(p.flags) & int(pytsk3.TSK_VS_PART_FLAG_ALLOC)]
        parts.sort(key=lambda p: (int(p.start), int(p.addr)))
        vs_type = _VS_NAMES.get(int(volume.info.vstype), f"unknown-{int(volume.info.vstype)}")
        layout = [
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
        ]
        return layout, vs_type, max(declared, default=None)

    def items(self) -> Iterator[Item | Finding]:
        name = self.prefix.rstrip("!/") or os.path.basename(self.path)
        if self.prefix:  # found inside other evidence: no separate pass checks its stored hashes
            yield from self.verify()
        try:
            with self._media() as media:
                yield from self._walk(StreamImg(media, tolerant=True, listing=True))
        except OSError as exc:  # the container itself (EWF headers, the file) cannot be read
            yield error(name, f"cannot read image: {exc}", analyser="diskimage")

    def _walk(self, img: StreamImg) -> Iterator[Item | Finding]:
        parts, vs_type, furthest = self._volume(img)
        where = _Where(self._base(), self.prefix, self.depth)
        if furthest is not None and furthest[0] > img.real_size:
            yield error(
                self.prefix.rstrip("/") or "/",
                f"the partition table describes {furthest[0] - img.real_size} bytes past the end of the image "
                f"(up to byte {furthest[0]}, in '{furthest[1]}'): truncated image",
                analyser="diskimage",
                image_bytes=img.real_size,
                missing_bytes=furthest[0] - img.real_size,
            )
        opened = 0
        if not parts:
            tried = "volume systems (auto-detect), file systems"
            opened += yield from self._walk_fs(img, 0, where, {}, self.prefix.rstrip("/") or "/", None, tried)
        for part in parts:
            label = f"p{part['index']}"
            missing = part["offset"] + part["bytes"] - img.real_size
            if missing > 0:
                yield error(
                    where.path(label),
                    f"partition extends {missing} bytes past the end of the image (truncated image)",
                    analyser="diskimage",
                    partition=part["index"],
                    image_bytes=img.real_size,
                    missing_bytes=missing,
                )
            extra = {
                "partition": part["index"],
                "partition_addr": part["addr"],
                "partition_start": part["start"],
                "partition_desc": part["description"],
            }
            yield from self._walk_fs(img, part["offset"], where.sub(label), extra, where.path(label), part, None)
        for offset, reason in img.errors[:1]:
            yield error(
                self.prefix.rstrip("!/") or os.path.basename(self.path),
                f"unreadable image data read as zeros while listing: {reason}",
                analyser="diskimage",
                offset=offset,
                count=len(img.errors),
            )
        if vs_type is None and not opened and self.kind == "raw" and len(self._file) == 1 and not self.prefix:
            yield os_item(os.path.basename(self.path), self.path, os.stat(self.path))  # still hashed and read

    def _walk_fs(
        self,
        img: StreamImg,
        offset: int,
        where: _Where,
        extra: dict[str, Any],
        label: str,
        part: dict[str, Any] | None,
        tried_before: str | None,
    ) -> Generator[Item | Finding, None, int]:
        """Walk the file system at `offset`; returns 1 when one was opened, else 0 (after an error finding)."""
        end = part["offset"] + part["bytes"] if part else img.real_size
        head = img.read(offset, SNIFF_BYTES)
        tail = img.read(end - SECTOR, SECTOR) if end - SECTOR >= offset + SECTOR else b""
        looks_like = sniff_volume(head, tail) or self._mft_hint(img, offset)
        fs, fs_type, tried, reason = open_fs(img, offset, looks_like)
        if fs is None:
            what = f"tried {tried_before} ({', '.join(tried)})" if tried_before else f"tried {', '.join(tried)}"
            found = f"; the bytes look like: {looks_like}" if looks_like else ""
            prefix = "no volume system or file system found" if part is None else "no readable file system"
            yield error(label, f"{prefix} ({what}{found}): {reason}", analyser="diskimage", offset=offset)
            return 0
        fs_bytes = int(fs.info.block_count) * int(fs.info.block_size)
        missing = offset + fs_bytes - img.real_size
        if missing > 0:
            extra = {**extra, "image_truncated": True}
            yield error(
                label,
                f"file system extends {missing} bytes past the end of the image (truncated image): "
                "files there are listed but their content is not read",
                analyser="diskimage",
                offset=offset,
                fs_bytes=fs_bytes,
                image_bytes=img.real_size,
                missing_bytes=missing,
            )
        yield from _FsWalker(fs, where, offset, extra, fs_type).walk()
        return 1

    def verify(self, chunk_size: int = 1 << 20) -> list[Finding]:
        """An E01's stored MD5/SHA-1 checked against its media data: a ``verification`` record, and an ``error``
        when they disagree or the data cannot be read."""
        if self.kind != "ewf":
            return []
        name = self.prefix.rstrip("!/") or os.path.basename(self.path)
        try:
            with open_locator(self._file) as raw_stream:
                handle, owned = open_handle(raw_stream, self._base()[-1])
                try:
                    with EwfStream(handle) as media:
                        result = verify_media(handle, media, chunk_size)
                finally:
                    for stream in owned:
                        stream.close()
        except OSError as exc:
            result = {"verified": False, "reason": f"cannot open the image to verify it: {exc}"}
        findings = [Finding(VERIFICATION.name, name, {"method": "ewf", **result}, analyser="diskimage")]
        if result["verified"] is False:
            reason = (
                f"E01 verification failed: {result['reason']}; libewf reads a chunk that fails its checksum as "
                "zeros, so hashes of files in this image may not be those of the original data"
            )
            findings.append(error(name, reason, analyser="diskimage"))
        return findings

    @staticmethod
    def _mft_hint(img: StreamImg, offset: int) -> str | None:
        if offset:  # only a bare volume is scanned: a partition has a type in its table
            return None
        found = find_mft_records(img.stream)
        return None if found is None else f"NTFS MFT records at byte {found} (the boot sector is damaged)"

    def describe(self) -> dict[str, Any]:
        """Facts about the image for the evidence record: size, EWF facts, partitions and file systems."""
        facts: dict[str, Any] = {"kind": self.kind, "path": self.path}
        try:
            if len(self._file) == 1:
                facts["size"] = os.path.getsize(self.path)
            if self.kind == "ewf":
                facts["segments"] = self._segments
                with open_locator(self._file) as raw_stream:
                    handle, owned = open_handle(raw_stream, self._base()[-1])
                    facts.update(ewf_facts(handle))
                    handle.close()
                    for stream in owned:
                        stream.close()
            with self._media() as media:
                img = StreamImg(media, tolerant=True, listing=True)
                facts["media_size"] = img.real_size
                parts, facts["volume_system"] = self._layout(img)
                facts["partitions"] = [
                    {k: p[k] for k in ("index", "addr", "start", "length", "description")} for p in parts
                ]
                facts["file_systems"] = []
                for part in parts or [{"index": None, "offset": 0}]:
                    fs = open_fs(img, part["offset"], "FAT")[0]
                    if fs is None:
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
