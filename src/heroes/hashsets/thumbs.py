"""Review images that protect the reviewer: grey and blurred by default, made in memory by `small_image` (the one
maker, used by `heroes hashset match --thumbs` and the dashboard's thumbnails and previews), with a pixel limit
against decompression bombs.

Originals are never copied out of evidence; a review thumbnail on disk is a small derived JPEG named by the item's
SHA-1, and a review folder inside the evidence tree is refused, so nothing is ever written next to evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFilter, ImageOps

SIZE = 256
BLUR_RADIUS = 8
MAX_PIXELS = 50_000_000  # refuse decompression bombs


class TooLarge(ValueError):
    """An image with more pixels than `MAX_PIXELS`: not decoded."""


def small_image(source: BinaryIO, size: int, grey: bool, blur: float) -> Image.Image:
    """The image scaled to fit ``size`` (upright, grey or RGB, blurred when ``blur``), decoded only when it has at
    most `MAX_PIXELS` pixels (else TooLarge); PIL's errors otherwise pass through."""
    img: Image.Image = Image.open(source)
    if img.width * img.height > MAX_PIXELS:
        raise TooLarge(f"image too large ({img.width}x{img.height} pixels)")
    img.draft("RGB", (size, size))
    img = ImageOps.exif_transpose(img) if "exif" in img.info else img
    img = img.convert("L" if grey else "RGB")
    img.thumbnail((size, size))
    return img.filter(ImageFilter.GaussianBlur(blur)) if blur else img


def review_thumbnail(
    source: BinaryIO,
    out_dir: Path,
    sha1: str,
    evidence_root: Path | None = None,
    grey: bool = True,
    blur: int = BLUR_RADIUS,
    size: int = SIZE,
) -> Path:
    """Write the review thumbnail of the image in ``source`` as ``<sha1>.jpg`` in ``out_dir`` (never inside
    ``evidence_root``); returns its path."""
    out_dir = out_dir.resolve()
    if evidence_root is not None:
        root = evidence_root.resolve()
        if out_dir == root or root in out_dir.parents:
            raise ValueError(f"refusing to write review thumbnails inside the evidence ({root})")
    img = small_image(source, size, grey, blur)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{sha1}.jpg"
    img.save(target, "JPEG", quality=70)
    return target
