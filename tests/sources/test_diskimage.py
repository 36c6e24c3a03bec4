"""The disk-image walker against public images and the Sleuth Kit's own listings (expected/*.fls.tsv, *.body)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import struct
import time
from pathlib import Path

import pytest

from heroes.core.finding import Finding
from heroes.core.item import Item, locator_from_json, locator_to_json
from heroes.core.opener import open_item
from heroes.sources.diskimage import DiskImageSource, _unique_names, probe

DFTT = {
    "6-fat-undel": "dftt-6-undel-fat.zip",
    "7-ntfs-undel": "dftt-7-undel-ntfs.zip",
    "8-jpeg-search": "dftt-8-jpeg-search.zip",
    "daylight": "dftt-5-fat-daylight.zip",
    "fat-img-kw": "dftt-2-kwsrch-fat.zip",
}


@pytest.fixture(scope="module")
def image(disk_images, dftt_image):
    def path(name: str) -> Path:
        return dftt_image(DFTT[name]) if name in DFTT else disk_images / name

    return path


def walk(path: Path | str) -> tuple[list[Item], list[Finding]]:
    """(items, error findings) of a walk; `others` gives its other findings."""
    items, errors = [], []
    for thing in DiskImageSource(str(path)).items():
        if isinstance(thing, Item):
            items.append(thing)
        elif thing.kind == "error":
            errors.append(thing)
    return items, errors


def others(path: Path | str) -> list[Finding]:
    return [t for t in DiskImageSource(str(path)).items() if isinstance(t, Finding) and t.kind != "error"]


def content(item: Item) -> bytes:
    with open_item(item) as stream:
        return stream.read()


def md5(item: Item) -> str:
    return hashlib.md5(content(item)).hexdigest()


def fls_regular(expected: Path) -> set[tuple[str, bool, str]]:
    """(path, deleted, meta address) of the regular files (r/r and -/r lines) of an `fls -r -p -l` listing."""
    rows = set()
    for line in expected.read_text().splitlines():
        head, path = line.split("\t")[:2]
        kind, rest = head.split(" ", 1)
        if kind in ("r/r", "-/r"):
            deleted = rest.startswith("* ")
            rows.add((path, deleted, rest.removeprefix("* ").rstrip(":")))
    return rows


def body_times(expected: Path) -> dict[str, tuple[int, int, int, int]]:
    """path -> (mtime, atime, ctime, crtime) from a TSK body file, `$FILE_NAME` rows left out."""
    times = {}
    for line in expected.read_text().splitlines():
        fields = line.split("|")
        name = fields[1]
        if "($FILE_NAME)" in name:
            continue
        name = name.removesuffix(" (deleted-realloc)").removesuffix(" (deleted)").lstrip("/")
        atime, mtime, ctime, crtime = (int(v) for v in fields[7:11])
        times[name] = (mtime, atime, ctime, crtime)
    return times


CASES = [  # image, expected listing stem, our path prefix for it
    ("6-fat-undel", "6-fat-undel", ""),
    ("7-ntfs-undel", "7-ntfs-undel", ""),
    ("8-jpeg-search", "8-jpeg-search", ""),
    ("daylight", "daylight", ""),
    ("fat-img-kw", "fat-img-kw", ""),
    ("dfvfs-ext2.raw", "dfvfs-ext2", ""),
    ("dfvfs-ext2.E01", "dfvfs-ext2", ""),
    ("dfvfs-mbr.raw", "dfvfs-mbr.p1", "p1/"),
    ("dfvfs-mbr.raw", "dfvfs-mbr.p131", "p2/"),
]


@pytest.mark.parametrize(("name", "stem", "prefix"), CASES)
def test_listing_matches_fls(image, disk_images, name, stem, prefix):
    items, errors = walk(image(name))
    if name == "6-fat-undel":  # the image is one sector shorter than its FAT volume: said, not hidden
        assert [(e.path, e.data.get("missing_bytes")) for e in errors] == [("/", 512)]
    else:
        assert errors == []
    ours = {(i.path.removeprefix(prefix), i.deleted, i.extra["inode"]) for i in items if i.path.startswith(prefix)}
    assert ours == fls_regular(disk_images / "expected" / f"{stem}.fls.tsv")


@pytest.mark.parametrize(("name", "stem", "prefix"), CASES)
def test_times_and_sizes_match_body_file(image, disk_images, name, stem, prefix):
    expected = body_times(disk_images / "expected" / f"{stem}.body")
    items = [i for i in walk(image(name))[0] if i.path.startswith(prefix)]
    assert items
    for item in items:
        got = tuple(int(t) if t is not None else 0 for t in (item.mtime, item.atime, item.ctime, item.crtime))
        assert got == expected[item.path.removeprefix(prefix)], item.path


def test_fat_times_do_not_depend_on_host_time_zone(image, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        items = {i.path: i for i in walk(image("daylight"))[0]}
    finally:
        monkeypatch.undo()
        time.tzset()
    assert int(items["winter.txt"].mtime) == 1072965602  # 2004-01-01 14:00:02, read as UTC like fls under TZ=UTC
    assert int(items["summer.txt"].mtime) == 1086102004


NTFS_KEY = {  # DFTT 7 answer key (index.html)
    "res1.dat": "9036637712b491904cd0bfbdbe648453",
    "sing1.dat": "59b20779f69ff9f0ac5fcd2c38835a79",
    "mult1.dat": "ffd27bd782bdce67750b6b9ee069d2ef",
    "mult1.dat:ADS": "ba1b9eedb1c091ddca253d35dde8f616",
    "frag1.dat": "7a3bc5b763bef201202108f4ba128149",
    "frag2.dat": "0e80ab84ef0087e60dfc67b88a1cf13e",
    "dir1/mult2.dat": "59cf0e9cd107bc1e75afb7374f6e05bb",
    "dir1/dir2/frag3.dat": "21121699487f3fbbdb9a4b3391b6d3e0",
    "$OrphanFiles/sing2.dat": "c229626f6a71b167ad7e50c4f2fccdb1",
}
JPEG_KEY = {  # DFTT 8 answer key
    "alloc/file1.jpg": "75b8d00568815a36c3809b46fc84ba6d",
    "alloc/file2.dat": "de5d83153339931371719f4e5c924eba",
    "del1/file6.jpg": "afd55222024a4e22f7f5a3a665320763",
    "del2/file7.hmm": "0c452c5800fcfa7c66027ae89c4f068a",
    "misc/file13.dll:here": "9b787e63e3b64562730c5aecaab1e1f8",
}
FAT_KEY = {  # DFTT 6: the unfragmented deleted files (fragmented ones cannot be recovered from FAT alone)
    "_ing.dat": "59b20779f69ff9f0ac5fcd2c38835a79",
    "_ult1.dat": "ffd27bd782bdce67750b6b9ee069d2ef",
    "_ir1/mult2.dat": "59cf0e9cd107bc1e75afb7374f6e05bb",
}


@pytest.mark.parametrize(
    ("name", "key"), [("7-ntfs-undel", NTFS_KEY), ("8-jpeg-search", JPEG_KEY), ("6-fat-undel", FAT_KEY)]
)
def test_content_matches_answer_key(image, name, key):
    items = {i.path: i for i in walk(image(name))[0]}
    assert {path: md5(items[path]) for path in key} == key
    assert all(items[path].size == len(content(items[path])) for path in key)


def test_ntfs_details(image):
    items = {i.path: i for i in walk(image("7-ntfs-undel"))[0]}
    ads = items["mult1.dat:ADS"]
    assert ads.deleted and ads.size == 1234 and ads.extension == "dat"
    assert ads.locator[-1] == {"t": "tsk", "offset": 0, "inode": 32, "attr_type": 128, "attr_id": 6}
    assert ads.extra == {"fs": "ntfs", "fs_offset": 0, "inode": "32-128-6", "meta_addr": 32}
    assert not items["System Volume Information/tracking.log"].deleted
    assert items["res1.dat"].extra["inode"] == "37-128-1"  # resident $DATA
    assert pickle.loads(pickle.dumps(ads)) == ads and json.loads(json.dumps(ads.extra)) == ads.extra
    with open_item(ads) as stream:  # a file stream answers io's questions (the readable size is another name)
        assert stream.readable() and stream.seekable()
    # the locator survives a JSON round trip and still opens
    again = Item(path="x", locator=locator_from_json(locator_to_json(ads.locator)), size=ads.size)
    assert md5(again) == NTFS_KEY["mult1.dat:ADS"]


def test_partitions_and_ext2_content(image):
    items = {i.path: i for i in walk(image("dfvfs-mbr.raw"))[0]}
    a_file = b"This is a text file.\n\nWe should be able to parse it.\n"
    for prefix, start, fs in (("p1", 1, "ext2"), ("p2", 131, "ext4")):
        item = items[f"{prefix}/a_directory/a_file"]
        assert content(item) == a_file
        assert item.extra["partition_start"] == start and item.extra["fs"] == fs
        assert item.extra["fs_offset"] == start * 512
    assert "a_link" not in {p.rsplit("/", 1)[-1] for p in items}  # symbolic links are not regular files


def test_raw_and_e01_give_the_same_items(image):
    raw, e01 = walk(image("dfvfs-ext2.raw"))[0], walk(image("dfvfs-ext2.E01"))[0]
    assert [i.locator[1]["t"] for i in e01] == ["ewf"] * len(e01)

    def facts(items):
        return [(i.path, i.size, i.deleted, i.times(), i.extra, md5(i)) for i in items]

    assert facts(raw) == facts(e01)
    assert len(raw) == 3


def test_describe(image):
    mbr = DiskImageSource(str(image("dfvfs-mbr.raw"))).describe()
    assert mbr["kind"] == "raw" and mbr["volume_system"] == "dos"
    assert [(p["index"], p["start"], p["length"]) for p in mbr["partitions"]] == [(1, 1, 129), (2, 131, 129)]
    assert [(f["partition"], f["type"]) for f in mbr["file_systems"]] == [(1, "ext2"), (2, "ext4")]
    e01 = DiskImageSource(str(image("dfvfs-ext2.E01"))).describe()
    assert e01["kind"] == "ewf" and e01["stored_md5"] == "196066add11fb71c4c49cf1bb50d6d24"
    assert e01["media_size"] == 4194304 and e01["partitions"] == []
    assert e01["file_systems"][0]["type"] == "ext2"


def test_probe(image, tmp_path):
    assert probe(str(image("dfvfs-ext2.E01"))) == "ewf"
    for name in ("dfvfs-ext2.raw", "dfvfs-mbr.raw", "7-ntfs-undel", "daylight"):
        assert probe(str(image(name))) == "raw", name
    noise = tmp_path / "noise.bin"
    noise.write_bytes(random.Random(7).randbytes(1 << 20))
    text = tmp_path / "notes.txt"
    text.write_text("not a disk image\n" * 100)
    assert probe(str(noise)) is None and probe(str(text)) is None and probe(str(tmp_path / "missing")) is None


def test_truncated_image_lists_what_survives(image, tmp_path):
    data = image("8-jpeg-search").read_bytes()
    half = tmp_path / "half.dd"
    half.write_bytes(data[: len(data) // 2])
    assert probe(str(half)) == "raw"
    items, errors = walk(half)
    assert any("truncated" in e.data["reason"] for e in errors)
    paths = {i.path: i for i in items}
    assert md5(paths["alloc/file1.jpg"]) == JPEG_KEY["alloc/file1.jpg"]  # its clusters lie in the first half
    assert all(i.extra["image_truncated"] for i in items)


def test_truncated_partition_table_image(image, tmp_path):
    cut = tmp_path / "mbr-cut.raw"
    cut.write_bytes(image("dfvfs-mbr.raw").read_bytes()[: 200 * 512])  # the logical partition loses its end
    items, errors = walk(cut)
    assert {i.path for i in items} >= {"p1/a_directory/a_file", "p1/passwords.txt"}
    # the table (its extended partition), the partition, then its file system reach past the end; the file
    # system's root directory lies there
    assert [e.path for e in errors] == ["/", "p2", "p2", "p2"] and "cannot read directory" in errors[3].data["reason"]
    missing = [e.data["missing_bytes"] for e in errors[:3]]
    assert missing == [(8192 - 200) * 512, (260 - 200) * 512, (131 * 512 + 65536 - 200 * 512)]


def _corrupt(src: Path, dst: Path, offset: int, length: int) -> Path:
    data = bytearray(src.read_bytes())
    data[offset : offset + length] = random.Random(offset).randbytes(length)
    dst.write_bytes(bytes(data))
    return dst


def test_corrupt_boot_sector_and_mft(image, tmp_path):
    ntfs = image("7-ntfs-undel")
    boot = _corrupt(ntfs, tmp_path / "boot.dd", 0, 512)
    assert probe(str(boot)) == "raw"  # no boot sector, but the MFT records say NTFS
    items, errors = walk(boot)
    assert [i.path for i in items] == ["boot.dd"] and len(errors) == 1 and errors[0].analyser == "diskimage"
    assert "NTFS MFT records at byte" in errors[0].data["reason"]
    head = ntfs.read_bytes()[:64]
    bytes_per_sector, sectors_per_cluster = struct.unpack_from("<H", head, 11)[0], head[13]
    mft = struct.unpack_from("<Q", head, 48)[0] * bytes_per_sector * sectors_per_cluster
    items, errors = walk(_corrupt(ntfs, tmp_path / "mft.dd", mft, 64 * 1024))
    assert [i.path for i in items] == ["mft.dd"] and "the bytes look like: NTFS boot sector" in errors[0].data["reason"]
    fat = _corrupt(image("6-fat-undel"), tmp_path / "fat.dd", 512, 8192)  # the FATs and more
    items, errors = walk(fat)  # whatever TSK makes of it, the walk finishes
    assert all(isinstance(i, Item) for i in items)


def test_random_bytes_and_empty_file(tmp_path):
    noise = tmp_path / "noise.dd"
    noise.write_bytes(random.Random(1).randbytes(1 << 20))
    items, errors = walk(noise)  # nothing opens: said, and the file is still read as one plain item
    assert [i.path for i in items] == ["noise.dd"] and "no volume system or file system" in errors[0].data["reason"]
    empty = tmp_path / "empty.dd"
    empty.write_bytes(b"")
    items, errors = walk(empty)
    assert [i.path for i in items] == ["empty.dd"] and errors


def test_duplicate_names_get_unique_paths():
    class Entry:
        def __init__(self, name: str, deleted: bool):
            self.name, self.deleted = name, deleted

    entries = [
        Entry("_ILE.TXT", True),
        Entry("_ILE.TXT", False),
        Entry("_ILE.TXT", True),
        Entry(".rc", True),
        Entry(".rc", True),
        Entry("README", True),
        Entry("README", True),
    ]
    assert _unique_names(entries) == ["_ILE#2.TXT", "_ILE.TXT", "_ILE#3.TXT", ".rc", ".rc#2", "README", "README#2"]


def test_item_paths_are_unique(image):
    for name in ("6-fat-undel", "8-jpeg-search", "dfvfs-mbr.raw"):
        paths = [i.path for i in walk(image(name))[0]]
        assert len(paths) == len(set(paths)), name
        assert not any(p.startswith("/") or os.sep + os.sep in p for p in paths)


def _gpt_disk(fs_image: bytes, first_lba: int = 2048) -> bytes:
    """A GPT disk (protective MBR, primary header and entries) holding `fs_image` as its one partition."""
    import uuid
    import zlib

    sectors = first_lba + len(fs_image) // 512 + 34
    mbr = bytearray(512)
    mbr[446:462] = struct.pack("<B3sB3sII", 0, b"\0\2\0", 0xEE, b"\xff\xff\xff", 1, sectors - 1)
    mbr[510:512] = b"\x55\xaa"
    entry = struct.pack(
        "<16s16sQQQ72s",
        uuid.UUID("0FC63DAF-8483-4772-8E79-3D69D8477DE4").bytes_le,  # Linux file system data
        uuid.UUID(int=1).bytes_le,
        first_lba,
        first_lba + len(fs_image) // 512 - 1,
        0,
        "test".encode("utf-16-le"),
    )
    entries = entry + bytes(128 * 127)
    header = bytearray(
        struct.pack(
            "<8sIIIIQQQQ16sQIII",
            b"EFI PART",
            0x10000,
            92,
            0,
            0,
            1,
            sectors - 1,
            34,
            sectors - 34,
            uuid.UUID(int=2).bytes_le,
            2,
            128,
            128,
            zlib.crc32(entries),
        )
    )
    struct.pack_into("<I", header, 16, zlib.crc32(header))
    disk = bytes(mbr) + bytes(header).ljust(512, b"\0") + entries
    return disk.ljust(first_lba * 512, b"\0") + fs_image + bytes(34 * 512)


def test_gpt_partition(image, tmp_path):
    disk = tmp_path / "gpt.raw"
    disk.write_bytes(_gpt_disk(image("dfvfs-ext2.raw").read_bytes()))
    assert probe(str(disk)) == "raw"
    source = DiskImageSource(str(disk))
    facts = source.describe()
    assert facts["volume_system"] == "gpt" and [p["start"] for p in facts["partitions"]] == [2048]
    items, errors = walk(disk)
    assert errors == [] and [(f.kind, f.path) for f in others(disk)] == [("symlink", "p1/a_link")]
    assert {i.path: md5(i) for i in items} == {
        "p1/a_directory/a_file": "85bebf486af24792085f769afa46717d",
        "p1/a_directory/another_file": "d54ff73404ed6041a3bd66850b061bff",
        "p1/passwords.txt": "39cb097008d17660abd0539891a672af",
    }
    assert items[0].extra["fs_offset"] == 2048 * 512


class _StreamlessFile:
    """A TSK file whose attribute listing fails, as on a damaged MFT record; everything else is the real file's."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __iter__(self):
        raise OSError("Error reading attribute list")


def test_stream_listing_failure_is_an_error_finding(image, monkeypatch):
    import heroes.sources.diskimage as diskimage

    class Damaged(diskimage._Entry):
        def __init__(self, name, tsk_file, fs):
            super().__init__(name, tsk_file, fs)
            if name == "mult1.dat":
                self.file = _StreamlessFile(self.file)

    monkeypatch.setattr(diskimage, "_Entry", Damaged)
    items, errors = walk(image("7-ntfs-undel"))
    paths = {i.path for i in items}
    assert "mult1.dat:ADS" not in paths and "mult1.dat" in paths  # the main data is still listed
    (failure,) = [e for e in errors if e.path == "mult1.dat"]
    assert failure.data["reason"].startswith("cannot list the data streams: Error reading attribute list")
    assert failure.data["meta_addr"] == 32 and failure.analyser == "diskimage"
