"""The learned part of the detector: a TF-IDF + logistic-regression classifier over normalised messages, trained by
`heroes grooming train` and shipped as a small ONNX file (model.onnx) so phones and this package run the same
graph with onnxruntime. It gives, per message, the probability of each stage and of "none"."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FILE = "model.onnx"
NONE = "none"


def model_path() -> Path:
    return Path(str(resources.files("heroes.grooming").joinpath(MODEL_FILE)))


class Learned:
    """The small ONNX text model that scores a message for the grooming stages the patterns miss."""

    def __init__(self, path: Path):
        import numpy as np
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a monitor scores one message at a time; threads only add latency
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        meta = self._session.get_modelmeta().custom_metadata_map
        self.classes: list[str] = json.loads(meta["classes"])
        self._input = self._session.get_inputs()[0].name
        self._np = np
        self._out = next(o.name for o in self._session.get_outputs() if "prob" in o.name)

    def predict(self, norm: str) -> dict[str, float]:
        probs: Any = self._session.run([self._out], {self._input: self._np.array([[norm]], dtype=object)})[0][0]
        return dict(zip(self.classes, (float(p) for p in probs), strict=True))


@cache
def load() -> Learned | None:
    """The shipped model, or None when onnxruntime or the model file is missing (patterns alone then decide)."""
    path = model_path()
    if not path.is_file():
        return None
    try:
        return Learned(path)
    except ImportError:
        return None
