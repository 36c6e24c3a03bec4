"""Benign training images generated in code with a fixed seed: photo-like scenes and screenshots/documents.

Photo-like: colour gradients, smooth low-frequency texture, soft shapes, blur and sensor-like noise.
Screenshot/document-like: rendered text lines on flat backgrounds (pages, light and dark UI themes), boxes,
buttons and rules. Nothing here depicts people; a share of both classes goes through JPEG at varied quality.
"""

from __future__ import annotations

import io
import math
import string
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

PHOTO, DOCUMENT = "photo", "screenshot_or_document"
LABELS = (PHOTO, DOCUMENT)  # sorted: the order scikit-learn gives the classes


def _colour(rng: np.random.Generator, lo: int = 0, hi: int = 256) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in rng.integers(lo, hi, 3))
    return r, g, b


def photo(rng: np.random.Generator) -> Image.Image:
    """A benign synthetic photo-like picture (gradient, texture, shapes) for training and tests, no real image."""
    w, h = int(rng.integers(96, 320)), int(rng.integers(96, 320))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, np.pi)
    # libm's cos/sin may differ in the last bit between CPUs (FMA or not): rounded, they are the same everywhere
    cos, sin = round(math.cos(angle), 9), round(math.sin(angle), 9)
    t = (xx * cos + yy * sin) / (w + h)
    t = (t - t.min()) / max(float(np.ptp(t)), 1e-6)
    c0, c1 = np.array(_colour(rng), np.float32), np.array(_colour(rng), np.float32)
    base = c0 + (c1 - c0) * t[..., None]
    coarse = rng.normal(0, 1, (int(rng.integers(3, 9)), int(rng.integers(3, 9)), 3)).astype(np.float32)
    texture = np.asarray(
        Image.fromarray(((coarse - coarse.min()) / max(float(np.ptp(coarse)), 1e-6) * 255).astype(np.uint8)).resize(
            (w, h), Image.Resampling.BICUBIC
        ),
        np.float32,
    )
    arr = base * (1 - 0.5) + texture * 0.5 if rng.random() < 0.6 else base
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(0, 7))):
        x0, y0 = int(rng.integers(-w // 4, w)), int(rng.integers(-h // 4, h))
        x1, y1 = x0 + int(rng.integers(8, w)), y0 + int(rng.integers(8, h))
        shape = rng.integers(0, 3)
        if shape == 0:
            draw.ellipse((x0, y0, x1, y1), fill=_colour(rng))
        elif shape == 1:
            draw.rectangle((x0, y0, x1, y1), fill=_colour(rng))
        else:
            pts = [(int(rng.integers(0, w)), int(rng.integers(0, h))) for _ in range(3)]
            draw.polygon(pts, fill=_colour(rng))
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.8, 4.0))))
    noise = rng.normal(0, rng.uniform(2, 14), (h, w, 3)).astype(np.float32)
    return Image.fromarray(np.clip(np.asarray(img, np.float32) + noise, 0, 255).astype(np.uint8))


def _words(rng: np.random.Generator, n: int) -> str:
    letters = string.ascii_lowercase
    return " ".join("".join(letters[i] for i in rng.integers(0, 26, int(rng.integers(2, 10)))) for _ in range(n))


def document(rng: np.random.Generator) -> Image.Image:
    """A page (light background, dark text) or a UI screenshot (light or dark theme, bars, boxes, buttons)."""
    screenshot = rng.random() < 0.5
    w, h = (
        (int(rng.integers(160, 400)), int(rng.integers(160, 400)))
        if screenshot
        else (int(rng.integers(140, 300)), int(rng.integers(200, 400)))
    )
    dark = screenshot and rng.random() < 0.35
    bg = _colour(rng, 10, 50) if dark else _colour(rng, 225, 256)
    ink = _colour(rng, 200, 256) if dark else _colour(rng, 0, 70)
    img = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(img)
    size = int(rng.integers(8, 16))
    font = ImageFont.load_default(size=size)
    y = int(rng.integers(4, 20))
    if screenshot:
        bar = int(rng.integers(14, 30))
        draw.rectangle((0, 0, w, bar), fill=_colour(rng))
        draw.text((6, 2), _words(rng, 3), fill=(255, 255, 255), font=font)
        y = bar + 6
        for _ in range(int(rng.integers(1, 5))):  # panels and buttons
            x0, y0 = int(rng.integers(0, w - 20)), int(rng.integers(bar, h - 20))
            box = (x0, y0, x0 + int(rng.integers(20, w // 2 + 21)), y0 + int(rng.integers(12, h // 3 + 13)))
            draw.rectangle(box, fill=_colour(rng, 0, 256) if rng.random() < 0.4 else bg, outline=ink)
            draw.text((box[0] + 3, box[1] + 2), _words(rng, 2), fill=ink, font=font)
    margin = int(rng.integers(4, 24))
    while y < h - size:
        if rng.random() < 0.12:
            y += size  # paragraph break
        elif rng.random() < 0.05:
            draw.line((margin, y + size // 2, w - margin, y + size // 2), fill=ink)
        else:
            draw.text((margin, y), _words(rng, int(rng.integers(2, 12))), fill=ink, font=font)
        y += int(size * rng.uniform(1.2, 1.8))
    return img


def _maybe_jpeg(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    if rng.random() < 0.5:
        return img
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(rng.integers(40, 96)))
    buf.seek(0)
    with Image.open(buf) as out:
        return out.convert("RGB")


def samples(n_per_class: int, seed: int) -> Iterator[tuple[Image.Image, str]]:
    """`n_per_class` images of each class, interleaved, fully determined by `seed`."""
    rng = np.random.default_rng(seed)
    for _ in range(n_per_class):
        yield _maybe_jpeg(photo(rng), rng), PHOTO
        yield _maybe_jpeg(document(rng), rng), DOCUMENT
