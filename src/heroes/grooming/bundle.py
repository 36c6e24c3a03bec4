"""The shield page's bundle: everything the on-device detector needs, compiled from the sources this package runs on,
so the page and `GroomingMonitor` give the same risk. Built by `heroes grooming bundle` (and after `heroes grooming
train`), written to heroes/web/static/shield/bundle.json and shipped in the package; a test fails when it is stale.

What goes in: the normaliser's tables and expressions (lexicon.yaml, normalise.py, and the code points Python
strips as combining marks), the stage patterns and cues as `patterns.spec()` compiles them, the monitor's
`Settings`, the learned model's weights read out of model.onnx (the graph `train.py` exports: tokens, term
counts times idf, L2 norm, a linear layer and softmax, which detector.js computes the same way), and the
explanations and help lines the page shows (explain.yaml, helplines.yaml). Building needs the `onnx` package (it
comes with the `train` extra); serving and running the bundle need nothing more than the dashboard.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from heroes.grooming import normalise as norm
from heroes.grooming.learned import model_path
from heroes.grooming.monitor import Settings
from heroes.grooming.patterns import spec
from heroes.packdata import load_yaml

BUNDLE_VERSION = 1
OUT = Path(__file__).resolve().parents[1] / "web" / "static" / "shield" / "bundle.json"
GRAPH = [
    "Reshape",
    "StringNormalizer",
    "Tokenizer",
    "Flatten",
    "TfIdfVectorizer",
    "Mul",
    "Normalizer",
    "LinearClassifier",
    "Normalizer",
]
TOKENS = "[a-z0-9_]+"
# Python-only regular-expression syntax that JavaScript would read otherwise or reject
_PY_ONLY = re.compile(r"\(\?P|\(\?#|\(\?[aiLmsux]|\\[AZ]|\(\?>|[*+?}][+]")


class BundleError(ValueError):
    pass


def _normaliser() -> dict[str, Any]:
    out = norm.spec()
    for value in [*out["abbreviations"].values(), *(r for _, r in out["emoji"])]:
        if not value.isascii():
            raise BundleError(f"lexicon value {value!r} is not ASCII: patterns assume ASCII normalised text")
    return out


def _attrs(node) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _f32(values) -> str:
    import numpy as np

    return base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")


def model_weights(path: Path) -> dict[str, Any]:
    """The learned model as plain weights: n-gram -> feature, idf, coefficients (classes x features), intercepts."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    ops = [n.op_type for n in graph.node]
    if ops != GRAPH:
        raise BundleError(f"{path}: model graph {ops} is not the one the page can run ({GRAPH}); retrain it")
    # the last Normalizer (L1, after the softmax) changes nothing
    tok, tfidf, l2, lin = (
        _attrs(graph.node[GRAPH.index(op)]) for op in ("Tokenizer", "TfIdfVectorizer", "Normalizer", "LinearClassifier")
    )
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    if tok["tokenexp"].decode() != TOKENS or tok.get("mark", 0) or tok.get("mincharnum", 1) != 1:
        raise BundleError(f"{path}: tokenizer {tok} is not {TOKENS!r}")
    if tfidf["mode"] != b"TF" or tfidf["min_gram_length"] != 1 or tfidf["max_gram_length"] != 2:
        raise BundleError(f"{path}: n-grams {tfidf} are not 1-2 word term counts")
    if tfidf.get("max_skip_count", 0) != 0 or l2["norm"] != b"L2":
        raise BundleError(f"{path}: expected contiguous n-grams and an L2 norm")
    if lin["post_transform"] != b"SOFTMAX":
        raise BundleError(f"{path}: expected a softmax classifier")
    pool = [s.decode() for s in tfidf["pool_strings"]]
    indexes, unigrams = list(tfidf["ngram_indexes"]), int(tfidf["ngram_counts"][1])
    ngrams = {w: indexes[i] for i, w in enumerate(pool[:unigrams])}
    for j in range(unigrams, len(pool), 2):
        ngrams[f"{pool[j]} {pool[j + 1]}"] = indexes[unigrams + (j - unigrams) // 2]
    classes = [c.decode() for c in lin["classlabels_strings"]]
    idf = init[graph.node[GRAPH.index("Mul")].input[1]]
    if len(lin["coefficients"]) != len(classes) * len(idf):
        raise BundleError(f"{path}: {len(lin['coefficients'])} coefficients for {len(classes)} x {len(idf)}")
    return {
        "classes": classes,
        "features": len(idf),
        "ngrams": ngrams,
        "idf": _f32(idf),
        "coefficients": _f32(lin["coefficients"]),
        "intercepts": [float(x) for x in lin["intercepts"]],
    }


def _check_patterns(patterns: dict[str, Any]) -> dict[str, Any]:
    """The pattern spec with each age-claim pattern marked for a capture group; Python-only syntax refused."""
    cues = patterns["cues"]
    sources = [f[0] for st in patterns["stages"] for f in st["forms"]]
    sources += [patterns["protective"]["pattern"], patterns["protective"]["lasting"], cues["refusal"]]
    sources += [cues["kin_name"], cues["kin_address"]]
    sources += [*cues["age_claim"], cues["adult"]]
    for source in sources:
        if _PY_ONLY.search(source):
            raise BundleError(f"pattern {source!r} uses syntax JavaScript reads differently")
    claims = [[p, re.compile(p).groups > 0] for p in cues["age_claim"]]
    return {**patterns, "cues": {**cues, "age_claim": claims}}


def build() -> dict[str, Any]:
    return {
        "version": BUNDLE_VERSION,
        "normaliser": _normaliser(),
        "patterns": _check_patterns(spec()),
        "settings": dataclasses.asdict(Settings()),
        "model": model_weights(model_path()),
        "explain": load_yaml("heroes.grooming", "explain.yaml"),
        "helplines": load_yaml("heroes.grooming", "helplines.yaml"),
    }


def dumps(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def write(out: Path = OUT) -> int:
    """Build the bundle and write it; returns its size in bytes."""
    data = dumps(build()).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return len(data)
