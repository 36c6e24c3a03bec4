"""Job ads posted as pictures: drawn here from text (Pillow), read with Tesseract, then scored like typed ads."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from heroes.jobs import BadInput, check_input, check_picture, ocr

from .conftest import BENGALI_LURE, lure_set, render

LURE = next(a for a in lure_set("devset") if a["id"] == "d-en-l04")  # passport held, rent taken from pay
GENUINE = next(a for a in lure_set("devset") if a["id"] == "d-en-g01")


def test_lure_as_png_is_high_risk_with_explained_flags():
    result = check_picture(render.render(LURE["text"], "plain", "en", "PNG"))
    assert result["label"] == "fraudulent" and result["risk"] >= 0.5
    flags = result["red_flags"]
    assert len(flags) >= 2 and all(f["text"] and f["advice"] for f in flags)
    assert {"documents_withheld", "costs_deducted"} <= {f["id"] for f in flags}
    assert "passport" in result["ocr"]["text"] and result["ocr"]["confidence"] > 60


def test_genuine_ad_as_png_stays_low():
    result = check_input(render.render(GENUINE["text"], "dark", "en", "PNG"))
    assert result["label"] == "legitimate" and "ocr" in result


def test_two_column_flyer_is_read_column_by_column():
    reading = ocr.read(render.render(LURE["text"], "flyer", "en", "WEBP"))
    flat = " ".join(reading.text.split())
    assert "employer will hold your passport" in flat  # the sentence crosses from the left column to the right


def test_bengali_lure_as_low_contrast_screenshot():
    result = check_picture(render.render(BENGALI_LURE, "lowcontrast", "bn", "PNG"))
    assert result["lang"] == "bn" and result["label"] == "fraudulent" and len(result["red_flags"]) >= 2


def test_a_picture_without_text_says_it_could_not_be_read():
    out = io.BytesIO()
    # seeded noise: Image.effect_noise is not seeded, and in one full run its picture read as a word
    noise = np.random.default_rng(7).normal(128, 60, (300, 400)).clip(0, 255).astype(np.uint8)
    Image.fromarray(noise).save(out, "PNG")
    with pytest.raises(BadInput, match="could not be read"):
        check_picture(out.getvalue())


def test_damaged_and_oversized_pictures_are_refused():
    png = render.render("Cook wanted", "plain", "en", "PNG")
    with pytest.raises(BadInput, match="cannot be decoded"):
        check_picture(png[:60])
    huge = io.BytesIO()
    Image.new("1", (8000, 6000)).save(huge, "PNG")
    with pytest.raises(BadInput, match="too large"):
        check_picture(huge.getvalue())


def test_picture_signatures():
    assert ocr.is_picture(render.render("x y", "plain", "en", "PNG"))
    assert ocr.is_picture(render.render("x y", "plain", "en", "JPEG"))
    assert ocr.is_picture(render.render("x y", "plain", "en", "WEBP"))
    assert not ocr.is_picture(b"Cook wanted. Apply with your CV.")
    assert not ocr.is_picture(b"RIFF\x00\x00\x00\x00WAVEfmt ")


def test_dark_theme_is_inverted_to_black_on_white():
    img = ocr.prepare(render.render("Cook wanted in Leeds", "dark", "en", "PNG"))
    counts = img.convert("L").histogram()
    assert counts[255] > counts[0]  # mostly white paper, dark letters


def test_columns_split_only_on_a_shared_gap():
    def line(*spans):
        return [(a, b, w) for a, b, w in spans]

    two = [
        line((0, 90, "Head"), (100, 300, "line")),  # crosses nothing: above the columns, full width
        line((0, 100, "a1"), (600, 700, "b1")),
        line((0, 100, "a2"), (600, 700, "b2")),
    ]
    assert ocr._columns(two, 1000) == ["Head line", "a1", "a2", "b1", "b2"]
    prose = [line((0, 100, "one"), (110, 200, "two")), line((0, 100, "three"), (110, 200, "four"))]
    assert ocr._columns(prose, 1000) == ["one two", "three four"]
