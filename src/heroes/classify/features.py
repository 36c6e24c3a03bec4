"""Image preprocessing shared by training and inference, so a model sees the same input in both.

Two documented model inputs (float32):
- ``features``: ``[N, 16]``, the hand-made vector below (``FEATURES``, version ``features-v1``) computed on a
  128x128 RGB thumbnail; the shipped demo model takes this.
- ``pixels``: ``[N, 3, H, W]`` RGB in [0, 1] (NCHW), H and W read from the model (224 when left dynamic); a model
  that needs mean/std normalisation carries it in its own graph.

Images are decoded at reduced size (JPEG draft mode) and never written anywhere.
"""

from __future__ import annotations

import math
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


# grey = 0.299 R + 0.587 G + 0.114 B, kept as exact integers (units of 1/255000) so that no feature depends on the
# CPU's floating-point paths (BLAS kernels, FMA, SIMD reduction order): the same image gives the same bits anywhere
_GREY_WEIGHTS = (299, 587, 114)
_GREY_UNIT = 255 * 1000


def _fraction(mask: np.ndarray) -> float:
    return int(np.count_nonzero(mask)) / mask.size


def _std(values: np.ndarray) -> float:
    """Population standard deviation of integer `values`, from exact (Python integer) sums."""
    n, total, squares = values.size, int(values.sum()), int((values * values).sum())
    return math.sqrt(n * squares - total * total) / n


def _line_std(values: np.ndarray, axis: int) -> np.ndarray:
    """Standard deviation of each row (axis=1) or column (axis=0) of integer `values`, from exact int64 sums."""
    n = values.shape[axis]
    total, squares = values.sum(axis=axis), (values * values).sum(axis=axis)
    return np.sqrt((n * squares - total * total).astype(np.float64)) / n


def _mean_std(values: np.ndarray) -> tuple[float, float]:
    """Mean and population standard deviation of floats, each sum exactly rounded (order-independent)."""
    flat = values.ravel().tolist()
    mean = math.fsum(flat) / len(flat)
    return mean, math.sqrt(max(math.fsum(v * v for v in flat) / len(flat) - mean * mean, 0.0))


def features_of(img: Image.Image) -> np.ndarray:
    """The ``features-v1`` vector of an RGB image (resized to SIZE x SIZE first when needed).

    Every threshold is applied to exact integers and every sum is an integer sum, so the vector is bit-identical
    on any machine with the same Pillow (which decodes and resizes)."""
    if img.size != (SIZE, SIZE) or img.mode != "RGB":
        img = img.convert("RGB").resize((SIZE, SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    a = np.asarray(img, dtype=np.int64)
    unit = _GREY_UNIT
    grey = a[..., 0] * _GREY_WEIGHTS[0] + a[..., 1] * _GREY_WEIGHTS[1] + a[..., 2] * _GREY_WEIGHTS[2]
    mx, mn = a.max(axis=2), a.min(axis=2)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1), 0.0)  # one correctly rounded division per pixel
    dx = np.abs(np.diff(grey, axis=1))
    dy = np.abs(np.diff(grey, axis=0))
    # 32 grey levels: round(grey / unit * 31), half away from zero, in integers
    hist = np.bincount(((grey * 31 * 2 + unit) // (2 * unit)).ravel(), minlength=32)
    p = hist / hist.sum()
    nz = p[p > 0]
    quant = (a * 15 * 2 + 255) // (2 * 255)
    colours = np.unique(quant[..., 0] * 256 + quant[..., 1] * 16 + quant[..., 2]).size
    weak = _fraction(dx * 100 > 3 * unit)
    strong = _fraction(dx * 4 > unit)
    sat_mean, sat_std = _mean_std(sat)
    vec = [
        int(grey.sum()) / grey.size / unit,
        _std(grey) / unit,
        sat_mean,
        sat_std,
        float(p.max()),
        -math.fsum(float(q) * math.log2(float(q)) for q in nz) / 5.0,
        math.log(colours) / math.log(4096.0),
        weak,
        strong,
        strong / (weak + 1e-3),
        _fraction(dx * 1000 < 4 * unit),
        _fraction(dy * 1000 < 4 * unit),
        _fraction(grey * 100 > 92 * unit),
        _fraction(grey * 100 < 8 * unit),
        _fraction(_line_std(grey, axis=1) * 100 < unit),
        _fraction(_line_std(grey, axis=0) * 100 < unit),
    ]
    return np.asarray(vec, dtype=np.float32)


def pixels_of(img: Image.Image, height: int, width: int) -> np.ndarray:
    """RGB in [0, 1], channels first: one ``[3, H, W]`` sample of the ``pixels`` input."""
    if img.size != (width, height) or img.mode != "RGB":
        img = img.convert("RGB").resize((width, height), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return (np.asarray(img, dtype=np.float32) / 255.0).transpose(2, 0, 1).copy()
