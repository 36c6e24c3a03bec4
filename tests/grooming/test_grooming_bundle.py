"""The shield page's bundle: built from the package's sources, shipped up to date, refusing a model graph or a pattern
the page could not run alike; and the hand-written chat format the development and held-out chats use."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import onnx
import pytest
from typer.testing import CliRunner

from heroes.cli.grooming import app
from heroes.grooming import bundle
from heroes.grooming.corpus import CorpusError, first_sign, load_chats
from heroes.grooming.learned import load, model_path
from heroes.grooming.normalise import normalise

runner = CliRunner()


def test_shipped_bundle_is_fresh_and_complete():
    result = runner.invoke(app, ["bundle", "--check"])
    assert result.exit_code == 0, result.output  # else: run `heroes grooming bundle`
    data = json.loads(bundle.OUT.read_text("utf-8"))
    assert {s["name"] for s in data["patterns"]["stages"]} >= {"pressure", "favour", "adult_slip", "threat"}
    assert {lang["code"] for lang in data["explain"]["languages"]} == {"en", "es", "bn"}
    stages = {s["name"] for s in data["patterns"]["stages"]}
    for lang in ("en", "es", "bn"):  # every stage explained, every label translated, in every language
        assert all(data["explain"]["stages"][s][lang] for s in stages)
        assert set(data["explain"]["ui"][lang]) == set(data["explain"]["ui"]["en"])
    lines = data["helplines"]["lines"]
    assert {line["country"] for line in lines} == {c["code"] for c in data["helplines"]["countries"]}
    assert all(line["source"] and line["status"] == "unverified" for line in lines)


def test_model_weights_are_the_onnx_graphs():
    weights = bundle.model_weights(model_path())
    idf = np.frombuffer(base64.b64decode(weights["idf"]), "<f4")
    coef = np.frombuffer(base64.b64decode(weights["coefficients"]), "<f4").reshape(len(weights["classes"]), -1)
    text = normalise("how old r u? dont tell ur mom, add me on snap")
    tokens = re.findall(r"[a-z0-9_]+", text)
    x = np.zeros(weights["features"])
    for i, token in enumerate(tokens):
        for gram in [token, *([f"{token} {tokens[i + 1]}"] if i + 1 < len(tokens) else [])]:
            if gram in weights["ngrams"]:
                x[weights["ngrams"][gram]] += 1
    x = x * idf
    x /= np.linalg.norm(x)
    scores = coef @ x + np.array(weights["intercepts"])
    probs = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    expected = load().predict(text)
    assert max(abs(expected[c] - p) for c, p in zip(weights["classes"], probs, strict=True)) < 1e-5


def test_a_graph_the_page_cannot_run_is_refused(tmp_path):
    model = onnx.load(str(model_path()))
    for node in model.graph.node:
        if node.op_type == "Tokenizer":
            for attr in node.attribute:
                if attr.name == "tokenexp":
                    attr.s = b"[a-zA-Z]+"
    odd = tmp_path / "odd.onnx"
    onnx.save(model, str(odd))
    with pytest.raises(bundle.BundleError, match="tokenizer"):
        bundle.model_weights(odd)


def test_python_only_regex_syntax_is_refused():
    spec = json.loads(json.dumps(bundle.spec()))
    spec["cues"]["refusal"] = r"(?P<no>no)\b"
    with pytest.raises(bundle.BundleError, match="JavaScript"):
        bundle._check_patterns(spec)


def test_hand_written_chats_load(tmp_path):
    path = tmp_path / "chats.yaml"
    path.write_text(
        "- id: x\n  lang: en\n  label: grooming\n  kind: slow\n  chat: |\n"
        "    d1 10:00 G: hi\n    d2 09:30 G: [age] how old are you\n",
        "utf-8",
    )
    [chat] = load_chats(path)
    assert [m["from"] for m in chat["messages"]] == ["G", "G"] and first_sign(chat) == 1
    assert chat["messages"][1]["t"] - chat["messages"][0]["t"] == 86400 - 1800
    path.write_text("- id: y\n  label: benign\n  chat: |\n    d1 10:00 G: ok\n    no time here\n", "utf-8")
    with pytest.raises(CorpusError, match="chat y: line 2"):
        load_chats(path)
