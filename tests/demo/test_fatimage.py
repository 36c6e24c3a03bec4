"""The pure-Python FAT12 writer produces images The Sleuth Kit reads, deleted files included."""

from __future__ import annotations

from datetime import datetime

import pytest
import pytsk3

from heroes.demo.fatimage import FatFile, build_fat12, dos_datetime, short_name

WHEN = datetime(2024, 3, 10, 14, 22, 8)


def _entries(path) -> dict[str, tuple[bool, bytes, int]]:
    """name -> (unallocated, content, mtime) for the regular files of the root directory."""
    fs = pytsk3.FS_Info(pytsk3.Img_Info(str(path)))
    out = {}
    for entry in fs.open_dir("/"):
        meta = entry.info.meta
        if meta is None or meta.type != pytsk3.TSK_FS_META_TYPE_REG:
            continue
        name = entry.info.name.name.decode()
        if name.startswith("$"):
            continue
        data = entry.read_random(0, meta.size) if meta.size else b""
        out[name] = (bool(meta.flags & pytsk3.TSK_FS_META_FLAG_UNALLOC), data, meta.mtime)
    return out


def test_tsk_lists_live_and_deleted_files(tmp_path):
    big = bytes(range(256)) * 9  # spans several clusters
    files = [
        FatFile("A.TXT", b"alpha\r\n", WHEN),
        FatFile("GONE.BIN", big, WHEN, deleted=True),
        FatFile("C.TXT", b"charlie" * 100, WHEN),
        FatFile("EMPTY.TXT", b"", WHEN),
    ]
    image = tmp_path / "fat.dd"
    image.write_bytes(build_fat12(files))
    fs = pytsk3.FS_Info(pytsk3.Img_Info(str(image)))
    assert fs.info.ftype == pytsk3.TSK_FS_TYPE_FAT12
    entries = _entries(image)
    assert entries["A.TXT"][:2] == (False, b"alpha\r\n")
    assert entries["C.TXT"][:2] == (False, b"charlie" * 100)
    assert entries["EMPTY.TXT"][:2] == (False, b"")
    # TSK replaces the 0xE5 marker with "_" and recovers the contiguous, now free, clusters
    assert entries["_ONE.BIN"] == (True, big, entries["A.TXT"][2])
    assert "GONE.BIN" not in entries


def test_fat_is_bytes_exact():
    image = build_fat12([FatFile("A.TXT", b"x" * 600, WHEN)])
    assert len(image) == 2880 * 512
    assert image[510:512] == b"\x55\xaa"
    assert image[54:62] == b"FAT12   "
    # FAT[0]=0xFF0, FAT[1]=0xFFF, cluster 2 -> 3, cluster 3 -> end of chain
    assert image[512:518] == bytes([0xF0, 0xFF, 0xFF, 0x03, 0xF0, 0xFF])
    assert image[512 : 512 + 9 * 512] == image[512 + 9 * 512 : 512 + 18 * 512]  # both FAT copies agree


def test_deleted_file_leaves_fat_free_but_data_in_place():
    data = b"y" * 700
    image = build_fat12([FatFile("GONE.TXT", data, WHEN, deleted=True)])
    assert image[512 + 3 : 512 + 6] == b"\x00\x00\x00"  # clusters 2 and 3 free
    root = (1 + 18) * 512
    assert image[root + 32] == 0xE5  # entry after the volume label
    data_start = (1 + 18 + 14) * 512
    assert image[data_start : data_start + len(data)] == data


def test_dos_datetime_and_short_name():
    assert dos_datetime(datetime(2024, 3, 10, 14, 22, 8)) == ((44 << 9) | (3 << 5) | 10, (14 << 11) | (22 << 5) | 4)
    assert short_name("notes.txt") == b"NOTES   TXT"
    with pytest.raises(ValueError):
        short_name("much-too-long-name.txt")
