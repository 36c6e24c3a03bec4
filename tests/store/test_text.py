from __future__ import annotations

import json
import math

from heroes.store import text


def test_plain_text_is_stored_as_is():
    assert text.split("docs/report.pdf") == ("docs/report.pdf", None)
    assert text.split("Ελληνικά/ファイル.txt") == ("Ελληνικά/ファイル.txt", None)


def test_undecodable_name_shows_its_byte_and_keeps_the_exact_value():
    name = "caf\udce9.txt"  # b"caf\xe9.txt" decoded with surrogateescape
    shown, exact = text.split(name)
    assert shown == "caf\\xe9.txt"
    assert exact is not None and exact.isascii()
    assert text.join(shown, exact) == name
    shown.encode("utf-8")  # storable anywhere


def test_nul_and_unpaired_surrogates_round_trip():
    for name in ["a\x00b", "x\ud800y", "\udcff"]:
        shown, exact = text.split(name)
        assert "\x00" not in shown
        shown.encode("utf-8")
        assert text.join(shown, exact) == name


def test_dumps_is_ascii_and_exact():
    value = {"s": "caf\udce9\x00", "n": [1, 2.5, None, True], "u": "ü"}
    out = text.dumps(value)
    assert out.isascii()
    assert json.loads(out) == value


def test_dumps_replaces_non_finite_floats_and_stringifies_foreign_types():
    out = json.loads(text.dumps({"a": math.nan, "b": [math.inf], "c": b"x"}))
    assert out == {"a": None, "b": [None], "c": "b'x'"}
