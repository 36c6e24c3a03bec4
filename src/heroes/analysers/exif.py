"""EXIF: camera, capture time, editing software and GPS position of photos, which tie a picture to a device, a
time and a place. Reads only the metadata header with exifread, IFD by IFD, so a photo whose EXIF is damaged in
one place still yields what the other IFDs hold (and an ``error`` finding says what was lost).

Times: EXIF stores local time without a zone. ``datetime_original`` keeps that wall-clock time as ISO 8601 with
no zone, unless OffsetTimeOriginal (EXIF 2.31) gives the offset, which is then appended; no zone is invented.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from heroes.core.analyser import Analyser, Damaged
from heroes.core.finding import Finding, error
from heroes.core.kinds import KindSpec, Record, TimeField

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

# What exifread raises on malformed headers (its own non-strict mode swallows the rest).
_EXIF_ERRORS = (
    IndexError,
    ValueError,
    KeyError,
    TypeError,
    struct.error,
    ZeroDivisionError,
    EOFError,
    OverflowError,
    RecursionError,
    NotImplementedError,
)
_DATETIME = re.compile(r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
_TEXT_TAGS = (("make", "Image Make"), ("model", "Image Model"), ("software", "Image Software"))


def _camera(record: Record) -> str:
    return " ".join(str(record[k]) for k in ("make", "model") if record.get(k))


def _taken_with(record: Record) -> str:
    camera = _camera(record)
    return f" with {camera}" if camera else ""


def _device(record: Record) -> tuple[str, str] | None:
    camera = _camera(record)
    return ("device", camera) if camera else None


EXIF = KindSpec(
    "exif",
    "EXIF metadata",
    times=(TimeField("datetime_original", "exif:original", "Photo taken"),),
    time_detail=_taken_with,
    report="gps",
    uco="EXIFFacet",
    graph_node=_device,
)


def read_tags(stream: BinaryIO) -> tuple[dict[str, Any], list[str]]:
    """The tags of IFD0 (with its GPS sub-IFD) and of the EXIF sub-IFD, and the problems met reading them.

    This is `exifread.process_file` (details=False, no thumbnail) taken apart, using exifread 3.x's core classes,
    because process_file discards every tag already read when one IFD raises."""
    from exifread.core.exceptions import ExifError, ExifNotFound, InvalidExif
    from exifread.core.exif_header import ExifHeader
    from exifread.core.find_exif import determine_type, get_endian_str

    damaged = (ExifError, *_EXIF_ERRORS)
    stream.seek(0)
    try:
        offset, endian, fake_exif = determine_type(stream)
        header = ExifHeader(stream, get_endian_str(endian)[0], offset, fake_exif, strict=False, detailed=False)
        first = header.list_ifd()[:1]
    except (ExifNotFound, InvalidExif):  # exifread says InvalidExif for a JPEG without an EXIF segment too
        return {}, []
    except damaged as exc:
        raise Damaged(f"EXIF header unreadable: {type(exc).__name__}: {exc}") from exc
    problems: list[str] = []
    for name in ("Image", "EXIF"):
        try:
            if name == "Image":
                ifds = first
            else:
                pointer = header.tags.get("Image ExifOffset")
                ifds = pointer.values[:1] if pointer is not None and isinstance(pointer.values, list) else []
            for ifd in ifds:
                header.dump_ifd(ifd=ifd, ifd_name=name)
        except damaged as exc:
            problems.append(f"{name} IFD: {type(exc).__name__}: {exc}")
    return header.tags, problems


def _text(tags: dict[str, Any], key: str) -> str | None:
    tag = tags.get(key)
    if tag is None:
        return None
    value = tag.values if isinstance(tag.values, str) else str(tag)
    value = value.replace("\x00", "").strip()
    return value or None


def _number(value: Any) -> float:
    return float(value)  # exifread's Ratio is a Fraction; a zero denominator raises ZeroDivisionError


def _coordinate(tags: dict[str, Any], axis: str) -> float | None:
    """Decimal degrees from degrees/minutes/seconds, negative for S and W."""
    tag, ref = tags.get(f"GPS GPS{axis}"), _text(tags, f"GPS GPS{axis}Ref")
    if tag is None or not isinstance(tag.values, list) or not tag.values:
        return None
    parts = [_number(v) for v in tag.values[:3]] + [0.0, 0.0]
    value = parts[0] + parts[1] / 60 + parts[2] / 3600
    limit = 90 if axis == "Latitude" else 180
    if abs(value) > limit:
        raise ValueError(f"GPS {axis.lower()} {value} out of range")
    return round(-value if (ref or "").upper()[:1] in ("S", "W") else value, 7)


def _altitude(tags: dict[str, Any]) -> float | None:
    tag = tags.get("GPS GPSAltitude")
    if tag is None or not isinstance(tag.values, list) or not tag.values:
        return None
    ref = tags.get("GPS GPSAltitudeRef")
    below = ref is not None and isinstance(ref.values, list) and ref.values[:1] == [1]
    value = _number(tag.values[0])
    return round(-value if below else value, 2)


def _datetime(tags: dict[str, Any]) -> tuple[str | None, str | None]:
    """(ISO 8601 capture time, its offset or None)."""
    raw = _text(tags, "EXIF DateTimeOriginal") or _text(tags, "EXIF DateTimeDigitized")
    match = _DATETIME.match(raw or "")
    if not match:
        return None, None
    y, mo, d, h, mi, s = match.groups()
    value = f"{y}-{mo}-{d}T{h}:{mi}:{s}"
    offset = _text(tags, "EXIF OffsetTimeOriginal")
    if offset and _OFFSET.match(offset):
        return value + offset, offset
    return value, None


def fields(tags: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The finding's fields from exifread tags; each field that cannot be read is named in the problems."""
    data: dict[str, Any] = {}
    problems: list[str] = []
    for name, key in _TEXT_TAGS:
        data[name] = _text(tags, key)
    data["datetime_original"], offset = _datetime(tags)
    if data["datetime_original"] and not offset:
        data["datetime_note"] = "local time of the camera, time zone not recorded"
    for name, read in (
        ("gps_lat", lambda: _coordinate(tags, "Latitude")),
        ("gps_lon", lambda: _coordinate(tags, "Longitude")),
        ("gps_alt", lambda: _altitude(tags)),
    ):
        try:
            data[name] = read()
        except _EXIF_ERRORS as exc:
            data[name] = None
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    if data["gps_lat"] is None or data["gps_lon"] is None:
        data["gps_lat"] = data["gps_lon"] = data["gps_alt"] = None
    return {k: v for k, v in data.items() if v is not None}, problems


class ExifAnalyser(Analyser):
    """Camera, times and GPS position from the EXIF of photos (JPEG, TIFF, HEIC, WebP, PNG...)."""

    name = "exif"
    handles = (
        "image/jpeg",
        "image/tiff",
        "image/heic",
        "image/heif",
        "image/avif",
        "image/webp",
        "image/png",
        "image/jxl",
    )
    requires = ("exifread",)

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        with ctx.open() as raw:
            # exifread makes many small reads: buffer them (one syscall or image read each otherwise)
            stream = io.BufferedReader(raw, 1 << 16) if isinstance(raw, io.RawIOBase) else raw
            tags, problems = read_tags(stream)
        data, more = fields(tags)
        problems += more
        if data:
            yield Finding(EXIF.name, ctx.item.path, data, analyser=self.name)
        if problems:
            yield error(ctx.item.path, "EXIF partly unreadable: " + "; ".join(problems), self.name)
