"""Fuzzing screening answers: any JSON document is screened or refused with a ScreeningInputError naming the
field; duplicate keys are refused before they reach the rule."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from heroes.inputs import InputError, loads_json
from heroes.screening import ScreeningInputError, screen_answers, screen_indicators

KEYS = st.sampled_from(["age_group", "purpose", "answers", "default", "sector", "AL-DR-01", "ctrl.own_documents"])
SCALARS = st.none() | st.booleans() | st.integers() | st.sampled_from(["yes", "no", "unknown", "adult", "child"])
DOC = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS | st.text(max_size=6), inner, max_size=5),
    max_leaves=20,
)


@given(DOC, st.sampled_from(["indicators", "answers"]))
def test_screening_answers(doc, mode):
    try:
        data = loads_json(json.dumps(doc))
        result = screen_indicators(data) if mode == "indicators" else screen_answers(data)
    except (ScreeningInputError, InputError) as exc:
        assert "\n" not in str(exc)
        return
    assert "sets" in result


@given(st.sampled_from(["answers", "age_group", "AL-DR-01"]), SCALARS, SCALARS)
def test_duplicate_keys_never_pass(key, first, second):
    text = "{" + f'"{key}": {json.dumps(first)}, "{key}": {json.dumps(second)}' + "}"
    try:
        loads_json(text)
    except InputError as exc:
        assert "duplicate key" in str(exc)
    else:
        raise AssertionError("a duplicate key was accepted")
