"""A minimal pure-Python FAT12 writer, so the demo can ship a raw "USB stick" with a deleted file in it.

Only what the demo needs: a 1.44 MB floppy geometry (512-byte sectors, one sector per cluster), 8.3 names in
the root directory, contiguous clusters. A deleted file is written the way a real deletion leaves it: the first
byte of its directory entry becomes 0xE5 and its clusters are marked free in both FATs, while the data stays
in place, so forensic tools (The Sleuth Kit) list it as unallocated and can still recover its content.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime

SECTOR = 512
TOTAL_SECTORS = 2880  # 1.44 MB floppy: 2847 data clusters, well under the FAT12 limit of 4085
RESERVED = 1
NUM_FATS = 2
FAT_SECTORS = 9
ROOT_ENTRIES = 224
ROOT_SECTORS = ROOT_ENTRIES * 32 // SECTOR
DATA_START = RESERVED + NUM_FATS * FAT_SECTORS + ROOT_SECTORS  # first sector of cluster 2
CLUSTERS = TOTAL_SECTORS - DATA_START
MEDIA = 0xF0
END_OF_CHAIN = 0xFFF
ATTR_ARCHIVE, ATTR_VOLUME = 0x20, 0x08
DELETED_MARK = 0xE5


@dataclass(frozen=True)
class FatFile:
    """One file for the root directory. `name` must be a valid 8.3 name, e.g. "NOTES.TXT"."""

    name: str
    data: bytes
    mtime: datetime
    deleted: bool = False


def short_name(name: str) -> bytes:
    """The 11-byte space-padded directory form of an 8.3 name ("A.TXT" -> b"A       TXT")."""
    base, _, ext = name.upper().partition(".")
    if not base or len(base) > 8 or len(ext) > 3 or not (base + ext).isascii():
        raise ValueError(f"not an 8.3 name: {name!r}")
    return base.ljust(8).encode("ascii") + ext.ljust(3).encode("ascii")


def dos_datetime(when: datetime) -> tuple[int, int]:
    """(date, time) in the FAT on-disk encoding; FAT keeps local time with two-second resolution."""
    date = ((when.year - 1980) << 9) | (when.month << 5) | when.day
    time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    return date, time


def _set_fat12(fat: bytearray, cluster: int, value: int) -> None:
    """Store a 12-bit entry: two entries share three bytes, the even one in the low 12 bits."""
    offset = cluster * 3 // 2
    if cluster % 2 == 0:
        fat[offset] = value & 0xFF
        fat[offset + 1] = (fat[offset + 1] & 0xF0) | ((value >> 8) & 0x0F)
    else:
        fat[offset] = (fat[offset] & 0x0F) | ((value << 4) & 0xF0)
        fat[offset + 1] = (value >> 4) & 0xFF


def _boot_sector(label: bytes, volume_id: int) -> bytes:
    bpb = struct.pack(
        "<3s8sHBHBHHBHHHII",
        b"\xeb\x3c\x90",
        b"HEROES  ",
        SECTOR,
        1,  # sectors per cluster
        RESERVED,
        NUM_FATS,
        ROOT_ENTRIES,
        TOTAL_SECTORS,
        MEDIA,
        FAT_SECTORS,
        18,  # sectors per track
        2,  # heads
        0,  # hidden sectors
        0,  # 32-bit total sectors (unused: the 16-bit field holds it)
    )
    ext = struct.pack("<BBBI11s8s", 0, 0, 0x29, volume_id, label, b"FAT12   ")
    sector = bytearray(SECTOR)
    sector[: len(bpb) + len(ext)] = bpb + ext
    sector[510:512] = b"\x55\xaa"
    return bytes(sector)


def _dir_entry(name11: bytes, attr: int, when: datetime, cluster: int, size: int) -> bytes:
    date, time = dos_datetime(when)
    return struct.pack("<11sBBBHHHHHHHI", name11, attr, 0, 0, time, date, date, 0, time, date, cluster, size)


def build_fat12(files: list[FatFile], label: str = "USB STICK", volume_id: int = 0x20240501) -> bytes:
    """The whole image as bytes. Files are laid out in order, each in contiguous clusters."""
    if len(files) + 1 > ROOT_ENTRIES:
        raise ValueError("too many files for the root directory")
    image = bytearray(TOTAL_SECTORS * SECTOR)
    label11 = label.upper().encode("ascii")[:11].ljust(11)
    image[:SECTOR] = _boot_sector(label11, volume_id)

    fat = bytearray(FAT_SECTORS * SECTOR)
    _set_fat12(fat, 0, 0xF00 | MEDIA)
    _set_fat12(fat, 1, END_OF_CHAIN)
    when0 = files[0].mtime if files else datetime(2024, 1, 1)
    root = bytearray(_dir_entry(label11, ATTR_VOLUME, when0, 0, 0))

    next_cluster = 2
    for f in files:
        count = max(1, -(-len(f.data) // SECTOR)) if f.data else 0
        if next_cluster + count - 2 > CLUSTERS:
            raise ValueError("files do not fit in the image")
        first = next_cluster if count else 0
        for i in range(count):
            cluster = first + i
            start = (DATA_START + cluster - 2) * SECTOR
            piece = f.data[i * SECTOR : (i + 1) * SECTOR]
            image[start : start + len(piece)] = piece
            if not f.deleted:  # a deletion frees the chain; the data stays where it was
                _set_fat12(fat, cluster, END_OF_CHAIN if i == count - 1 else cluster + 1)
        next_cluster += count
        entry = bytearray(_dir_entry(short_name(f.name), ATTR_ARCHIVE, f.mtime, first, len(f.data)))
        if f.deleted:
            entry[0] = DELETED_MARK
        root += entry

    for copy in range(NUM_FATS):
        start = (RESERVED + copy * FAT_SECTORS) * SECTOR
        image[start : start + len(fat)] = fat
    root_start = (RESERVED + NUM_FATS * FAT_SECTORS) * SECTOR
    image[root_start : root_start + len(root)] = root
    return bytes(image)
