"""Job ads posted as pictures (flyers, screenshots of Facebook, WhatsApp or Telegram posts): read them with Tesseract.

Recruiters post lures as images more often than as text. Each picture is cleaned up first (grey, scaled so that
text is large enough, contrast stretched, dark themes inverted, Otsu threshold), then read in English, Spanish and
Bengali at once (Tesseract's page segmentation finds the columns of a flyer), and the text goes through the same
model and red flags as a typed ad. A picture whose text cannot be read says so instead of scoring noise.

pytesseract drives the Debian `tesseract` program (packages tesseract-ocr, -eng, -spa, -ben): a pure-Python wrapper
with nothing to compile, against the distribution's Tesseract and language data. The process start it costs
(tens of ms) is small next to the recognition itself (one to a few seconds a picture). It is imported only when a
picture is read, so checking a text ad never pays for it.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGS = ("eng", "spa", "ben")
MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG; WebP is RIFF....WEBP
MAX_PIXELS = 40_000_000  # a flyer or a phone screenshot is far smaller; a bigger "picture" is refused, not decoded
TARGET_WIDTH = 1800  # pixels: small screenshots are scaled up so that letters are ~30 px high, as Tesseract likes
MIN_WORDS, MIN_CONFIDENCE = 4, 45.0  # below either, the picture's text is said to be unreadable
TIMEOUT = 120  # seconds for one picture


class PictureError(ValueError):
    """A picture that cannot be read: damaged, too large, not a picture, or with no readable text."""


class OcrUnavailable(RuntimeError):
    """Tesseract (the program or its language data) is not installed."""


@dataclass
class Reading:
    """What OCR found in a picture: the text, the words' mean confidence (0-100) and the picture's size."""

    text: str
    confidence: float
    words: int
    size: tuple[int, int]
    langs: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "confidence": round(self.confidence, 1),
            "words": self.words,
            "size": list(self.size),
            "ocr_langs": list(self.langs),
        }


def is_picture(data: bytes) -> bool:
    """True for PNG, JPEG and WebP bytes (by their signature, not a file name)."""
    return data.startswith(MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


@lru_cache(maxsize=1)
def engine() -> tuple[Any, tuple[str, ...]]:
    """pytesseract and the language data found; raises OcrUnavailable (or MissingExtra) when either is missing."""
    try:
        import pytesseract
    except ModuleNotFoundError as exc:
        from heroes.optional import MissingExtra

        raise MissingExtra("pytesseract") from exc
    try:
        have = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrUnavailable(
            "reading pictures needs Tesseract: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa "
            "tesseract-ocr-ben (make demo installs them)"
        ) from exc
    langs = tuple(lang for lang in LANGS if lang in have)
    if not langs:
        raise OcrUnavailable("Tesseract has none of the English, Spanish or Bengali language data installed")
    return pytesseract, langs


def prepare(data: bytes) -> Any:
    """The picture as a clean black-on-white greyscale image, large enough for Tesseract."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise PictureError(f"the picture is too large to read ({img.width}x{img.height} pixels)")
            img.load()
            grey = ImageOps.exif_transpose(img).convert("L")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PictureError(f"the picture cannot be decoded: {exc}") from None
    if grey.width < TARGET_WIDTH:
        scale = min(TARGET_WIDTH / grey.width, 4.0)
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.Resampling.LANCZOS)
    grey = ImageOps.autocontrast(grey, cutoff=1)
    pixels = np.asarray(grey)
    threshold = _otsu(pixels)
    dark_background = (pixels < threshold).mean() > 0.5  # most pixels dark: light text on a dark theme
    binary = (pixels < threshold) if dark_background else (pixels >= threshold)
    return Image.fromarray((binary * 255).astype(np.uint8))


def _otsu(pixels: Any) -> int:
    """The grey level that best splits the picture into two classes (Otsu's method)."""
    import numpy as np

    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight0 = np.cumsum(hist)
    weight1 = weight0[-1] - weight0
    mean0 = np.cumsum(hist * levels) / np.maximum(weight0, 1)
    mean1 = ((hist * levels).sum() - np.cumsum(hist * levels)) / np.maximum(weight1, 1)
    between = weight0 * weight1 * (mean0 - mean1) ** 2
    return int(np.argmax(between[:-1])) + 1


def read(data: bytes) -> Reading:
    """OCR of a PNG, JPEG or WebP picture; raises PictureError when it is damaged or its text is unreadable."""
    pytesseract, langs = engine()
    image = prepare(data)
    try:
        table = pytesseract.image_to_data(
            image, lang="+".join(langs), config="--psm 3", output_type=pytesseract.Output.DICT, timeout=TIMEOUT
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on its timeout
        raise PictureError(f"reading the picture took longer than {TIMEOUT} s") from exc
    except pytesseract.TesseractError as exc:
        raise PictureError(f"Tesseract could not read the picture: {exc.message}") from None
    text, confidence, words = _assemble(table, image.width)
    if words < MIN_WORDS or confidence < MIN_CONFIDENCE:
        raise PictureError(
            f"the text in the picture could not be read ({words} words recognised, mean confidence "
            f"{confidence:.0f}%): try a sharper or larger picture, or type the ad"
        )
    return Reading(text, confidence, words, image.size, langs)


def _assemble(table: dict[str, list[Any]], width: int) -> tuple[str, float, int]:
    """Lines of text in reading order, the mean confidence of the words, and their number."""
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    confidences = []
    for i, word in enumerate(table["text"]):
        conf = float(table["conf"][i])
        if conf < 0 or not word.strip():
            continue
        key = (table["block_num"][i], table["par_num"][i], table["line_num"][i])
        lines.setdefault(key, []).append((int(table["left"][i]), int(table["left"][i] + table["width"][i]), word))
        confidences.append(conf)
    ordered = [sorted(words) for _, words in sorted(lines.items())]
    text = "\n".join(_columns(ordered, width))
    return text, (sum(confidences) / len(confidences) if confidences else 0.0), len(confidences)


GUTTER = 0.04  # of the picture's width: a gap this wide, at the same place on several lines, separates columns


def _columns(lines: list[list[tuple[int, int, str]]], width: int) -> list[str]:
    """Flyer columns that Tesseract read across as one line each, put back into reading order.

    Side-by-side columns whose lines align are read as long lines with a wide gap at the same x. When at least
    two lines share such a gap, each of those lines is split there; the left parts come first, then the right
    parts, and a line that crosses the gap (a headline) ends the columns above it.
    """
    gaps = []
    for words in lines:
        wide = [(b[0] - a[1], a[1], b[0]) for a, b in itertools.pairwise(words)]
        gaps += [(lo, hi) for gap, lo, hi in wide if gap >= GUTTER * width]
    gutter = None
    for lo, hi in gaps:
        shared = [(a, b) for a, b in gaps if a < hi and b > lo]
        if len(shared) >= 2:
            left, right = max(a for a, _ in shared), min(b for _, b in shared)
            if left < right:
                gutter = (left + right) // 2
                break
    if gutter is None:
        return [" ".join(w for _, _, w in words) for words in lines]
    out: list[str] = []
    left_col: list[str] = []
    right_col: list[str] = []
    for words in lines:
        if any(a < gutter < b for a, b, _ in words):  # crosses the gutter: full width
            out += left_col + right_col + [" ".join(w for _, _, w in words)]
            left_col, right_col = [], []
            continue
        on_left = [w for a, _, w in words if a < gutter]
        on_right = [w for a, _, w in words if a >= gutter]
        left_col += [" ".join(on_left)] if on_left else []
        right_col += [" ".join(on_right)] if on_right else []
    return out + left_col + right_col
