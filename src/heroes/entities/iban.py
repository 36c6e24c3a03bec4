"""IBANs by the standard (ISO 13616): a country in the IBAN registry, that country's length and BBAN format, and the
mod-97 check, all from python-stdnum's copy of the registry; printed groups of four are allowed.

Whether python-stdnum's bank list knows the bank code is reported as ``bank_known`` (true or false for the
countries it has a list for, null elsewhere), never used to reject: a closed, merged or unlisted bank must not make
a real IBAN invisible (the registry's own Belgian example, BE68 5390 0754 7034, has a bank code stdnum lacks).

The pattern runs greedily over space-separated groups, so it may swallow the next word ("... 7654 32 para");
we then try the candidate cut at each group boundary, longest first, and keep the first that validates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from stdnum import iban, numdb

from heroes.entities.model import CACHE_SIZE, Entity

# anchored on the check digits (a digit class scans fast; a leading letter class is tried at every letter):
# the match starts two characters before the IBAN, at its country code
IBAN_RE = re.compile(r"[0-9](?<=(?<![A-Za-z0-9])[A-Za-z]{2}[0-9])[0-9](?:[ \u00a0]?[A-Za-z0-9]){11,30}")
_SEPARATORS = " \u00a0"
_LETTERS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
# the bank lists python-stdnum ships for IBAN countries: country -> (numdb table, bank code slice of the IBAN)
BANK_LISTS = {"BE": ("be/banks", 4, 7), "CZ": ("cz/banks", 4, 8)}


def _mod97(value: str) -> bool:
    """The ISO 7064 check alone: a cheap filter before stdnum's country formats."""
    digits = (value[4:] + value[:4]).translate(_LETTERS)
    return digits.isdigit() and int(digits) % 97 == 1


def normalise_iban(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


@lru_cache(maxsize=512)
def _known_country(code: str) -> bool:
    return bool(numdb.get("iban").info(code.upper())[0][1])


@lru_cache(maxsize=CACHE_SIZE)
def _valid(value: str) -> bool:
    return 15 <= len(value) <= 34 and _mod97(value) and iban.is_valid(value, check_country=False)


def bank_known(value: str) -> bool | None:
    """Whether python-stdnum's bank list for the IBAN's country has its bank code; None where it has no list."""
    where = BANK_LISTS.get(value[:2])
    if where is None:
        return None
    table, start, end = where
    return bool(numdb.get(table).info(value[start:end])[0][1])


def is_valid_iban(text: str) -> bool:
    return _valid(normalise_iban(text))


def find_ibans(text: str) -> Iterator[Entity]:
    """IBANs with a valid checksum, written compact or in groups; the longest valid cut wins."""
    pos = 0
    while (m := IBAN_RE.search(text, pos)) is not None:
        pos = m.start() + 1  # a failed candidate may have swallowed the start of the next one
        begin = m.start() - 2
        if not _known_country(text[begin : m.start()]):
            continue
        candidate = text[begin : m.end()]
        compact = candidate.replace(" ", "").replace("\u00a0", "").upper()
        # (characters in the original, characters in the compact form) at each group boundary
        cuts = [
            (i, i - candidate.count(" ", 0, i) - candidate.count("\u00a0", 0, i))
            for i, c in enumerate(candidate)
            if c in _SEPARATORS
        ]
        if not (m.end() < len(text) and text[m.end()].isalnum()):
            cuts.append((len(candidate), len(compact)))
        for end, size in reversed(cuts):
            if 15 <= size <= 34 and _valid(compact[:size]):
                value = compact[:size]
                yield Entity("iban", value, begin, "high", {"bank_known": bank_known(value)})
                pos = begin + end
                break
