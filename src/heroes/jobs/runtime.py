"""Running the shipped model with onnxruntime only: load once, score many ads per call, calibrated to 4.84%."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from heroes.jobs.features import compose, prepare

MODEL_FILE = "jobs.onnx"
META_FILE = "jobs.json"


@dataclass
class Model:
    """An ONNX session plus the calibration and label threshold chosen at training time."""

    session: Any
    meta: dict[str, Any]

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    @property
    def uses_meta(self) -> bool:
        return bool(self.meta["candidate"]["meta"])

    @property
    def tagged(self) -> tuple[str, ...]:
        return tuple(self.meta["candidate"].get("tagged", ()))

    def compose(self, row: Mapping[str, object]) -> str:
        """What this model reads for a CSV row (its text, plus field-tagged words when the model uses them)."""
        return compose(row, meta=self.uses_meta, tagged=self.tagged)

    def raw(self, texts: list[str]) -> np.ndarray:
        """The classifier's own probability of 'fraudulent', before calibration."""
        if not texts:
            return np.zeros(0)
        feed = np.array([prepare(t) for t in texts], dtype=object).reshape(-1, 1)
        probs = self.session.run(["probabilities"], {"text": feed})[0]
        return probs[:, 1].astype(np.float64)

    def score(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability that each ad is fraudulent, at EMSCAD's true fraud rate."""
        p = np.clip(self.raw(texts), 1e-9, 1 - 1e-9)
        z = np.log(p / (1 - p))
        platt = self.meta["platt"]
        return 1.0 / (1.0 + np.exp(-np.clip(platt["a"] * z + platt["b"], -50, 50)))


def load(directory: str | Path | None = None, threads: int = 2) -> Model:
    """Load jobs.onnx and jobs.json from `directory`, or the model shipped in the package."""
    import onnxruntime as ort

    if directory is None:
        base = resources.files("heroes.jobs").joinpath("model")
        blob, meta_text = base.joinpath(MODEL_FILE).read_bytes(), base.joinpath(META_FILE).read_text("utf-8")
    else:
        path = Path(directory)
        blob, meta_text = (path / MODEL_FILE).read_bytes(), (path / META_FILE).read_text("utf-8")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    session = ort.InferenceSession(blob, sess_options=opts, providers=["CPUExecutionProvider"])
    return Model(session, json.loads(meta_text))


@lru_cache(maxsize=1)
def shipped() -> Model:
    """The packaged model, loaded on first use (never at import)."""
    return load()
