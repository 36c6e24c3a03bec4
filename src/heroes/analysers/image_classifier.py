"""Image classifier: scores unknown images with the ONNX model named by ``settings.classifier`` (and its labels
file) and emits one ``classification`` finding per image with the model, the top label and every label's score.

Does nothing unless a classifier is configured. A model that cannot be loaded is reported once per process as
an ``error`` finding saying which file and why; the other images are then left alone, not failed one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from heroes.core.analyser import Analyser, Damaged, NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding, error

_reported: set[str] = set()  # model load errors already reported in this process


class ImageClassifier(Analyser):
    name = "image_classifier"
    handles = ("image/*",)
    order = 60
    requires = ("onnxruntime", "numpy")

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        from heroes.classify.runner import ClassifierError, load

        model = ctx.settings.classifier
        if not model:
            raise NotMine
        try:
            classifier = load(model, ctx.settings.classifier_labels)
        except ClassifierError as exc:
            if str(exc) in _reported:
                raise NotMine from None
            _reported.add(str(exc))
            return [error(ctx.item.path, f"image classifier disabled: {exc}", self.name, model=model)]
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
                "classification",
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
