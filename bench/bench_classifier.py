"""Image classifier figures: demo-model accuracy on a held-out generated set, and images/s of
`heroes.classify` (reduced-size decode + features + onnxruntime) against a bare Pillow decode-and-resize loop
over the same JPEGs in the same run. Run: .venv/bin/python bench/bench_classifier.py"""

from __future__ import annotations

import io
import os
import platform
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from PIL import Image

from heroes.classify import train as tr
from heroes.classify.runner import DEMO_MODEL, Classifier
from heroes.classify.synth import photo

N_IMAGES = 200
SIDE = (1600, 1200)  # a phone-camera-like JPEG


def jpegs() -> list[bytes]:
    rng = np.random.default_rng(5)
    out = []
    for _ in range(N_IMAGES):
        buf = io.BytesIO()
        photo(rng).resize(SIDE, Image.Resampling.BICUBIC).save(buf, "JPEG", quality=88)
        out.append(buf.getvalue())
    return out


def bare(blobs: list[bytes]) -> float:
    t = time.perf_counter()
    for b in blobs:
        with Image.open(io.BytesIO(b)) as img:
            img.convert("RGB").resize((128, 128), Image.Resampling.BILINEAR)
    return time.perf_counter() - t


def ours(clf: Classifier, blobs: list[bytes]) -> float:
    t = time.perf_counter()
    for b in blobs:
        clf.classify(io.BytesIO(b))
    return time.perf_counter() - t


def main() -> None:
    clf = Classifier(DEMO_MODEL)
    hx, hy = tr.dataset(150, seed=777_777)
    acc = float(np.mean([p.label == t for p, t in zip(clf.predict(hx), hy, strict=True)]))
    blobs = jpegs()
    t_bare, t_ours = min(bare(blobs) for _ in range(2)), min(ours(clf, blobs) for _ in range(2))
    print("## classifier\n")
    print(
        f"Demo model: {DEMO_MODEL.stat().st_size} bytes, input features-v1 [N, 16], labels {clf.labels}; "
        f"held-out generated set: {len(hy)} images (seed 777777), accuracy {acc:.3f}. "
        f"Throughput on {N_IMAGES} JPEGs of {SIDE[0]}x{SIDE[1]}, one thread, {platform.processor() or 'cpu'}.\n"
    )
    print("Command: `.venv/bin/python bench/bench_classifier.py`\n")
    print("| pipeline | images/s | relative |")
    print("|---|---:|---:|")
    print(f"| anchor: Pillow full decode + resize to 128 px | {N_IMAGES / t_bare:.1f} | 1.00x |")
    print(
        f"| heroes.classify (draft decode + features + onnxruntime) | {N_IMAGES / t_ours:.1f} | "
        f"{t_bare / t_ours:.2f}x |"
    )


if __name__ == "__main__":
    main()
