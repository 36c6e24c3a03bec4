"""Review thumbnails that protect the reviewer: grey and blurred by default, written only to a review folder.

Originals are never copied out of evidence; a thumbnail is a small derived JPEG named by the item's SHA-1, and a
review folder inside the evidence tree is refused, so nothing is ever written next to evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFilter, ImageOps

SIZE = 256
BLUR_RADIUS = 8


def review_thumbnail(
    source: BinaryIO,
    out_dir: Path,
    sha1: str,
    evidence_root: Path | None = None,
    grey: bool = True,
    blur: int = BLUR_RADIUS,
    size: int = SIZE,
) -> Path:
    """Write a small blurred (grey by default) JPEG for review, never inside the evidence; returns its path."""
    out_dir = out_dir.resolve()
    if evidence_root is not None:
        root = evidence_root.resolve()
        if out_dir == root or root in out_dir.parents:
            raise ValueError(f"refusing to write review thumbnails inside the evidence ({root})")
    img: Image.Image = Image.open(source)
    img.draft("RGB", (size, size))
    img = ImageOps.exif_transpose(img) if "exif" in img.info else img
    img = img.convert("L" if grey else "RGB")
    img.thumbnail((size, size))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{sha1}.jpg"
    img.save(target, "JPEG", quality=70)
    return target
