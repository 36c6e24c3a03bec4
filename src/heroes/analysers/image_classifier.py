"""Image classifier: scores unknown images with the ONNX model named by ``settings.classifier`` (and its labels
file) and emits one ``classification`` finding per image with the model, the top label and every label's score.

Does nothing unless a classifier is configured; the model is the engine's `CLASSIFIER` service. A model that cannot
be loaded is reported once per worker as an ``error`` finding saying which file and why; the other images are then
left alone, not failed one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from heroes.classify.runner import CLASSIFIER
from heroes.core.analyser import Analyser, Damaged, NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding, error
from heroes.core.kinds import KindSpec

CLASSIFICATION = KindSpec("classification", "Image classification")


class ImageClassifier(Analyser):
    """Scores images with the ONNX classifier the engine hands in as a service, to rank them for review."""

    name = "image_classifier"
    handles = ("image/*",)
    order = 60
    requires = ("onnxruntime", "numpy")

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        """One `classification` finding per decodable image; the classifier's load failure is reported once per
        worker."""
        configured = ctx.services.get(CLASSIFIER)
        if configured is None:
            raise NotMine
        classifier, model = configured.classifier, configured.model
        if classifier is None:
            failure = configured.take_error()
            if failure is None:
                raise NotMine  # already reported by this worker
            return [error(ctx.item.path, f"image classifier disabled: {failure}", self.name, model=model)]
        try:
            with ctx.open() as stream:
                sample = classifier.sample(stream)
        except UnidentifiedImageError:
            raise NotMine from None  # a type Pillow does not read (SVG, raw): nothing to classify
        except (Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
            raise Damaged(f"image cannot be decoded for classification: {exc}") from None
        pred = classifier.predict(sample[None, ...])[0]
        return [
            Finding(
                CLASSIFICATION.name,
                ctx.item.path,
                {
                    "model": Path(model).name,
                    "model_sha256": classifier.sha256,
                    "input": classifier.kind,
                    "label": pred.label,
                    "score": pred.score,
                    "labels": list(pred.scores),
                    "scores": list(pred.scores.values()),
                },
                analyser=self.name,
            )
        ]
