"""Plain text decoding: BOMs, UTF-8, UTF-16 without a BOM, Windows-1252 and Latin-1 fallbacks, partial reads."""

from __future__ import annotations

import codecs

import pytest

from heroes.text import plain


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("héllo wörld".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "héllo wörld".encode(), "utf-8-sig"),
        ("héllo wörld".encode("utf-16"), "utf-16"),
        ("héllo wörld".encode("utf-32"), "utf-32"),
        ("héllo wörld".encode("utf-16-le"), "utf-16-le"),
        ("héllo wörld".encode("utf-16-be"), "utf-16-be"),
        ("héllo wörld".encode("cp1252"), "cp1252"),
    ],
)
def test_decodes(data, encoding):
    assert plain.decode(data) == ("héllo wörld", encoding)


def test_latin1_never_fails():
    text, encoding = plain.decode(b"\x81\x8d\xff")
    assert encoding == "latin-1"
    assert text == "\x81\x8d\xff"


def test_partial_read_cut_inside_a_character_stays_utf8():
    data = "abc é".encode()[:-1]  # the read stopped inside "é"
    assert plain.decode(data, partial=True) == ("abc ", "utf-8")
    assert plain.decode(data, partial=False)[1] != "utf-8"


def test_extract_records_encoding():
    got = plain.extract("tel +352 621 000 000".encode("utf-16"), max_chars=100, partial=False)
    assert got.text == "tel +352 621 000 000"
    assert got.metadata == {"encoding": "utf-16"}
