"""Benign demo photos: drawn gradients and shapes (no people) carrying camera EXIF and GPS, made with Pillow.

The GPS positions are city centres, so the demo map and the "where was this taken" views have something to
show; one photo lies in the southern and western hemisphere to exercise the S/W reference handling.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from PIL import ExifTags, Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational


@dataclass(frozen=True)
class Place:
    city: str
    lat: float  # decimal degrees, negative = south
    lon: float  # decimal degrees, negative = west


@dataclass(frozen=True)
class PhotoSpec:
    name: str
    make: str
    model: str
    taken: datetime
    place: Place | None


PLACES = {
    "madrid": Place("Madrid", 40.416775, -3.703790),
    "berlin": Place("Berlin", 52.520008, 13.404954),
    "bucharest": Place("Bucharest", 44.426767, 26.102538),
    "lisbon": Place("Lisbon", 38.722252, -9.139337),
    "sao_paulo": Place("Sao Paulo", -23.550520, -46.633308),
}

PHOTOS = (
    PhotoSpec("IMG_0001.jpg", "Canon", "Canon EOS 2000D", datetime(2024, 3, 2, 9, 14, 27), PLACES["bucharest"]),
    PhotoSpec("IMG_0002.jpg", "Apple", "iPhone 12", datetime(2024, 3, 9, 18, 40, 3), PLACES["berlin"]),
    PhotoSpec("IMG_0003.jpg", "samsung", "SM-A525F", datetime(2024, 3, 15, 12, 5, 51), PLACES["madrid"]),
    PhotoSpec("IMG_0004.jpg", "Apple", "iPhone 12", datetime(2024, 3, 21, 21, 33, 10), PLACES["lisbon"]),
    PhotoSpec("IMG_0005.jpg", "Google", "Pixel 7", datetime(2024, 4, 1, 7, 2, 44), PLACES["sao_paulo"]),
)


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees, minutes, seconds as EXIF rationals (seconds to 1/100)."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    hundredths = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(Fraction(hundredths, 100))


def dms_to_decimal(d: float, m: float, s: float, ref: str) -> float:
    """The inverse of the EXIF encoding, for tests and readers: S and W are negative."""
    value = float(d) + float(m) / 60 + float(s) / 3600
    return -value if ref in ("S", "W") else value


def make_exif(spec: PhotoSpec) -> Image.Exif:
    """EXIF for a demo photo: camera, times and, when the spec has a place, GPS tags."""
    exif = Image.Exif()
    stamp = spec.taken.strftime("%Y:%m:%d %H:%M:%S")
    exif[ExifTags.Base.Make] = spec.make
    exif[ExifTags.Base.Model] = spec.model
    exif[ExifTags.Base.DateTime] = stamp
    exif[ExifTags.Base.Software] = "HEROES demo generator"
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = stamp
    sub[ExifTags.Base.DateTimeDigitized] = stamp
    if spec.place is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        gps[ExifTags.GPS.GPSLatitudeRef] = "S" if spec.place.lat < 0 else "N"
        gps[ExifTags.GPS.GPSLatitude] = _dms(spec.place.lat)
        gps[ExifTags.GPS.GPSLongitudeRef] = "W" if spec.place.lon < 0 else "E"
        gps[ExifTags.GPS.GPSLongitude] = _dms(spec.place.lon)
        gps[ExifTags.GPS.GPSDateStamp] = spec.taken.strftime("%Y:%m:%d")
    return exif


def draw_picture(rng: random.Random, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A sky-like vertical gradient with a few random rectangles, ellipses and lines on it."""
    width, height = size
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(rng.randint(4, 9)):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        box = [x0, y0, x0 + rng.randint(20, width // 2), y0 + rng.randint(20, height // 2)]
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice(("rect", "ellipse", "line"))
        if shape == "rect":
            draw.rectangle(box, fill=colour)
        elif shape == "ellipse":
            draw.ellipse(box, fill=colour)
        else:
            draw.line(box, fill=colour, width=rng.randint(2, 8))
    return image


def jpeg_bytes(image: Image.Image, exif: Image.Exif | None = None, quality: int = 85) -> bytes:
    out = io.BytesIO()
    if exif is None:
        image.save(out, "JPEG", quality=quality)
    else:
        image.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def make_photo(spec: PhotoSpec, rng: random.Random) -> bytes:
    return jpeg_bytes(draw_picture(rng), make_exif(spec))
