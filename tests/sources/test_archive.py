"""Archive expansion: nested archives end to end, zip-bomb limits, lying and corrupt archives, member streams."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import struct
import tarfile
import tracemalloc
import warnings
import zipfile

import pytest

from heroes.core.analyser import NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.opener import open_item
from heroes.core.settings import Settings
from heroes.engine.process import process_item
from heroes.sources.archive import BUFFER_MAX, expand, open_tar_member, open_zip_member
from heroes.sources.single import SingleFileSource

ZIP = "application/zip"


def _item(path) -> Item:
    (item,) = list(SingleFileSource(str(path)).items())
    return item


def _zip(members: dict[str, bytes], **kw) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_600_000_000
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _expand(path, mime: str = ZIP, settings: Settings | None = None) -> tuple[list[Item], list[Finding]]:
    out = list(expand(ItemContext(_item(path), settings or Settings(), mime)))
    return [o for o in out if isinstance(o, Item)], [o for o in out if isinstance(o, Finding)]


def _errors(findings) -> list[str]:
    return [f.data["reason"] for f in findings if f.kind == "error"]


def test_nested_zip_in_tar_gz_in_zip_end_to_end(tmp_path):
    inner = _zip({"d.txt": b"deepest"})
    middle = _tar({"c.txt": b"hello from c", "c.zip": inner}, "w:gz")
    (tmp_path / "a.zip").write_bytes(_zip({"b.tar.gz": middle, "top.txt": b"top"}))
    findings = process_item(_item(tmp_path / "a.zip"), Settings())
    files = {f.path: f.data for f in findings if f.kind == "file"}
    assert set(files) == {
        "a.zip",
        "a.zip!/b.tar.gz",
        "a.zip!/top.txt",
        "a.zip!/b.tar.gz!/c.txt",
        "a.zip!/b.tar.gz!/c.zip",
        "a.zip!/b.tar.gz!/c.zip!/d.txt",
    }
    c = files["a.zip!/b.tar.gz!/c.txt"]
    assert c["sha256"] == hashlib.sha256(b"hello from c").hexdigest()
    assert (c["size"], c["depth"], c["mtime"]) == (12, 2, 1_600_000_000.0)
    assert files["a.zip!/b.tar.gz!/c.zip!/d.txt"]["md5"] == hashlib.md5(b"deepest").hexdigest()
    assert files["a.zip!/b.tar.gz!/c.zip!/d.txt"]["depth"] == 3
    assert files["a.zip!/b.tar.gz"]["mime"] == "application/gzip"
    assert _errors(findings) == []
    summaries = {f.path: f.data for f in findings if f.kind == "archive"}
    assert summaries["a.zip!/b.tar.gz"]["format"] == "tar" and summaries["a.zip"]["expanded"] == 2


def test_child_items_and_locators(tmp_path):
    (tmp_path / "x.zip").write_bytes(_zip({"dir/": b"", "dir/one.txt": b"one", "../evil.txt": b"traversal"}))
    items, findings = _expand(tmp_path / "x.zip")
    parent = _item(tmp_path / "x.zip")
    assert [i.path for i in items] == ["x.zip!/dir/one.txt", "x.zip!/../evil.txt"]
    one = items[0]
    assert one.locator[:1] == parent.locator and one.locator[1]["t"] == "zip"
    assert one.locator[1]["member"] == "dir/one.txt"
    assert (one.size, one.depth, one.deleted) == (3, 1, False) and one.mtime is not None
    with open_item(items[1]) as stream:
        assert stream.read() == b"traversal"
    assert sorted(os.listdir(tmp_path)) == ["x.zip"]  # names are just names: nothing extracted
    assert [f.kind for f in findings] == ["archive"]


def test_tar_members_symlinks_and_opener_without_offset(tmp_path):
    data = _tar({"a.txt": b"A" * 3000, "sub/b.txt": b"B"})
    buf = io.BytesIO(data)
    with tarfile.open(fileobj=buf, mode="a") as t:
        link = tarfile.TarInfo("sub/link")
        link.type, link.linkname = tarfile.SYMTYPE, "../../etc/passwd"
        t.addfile(link)
    (tmp_path / "t.tar").write_bytes(buf.getvalue())
    items, findings = _expand(tmp_path / "t.tar", "application/x-tar")
    assert [i.path for i in items] == ["t.tar!/a.txt", "t.tar!/sub/b.txt"]
    (link_finding,) = [f for f in findings if f.kind == "symlink"]
    assert link_finding.data == {"target": "../../etc/passwd", "resolves_inside_root": False, "hardlink": False}
    with open_item(items[0]) as stream:
        assert stream.read() == b"A" * 3000
    with open(tmp_path / "t.tar", "rb") as parent, open_tar_member(parent, {"t": "tar", "member": "sub/b.txt"}) as s:
        assert s.read() == b"B"
    with open(tmp_path / "t.tar", "rb") as parent, pytest.raises(FileNotFoundError):
        open_tar_member(parent, {"t": "tar", "member": "nope"})


def test_zip_opener_by_name_only(tmp_path):
    (tmp_path / "n.zip").write_bytes(_zip({"a": b"first", "b": b"second"}))
    with open(tmp_path / "n.zip", "rb") as parent, open_zip_member(parent, {"t": "zip", "member": "b"}) as s:
        assert s.read() == b"second"


def test_member_stream_seeks_like_a_file(tmp_path):
    small = os.urandom(200_000)
    large = os.urandom(BUFFER_MAX + 4096)  # random: zeros this large would trip the ratio limit
    (tmp_path / "s.zip").write_bytes(_zip({"small.bin": small, "large.bin": large}))
    items, _ = _expand(tmp_path / "s.zip")
    for item, data in zip(items, (small, large), strict=True):
        with open_item(item) as s:
            assert s.seekable() and s.readable()
            assert s.read(10) == data[:10]
            assert s.seek(-100, 2) == len(data) - 100
            assert s.read() == data[-100:]
            s.seek(5)
            assert s.read(20) == data[5:25] and s.tell() == 25
            s.seek(10, 1)
            assert s.read(5) == data[35:40]
            assert s.seek(len(data) + 10) == len(data) + 10 and s.read(4) == b""
            with pytest.raises(ValueError):
                s.seek(-1)


@pytest.mark.slow
def test_zip_bomb_refused_before_inflating_and_scan_goes_on(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("fine.txt", b"a normal file")
        with z.open("zeros.bin", "w", force_zip64=True) as f:
            chunk = bytes(4 << 20)
            for _ in range(256):  # 1 GiB of zeros, about 1 MB compressed
                f.write(chunk)
    tracemalloc.start()
    try:
        findings = process_item(_item(path), Settings())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    files = [f.path for f in findings if f.kind == "file"]
    assert files == ["bomb.zip", "bomb.zip!/fine.txt"]
    (reason,) = _errors(findings)
    assert reason.startswith("archive limit: member compression ratio")
    assert next(f for f in findings if f.kind == "error").data["member"] == "zeros.bin"
    assert peak < 100 << 20


def test_member_size_limit_and_total_limit(tmp_path):
    (tmp_path / "m.zip").write_bytes(_zip({"a": os.urandom(3000), "b": os.urandom(500), "c": os.urandom(900)}))
    items, findings = _expand(tmp_path / "m.zip", settings=Settings(archive_max_member=1000))
    assert [i.path for i in items] == ["m.zip!/b", "m.zip!/c"]
    assert "over archive_max_member 1000" in _errors(findings)[0]
    items, findings = _expand(tmp_path / "m.zip", settings=Settings(archive_max_total=3600))
    assert [i.path for i in items] == ["m.zip!/a", "m.zip!/b"]
    assert "uncompressed total over 3600" in _errors(findings)[0]


def test_tar_limits_stop_compressed_but_skip_in_plain_tar(tmp_path):
    members = {"a": b"x" * 10, "big": os.urandom(5000), "c": b"y" * 10}
    (tmp_path / "p.tar").write_bytes(_tar(members))
    (tmp_path / "p.tgz").write_bytes(_tar(members, "w:gz"))
    settings = Settings(archive_max_member=1000)
    items, findings = _expand(tmp_path / "p.tar", "application/x-tar", settings)
    assert [i.name for i in items] == ["a", "c"] and len(_errors(findings)) == 1
    items, findings = _expand(tmp_path / "p.tgz", "application/gzip", settings)
    assert [i.name for i in items] == ["a"]
    assert "archive limit: member declares 5000 bytes" in _errors(findings)[0]
    items, findings = _expand(tmp_path / "p.tgz", "application/gzip", Settings(archive_max_members=2))
    assert [i.name for i in items] == ["a", "big"] and "archive_max_members 2" in _errors(findings)[0]


def test_many_members_first_ones_processed(tmp_path):
    (tmp_path / "many.zip").write_bytes(_zip({f"f{i:03}.txt": b"x" for i in range(60)}))
    settings = Settings(archive_max_members=50)
    items, findings = _expand(tmp_path / "many.zip", settings=settings)
    assert [i.name for i in items] == [f"f{i:03}.txt" for i in range(50)]
    assert _errors(findings) == ["archive limit: 60 entries, over archive_max_members 50; 10 not expanded"]
    (tmp_path / "huge.zip").write_bytes(_zip({f"{i}": b"" for i in range(300)}))
    items, findings = _expand(tmp_path / "huge.zip", settings=settings)
    assert items == [] and "300 entries" in _errors(findings)[0] and "not opened" in _errors(findings)[0]


def test_zip64_end_record_declaring_millions_is_not_parsed(tmp_path):
    cd_offset = 0
    zip64_end = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 5_000_000, 5_000_000, 0, cd_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    (tmp_path / "z64.zip").write_bytes(zip64_end + locator + end)
    items, findings = _expand(tmp_path / "z64.zip")
    assert items == [] and _errors(findings)[0].startswith("archive limit: 5000000 entries")


def _patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """Rewrite one member's uncompressed size in both its local header and its central directory entry."""
    buf = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    struct.pack_into("<L", buf, info.header_offset + 22, size)
    cd = struct.unpack_from("<L", buf, len(buf) - 22 + 16)[0]  # the end record's central directory offset
    while True:
        name_len, extra_len, comment_len = struct.unpack_from("<3H", buf, cd + 28)
        if buf[cd + 46 : cd + 46 + name_len] == name.encode():
            break
        cd += 46 + name_len + extra_len + comment_len
    struct.pack_into("<L", buf, cd + 24, size)
    return bytes(buf)


def test_member_whose_declared_size_lies(tmp_path):
    data = _zip({"liar.bin": bytes(10 << 20), "ok.txt": b"fine"})
    (tmp_path / "liar.zip").write_bytes(_patch_sizes(data, "liar.bin", 1000))
    items, _ = _expand(tmp_path / "liar.zip")
    liar = items[0]
    assert liar.size == 1000
    got = bytearray()
    with open_item(liar) as s, pytest.raises(zipfile.BadZipFile):  # stops at 1000 bytes, then the CRC fails
        while chunk := s.read(1 << 20):
            got += chunk
    assert len(got) <= 1000
    findings = process_item(liar, Settings(), [])
    assert [f.kind for f in findings] == ["file", "error"] and "Bad CRC-32" in findings[1].data["reason"]
    record = findings[0].data  # listed, with the size it declares, but no hash of bytes that failed their check
    assert record["complete"] is False and record["size"] == 1000 and "md5" not in record
    (tmp_path / "short.zip").write_bytes(_patch_sizes(_zip({"s.txt": b"12345"}), "s.txt", 50))
    items, _ = _expand(tmp_path / "short.zip")
    assert any("read 5 bytes, but the item's size is 50" in r for r in _errors(process_item(items[0], Settings(), [])))


def test_encrypted_member_is_reported_and_others_expand(tmp_path):
    data = bytearray(_zip({"secret.txt": b"hidden", "plain.txt": b"open"}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("secret.txt")
    data[info.header_offset + 6] |= 1
    cd = bytes(data).find(b"PK\x01\x02")
    data[cd + 8] |= 1
    (tmp_path / "enc.zip").write_bytes(bytes(data))
    items, findings = _expand(tmp_path / "enc.zip")
    assert [i.name for i in items] == ["plain.txt"]
    (enc,) = [f for f in findings if f.kind == "error"]
    assert enc.data == {"reason": "encrypted member", "member": "secret.txt"}


def test_duplicate_names_get_unique_paths_and_their_own_bytes(tmp_path):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("same.txt", b"first")
            z.writestr("same.txt", b"second")
    (tmp_path / "dup.zip").write_bytes(buf.getvalue())
    items, _ = _expand(tmp_path / "dup.zip")
    assert [i.path for i in items] == ["dup.zip!/same.txt", "dup.zip!/same.txt~2"]
    with open_item(items[0]) as a, open_item(items[1]) as b:
        assert (a.read(), b.read()) == (b"first", b"second")


def test_corrupt_archives_give_error_findings(tmp_path):
    good = _zip({"a.txt": b"a" * 100})
    (tmp_path / "cut.zip").write_bytes(good[:-30])
    (tmp_path / "junk.tar").write_bytes(b"\x01" * 2048)
    data_start, csize = 30 + len("a.txt"), zipfile.ZipFile(io.BytesIO(good)).getinfo("a.txt").compress_size
    (tmp_path / "zeroed.zip").write_bytes(good[:data_start] + b"\xff" * csize + good[data_start + csize :])
    for name, mime in (("cut.zip", ZIP), ("junk.tar", "application/x-tar")):
        items, findings = _expand(tmp_path / name, mime)
        assert items == [] and _errors(findings)[0].startswith("corrupt archive")
    items, _ = _expand(tmp_path / "zeroed.zip")  # directory intact, data gone: reading the member fails
    findings = process_item(items[0], Settings(), [])
    assert [f.kind for f in findings] == ["file", "error"] and "incomplete read" in findings[1].data["reason"]
    assert findings[0].data["complete"] is False and "sha256" not in findings[0].data
    findings = process_item(_item(tmp_path / "cut.zip"), Settings())
    assert [(f.kind, f.path) for f in findings if f.kind in ("file", "error")] == [
        ("file", "cut.zip"),
        ("error", "cut.zip"),
    ]
    assert _errors(findings)[0].startswith("corrupt archive")
    (tmp_path / "bad.tgz").write_bytes(_tar({"x": os.urandom(5000), "y": b"y"}, "w:gz")[:2000])
    findings = process_item(_item(tmp_path / "bad.tgz"), Settings())
    files = {f.path: f.data for f in findings if f.kind == "file"}
    assert list(files) == ["bad.tgz", "bad.tgz!/x"] and files["bad.tgz!/x"]["complete"] is False
    assert "md5" not in files["bad.tgz!/x"] and files["bad.tgz!/x"]["size"] == 5000
    assert {f.path for f in findings if f.kind == "error"} == {"bad.tgz", "bad.tgz!/x"}


def test_gzip_that_is_not_a_tar_is_not_mine(tmp_path):
    (tmp_path / "log.gz").write_bytes(gzip.compress(b"just a log line\n" * 100))
    with pytest.raises(NotMine):
        _expand(tmp_path / "log.gz", "application/gzip")
    findings = process_item(_item(tmp_path / "log.gz"), Settings())
    assert [f.kind for f in findings if f.kind in ("file", "error")] == ["file"]


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_long_and_non_utf8_tar_names_reopen_from_their_offset(tmp_path, fmt):
    names = {"d" * 150 + "/x.txt": b"one", "caf\udce9" + "e" * 120: b"two"}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=fmt) as t:
        for name, data in names.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    (tmp_path / "long.tgz").write_bytes(buf.getvalue())
    items, _ = _expand(tmp_path / "long.tgz", "application/gzip")
    assert [i.path for i in items] == [f"long.tgz!/{n}" for n in names]
    for item, data in zip(items, names.values(), strict=True):
        assert item.locator[-1]["offset"] >= 0
        with open_item(item) as s:
            assert s.read() == data
