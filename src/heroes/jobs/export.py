"""The fitted TF-IDF + logistic regression as a fast ONNX graph: one string per ad in, probabilities out.

skl2onnx's graph L2-normalises every ad's dense 20,000-wide TF-IDF row with the `Normalizer` op, then applies a
`LinearClassifier`: more than half of the scoring time went there. With binary term frequencies (x is 0 or 1) the
same decision value is one matrix product with two columns, because

    w . (x * idf) / ||x * idf||  =  (x . (w * idf)) / sqrt(x . idf^2)     (x^2 = x).

So the graph keeps skl2onnx's tokenizer and n-gram counter (switched to mode IDF with unit weights: it outputs
the 0/1 presence itself) and replaces the rest with MatMul, Sqrt, Div and Sigmoid: about 4x faster. Scores equal
scikit-learn's to float32 rounding (tests check this).
"""

from __future__ import annotations

from typing import Any

import numpy as np

TOKEN = r"[a-z0-9_]{2,}"  # noqa: S105 - a token pattern, not a password


def to_onnx(pipe: Any) -> bytes:
    """The fitted pipeline (steps `tfidf`, binary, and `clf`, a binary linear model) as serialised ONNX."""
    from onnx import TensorProto, helper, numpy_helper
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import StringTensorType

    tfidf, clf = pipe.named_steps["tfidf"], pipe.named_steps["clf"]
    if not tfidf.binary or tfidf.norm != "l2" or not tfidf.use_idf:
        raise ValueError("the fast export needs a binary, idf-weighted, L2-normalised TfidfVectorizer")
    # C.UTF-8: the machines have no en_US locale, which onnxruntime's StringNormalizer wants by default
    options = {id(tfidf): {"locale": "C.UTF-8", "tokenexp": TOKEN}, id(clf): {"zipmap": False}}
    onx = convert_sklearn(
        pipe, "heroes_jobs", initial_types=[("text", StringTensorType([None, 1]))], options=options, target_opset=17
    )
    graph = onx.graph
    counter = next(n for n in graph.node if n.op_type == "TfIdfVectorizer")
    keep = []
    for node in graph.node:
        keep.append(node)
        if node is counter:
            break
    # mode IDF with unit weights: the op itself outputs 1 for a present n-gram (binary=True), 0 otherwise
    attrs = {a.name: a for a in counter.attribute}
    width = len(helper.get_attribute_value(attrs["ngram_indexes"]))
    del counter.attribute[:]
    for name, attr in sorted(attrs.items()):
        if name == "mode":
            counter.attribute.append(helper.make_attribute("mode", "IDF"))
        elif name == "weights":
            continue
        else:
            counter.attribute.append(attr)
    counter.attribute.append(helper.make_attribute("weights", [1.0] * width))
    idf = tfidf.idf_.astype(np.float64)
    w = clf.coef_.ravel().astype(np.float64)
    kernel = np.stack([w * idf, idf * idf], axis=1).astype(np.float32)
    inits = [
        numpy_helper.from_array(kernel, "kernel"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array(1e-12, dtype=np.float32), "tiny"),
        numpy_helper.from_array(np.array(float(clf.intercept_[0]), dtype=np.float32), "bias"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
    ]
    n = helper.make_node
    keep += [
        n("MatMul", [counter.output[0], "kernel"], ["dots"]),
        n("Split", ["dots"], ["num", "sq"], axis=1),
        n("Sqrt", ["sq"], ["norm"]),
        n("Max", ["norm", "tiny"], ["safe_norm"]),  # an ad without known n-grams: decision = intercept
        n("Div", ["num", "safe_norm"], ["scaled"]),
        n("Add", ["scaled", "bias"], ["decision"]),
        n("Sigmoid", ["decision"], ["p1"]),
        n("Sub", ["one", "p1"], ["p0"]),
        n("Concat", ["p0", "p1"], ["probabilities"], axis=1),
        n("Greater", ["decision", "zero"], ["positive"]),
        n("Cast", ["positive"], ["label_2d"], to=TensorProto.INT64),
        n("Squeeze", ["label_2d", "axis1"], ["label"]),
    ]
    outputs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2]),
    ]
    new = helper.make_graph(keep, "heroes_jobs", list(graph.input), outputs, inits)
    opsets = [
        helper.make_opsetid(o.domain, o.version)
        for o in sorted(onx.opset_import, key=lambda o: o.domain)
        if o.domain != "ai.onnx.ml"
    ]
    model = helper.make_model(new, opset_imports=opsets, producer_name="heroes.jobs")
    model.ir_version = onx.ir_version
    return model.SerializeToString()
