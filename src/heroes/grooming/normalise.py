"""One spelling for chat text before matching: lower case, no accents or apostrophes, emoji as words, leetspeak
undone, letters stretched for emphasis shortened, and chat abbreviations expanded (lexicon.yaml). Patterns and the
learned model both read this form, so a misspelt or abbreviated warning sign still matches. The result is plain
ASCII. `spec()` gives the same tables and expressions to the shield page's JavaScript port."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from typing import Any

from heroes.packdata import load_yaml

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_MIXED = re.compile(r"^(?=.*[a-z])(?=.*[0-9@$])[a-z0-9@$]+$")
_AGE = re.compile(r"([0-9]{1,2})[ \t\n\r\f\v]*(yo|yrs?|years?|anos|y/o|m|f)\b", re.ASCII)
_STRETCH = re.compile(r"([a-z])\1{2,}")
_TOKEN = re.compile(r"[a-z0-9@$#]+|\?")
_APOSTROPHES = re.compile(r"['’`´]")


@cache
def lexicon() -> dict:
    return load_yaml("heroes.grooming", "lexicon.yaml")


@cache
def _tables() -> tuple[dict[str, str], re.Pattern[str], dict[str, str]]:
    lex = lexicon()
    abbreviations = {_strip(str(k).lower()): str(v) for k, v in lex["abbreviations"].items()}
    emoji = {str(k): str(v) for k, v in lex["emoji"].items()}
    emoji_re = re.compile("|".join(re.escape(e) for e in sorted(emoji, key=len, reverse=True)))
    return abbreviations, emoji_re, emoji


def combining_ranges() -> list[list[int]]:
    """The code points `_strip` drops after NFKD (`unicodedata.combining`), as [first, last] ranges."""
    ranges: list[list[int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return ranges


def spec() -> dict[str, Any]:
    """The normaliser's tables and expressions, as used here, for the JavaScript port."""
    abbreviations, _, emoji = _tables()
    return {
        "emoji": [[e, emoji[e]] for e in sorted(emoji, key=len, reverse=True)],  # the order _tables compiles
        "abbreviations": abbreviations,
        "leet": {chr(k): v for k, v in _LEET.items()},
        "mixed": _MIXED.pattern,
        "age": _AGE.pattern,
        "stretch": _STRETCH.pattern,
        "token": _TOKEN.pattern,
        "apostrophes": _APOSTROPHES.pattern,
        "combining": combining_ranges(),
    }


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _token(token: str, abbreviations: dict[str, str]) -> str:
    if token in abbreviations:
        return abbreviations[token]
    if _MIXED.match(token):
        undone = token.translate(_LEET)
        return abbreviations.get(undone, undone)
    stretched = _STRETCH.sub(r"\1", token)
    if stretched != token:
        return abbreviations.get(stretched, stretched)
    return token


def normalise(text: str) -> str:
    """The matching form of one message."""
    abbreviations, emoji_re, emoji = _tables()
    text = emoji_re.sub(lambda m: emoji[m.group(0)], text)
    text = _APOSTROPHES.sub("", _strip(text.lower()))
    text = _AGE.sub(r"\1 years", text)
    return " ".join(_token(t, abbreviations) for t in _TOKEN.findall(text))
