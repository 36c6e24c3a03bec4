"""The Entity record every extractor returns, and the keyword-proximity test the unchecksummed ones rely on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Speed note for every pattern here: Python's re scans fast only for a pattern that starts with a literal or a
# case-sensitive character class. A leading look-behind or re.IGNORECASE makes it try every position (5 MB of
# text: ~0.5 s a pattern), so look-behinds come after the first character and case-insensitive words are
# written as "[hH](?i:ttp)".

# validators are pure functions of the candidate string and the same identifier recurs in and across documents
# (an advert's phone number, a site's e-mail): they are memoised, 50-100 us a call otherwise
CACHE_SIZE = 1 << 16

CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True)
class Entity:
    type: str  # email, url, phone, iban, bitcoin, ethereum, monero, onion, pgp_fingerprint, pgp_key, ...
    value: str  # normalised, so the same identifier written two ways compares equal
    offset: int  # character offset of the match in the text
    confidence: str = "high"  # "high" (checksum or unambiguous syntax), "medium", "low"
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def near(text: str, start: int, end: int, keywords: re.Pattern[str], before: int = 80, after: int = 40) -> bool:
    """True when `keywords` matches within `before` characters before or `after` characters after text[start:end]."""
    if keywords.search(text, max(0, start - before), start):
        return True
    return keywords.search(text, end, min(len(text), end + after)) is not None
