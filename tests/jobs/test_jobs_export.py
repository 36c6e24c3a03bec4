"""The fast ONNX export (features.tag_field, export.to_onnx): same scores as scikit-learn, fields tagged as trained."""

from __future__ import annotations

import json

import numpy as np
import pytest

from heroes.jobs import check_rows
from heroes.jobs import model as M
from heroes.jobs.export import to_onnx
from heroes.jobs.features import compose, prepare, tag_field
from heroes.jobs.runtime import load

TAGGED = ("title", "company_profile")


def test_tag_field_marks_words_empty_and_absent_fields():
    row = {"title": "Sales Agent", "company_profile": "", "description": "Sell things."}
    assert tag_field(row, "title") == "ztsales ztagent"
    assert tag_field(row, "company_profile") == "zcnone"
    assert tag_field(row, "benefits") == ""  # free text or a CSV without the column: nothing is claimed
    text = compose(row, tagged=TAGGED)
    assert text.startswith("Sales Agent\nSell things.") and text.endswith("ztsales ztagent\nzcnone")


def test_tagged_export_agrees_with_scikit_learn(emscad_sample, tmp_path):
    labels = np.array([int(r["fraudulent"]) for r in emscad_sample])
    cand = M.Candidate(2, 30.0, max_features=2000, tagged=TAGGED)
    texts = np.array([prepare(compose(r, tagged=TAGGED)) for r in emscad_sample], dtype=object)
    pipe = cand.pipeline().fit(texts, labels)
    (tmp_path / M.MODEL_FILE).write_bytes(to_onnx(pipe))
    meta = {"candidate": {**cand.__dict__, "tagged": list(TAGGED)}, "platt": {"a": 1.0, "b": 0.0}, "threshold": 0.5}
    (tmp_path / M.META_FILE).write_text(json.dumps(meta))
    model = load(tmp_path)
    rows = [*emscad_sample[:40], {"title": "x"}, {"description": "Información ÁRBOL"}]
    onnx = model.raw([model.compose(r) for r in rows])
    sk = pipe.predict_proba(np.array([prepare(compose(r, tagged=TAGGED)) for r in rows], dtype=object))[:, 1]
    np.testing.assert_allclose(onnx, sk, atol=1e-5)
    assert onnx.min() > 0.0 and onnx.max() < 1.0
    # the batch path feeds the model the tagged text, so its risk is the model's score (no flags on EMSCAD rows)
    recs = list(check_rows(rows[:5], model))
    assert [r["risk"] for r in recs] == pytest.approx(model.score([model.compose(r) for r in rows[:5]]), abs=1e-4)


def test_export_refuses_a_vectorizer_it_cannot_reproduce(emscad_sample):
    texts = np.array([prepare(compose(r)) for r in emscad_sample], dtype=object)
    pipe = M.Candidate(1, 10.0, max_features=500, binary=False).pipeline()
    pipe.fit(texts, [int(r["fraudulent"]) for r in emscad_sample])
    with pytest.raises(ValueError, match="binary"):
        to_onnx(pipe)
