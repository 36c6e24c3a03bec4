"""Images for review, made in memory from the evidence: a blurred grey thumbnail, or on a logged reveal a small
colour preview. Originals are never copied out or served; only derived JPEG bytes leave this module.

The item is re-opened through the locator its file finding records, so folders, archives and disk images alike
can be previewed, read-only.
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, UnidentifiedImageError

from heroes.core.item import Locator, locator_from_json
from heroes.core.opener import open_locator
from heroes.hashsets.thumbs import TooLarge, small_image

THUMB, PREVIEW, BLUR = 160, 640, 10


class NotAvailable(Exception):
    """The image cannot be re-opened from this evidence (or is not an image)."""


def locate(file_data: dict[str, Any]) -> Locator:
    """The item's locator as the engine recorded it in the file finding (the same chain triage read)."""
    text = file_data.get("locator")
    if not isinstance(text, str):
        raise NotAvailable("this file record holds no locator")
    return locator_from_json(text)


def render(locator: Locator, reveal: bool) -> bytes:
    """JPEG bytes: grey and blurred unless ``reveal``; never the original file."""
    try:
        with open_locator(locator) as stream:
            data = io.BytesIO(stream.read(64 << 20))
        img = small_image(data, PREVIEW if reveal else THUMB, grey=not reveal, blur=0 if reveal else BLUR)
    except TooLarge:
        raise NotAvailable("image too large to preview") from None
    except (OSError, UnidentifiedImageError, ValueError, KeyError) as exc:
        raise NotAvailable(f"cannot open the image: {type(exc).__name__}") from None
    out = io.BytesIO()
    img.save(out, "JPEG", quality=75)
    return out.getvalue()


def placeholder() -> bytes:
    """A plain grey square for items that cannot be previewed."""
    out = io.BytesIO()
    Image.new("L", (THUMB, THUMB), 128).save(out, "JPEG", quality=50)
    return out.getvalue()
