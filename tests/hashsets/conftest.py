"""Benign generated images and their transformed copies, and helpers that write hash lists."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageOps


def scene(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A synthetic picture: a smooth gradient with random coloured shapes (nothing real is depicted)."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    waves = [
        127 + 120 * np.sin(x / w * rng.uniform(2, 6) + y / h * rng.uniform(2, 6) + rng.uniform(0, 6)) for _ in range(3)
    ]
    base = np.stack(waves, axis=-1)
    img = Image.fromarray(base.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(25):
        x0, y0 = int(rng.integers(0, w - 40)), int(rng.integers(0, h - 40))
        box = (x0, y0, x0 + int(rng.integers(20, 200)), y0 + int(rng.integers(20, 200)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return img.filter(ImageFilter.GaussianBlur(2))


def transforms(img: Image.Image) -> dict[str, Image.Image]:
    w, h = img.size
    dx, dy = int(w * 0.01), int(h * 0.01)  # 2% of each dimension cropped away, half on each side
    texted = img.copy()
    ImageDraw.Draw(texted).text((10, 10), "sample 2026", fill=(255, 255, 255))
    return {
        "half": img.resize((w // 2, h // 2)),
        "crop2": img.crop((dx, dy, w - dx, h - dy)),
        "rot90": img.rotate(90, expand=True),
        "mirror": ImageOps.mirror(img),
        "text": texted,
    }


@pytest.fixture(scope="session")
def images(tmp_path_factory):
    """originals/ (3 scenes), copies/ (their transforms, incl. JPEG q40), unrelated/ (2 other scenes), flat.png."""
    root = tmp_path_factory.mktemp("images")
    for d in ("originals", "copies", "unrelated"):
        (root / d).mkdir()
    for i in range(3):
        img = scene(i)
        img.save(root / "originals" / f"scene{i}.png")
        img.save(root / "copies" / f"scene{i}_q40.jpg", quality=40)
        for name, out in transforms(img).items():
            out.save(root / "copies" / f"scene{i}_{name}.png")
    for i in (100, 101):
        scene(i).save(root / "unrelated" / f"other{i}.png")
    Image.new("RGB", (300, 300), (120, 130, 140)).save(root / "flat.png")
    return root
