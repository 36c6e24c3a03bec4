"""A single evidence file: one item named after the file, or a finding saying why there is none."""

from __future__ import annotations

import os

from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.opener import open_item
from heroes.sources.single import SingleFileSource


def test_one_item_named_after_the_file(tmp_path):
    path = tmp_path / "seized.doc"
    path.write_bytes(b"document bytes")
    source = SingleFileSource(str(path))
    (item,) = list(source.items())
    assert isinstance(item, Item)
    st = os.stat(path)
    assert (item.path, item.size, item.mtime, item.depth, item.deleted) == ("seized.doc", 14, st.st_mtime, 0, False)
    assert item.locator == ({"t": "os", "path": str(path)},)
    with open_item(item) as stream:
        assert stream.read() == b"document bytes"
    assert source.kind == "file"
    assert source.describe() == {"kind": "file", "path": str(path), "size": 14}


def test_relative_path_is_made_absolute(tmp_path, monkeypatch):
    (tmp_path / "x.bin").write_bytes(b"\x00")
    monkeypatch.chdir(tmp_path)
    (item,) = list(SingleFileSource("x.bin").items())
    assert item.locator[0]["path"] == str(tmp_path / "x.bin")


def test_missing_directory_and_fifo(tmp_path):
    (missing,) = list(SingleFileSource(str(tmp_path / "gone")).items())
    assert isinstance(missing, Finding) and missing.kind == "error" and missing.path == "gone"
    assert SingleFileSource(str(tmp_path / "gone")).describe()["size"] is None
    (folder,) = list(SingleFileSource(str(tmp_path)).items())
    assert folder.kind == "error" and "folder" in folder.data["reason"]
    os.mkfifo(tmp_path / "pipe")
    (fifo,) = list(SingleFileSource(str(tmp_path / "pipe")).items())  # must not block
    assert (fifo.kind, fifo.path, fifo.data) == ("special", "pipe", {"type": "fifo"})
