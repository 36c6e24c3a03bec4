"""The folder walk: sorted and deterministic, never following links, never opening special files."""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import tracemalloc

import pytest

import heroes.core.opener as opener
from heroes.core.finding import Finding
from heroes.core.item import Item, locator_from_json, locator_to_json
from heroes.core.opener import open_item
from heroes.core.settings import Settings
from heroes.engine.process import process_item
from heroes.sources import directory
from heroes.sources.directory import DirectorySource


def _tree(root):
    (root / "b" / "c").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"alpha")
    (root / "b" / "z.txt").write_bytes(b"zed")
    (root / "b" / "c" / "deep.bin").write_bytes(bytes(range(256)))
    (root / "empty.dat").write_bytes(b"")
    return root


def _walk(path) -> tuple[list[Item], list[Finding]]:
    out = list(DirectorySource(str(path)).items())
    return [o for o in out if isinstance(o, Item)], [o for o in out if isinstance(o, Finding)]


def test_nested_files_sorted_relative_paths_and_times(tmp_path):
    root = _tree(tmp_path / "ev")
    items, findings = _walk(root)
    assert findings == []
    assert [i.path for i in items] == ["a.txt", "b/c/deep.bin", "b/z.txt", "empty.dat"]
    deep = items[1]
    full = root / "b" / "c" / "deep.bin"
    st = os.lstat(full)
    assert deep.locator == ({"t": "os", "path": str(full)},)
    assert (deep.size, deep.mtime, deep.atime, deep.ctime) == (256, st.st_mtime, st.st_atime, st.st_ctime)
    assert deep.crtime == getattr(st, "st_birthtime", None)
    assert not deep.deleted and deep.depth == 0
    assert items[3].size == 0
    with open_item(deep) as stream:
        assert stream.read() == bytes(range(256))
    assert [i.path for i in _walk(root)[0]] == [i.path for i in items]  # deterministic for resume


def test_zero_byte_file_processes(tmp_path):
    (tmp_path / "zero").write_bytes(b"")
    (item,), _ = _walk(tmp_path)
    findings = process_item(item, Settings())
    record = next(f for f in findings if f.kind == "file")
    assert record.data["size"] == 0
    assert record.data["sha256"] == hashlib.sha256(b"").hexdigest()
    assert not [f for f in findings if f.kind == "error"]


def test_symlinks_are_reported_never_followed(tmp_path):
    root = tmp_path / "ev"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not evidence")
    (root / "real.txt").write_bytes(b"data")
    os.symlink("real.txt", root / "inside_link")
    os.symlink(str(outside), root / "out_dir")
    os.symlink(str(outside / "secret.txt"), root / "out_file")
    os.symlink("nowhere.txt", root / "dangling")
    os.symlink("loop_b", root / "loop_a")
    os.symlink("loop_a", root / "loop_b")
    items, findings = _walk(root)
    assert [i.path for i in items] == ["real.txt"]
    links = {f.path: f.data for f in findings if f.kind == "symlink"}
    assert links["inside_link"] == {"target": "real.txt", "resolves_inside_root": True}
    assert links["out_dir"] == {"target": str(outside), "resolves_inside_root": False}
    assert links["out_file"]["resolves_inside_root"] is False
    assert links["dangling"]["dangling"] is True and links["dangling"]["target"] == "nowhere.txt"
    assert "dangling" not in links["inside_link"]
    loops = [f for f in findings if f.kind == "error"]
    assert sorted(f.path for f in loops) == ["loop_a", "loop_b"]
    assert all(f.data["reason"] == "symlink loop" for f in loops)
    assert links["loop_a"]["loop"] is True


def test_fifo_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "x.txt").write_bytes(b"x")
    items, findings = _walk(tmp_path)  # would block forever if the FIFO were opened
    assert [i.path for i in items] == ["x.txt"]
    assert [(f.kind, f.path, f.data) for f in findings] == [("special", "pipe", {"type": "fifo"})]


def test_non_utf8_name_reopens_exact_bytes(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(b"latin-1 name")
    (item,), _ = _walk(tmp_path)
    assert item.path == "caf\udce9.txt"
    assert os.fsencode(item.locator[0]["path"]) == raw
    again = Item(item.path, locator_from_json(locator_to_json(item.locator)), item.size)
    with open_item(again) as stream:
        assert stream.read() == b"latin-1 name"
    record = next(f for f in process_item(item, Settings()) if f.kind == "file")
    assert record.path == "caf\udce9.txt"


def test_unlistable_directory_reported_and_walk_goes_on(tmp_path, monkeypatch):
    root = _tree(tmp_path / "ev")
    blocked = str(root / "b" / "c")
    real_listdir = directory.list_os_dir

    def listdir(path):
        if os.fspath(path) == blocked:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(directory, "list_os_dir", listdir)
    items, findings = _walk(root)
    monkeypatch.undo()
    assert [i.path for i in items] == ["a.txt", "b/z.txt", "empty.dat"]
    assert [(f.kind, f.path) for f in findings] == [("error", "b/c")]
    assert "cannot list directory: PermissionError" in findings[0].data["reason"]


def test_chmod_000_directory(tmp_path):
    root = _tree(tmp_path / "ev")
    locked = root / "b" / "c"
    locked.chmod(0)
    try:
        items, findings = _walk(root)
    finally:
        locked.chmod(0o755)
    if os.geteuid() != 0:  # root reads through mode bits; the monkeypatched test covers that case
        assert [f.path for f in findings if f.kind == "error"] == ["b/c"]
        assert "b/c/deep.bin" not in [i.path for i in items]
    else:
        assert "b/c/deep.bin" in [i.path for i in items]
    assert {"a.txt", "b/z.txt", "empty.dat"} <= {i.path for i in items}


def test_unreadable_file_becomes_error_finding(tmp_path, monkeypatch):
    root = _tree(tmp_path / "ev")
    blocked = str(root / "b" / "z.txt")
    real_open = opener.open_os_file

    def open_os_file(path):
        if path == blocked:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(opener, "open_os_file", open_os_file)
    items, _ = _walk(root)
    results = {i.path: process_item(i, Settings(), []) for i in items}
    bad = results["b/z.txt"]
    assert [f.kind for f in bad] == ["file", "error"]  # still listed, with what its metadata says
    assert bad[0].data["complete"] is False and bad[0].data["bytes_read"] == 0 and "md5" not in bad[0].data
    assert bad[0].data["mime"] == "application/octet-stream"
    assert "PermissionError" in bad[1].data["reason"] and "cannot open" in bad[1].data["reason"]
    assert [f.kind for f in results["a.txt"]] == ["file"]


def test_chmod_000_file(tmp_path):
    (tmp_path / "locked.txt").write_bytes(b"secret")
    (tmp_path / "locked.txt").chmod(0)
    try:
        (item,), _ = _walk(tmp_path)
        kinds = [f.kind for f in process_item(item, Settings(), [])]
    finally:
        (tmp_path / "locked.txt").chmod(0o644)
    assert kinds == (["file"] if os.geteuid() == 0 else ["error"])


def test_bind_mount_style_loop_is_visited_once(tmp_path, monkeypatch):
    root = _tree(tmp_path / "ev")
    real_lstat = os.lstat
    root_st = os.stat(root)
    alias = str(root / "b" / "c")

    def lstat(path):  # make b/c look like the root again, as a bind mount of the root would
        return root_st if os.fspath(path) == alias else real_lstat(path)

    monkeypatch.setattr(os, "lstat", lstat)
    items, findings = _walk(root)
    monkeypatch.undo()
    assert "b/c/deep.bin" not in [i.path for i in items]
    assert [(f.path, f.data["reason"].split(":")[0]) for f in findings] == [("b/c", "directory loop")]


def test_missing_or_file_root(tmp_path):
    (gone,) = list(DirectorySource(str(tmp_path / "gone")).items())
    assert gone.kind == "error" and "cannot open evidence folder" in gone.data["reason"]
    (tmp_path / "f").write_bytes(b"x")
    (notdir,) = list(DirectorySource(str(tmp_path / "f")).items())
    assert notdir.kind == "error" and "not a folder" in notdir.data["reason"]
    assert DirectorySource(str(tmp_path)).describe() == {"kind": "directory", "path": str(tmp_path)}


@pytest.mark.slow
def test_sparse_2gb_file_hashes_in_bounded_memory(tmp_path):
    size = 2 << 30
    with open(tmp_path / "sparse.img", "wb") as f:
        f.truncate(size)
    (item,), _ = _walk(tmp_path)
    assert item.size == size
    expected = hashlib.sha256()
    zeros = bytes(1 << 20)
    for _ in range(size // len(zeros)):
        expected.update(zeros)
    del zeros
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        findings = process_item(item, Settings())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    record = next(f for f in findings if f.kind == "file")
    assert record.data["size"] == size
    assert record.data["sha256"] == expected.hexdigest()
    assert not [f for f in findings if f.kind == "error"]
    assert peak < 100 << 20
    assert rss_growth_kb < 100 << 10


def test_walk_and_read_leave_folder_and_file_access_times_alone(tmp_path):
    root = _tree(tmp_path / "ev")
    paths = [root, root / "b", root / "b" / "c", root / "a.txt", root / "b" / "c" / "deep.bin"]
    for path in paths:  # access time before the change time: a relatime mount would update it on the next read
        st = os.stat(path)
        os.utime(path, ns=(st.st_mtime_ns - 10**12, st.st_mtime_ns))
    before = {p: os.stat(p).st_atime_ns for p in paths}
    assert os.listdir(root / "b") and os.stat(root / "b").st_atime_ns != before[root / "b"]  # plain listing does
    os.utime(root / "b", ns=(before[root / "b"], os.stat(root / "b").st_mtime_ns))
    items, _ = _walk(root)
    for item in items:
        process_item(item, Settings(), [])
    assert {p: os.stat(p).st_atime_ns for p in paths} == before
