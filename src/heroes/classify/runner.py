"""Runs any ONNX image classifier whose input is one of the documented float tensors (see `features`), with a
labels file, and turns its scores into per-label scores. Sessions are cached per process, failures too, so a
bad model path costs one clear error rather than one crash per item.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from heroes.classify.features import FEATURES, FEATURES_VERSION, decode, features_of, pixels_of
from heroes.core.services import ServiceKey

DEMO_MODEL = Path(__file__).resolve().parent / "model" / "demo.onnx"
_DEFAULT_SIDE = 224  # for a pixels model whose spatial dimensions are dynamic


class ClassifierError(Exception):
    """The model or its labels cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    scores: dict[str, float]


def read_labels(path: Path) -> list[str]:
    """One label per line (blank lines and ``#`` comments skipped), or JSON: a list, or a mapping index -> label."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassifierError(f"labels file {path} cannot be read: {exc}") from None
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ClassifierError(f"labels file {path} is not valid JSON: {exc}") from None
        if isinstance(data, dict):
            try:
                labels = [str(data[k]) for k in sorted(data, key=int)]
            except ValueError:
                raise ClassifierError(f"labels file {path}: JSON object keys must be class indexes") from None
        elif isinstance(data, list):
            labels = [str(v) for v in data]
        else:
            raise ClassifierError(f"labels file {path}: expected a JSON list or object")
    else:
        labels = [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise ClassifierError(f"labels file {path}: need at least two distinct labels, got {labels!r}")
    return labels


def default_labels(model: Path) -> Path:
    return model.with_suffix(".labels")


class Classifier:
    """One loaded model: checks its input against the documented shapes and its output against the labels."""

    def __init__(self, model: Path, labels: Path | None = None):
        import onnxruntime as ort

        self.path = model
        self.labels = read_labels(labels or default_labels(model))
        try:
            blob = model.read_bytes()
        except OSError as exc:
            raise ClassifierError(f"classifier model {model} cannot be read: {exc}") from None
        self.sha256 = hashlib.sha256(blob).hexdigest()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # the engine runs one process per core already
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(blob, options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors for every kind of bad file
            raise ClassifierError(f"classifier model {model} is not a usable ONNX model: {exc}") from None
        self._input, self.kind, self._hw = self._check_input()
        self._output = self._pick_output()

    def _check_input(self) -> tuple[str, str, tuple[int, int]]:
        inputs = self._session.get_inputs()
        if len(inputs) != 1 or inputs[0].type != "tensor(float)":
            raise ClassifierError(
                f"classifier model {self.path}: expected one float tensor input, got "
                f"{[(i.name, i.type) for i in inputs]}"
            )
        shape = inputs[0].shape
        if len(shape) == 2 and shape[1] == len(FEATURES):
            return inputs[0].name, FEATURES_VERSION, (0, 0)
        if len(shape) == 4 and shape[1] == 3:
            h, w = (d if isinstance(d, int) and d > 0 else _DEFAULT_SIDE for d in shape[2:])
            return inputs[0].name, "pixels", (h, w)
        raise ClassifierError(
            f"classifier model {self.path}: input shape {shape} is neither [N, {len(FEATURES)}] "
            f"({FEATURES_VERSION}) nor [N, 3, H, W] (pixels)"
        )

    def _pick_output(self) -> str:
        outs = [o for o in self._session.get_outputs() if o.type == "tensor(float)" and len(o.shape) == 2]
        named = [o for o in outs if "prob" in o.name.lower()]
        for out in named + outs:
            if not isinstance(out.shape[1], int) or out.shape[1] == len(self.labels):
                return out.name
        raise ClassifierError(
            f"classifier model {self.path}: no [N, {len(self.labels)}] float score output "
            f"matching the {len(self.labels)} labels"
        )

    def sample(self, stream: BinaryIO) -> np.ndarray:
        """The model input for one image (raises PIL's errors for undecodable ones)."""
        if self.kind == FEATURES_VERSION:
            return features_of(decode(stream))
        h, w = self._hw
        return pixels_of(decode(stream, max(h, w)), h, w)

    def predict(self, batch: np.ndarray) -> list[Prediction]:
        """Labels and per-label scores for a batch of feature rows; logits are turned into probabilities."""
        raw: Any = self._session.run([self._output], {self._input: batch.astype(np.float32)})[0]
        scores = np.asarray(raw, dtype=np.float64)
        if scores.shape[1] != len(self.labels):
            raise ClassifierError(
                f"classifier model {self.path}: {scores.shape[1]} scores for {len(self.labels)} labels"
            )
        if scores.min() < 0 or not np.allclose(scores.sum(axis=1), 1.0, atol=1e-3):  # logits: make probabilities
            scores = np.exp(scores - scores.max(axis=1, keepdims=True))
            scores /= scores.sum(axis=1, keepdims=True)
        out = []
        for row in scores:
            best = int(row.argmax())
            out.append(
                Prediction(
                    self.labels[best],
                    round(float(row[best]), 6),
                    {lab: round(float(s), 6) for lab, s in zip(self.labels, row, strict=True)},
                )
            )
        return out

    def classify(self, stream: BinaryIO) -> Prediction:
        return self.predict(self.sample(stream)[None, ...])[0]


_CACHE: dict[tuple[str, str, int, int], Classifier | ClassifierError] = {}


def load(model: str | Path, labels: str | Path = "") -> Classifier:
    """The cached classifier for this model and labels file; raises the same ClassifierError on every call
    when it cannot be loaded. A changed model file (size or mtime) is loaded again."""
    path = Path(model)
    lab = Path(labels) if labels else default_labels(path)
    try:
        st = os.stat(path)
        key = (str(path.resolve()), str(lab.resolve()), st.st_size, st.st_mtime_ns)
    except OSError as exc:
        raise ClassifierError(f"classifier model {path} cannot be read: {exc.strerror or exc}") from None
    if key not in _CACHE:
        try:
            _CACHE[key] = Classifier(path, lab)
        except ClassifierError as exc:
            _CACHE[key] = exc
    found = _CACHE[key]
    if isinstance(found, ClassifierError):
        raise found
    return found


class Configured:
    """The classifier a scan names, as one worker holds it: the model, or why it cannot be used, which the image
    classifier reports once (on the first image) rather than on every image."""

    def __init__(self, model: str | Path, labels: str | Path = ""):
        self.model = str(model)
        self.classifier: Classifier | None = None
        self._error: ClassifierError | None = None
        try:
            self.classifier = load(model, labels)
        except ClassifierError as exc:
            self._error = exc

    def take_error(self) -> ClassifierError | None:
        """Why the model cannot be used, the first time this is asked; None after that (and when it loaded)."""
        error, self._error = self._error, None
        return error


CLASSIFIER: ServiceKey[Configured] = ServiceKey("image classifier")
