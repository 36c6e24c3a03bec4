"""Image preprocessing shared by training and inference, so a model sees the same input in both.

Two documented model inputs (float32):
- ``features``: ``[N, 16]``, the hand-made vector below (``FEATURES``, version ``features-v1``) computed on a
  128x128 RGB thumbnail; the shipped demo model takes this.
- ``pixels``: ``[N, 3, H, W]`` RGB in [0, 1] (NCHW), H and W read from the model (224 when left dynamic); a model
  that needs mean/std normalisation carries it in its own graph.

Images are decoded at reduced size (JPEG draft mode) and never written anywhere.
"""

from __future__ import annotations

from typing import BinaryIO

import numpy as np
from PIL import Image

SIZE = 128  # thumbnail side the features are computed on
FEATURES_VERSION = "features-v1"
FEATURES = (
    "grey_mean",
    "grey_std",
    "sat_mean",
    "sat_std",
    "mode_share",
    "grey_entropy",
    "colour_count",
    "edge_weak",
    "edge_strong",
    "sharp_ratio",
    "flat_h",
    "flat_v",
    "white",
    "black",
    "flat_rows",
    "flat_cols",
)
_GREY = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def decode(stream: BinaryIO, size: int = SIZE) -> Image.Image:
    """The first frame as an RGB image of `size` x `size` (aspect not kept); transparency is laid on white.

    Raises PIL's UnidentifiedImageError / OSError / ValueError / DecompressionBombError for undecodable input."""
    with Image.open(stream) as img:
        img.draft("RGB", (size * 2, size * 2))  # JPEG: let libjpeg decode at 1/2..1/8 scale
        img.load()
        if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            rgb = flat
        else:
            rgb = img.convert("RGB")
    return rgb.resize((size, size), Image.Resampling.BILINEAR, reducing_gap=2.0)


def features_of(img: Image.Image) -> np.ndarray:
    """The ``features-v1`` vector of an RGB image (resized to SIZE x SIZE first when needed)."""
    if img.size != (SIZE, SIZE) or img.mode != "RGB":
        img = img.convert("RGB").resize((SIZE, SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    a = np.asarray(img, dtype=np.float32) / 255.0
    grey = a @ _GREY
    mx, mn = a.max(axis=2), a.min(axis=2)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    dx = np.abs(np.diff(grey, axis=1))
    dy = np.abs(np.diff(grey, axis=0))
    hist = np.bincount(np.clip((grey * 31).round().astype(np.int64), 0, 31).ravel(), minlength=32)
    p = hist / hist.sum()
    nz = p[p > 0]
    quant = (a * 15).round().astype(np.int64)
    colours = np.unique(quant[..., 0] * 256 + quant[..., 1] * 16 + quant[..., 2]).size
    weak = float((dx > 0.03).mean())
    strong = float((dx > 0.25).mean())
    vec = [
        grey.mean(),
        grey.std(),
        sat.mean(),
        sat.std(),
        p.max(),
        -(nz * np.log2(nz)).sum() / 5.0,
        np.log(colours) / np.log(4096.0),
        weak,
        strong,
        strong / (weak + 1e-3),
        (dx < 0.004).mean(),
        (dy < 0.004).mean(),
        (grey > 0.92).mean(),
        (grey < 0.08).mean(),
        (grey.std(axis=1) < 0.01).mean(),
        (grey.std(axis=0) < 0.01).mean(),
    ]
    return np.asarray(vec, dtype=np.float32)


def pixels_of(img: Image.Image, height: int, width: int) -> np.ndarray:
    """RGB in [0, 1], channels first: one ``[3, H, W]`` sample of the ``pixels`` input."""
    if img.size != (width, height) or img.mode != "RGB":
        img = img.convert("RGB").resize((width, height), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return (np.asarray(img, dtype=np.float32) / 255.0).transpose(2, 0, 1).copy()
