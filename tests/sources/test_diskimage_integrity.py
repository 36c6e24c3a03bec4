"""Evidence integrity under damage: truncated, zeroed and unsupported images, metadata-less names, HFS+ forks,
symlinks inside images and small FAT32 volumes. The rule under test: a file record carries hashes only of bytes
read from the evidence, and whatever could not be read or opened is an error finding."""

from __future__ import annotations

import hashlib
import struct
from datetime import datetime
from pathlib import Path

import pytest

from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.demo.fatimage import FatFile, build_fat12
from heroes.engine.process import process_item
from heroes.sources.diskimage import NAME_ONLY_NOTE, DiskImageSource, probe

MORE = "disk-images-more"


def walk(path: Path) -> tuple[list[Item], list[Finding]]:
    out = list(DiskImageSource(str(path)).items())
    return [o for o in out if isinstance(o, Item)], [o for o in out if isinstance(o, Finding)]


def records(path: Path) -> dict[str, list[Finding]]:
    """Every item of the image through the hash pass (no analysers): path -> its findings."""
    return {item.path: process_item(item, Settings(), []) for item in walk(path)[0]}


def fat100(tmp_path: Path) -> Path:
    files = [FatFile(f"F{i:03d}.TXT", bytes([65 + i % 26]) * (9000 + i), datetime(2024, 1, 1)) for i in range(100)]
    path = tmp_path / "fat100.dd"
    path.write_bytes(build_fat12(files))
    return path


@pytest.fixture(scope="module")
def images(dftt_image, disk_images, tmp_path_factory) -> list[Path]:
    more = disk_images.parent / MORE
    return [
        fat100(tmp_path_factory.mktemp("fat100")),
        dftt_image("dftt-8-jpeg-search.zip"),
        dftt_image("dftt-7-undel-ntfs.zip"),
        dftt_image("dftt-2-kwsrch-fat.zip"),
        disk_images / "dfvfs-ext2.raw",
        disk_images / "dfvfs-mbr.raw",
        more / "dfvfs-hfsplus.raw",
        more / "plaso-syslog_image.dd",
    ]


@pytest.mark.parametrize("fraction", [0.93, 0.6, 0.35])
def test_truncated_images_never_hash_unread_bytes(images, tmp_path, fraction):
    incomplete = 0
    for image in images:
        full = {path: found[0].data for path, found in records(image).items()}
        cut = tmp_path / f"{image.stem}-{fraction}.dd"
        data = image.read_bytes()
        cut.write_bytes(data[: int(len(data) * fraction)])
        findings = walk(cut)[1]
        errors = [f for f in findings if f.kind == "error"]
        assert errors, f"{cut.name}: a truncated image must say so"
        for path, found in records(cut).items():
            record = found[0].data
            if record.get("complete", True):  # complete: the same bytes as in the whole image, or no record at all
                assert record["md5"] == full[path]["md5"], f"{cut.name}: {path}"
                assert record["size"] == full[path]["size"]
            else:
                incomplete += 1
                assert not {"md5", "sha1", "sha256"} & set(record)
                assert record["bytes_read"] < record["size"] and found[1].kind == "error"
    assert incomplete, "some files must lie past every cut"


def test_short_fat_image_reads_the_files_it_holds_and_no_more(tmp_path):
    image = fat100(tmp_path)
    cut = tmp_path / "cut.dd"
    cut.write_bytes(image.read_bytes()[:700_123])
    found = records(cut)
    complete = [p for p, f in found.items() if f[0].data.get("complete", True) and p.startswith("F")]
    partial = {p: f[0].data["bytes_read"] for p, f in found.items() if f[0].data.get("complete") is False}
    assert len(found) == 101 and len(complete) + len(partial) == 100  # every file listed, the volume label too
    assert min(partial.values()) == 0 and 0 < max(partial.values()) < 9000  # one file is cut through
    assert all(p > q for p in partial for q in complete)  # files are laid out in order: the cut splits them


def test_names_without_metadata_are_listed(disk_images):
    _, findings = walk(disk_images.parent / MORE / "plaso-syslog_image.dd")
    names = {f.path: f.data for f in findings if f.kind == "file"}  # fls: d/- * 0 lost+found, a_directory; r/- * 0
    assert {p: d["name_type"] for p, d in names.items()} == {
        "lost+found": "dir",
        "a_directory": "dir",
        "passwords.txt": "reg",
    }
    passwords = names["passwords.txt"]
    assert passwords["deleted"] is True and passwords["complete"] is False and passwords["size"] is None
    assert passwords["note"] == NAME_ONLY_NOTE and passwords["extension"] == "txt" and "md5" not in passwords


def test_hfsplus_resource_fork_extended_attribute_and_symlink(disk_images):
    items, findings = walk(disk_images.parent / MORE / "dfvfs-hfsplus.raw")
    found = {i.path: process_item(i, Settings(), [])[0].data for i in items}
    assert found["a_directory/a_resourcefork:RSRC"]["md5"] == "53bda94f4eadbce7b92fbec603de3103"  # icat 25-4353-1
    assert found["a_directory/a_file:myxattr"]["md5"] == "3fa4e88463acf850565eeb1444c5b12d"  # icat 19-4354-2
    assert found["a_directory/a_resourcefork"]["size"] == 0
    (link,) = [f for f in findings if f.kind == "symlink"]
    assert (link.path, link.data["target"], link.data["resolves_inside_root"]) == (
        "a_link",
        "a_directory/another_file",
        True,
    )


def small_fat32(files: dict[str, bytes], clusters: int = 4000) -> bytes:
    """A FAT32 volume with fewer than 65,525 clusters (as small USB sticks are formatted), one file per entry."""
    fat_sectors = -(-(clusters + 2) * 4 // 512)
    reserved, data_start = 32, 32 + 2 * fat_sectors
    image = bytearray((data_start + clusters) * 512)
    boot = struct.pack(
        "<3s8sHBHBHHBHHHIIIHHIHH12sBBBI11s8s",
        *(b"\xebX\x90", b"MSWIN4.1", 512, 1, reserved, 2, 0, 0, 0xF8, 0, 32, 64, 0, data_start + clusters),
        *(fat_sectors, 0, 0, 2, 1, 6, bytes(12), 0x80, 0, 0x29, 0x1234, b"SMALL32    ", b"FAT32   "),
    )
    image[: len(boot)], image[510:512] = boot, b"\x55\xaa"
    image[6 * 512 : 7 * 512] = image[:512]  # the backup boot sector
    image[512:516], image[996:1000], image[1020:1024] = b"RRaA", b"rrAa", b"\x00\x00\x55\xaa"  # FSInfo
    fat, root = [0x0FFFFFF8, 0x0FFFFFFF, 0x0FFFFFFF], bytearray()
    for name, data in files.items():
        first, count = len(fat), max(1, -(-len(data) // 512))
        fat += [*range(first + 1, first + count), 0x0FFFFFFF]
        base, ext = name.split(".")
        entry = (base.ljust(8) + ext.ljust(3)).encode()
        root += struct.pack("<11sBBBHHHHHHHI", entry, 0x20, 0, 0, 0, 0x5821, 0x5821, 0, 0, 0x5821, first, len(data))
        start = (data_start + first - 2) * 512
        image[start : start + len(data)] = data
    table = struct.pack(f"<{len(fat)}I", *fat)
    for copy in range(2):
        offset = (reserved + copy * fat_sectors) * 512
        image[offset : offset + len(table)] = table
    image[data_start * 512 : data_start * 512 + len(root)] = root
    return bytes(image)


def test_small_fat32_is_opened_with_its_type(tmp_path):
    content = {"HELLO.TXT": b"hello fat32\n", "BIG.BIN": bytes(range(256)) * 20}
    path = tmp_path / "stick.dd"
    path.write_bytes(small_fat32(content))
    assert probe(str(path)) == "raw"
    items, findings = walk(path)
    assert [f for f in findings if f.kind == "error"] == []
    got = {i.path: process_item(i, Settings(), [])[0].data["md5"] for i in items}
    assert got == {name: hashlib.md5(data).hexdigest() for name, data in content.items()}
    assert all(i.locator[-1]["fs_type"] == "fat32" and i.extra["fs"] == "fat32" for i in items)


@pytest.mark.parametrize(
    ("name", "patch", "looks_like"),
    [
        ("apfs.img", {32: b"NXSB"}, "APFS container"),
        ("luks.img", {0: b"LUKS\xba\xbe"}, "LUKS encrypted volume"),
        ("bitlocker.img", {3: b"-FVE-FS-", 510: b"\x55\xaa"}, "BitLocker encrypted volume"),
    ],
)
def test_unsupported_volumes_are_named(tmp_path, name, patch, looks_like):
    data = bytearray(1 << 20)
    for offset, value in patch.items():
        data[offset : offset + len(value)] = value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    assert probe(str(path)) == "raw"
    items, findings = walk(path)
    (err,) = [f for f in findings if f.kind == "error"]
    assert looks_like in err.data["reason"] and "tried" in err.data["reason"]
    assert [i.path for i in items] == [name]  # still hashed as one plain file


def test_zeroed_fat_boot_sector_is_reported(dftt_image, tmp_path):
    data = bytearray(dftt_image("dftt-6-undel-fat.zip").read_bytes())
    data[:512] = bytes(512)
    path = tmp_path / "zeroed.dd"
    path.write_bytes(bytes(data))
    assert probe(str(path)) == "raw"
    _, findings = walk(path)
    (err,) = [f for f in findings if f.kind == "error"]
    assert "FAT tables, no boot sector" in err.data["reason"] and "fat32, fat16, fat12" in err.data["reason"]


def test_split_e01_with_an_extended_partition(disk_images):
    more = disk_images.parent / MORE
    source = DiskImageSource(str(more / "plaso-image-split.E01"))
    facts = source.describe()
    assert facts["volume_system"] == "dos" and [p["start"] for p in facts["partitions"]] == [1, 352]
    assert len(facts["segments"]) == 2
    items, findings = walk(more / "plaso-image-split.E01")
    assert items == [] and [(f.kind, f.path) for f in findings] == [("error", "p1")]  # p2: ext2, lost+found only
    (check,) = source.verify()
    assert check.data["verified"] is True and check.data["computed_md5"] == "38ea5af8a80e16e46c095c9110242fc0"


def test_images_inside_folders_and_archives_are_walked(disk_images, tmp_path):
    import zipfile

    from heroes.sources.directory import DirectorySource

    folder = tmp_path / "ev"
    folder.mkdir()
    more = disk_images.parent / MORE
    (folder / "photos.bin").write_bytes((more / "dfvfs-hfsplus.raw").read_bytes())  # by content, not by name
    for part in ("E01", "E02"):
        (folder / f"set.{part}").write_bytes((more / f"dfvfs-ext2.split.{part}").read_bytes())
    (folder / "noise.bin").write_bytes(b"\x55\xaa" * (40 << 10))  # looks like nothing TSK opens: a plain file
    with zipfile.ZipFile(folder / "bundle.zip", "w") as z:
        z.write(disk_images / "dfvfs-ext2.raw", "inner/disk.img")
    listing = list(DirectorySource(str(folder)).items())
    paths = [t.path for t in listing if isinstance(t, Item)]
    assert "photos.bin!/a_directory/a_resourcefork:RSRC" in paths and "set.E01!/passwords.txt" in paths
    assert "set.E02" in paths and not any(p.startswith(("set.E02!", "noise.bin!")) for p in paths)
    checks = [f.data["verified"] for f in listing if isinstance(f, Finding) and f.kind == "verification"]
    assert checks == [True]
    inner = next(i for i in walk_folder_items(listing) if i.path == "set.E01!/passwords.txt")
    assert inner.depth == 1 and process_item(inner, Settings(), [])[0].data["md5"] == "39cb097008d17660abd0539891a672af"
    (bundle,) = [i for i in walk_folder_items(listing) if i.path == "bundle.zip"]
    found = {f.path: f for f in process_item(bundle, Settings()) if f.kind == "file"}
    assert found["bundle.zip!/inner/disk.img!/passwords.txt"].data["md5"] == "39cb097008d17660abd0539891a672af"
    assert found["bundle.zip!/inner/disk.img!/passwords.txt"].data["depth"] == 2


def walk_folder_items(listing: list) -> list[Item]:
    return [t for t in listing if isinstance(t, Item)]
