"""Recognising volumes by their signatures, and opening file systems with the Sleuth Kit, retrying what its
auto-detection misses.

TSK's auto-detection gives up on some volumes it opens when told the type (a FAT32 volume with fewer than 65,525
clusters), and says only "cannot determine file system type" for volumes it cannot read at all (APFS in a pool,
an encrypted volume, a zeroed boot sector). The signatures here name what the bytes look like, so damaged or
unsupported evidence is reported as such instead of passing for one plain file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

import pytsk3

SNIFF_BYTES = 36 * 1024  # the ISO 9660 volume descriptor sits at 32 KiB
SECTOR = 512
MFT_SCAN, MFT_CHUNK = 16 << 20, 1 << 20  # how far, and in what pieces, to look for an MFT without a boot sector
_FAT_TYPES = ("fat32", "fat16", "fat12")
# TSK's auto-detection order, by name, without YAFFS2 (tried apart) and swap/raw (not file systems to list)
_DETECT = ("ntfs_detect", "fat_detect", "exfat", "ext_detect", "hfs_detect", "iso9660_detect", "ffs_detect")


def _zero(data: bytes) -> bool:
    return not data.strip(b"\0")


def _fat_table(head: bytes) -> bool:
    """A FAT's first entries (media byte, then all ones) at the start of one of the reserved sectors' successors."""
    return any(head[s * SECTOR : s * SECTOR + 3] in (b"\xf8\xff\xff", b"\xf0\xff\xff") for s in range(1, 64))


# (test on the first SNIFF_BYTES and the last sector, name), most specific first
_SIGNATURES: list[tuple[Callable[[bytes, bytes], bool], str]] = [
    (lambda h, t: h[:6] == b"LUKS\xba\xbe", "LUKS encrypted volume"),
    (lambda h, t: h[3:11] == b"-FVE-FS-", "BitLocker encrypted volume"),
    (lambda h, t: h[32:36] == b"NXSB", "APFS container"),
    (lambda h, t: h[3:11] == b"NTFS    ", "NTFS boot sector"),
    (lambda h, t: h[3:11] == b"EXFAT   ", "exFAT boot sector"),
    (lambda h, t: h[82:87] == b"FAT32", "FAT32 boot sector"),
    (lambda h, t: h[54:59] in (b"FAT12", b"FAT16", b"FAT  "), "FAT boot sector"),
    (lambda h, t: h[512:520] == b"EFI PART", "GPT partition table"),
    (lambda h, t: h[512:520] == b"LABELONE", "LVM physical volume"),
    (lambda h, t: h[1080:1082] == b"\x53\xef", "ext superblock"),
    (lambda h, t: h[1024:1026] in (b"H+", b"HX"), "HFS+ volume header"),
    (lambda h, t: h[32769:32774] == b"CD001", "ISO 9660 volume descriptor"),
    (lambda h, t: t[3:11] == b"NTFS    ", "NTFS backup boot sector at the end (the first sector is damaged)"),
    (lambda h, t: h[3154:3159] == b"FAT32", "FAT32 backup boot sector (the first sector is damaged)"),
    (lambda h, t: _zero(h[:SECTOR]) and _fat_table(h), "FAT tables, no boot sector"),
    (lambda h, t: h[510:512] == b"\x55\xaa", "MBR or boot sector signature"),
]


def sniff_volume(head: bytes, tail: bytes = b"") -> str | None:
    """What the bytes at the start of a volume or disk (and its last sector) look like, or None."""
    for test, name in _SIGNATURES:
        if test(head, tail):
            return name
    return None


def find_mft_records(stream: BinaryIO, limit: int = MFT_SCAN) -> int | None:
    """The offset of two consecutive NTFS MFT records (``FILE0`` at 1 KiB steps) in the first `limit` bytes: an
    NTFS volume whose boot sector is gone still carries its MFT. None when there is none."""
    stream.seek(0)
    offset = 0
    while offset < limit:
        chunk = stream.read(MFT_CHUNK)
        if len(chunk) < 2048:
            return None
        for pos in range(0, len(chunk) - 1024, 1024):
            if chunk[pos : pos + 5] == b"FILE0" and chunk[pos + 1024 : pos + 1029] == b"FILE0":
                return offset + pos
        offset += len(chunk) - 1024
        stream.seek(offset)
    return None


def read_signature_bytes(stream: BinaryIO, offset: int = 0, end: int | None = None) -> tuple[bytes, bytes]:
    """(the first SNIFF_BYTES from `offset`, the last sector before `end` or the end of the stream)."""
    stream.seek(offset)
    head = stream.read(SNIFF_BYTES)
    end = stream.seek(0, 2) if end is None else end
    tail = b""
    if end - SECTOR >= offset + SECTOR:
        stream.seek(end - SECTOR)
        tail = stream.read(SECTOR)
    return head, tail


def open_fs(img: Any, offset: int, looks_like: str | None) -> tuple[Any, str | None, list[str], str]:
    """(file system or None, the explicit type used or None, what was tried, the last error).

    TSK's own auto-detection would also try YAFFS2, which scans the whole image, and the image here claims far
    more than it holds (see StreamImg): so each type is tried by name, YAFFS2 on the real size only; then, when
    the bytes look like FAT, each FAT type explicitly (TSK's FAT detection misses small FAT32 volumes)."""
    tried: list[str] = []
    last = ""
    candidates: list[tuple[str, Any, str | None]] = [(name, img, None) for name in _DETECT]
    candidates.append(("yaffs2", _exact(img), None))
    if looks_like and "FAT" in looks_like and "exFAT" not in looks_like:
        candidates += [(name, img, name) for name in _FAT_TYPES]
    for name, image, explicit in candidates:
        tried.append(name.removesuffix("_detect"))
        try:
            return pytsk3.FS_Info(image, offset=offset, type=fs_type_code(name)), explicit, tried, ""
        except OSError as exc:
            last = _tsk_reason(exc)
    return None, None, tried, last


def _exact(img: Any) -> Any:
    """The same stream, claiming only its real size."""
    from heroes.sources.tsk import StreamImg

    return StreamImg(img.stream, tolerant=True, exact=True)


def fs_type_code(name: str) -> int:
    """TSK's code for a file system type name such as ``fat32``."""
    return int(getattr(pytsk3, f"TSK_FS_TYPE_{name.upper()}"))


def _tsk_reason(exc: Exception) -> str:
    """TSK's own reason without pytsk3's source-line prefix."""
    text = str(exc).strip()
    return text.rsplit("error: ", 1)[-1] if "error: " in text else text
