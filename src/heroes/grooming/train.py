"""`heroes grooming train`: fits the learned part on the labelled development chats (tests/data/grooming: the `train`
split of devset.jsonl and the hand-written kinds.yaml) plus benign turns of Synthetic-Persona-Chat, with fixed
seeds, and writes the ONNX file shipped in the package. Needs the `train` extra (scikit-learn, skl2onnx); running
the model needs only onnxruntime.

The features are exactly what the exported ONNX graph computes, so the model scores at run time what it learnt
(and the shield page's JavaScript port, which reads the graph's weights, scores the same): tokens are runs of
`[a-z0-9_]` (the normalised text is lower-case ASCII), term counts are plain, not sublinear, and every two-word
feature is made of one-word features (onnxruntime's TfIdfVectorizer never counts a pair with a word outside the
one-word features, which scikit-learn's `max_features` allows).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from heroes.grooming.corpus import load_chats
from heroes.grooming.learned import NONE
from heroes.grooming.normalise import normalise
from heroes.grooming.patterns import rules

SEED = 20261105
PERSONA_TURNS = 4000
WORDS = r"[a-z0-9_]+"
MAX_FEATURES = 6000


def devset_messages(paths: Iterable[Path], split: str = "train") -> Iterator[tuple[str, str]]:
    """(text, label) of every message of the development chats' split; untagged messages and stages the model does
    not learn (those raised by a rule, like adult_slip) are "none"."""
    learnt = {s.name for s in rules().stages if s.forms}
    for path in paths:
        for chat in load_chats(path):
            if split and chat.get("split") != split:
                continue
            for m in chat["messages"]:
                stage = m.get("stage")
                yield m["text"], stage if stage in learnt else NONE


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


def vocabulary(texts: list[str], max_features: int = MAX_FEATURES) -> dict[str, int]:
    """The most frequent words and word pairs, keeping only pairs of kept words."""
    from sklearn.feature_extraction.text import CountVectorizer

    counted = CountVectorizer(ngram_range=(1, 2), max_features=max_features, token_pattern=WORDS).fit(texts)
    words = {g for g in counted.vocabulary_ if " " not in g}
    kept = sorted(g for g in counted.vocabulary_ if all(w in words for w in g.split(" ")))
    return {g: i for i, g in enumerate(kept)}


def fit(samples: list[tuple[str, str]], seed: int = SEED):
    """Fit the TF-IDF and logistic-regression message model; warning-sign labels weigh more than 'none'."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = [normalise(t) for t, _ in samples]
    labels = [label for _, label in samples]
    weights = {label: (1.0 if label == NONE else 5.0) for label in set(labels)}
    tfidf = TfidfVectorizer(ngram_range=(1, 2), vocabulary=vocabulary(texts), token_pattern=WORDS)
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight=weights, random_state=seed)
    pipe = Pipeline([("tfidf", tfidf), ("clf", clf)])
    pipe.fit(texts, labels)
    return pipe


def export(pipe, out: Path) -> int:
    """Write the fitted model as ONNX with its classes in the metadata; returns the file's size."""
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


def train(devsets: list[Path], persona: Path | None, out: Path, persona_limit: int = PERSONA_TURNS) -> dict:
    samples = list(devset_messages(devsets))
    if persona and persona.is_file():
        samples += [(t, NONE) for t in persona_turns(persona, persona_limit)]
    pipe = fit(samples)
    size = export(pipe, out)
    counts: dict[str, int] = {}
    for _, label in samples:
        counts[label] = counts.get(label, 0) + 1
    return {"samples": len(samples), "classes": counts, "bytes": size, "out": str(out)}
