"""EXIF analyser on JPEGs written by Pillow: camera, capture time, software, signed GPS; damaged headers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from heroes.analysers.exif import ExifAnalyser, read_tags
from heroes.core.analyser import Damaged
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.hashpass import sniff_mime
from heroes.engine.process import process_item


def context(tmp_path: Path, name: str, data: bytes) -> ItemContext:
    path = tmp_path / name
    path.write_bytes(data)
    item = Item(path=name, locator=({"t": "os", "path": str(path)},), size=len(data))
    return ItemContext(item, Settings(), sniff_mime(data[: 1 << 16]))


def dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def jpeg(
    lat: float | None = None, lon: float | None = None, alt: float | None = None, offset: str = "", fmt: str = "JPEG"
) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    exif[0x0131] = "Photo Editor 2.1"
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2023:05:17 14:32:10"
    if offset:
        sub[0x9011] = offset
    if lat is not None and lon is not None:
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = ("N" if lat >= 0 else "S"), dms(abs(lat))
        gps[3], gps[4] = ("E" if lon >= 0 else "W"), dms(abs(lon))
        if alt is not None:
            gps[5], gps[6] = (0 if alt >= 0 else 1), abs(alt)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, fmt, exif=exif)
    return out.getvalue()


def findings(tmp_path: Path, name: str, data: bytes):
    return list(ExifAnalyser().analyse(context(tmp_path, name, data)))


def test_camera_time_and_gps_in_luxembourg(tmp_path):
    [found] = findings(tmp_path, "lux.jpg", jpeg(49.6116, 6.1319, 300.5))
    assert found.kind == "exif" and found.path == "lux.jpg" and found.analyser == "exif"
    d = found.data
    assert d["make"] == "Canon" and d["model"] == "Canon EOS 5D" and d["software"] == "Photo Editor 2.1"
    assert d["datetime_original"] == "2023-05-17T14:32:10"
    assert "time zone not recorded" in d["datetime_note"]
    assert abs(d["gps_lat"] - 49.6116) < 1e-4 and abs(d["gps_lon"] - 6.1319) < 1e-4
    assert d["gps_alt"] == 300.5


def test_southern_and_western_hemisphere_are_negative(tmp_path):
    [found] = findings(tmp_path, "rio.jpg", jpeg(-22.9068, -43.1729, -12.0, offset="-03:00"))
    d = found.data
    assert abs(d["gps_lat"] + 22.9068) < 1e-4 and abs(d["gps_lon"] + 43.1729) < 1e-4
    assert d["gps_alt"] == -12.0
    assert d["datetime_original"] == "2023-05-17T14:32:10-03:00"
    assert "datetime_note" not in d


def test_no_gps_no_gps_fields(tmp_path):
    [found] = findings(tmp_path, "nogps.jpg", jpeg())
    assert "gps_lat" not in found.data and "gps_lon" not in found.data
    assert found.data["make"] == "Canon"


def test_png_exif(tmp_path):
    [found] = findings(tmp_path, "a.png", jpeg(49.6116, 6.1319, fmt="PNG"))
    assert found.data["model"] == "Canon EOS 5D"
    assert abs(found.data["gps_lat"] - 49.6116) < 1e-4


def test_no_exif_no_finding(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    assert findings(tmp_path, "plain.jpg", out.getvalue()) == []


def test_truncated_jpeg_is_damaged_or_partial_never_a_crash(tmp_path):
    data = jpeg(49.6116, 6.1319)
    with pytest.raises(Damaged, match="EXIF header unreadable"):
        findings(tmp_path, "cut3.jpg", data[:3])
    for cut in (20, 60, 150, 250):
        try:
            result = findings(tmp_path, f"cut{cut}.jpg", data[:cut])
        except Damaged:
            continue
        assert all(f.kind in ("exif", "error") for f in result)


def test_truncated_jpeg_through_the_engine_is_an_error_finding(tmp_path):
    data = jpeg(49.6116, 6.1319)[:10]  # still sniffed as JPEG, EXIF header cut off
    path = tmp_path / "cut.jpg"
    path.write_bytes(data)
    item = Item(path="cut.jpg", locator=({"t": "os", "path": str(path)},), size=len(data))
    found = [f for f in process_item(item, Settings()) if f.analyser == "exif"]
    assert [f.kind for f in found] == ["error"]


def test_corrupt_gps_keeps_the_rest(tmp_path):
    data = bytearray(jpeg(49.6116, 6.1319))
    tags, _ = read_tags(io.BytesIO(bytes(data)))
    gps = tags["GPS GPSLatitude"]
    base = bytes(data).find(b"Exif\x00\x00") + 6  # exifread offsets are relative to the TIFF header
    data[base + gps.field_offset + 4 : base + gps.field_offset + 8] = b"\x00\x00\x00\x00"  # degrees: x/0
    result = findings(tmp_path, "badgps.jpg", bytes(data))
    exif = [f for f in result if f.kind == "exif"]
    errors = [f for f in result if f.kind == "error"]
    assert exif and exif[0].data["make"] == "Canon" and "gps_lat" not in exif[0].data
    assert errors and "gps_lat" in errors[0].data["reason"]


def test_garbled_exif_never_raises_unexpected_errors(tmp_path):
    import random

    data = jpeg(49.6116, 6.1319)
    start = data.find(b"Exif")
    rnd = random.Random(7)
    for n in range(200):
        garbled = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            garbled[rnd.randint(start, start + 300)] = rnd.randrange(256)
        try:
            result = findings(tmp_path, f"g{n}.jpg", bytes(garbled))
        except Damaged:
            continue
        assert all(f.kind in ("exif", "error") for f in result)


def test_end_to_end_process_item(tmp_path):
    data = jpeg(49.6116, 6.1319)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    item = Item(path="photo.jpg", locator=({"t": "os", "path": str(path)},), size=len(data))
    exif = [f for f in process_item(item, Settings()) if f.kind == "exif"]
    assert len(exif) == 1 and exif[0].data["make"] == "Canon"
