"""Trains the benign demo classifier (photo versus screenshot/document) on generated images and exports it as ONNX.

Fixed seeds, CPU-independent features (`features.py`) and a solver run to the exact optimum make
`heroes classifier train` reproduce the shipped model: the same bytes with the library versions recorded in the model
(the ones in requirements/*.lock), the same predictions otherwise. Needs heroes[train].
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from heroes.classify.features import FEATURES, FEATURES_VERSION, features_of
from heroes.classify.synth import LABELS, samples

SEED = 20260311
TRAIN_PER_CLASS = 200
HELDOUT_PER_CLASS = 100
HELDOUT_SEED_OFFSET = 1_000_003  # held-out images come from a seed no training run uses


def dataset(n_per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for img, label in samples(n_per_class, seed):
        xs.append(features_of(img))
        ys.append(label)
    return np.stack(xs), np.asarray(ys)


def fit(x: np.ndarray, y: np.ndarray) -> Any:
    """Fit the demo classifier (scaled logistic regression) deterministically, so the shipped model is reproducible."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # Newton steps converge to the unique optimum of this convex problem to machine precision, so rounding noise
    # from BLAS kernels cannot move the float32 weights the ONNX file stores (L-BFGS stops wherever its path ends)
    model = make_pipeline(
        StandardScaler(), LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=100)
    )
    model.fit(x.astype(np.float64), y)
    if tuple(model.classes_) != LABELS:
        raise RuntimeError(f"unexpected class order {model.classes_}")
    return model


def to_onnx(model: Any, seed: int) -> bytes:
    """The fitted model as ONNX bytes, with the library versions and the seed recorded in its metadata."""
    import PIL
    import sklearn
    from skl2onnx import __version__ as skl2onnx_version
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType

    clf = model.steps[-1][1]
    # byte-identical only with these: Pillow draws and resizes the images, the others fit and write the model
    versions = ", ".join(
        f"{name} {version}"
        for name, version in (
            ("scikit-learn", sklearn.__version__),
            ("skl2onnx", skl2onnx_version),
            ("Pillow", PIL.__version__),
            ("numpy", np.__version__),
        )
    )
    onx = convert_sklearn(
        model,
        name="heroes_demo_image_classifier",
        initial_types=[("features", FloatTensorType([None, len(FEATURES)]))],
        options={id(clf): {"zipmap": False}},
        target_opset={"": 17, "ai.onnx.ml": 3},
    )
    onx.doc_string = "HEROES benign demo: photo versus screenshot/document, trained on generated images"
    for key, value in (
        ("heroes.input", FEATURES_VERSION),
        ("heroes.labels", json.dumps(list(LABELS))),
        ("heroes.seed", str(seed)),
        ("heroes.versions", versions),
    ):
        onx.metadata_props.add(key=key, value=value)
    return onx.SerializeToString()


def train(
    out_dir: Path, seed: int = SEED, per_class: int = TRAIN_PER_CLASS, heldout_per_class: int = HELDOUT_PER_CLASS
) -> dict[str, Any]:
    """Write ``demo.onnx`` and ``demo.labels`` into `out_dir`; return a report with held-out accuracy."""
    x, y = dataset(per_class, seed)
    model = fit(x, y)
    blob = to_onnx(model, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "demo.onnx").write_bytes(blob)
    (out_dir / "demo.labels").write_text("".join(f"{label}\n" for label in LABELS), encoding="utf-8")
    report: dict[str, Any] = {
        "model": str(out_dir / "demo.onnx"),
        "bytes": len(blob),
        "sha256": hashlib.sha256(blob).hexdigest(),
        "seed": seed,
        "train_images": len(y),
        "labels": list(LABELS),
    }
    if heldout_per_class:
        hx, hy = dataset(heldout_per_class, seed + HELDOUT_SEED_OFFSET)
        report["heldout_images"] = len(hy)
        report["heldout_accuracy"] = round(float((model.predict(hx.astype(np.float64)) == hy).mean()), 4)
    return report
