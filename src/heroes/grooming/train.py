"""`heroes grooming train`: fits the learned part on the labelled development set (tests/data/grooming, train
split) plus benign turns of Synthetic-Persona-Chat, with fixed seeds, and writes the ONNX file shipped in the
package. Needs the `train` extra (scikit-learn, skl2onnx); running the model needs only onnxruntime."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

from heroes.grooming.learned import NONE
from heroes.grooming.normalise import normalise

SEED = 20261105
PERSONA_TURNS = 4000


def devset_messages(path: Path, split: str = "train") -> Iterator[tuple[str, str]]:
    """(text, label) of every message of the development set's split; unlabelled messages are "none"."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            chat = json.loads(line)
            if split and chat.get("split") != split:
                continue
            for m in chat["messages"]:
                yield m["text"], m.get("stage") or NONE


def persona_turns(path: Path, limit: int, seed: int = SEED) -> list[str]:
    turns: list[str] = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for line in (row.get("Best Generated Conversation") or "").splitlines():
                _, _, text = line.partition(": ")
                if text.strip():
                    turns.append(text.strip())
    random.Random(seed).shuffle(turns)
    return turns[:limit]


def fit(samples: list[tuple[str, str]], seed: int = SEED):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = [normalise(t) for t, _ in samples]
    labels = [label for _, label in samples]
    weights = {label: (1.0 if label == NONE else 5.0) for label in set(labels)}
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, max_features=6000)
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight=weights, random_state=seed)
    pipe = Pipeline([("tfidf", tfidf), ("clf", clf)])
    pipe.fit(texts, labels)
    return pipe


def export(pipe, out: Path) -> int:
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import StringTensorType

    tfidf, clf = pipe.named_steps["tfidf"], pipe.named_steps["clf"]
    onx = convert_sklearn(
        pipe,
        initial_types=[("text", StringTensorType([None, 1]))],
        options={id(tfidf): {"locale": "C.UTF-8"}, id(clf): {"zipmap": False}},
        target_opset=17,
    )
    meta = onx.metadata_props.add()
    meta.key, meta.value = "classes", json.dumps([str(c) for c in clf.classes_])
    data = onx.SerializeToString()
    out.write_bytes(data)
    return len(data)


def train(devset: Path, persona: Path | None, out: Path, persona_limit: int = PERSONA_TURNS) -> dict:
    samples = list(devset_messages(devset))
    if persona and persona.is_file():
        samples += [(t, NONE) for t in persona_turns(persona, persona_limit)]
    pipe = fit(samples)
    size = export(pipe, out)
    counts: dict[str, int] = {}
    for _, label in samples:
        counts[label] = counts.get(label, 0) + 1
    return {"samples": len(samples), "classes": counts, "bytes": size, "out": str(out)}
