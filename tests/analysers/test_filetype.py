"""Extension-mismatch analyser: the YAML rules, generated files, and the DFTT JPEG-search image's answer key."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from heroes.analysers.filetype import FileTypeAnalyser, check, rules
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime


def context(tmp_path: Path, name: str, data: bytes) -> ItemContext:
    path = tmp_path / name.replace("/", "_")
    path.write_bytes(data)
    item = Item(path=name, locator=({"t": "os", "path": str(path)},), size=len(data))
    return ItemContext(item, Settings(), sniff_mime(data[: 1 << 16]))


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return out.getvalue()


def zipped() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "hello")
    return out.getvalue()


def mismatches(tmp_path: Path, name: str, data: bytes):
    return list(FileTypeAnalyser().analyse(context(tmp_path, name, data)))


def test_rules_load_and_flatten_anchors():
    table = rules()
    assert "image/jpeg" in table.extensions["jpg"]
    assert "application/x-ole-storage" in table.extensions["doc"]  # spliced from the &ole anchor
    assert all(isinstance(m, str) for mimes in table.extensions.values() for m in mimes)
    assert "dat" in table.generic and "dat" not in table.extensions


@pytest.mark.parametrize("name", ["photo.txt", "photo.doc", "photo.pdf", "photo.PNG"])
def test_jpeg_under_a_listed_wrong_extension(tmp_path, name):
    [found] = mismatches(tmp_path, name, jpeg())
    assert found.kind == "mismatch" and found.analyser == "filetype"
    assert found.data["mime"] == "image/jpeg"
    assert found.data["extension"] == name.rsplit(".", 1)[1].lower()
    assert found.data["expected"] and "image/jpeg" not in found.data["expected"]


@pytest.mark.parametrize(
    ("name", "data"), [("a.dat", jpeg()), ("a.bin", zipped()), ("a.hmm", jpeg()), ("a.boo", zipped())]
)
def test_well_known_type_behind_generic_or_unknown_extension(tmp_path, name, data):
    [found] = mismatches(tmp_path, name, data)
    assert found.data["expected"] == []
    kind = "generic" if name.endswith((".dat", ".bin")) else "unknown"
    assert f"{kind} extension" in found.data["reason"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", jpeg()),
        ("photo.JPEG", jpeg()),
        ("a.zip", zipped()),
        ("a.docx", zipped()),
        ("notes.dat", b"plain words in a data file\n"),
        ("notes.xyz", b"plain words\n"),
        ("noext", jpeg()),
        ("empty.jpg", b""),
        ("a.tar.gz", gzip.compress(b"x" * 100)),
        ("x.dat", bytes(range(256)) * 4),
    ],
)
def test_no_mismatch(tmp_path, name, data):
    assert mismatches(tmp_path, name, data) == []


def test_random_data_named_jpg_is_a_mismatch():
    assert check("jpg", "application/octet-stream") is not None
    assert check("txt", "application/octet-stream") is None  # weak-signature formats accept unknown content


def test_dftt_jpeg_search_image(dftt_image):
    """DFTT #8's answer key: file2.dat and the deleted file7.hmm are JPEGs and file9.boo is a ZIP under wrong
    names; file1.jpg and the real archives are what they say; the "invalid" files named .jpg hold no JPEG."""
    import pytsk3

    fs = pytsk3.FS_Info(pytsk3.Img_Info(str(dftt_image("dftt-8-jpeg-search.zip"))))
    flagged: dict[str, str] = {}
    for path in (
        "alloc/file1.jpg",
        "alloc/file2.dat",
        "del2/file7.hmm",
        "archive/file8.zip",
        "archive/file9.boo",
        "archive/file10.tar.gz",
        "misc/file11.dat",
        "misc/file12.doc",
        "invalid/file3.jpg",
        "invalid/file4.jpg",
    ):
        handle = fs.open("/" + path)
        mime = sniff_mime(handle.read_random(0, min(handle.info.meta.size, 1 << 16)))
        if check(Item(path=path, locator=(), size=0).extension, mime):
            flagged[path] = mime
    assert {p: m for p, m in flagged.items() if not p.startswith("invalid/")} == {
        "alloc/file2.dat": "image/jpeg",
        "del2/file7.hmm": "image/jpeg",
        "archive/file9.boo": "application/zip",
    }
    assert set(flagged) >= {"invalid/file3.jpg", "invalid/file4.jpg"}  # random data named .jpg
