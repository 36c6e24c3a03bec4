"""Zip and tar members as items of their own, opened in place and never written to disk.

Zip bombs are refused from what the archive declares (the central directory, tar headers) before a byte is
inflated, and member streams stop at the declared size whatever the data says. Zip locator segments carry the
member's local-header offset, sizes and CRC from the central directory, so re-opening one member of a large zip
costs one seek instead of re-parsing the whole directory; tar segments carry the header offset likewise.
"""

from __future__ import annotations

import calendar
import lzma
import posixpath
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from heroes.core.analyser import NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding, error
from heroes.core.item import Item, Segment
from heroes.core.kinds import KindSpec
from heroes.core.settings import Settings
from heroes.core.streams import SizedReader
from heroes.sources.base import SYMLINK

NAME = "archive"
ARCHIVE = KindSpec(NAME, "Archive")  # one per archive opened: format, members, how many were expanded
RATIO_FLOOR = 1 << 20  # ratio limits apply above this size only: small text files compress 1000:1 honestly
BUFFER_MAX = 16 << 20  # a member this small is held in memory once a reader seeks backwards (pypdf, exifread)
CD_FACTOR = 4  # a zip declaring more entries than this x archive_max_members is not parsed at all
CD_MAX = 64 << 20  # nor one whose central directory is larger than this many bytes

_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error)
_TAR_ERRORS = (tarfile.TarError, OSError, EOFError, ValueError, zlib.error, lzma.LZMAError)


def expand(ctx: ItemContext) -> Iterator[Item | Finding]:
    """The members of a zip or tar item; the archive is closed before the engine processes any of them."""
    limits = _Limits(ctx.settings, ctx.item)
    out = _expand_zip(ctx, limits) if ctx.mime == "application/zip" else _expand_tar(ctx, limits)
    return iter(out)


class _Limits:
    """Counts members and declared bytes of one archive against the zip-bomb settings."""

    def __init__(self, settings: Settings, parent: Item):
        self.s, self.parent = settings, parent
        self.total_max = min(
            settings.archive_max_total, max(RATIO_FLOOR, int(settings.archive_max_ratio * max(parent.size, 1)))
        )
        self.members = self.total = 0

    def fail(self, reason: str, **data: Any) -> Finding:
        return error(self.parent.path, f"archive limit: {reason}", NAME, **data)

    def member(self, size: int, csize: int | None) -> str:
        """Why this member may not be expanded, or "" when it may."""
        if size > self.s.archive_max_member:
            return f"member declares {size} bytes, over archive_max_member {self.s.archive_max_member}"
        if csize is not None and size > RATIO_FLOOR and size > self.s.archive_max_ratio * max(csize, 1):
            return f"member compression ratio {size / max(csize, 1):.0f} over archive_max_ratio"
        return ""

    def over_total(self, size: int) -> bool:
        if self.total + size > self.total_max:
            return True
        self.total += size
        return False

    def total_reason(self) -> str:
        return (
            f"uncompressed total over {self.total_max} bytes (archive_max_total or archive_max_ratio "
            f"x archive size); remaining members not expanded"
        )


def _child(parent: Item, name: str, seen: set[str], segment: Segment, size: int, mtime: float | None) -> Item:
    path = f"{parent.path}!/{name}"
    suffix = 1
    while path in seen:  # duplicate member names: paths must stay unique within the evidence
        suffix += 1
        path = f"{parent.path}!/{name}~{suffix}"
    seen.add(path)
    return Item(
        path=path,
        locator=(*parent.locator, segment),
        size=size,
        deleted=parent.deleted,
        mtime=mtime,
        depth=parent.depth + 1,
    )


def _summary(parent: Item, fmt: str, members: int, expanded: int, declared: int) -> Finding:
    return Finding(
        ARCHIVE.name,
        parent.path,
        {"format": fmt, "members": members, "expanded": expanded, "declared_size": declared},
        analyser=NAME,
    )


# ---- zip -------------------------------------------------------------------------------------------------


def _declared_entries(stream: BinaryIO) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the end record, read before zipfile parses the directory."""
    end = stream.seek(0, 2)
    tail_len = min(end, 22 + 0xFFFF + 20)
    stream.seek(end - tail_len)
    tail = stream.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return None
    entries, cd_size = struct.unpack_from("<HL", tail, pos + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the real counts are in the zip64 end record
        if pos < 20 or tail[pos - 20 : pos - 16] != b"PK\x06\x07":
            return None
        stream.seek(struct.unpack_from("<Q", tail, pos - 12)[0])
        record = stream.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            return None
        entries, cd_size = struct.unpack_from("<QQ", record, 32)
    return entries, cd_size


def _zip_mtime(info: zipfile.ZipInfo) -> float | None:
    """The extended-timestamp field (UTC) when present, else the DOS time, which has no zone: taken as UTC."""
    extra, i = info.extra, 0
    while i + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4 : i + 4 + length]
        if tag == 0x5455 and len(body) >= 5 and body[0] & 1:
            return float(struct.unpack_from("<i", body, 1)[0])
        i += 4 + length
    try:
        return float(calendar.timegm((*info.date_time, 0, 0, 0)))
    except (ValueError, OverflowError):
        return None


def _expand_zip(ctx: ItemContext, limits: _Limits) -> list[Item | Finding]:
    parent, s = ctx.item, ctx.settings
    with ctx.open() as stream:
        try:
            declared = _declared_entries(stream)
            if declared and (declared[0] > CD_FACTOR * s.archive_max_members or declared[1] > CD_MAX):
                return [
                    limits.fail(
                        f"{declared[0]} entries ({declared[1]} bytes of central directory) "
                        f"declared, far over archive_max_members {s.archive_max_members}; "
                        f"not opened"
                    )
                ]
            with zipfile.ZipFile(stream) as archive:
                infos = archive.infolist()
        except _ZIP_ERRORS as exc:
            return [error(parent.path, f"corrupt archive: {type(exc).__name__}: {exc}", NAME)]
    out: list[Item | Finding] = []
    seen: set[str] = set()
    for index, info in enumerate(infos):
        if index >= s.archive_max_members:
            out.append(
                limits.fail(
                    f"{len(infos)} entries, over archive_max_members {s.archive_max_members}; "
                    f"{len(infos) - index} not expanded"
                )
            )
            break
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            out.append(error(parent.path, "encrypted member", NAME, member=info.filename))
            continue
        reason = limits.member(info.file_size, info.compress_size)
        if reason:
            out.append(limits.fail(reason, member=info.filename))
            continue
        if limits.over_total(info.file_size):
            out.append(limits.fail(limits.total_reason(), member=info.filename))
            break
        segment = {
            "t": "zip",
            "member": info.filename,
            "offset": info.header_offset,
            "method": info.compress_type,
            "csize": info.compress_size,
            "size": info.file_size,
            "crc": info.CRC,
        }
        out.append(_child(parent, info.filename, seen, segment, info.file_size, _zip_mtime(info)))
    expanded = sum(isinstance(o, Item) for o in out)
    out.insert(0, _summary(parent, "zip", len(infos), expanded, sum(i.file_size for i in infos)))
    return out


def _open_zip_at(parent: BinaryIO, segment: Segment) -> BinaryIO:
    """The member's inflating stream straight from its local header, without parsing the central directory."""
    parent.seek(segment["offset"])
    # zipfile's own local-header layout; typeshed leaves these module constants out
    header = parent.read(zipfile.sizeFileHeader)  # type: ignore[attr-defined]
    if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:  # type: ignore[attr-defined]
        raise zipfile.BadZipFile(f"no local file header for member {segment['member']!r}")
    fields = struct.unpack(zipfile.structFileHeader, header)  # type: ignore[attr-defined]
    flags, name_len, extra_len = fields[3], fields[10], fields[11]
    raw = parent.read(name_len)
    name = raw.decode("utf-8" if flags & 0x800 else "cp437").split("\x00", 1)[0]
    if name != segment["member"]:
        raise zipfile.BadZipFile(f"local header names {name!r}, expected {segment['member']!r}")
    if flags & 0x61:  # encrypted, patched or strongly encrypted
        raise NotImplementedError(f"encrypted or patched zip member (flags {flags:#x})")
    parent.seek(extra_len, 1)
    info = zipfile.ZipInfo(name)
    info.flag_bits, info.compress_type = flags, segment["method"]
    info.compress_size, info.file_size, info.CRC = segment["csize"], segment["size"], segment["crc"]
    return zipfile.ZipExtFile(parent, "r", info)  # type: ignore[return-value]


def open_zip_member(parent: BinaryIO, segment: Segment) -> BinaryIO:
    """A ZIP member's stream from its segment (by offset, or by name for a hand-made locator)."""
    if "offset" in segment:
        inner = _open_zip_at(parent, segment)
        return _MemberStream(inner, segment["size"], [inner.close])  # type: ignore[return-value]
    archive = zipfile.ZipFile(parent)  # a hand-made locator with a name only
    try:
        info = archive.getinfo(segment["member"])
        member = archive.open(info)
    except BaseException:
        archive.close()
        raise
    return _MemberStream(member, info.file_size, [member.close, archive.close])  # type: ignore[return-value]


# ---- tar -------------------------------------------------------------------------------------------------


def _expand_tar(ctx: ItemContext, limits: _Limits) -> list[Item | Finding]:
    parent, s = ctx.item, ctx.settings
    out: list[Item | Finding] = []
    seen: set[str] = set()
    entries = 0
    with ctx.open() as stream:
        try:
            archive = tarfile.open(fileobj=stream, mode="r:*")  # noqa: SIM115 - the with below closes it
        except _TAR_ERRORS as exc:
            if ctx.mime == "application/x-tar":
                return [error(parent.path, f"corrupt archive: {type(exc).__name__}: {exc}", NAME)]
            raise NotMine(f"compressed, but not a tar: {exc}") from None
        # Skipping a member of a compressed tar means inflating it, so a refused member ends the walk there.
        compressed = archive.fileobj is not stream
        with archive:
            try:
                while (info := archive.next()) is not None:
                    if entries >= s.archive_max_members:
                        out.append(
                            limits.fail(
                                f"over archive_max_members {s.archive_max_members} entries; the rest not expanded"
                            )
                        )
                        break
                    entries += 1
                    if info.issym() or info.islnk():
                        base = "" if info.islnk() else posixpath.dirname(info.name)  # hard links: from the root
                        inside = not posixpath.isabs(info.linkname) and not posixpath.normpath(
                            posixpath.join(base, info.linkname)
                        ).startswith("..")
                        out.append(
                            Finding(
                                SYMLINK.name,
                                f"{parent.path}!/{info.name}",
                                {"target": info.linkname, "resolves_inside_root": inside, "hardlink": info.islnk()},
                                analyser=NAME,
                            )
                        )
                    if not info.isreg():
                        continue
                    reason = limits.member(info.size, None)
                    if reason:
                        out.append(limits.fail(reason, member=info.name))
                        if compressed:
                            break
                        continue
                    if limits.over_total(info.size):
                        out.append(limits.fail(limits.total_reason(), member=info.name))
                        break
                    segment = {"t": "tar", "member": info.name, "offset": info.offset}
                    out.append(_child(parent, info.name, seen, segment, info.size, float(info.mtime)))
            except _TAR_ERRORS as exc:
                out.append(error(parent.path, f"corrupt archive: {type(exc).__name__}: {exc}", NAME))
    expanded = sum(isinstance(o, Item) for o in out)
    out.insert(0, _summary(parent, "tar", entries, expanded, limits.total))
    return out


def _find_tar_member(archive: tarfile.TarFile, segment: Segment) -> tarfile.TarInfo:
    if "offset" in segment:
        try:
            archive.fileobj.seek(segment["offset"])
            info = tarfile.TarInfo.fromtarfile(archive)
            if info.name == segment["member"] and info.isreg():
                return info
        except (tarfile.HeaderError, EOFError):
            pass
        archive.fileobj.seek(archive.offset)
    for info in archive:
        if info.name == segment["member"] and info.isreg():
            return info
    raise FileNotFoundError(f"tar member {segment['member']!r} not found")


def open_tar_member(parent: BinaryIO, segment: Segment) -> BinaryIO:
    archive = tarfile.open(fileobj=parent, mode="r:*")  # noqa: SIM115 - closed with the member stream
    try:
        info = _find_tar_member(archive, segment)
        inner = archive.extractfile(info)
        if inner is None:
            raise FileNotFoundError(f"tar member {segment['member']!r} is not a regular file")
    except BaseException:
        archive.close()
        raise
    return _MemberStream(inner, info.size, [inner.close, archive.close])  # type: ignore[return-value]


# ---- streams ---------------------------------------------------------------------------------------------


class _MemberStream(SizedReader):
    """Never longer than the declared size, and ending where the member's data ends. Sequential reads go straight
    through; the first backward read of a small member loads it into memory (re-inflating from the start on every
    backward seek would make seeking parsers quadratic); large members seek in the inflating stream itself."""

    strict = False

    def __init__(self, inner: Any, size: int, closers: list[Callable[[], None]]):
        super().__init__(size, closers)
        self._inner, self._inner_pos = inner, 0
        self._buffer: bytes | None = None

    def _read_at(self, offset: int, length: int) -> bytes:
        if self._buffer is None and offset < self._inner_pos and self.size <= BUFFER_MAX:
            self._inner.seek(0)
            self._buffer = self._inner.read(self.size)
        if self._buffer is not None:
            return self._buffer[offset : offset + length]
        if self._inner_pos != offset:
            self._inner.seek(offset)
        data = self._inner.read(length)
        self._inner_pos = offset + len(data)
        return data
