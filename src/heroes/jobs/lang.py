"""Which language an ad is in: Bengali by its script, English or Spanish by common words.

Enough to pick the language of the explanations and advice, and to know where the text model (trained on English
and Spanish ads only) may be used.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-záéíóúñü]+")
_EN = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "you",
        "your",
        "we",
        "our",
        "is",
        "are",
        "will",
        "be",
        "in",
        "on",
        "at",
        "this",
        "that",
        "job",
        "work",
        "from",
    }
)
_ES = frozenset(
    {
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "y",
        "en",
        "para",
        "con",
        "usted",
        "su",
        "sus",
        "nosotros",
        "es",
        "son",
        "trabajo",
        "por",
        "una",
        "un",
        "que",
        "se",
        "al",
        "sin",
        "muy",
        "más",
    }
)


#: languages the EMSCAD text model was trained on; elsewhere only the red flags speak
MODEL_LANGS = ("en", "es")
BENGALI_SHARE = 0.3  # of the letters in the sample: Bengali ads often carry English words, names and numbers


_BENGALI = re.compile("[\u0980-\u09ff]")


def bengali_share(text: str) -> float:
    """Share of the letters in `text` that are in the Bengali block (U+0980-U+09FF)."""
    letters = bengali = 0
    for c in text:
        if c.isalpha() or "\u0980" <= c <= "\u09ff":
            letters += 1
            bengali += "\u0980" <= c <= "\u09ff"
    return bengali / letters if letters else 0.0


def is_bengali(text: str) -> bool:
    """True when the Bengali script carries the first 5,000 characters (a fast test: batches call it per ad)."""
    return _BENGALI.search(text, 0, 5000) is not None and bengali_share(text[:5000]) >= BENGALI_SHARE


def detect(text: str) -> str:
    """'bn' when the Bengali script carries the ad; else 'es' when Spanish function words outnumber English ones in
    the first 5,000 characters; else 'en'."""
    if is_bengali(text):
        return "bn"
    en = es = 0
    for word in _WORD.findall(text[:5000].lower()):
        en += word in _EN
        es += word in _ES
    return "es" if es > en else "en"
