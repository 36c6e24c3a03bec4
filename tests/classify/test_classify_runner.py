"""The ONNX runner: labels files, documented input shapes, logits turned into probabilities, clear load errors."""

from __future__ import annotations

import io
import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from PIL import Image

from heroes.classify.features import FEATURES, SIZE, decode, features_of
from heroes.classify.runner import DEMO_MODEL, ClassifierError, load, read_labels


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 0)).save(buf, "PNG")
    return buf.getvalue()


def _mean_colour_model(path, side: int | str = 8) -> None:
    """A pixels model: the mean of each channel, scaled, as logits for the labels red, green, blue."""
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, side, side])
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])
    axes = helper.make_tensor("axes", TensorProto.INT64, [2], [2, 3])
    scale = helper.make_tensor("scale", TensorProto.FLOAT, [], [10.0])
    graph = helper.make_graph(
        [
            helper.make_node("ReduceMean", ["image", "axes"], ["m"], keepdims=0),
            helper.make_node("Mul", ["m", "scale"], ["logits"]),
        ],
        "mean",
        [x],
        [y],
        initializer=[axes, scale],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]), str(path))


def test_labels_lines_json_list_and_mapping(tmp_path):
    (tmp_path / "a.labels").write_text("# classes\ncat\n\ndog\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(["x", "y", "z"]), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"1": "second", "0": "first", "10": "eleventh"}), encoding="utf-8")
    assert read_labels(tmp_path / "a.labels") == ["cat", "dog"]
    assert read_labels(tmp_path / "b.json") == ["x", "y", "z"]
    assert read_labels(tmp_path / "c.json") == ["first", "second", "eleventh"]


@pytest.mark.parametrize(
    "text, why",
    [
        ("only\n", "at least two"),
        ("a\na\n", "distinct"),
        ("[1, ", "not valid JSON"),
        ('{"a": "x", "b": "y"}', "class indexes"),
    ],
)
def test_bad_labels_say_why(tmp_path, text, why):
    (tmp_path / "bad.labels").write_text(text, encoding="utf-8")
    with pytest.raises(ClassifierError, match=why):
        read_labels(tmp_path / "bad.labels")


def test_bad_model_file_is_one_clear_error(tmp_path):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx model")
    (tmp_path / "broken.labels").write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(ClassifierError, match=r"broken\.onnx is not a usable ONNX model"):
        load(model)
    with pytest.raises(ClassifierError, match="not a usable ONNX model"):  # cached failure, same message
        load(model)
    with pytest.raises(ClassifierError, match=r"missing\.onnx cannot be read"):
        load(tmp_path / "missing.onnx")


def test_wrong_input_shape_and_label_count_are_rejected(tmp_path):
    model = tmp_path / "pix.onnx"
    _mean_colour_model(model)
    (tmp_path / "two.labels").write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(ClassifierError, match=r"no \[N, 2\] float score output matching the 2 labels"):
        load(model, tmp_path / "two.labels")
    x = helper.make_tensor_value_info("v", TensorProto.FLOAT, ["N", 5])
    graph = helper.make_graph(
        [helper.make_node("Identity", ["v"], ["out"])],
        "g",
        [x],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["N", 5])],
    )
    odd = tmp_path / "odd.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]), str(odd))
    (tmp_path / "odd.labels").write_text("a\nb\nc\nd\ne\n", encoding="utf-8")
    with pytest.raises(ClassifierError, match=r"input shape \['N', 5\]"):
        load(odd)


def test_pixels_model_with_logits_gets_probabilities(tmp_path):
    model = tmp_path / "colours.onnx"
    _mean_colour_model(model)
    (tmp_path / "colours.labels").write_text("red\ngreen\nblue\n", encoding="utf-8")
    clf = load(model)
    assert clf.kind == "pixels"
    pred = clf.classify(io.BytesIO(_png((20, 30, 230))))
    assert pred.label == "blue" and pred.score > 0.9
    assert abs(sum(pred.scores.values()) - 1.0) < 1e-5 and list(pred.scores) == ["red", "green", "blue"]


def test_demo_model_is_tiny_and_features_documented():
    assert DEMO_MODEL.stat().st_size < 1 << 20
    clf = load(DEMO_MODEL)
    assert clf.kind == "features-v1" and clf.labels == ["photo", "screenshot_or_document"]
    assert features_of(Image.new("RGB", (10, 10), (255, 255, 255))).shape == (len(FEATURES),)


def test_transparent_image_is_laid_on_white():
    img = decode(io.BytesIO(_png((0, 0, 0), mode="RGBA")))
    assert img.size == (SIZE, SIZE) and img.mode == "RGB"
    assert np.asarray(img).min() == 255
