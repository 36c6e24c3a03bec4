"""Password rules, after NIST SP 800-63B (5.1.1.2): length and a blocklist, no composition rules.

A password is refused when it is shorter than 12 characters (longer than 1024 is refused too, as the login form
takes no more); when it is repetitive (a block said twice or more: ``aaaaaaaaaaaa``, ``abcabcabcabc``) or
sequential (at most three runs in which each character repeats the last or is its neighbour in the alphabet,
the digits or a keyboard row, either way: ``123456789012``, ``qwertyuiopas``, ``abcdef123456``); when it is on the
shipped list of common and breached passwords (``data/common-passwords.txt.gz``, sources and licences beside it),
also after digits and symbols are stripped from both ends (``Sunshine2024!``); or when it is the user name or the
service name with a few characters added. Passwords are compared and hashed in Unicode NFKC form, so the same
password typed on another keyboard still matches.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

MIN_LENGTH, MAX_LENGTH = 12, 1024
LIST = Path(__file__).parent / "data" / "common-passwords.txt.gz"
SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "1234567890-=",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)
MAX_RUNS = 3
SERVICE = "heroes"
_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def normalize(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    with gzip.open(LIST, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f)


@lru_cache(maxsize=1)
def _neighbours() -> frozenset[tuple[str, str]]:
    pairs = set()
    for seq in SEQUENCES:
        for a, b in pairwise(seq):
            pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


def _repeats_a_block(text: str) -> bool:
    for period in range(1, len(text) // 2 + 1):
        if all(text[i] == text[i - period] for i in range(period, len(text))):
            return True
    return False


def _runs(text: str) -> int:
    """How many stretches of repeated or neighbouring characters ``text`` falls into."""
    near = _neighbours()
    return 1 + sum(1 for a, b in pairwise(text) if a != b and (a, b) not in near)


def _with_padding(text: str, word: str) -> bool:
    """``text`` is ``word`` (3+ characters) with fewer than 8 other characters around or between its copies."""
    return len(word) >= 3 and word in text and len(text.replace(word, "")) < 8


def problem(password: str, user: str = "") -> str | None:
    """Why ``password`` is refused for ``user``, in one line; None when it is acceptable."""
    text = normalize(password)
    if len(text) < MIN_LENGTH:
        return f"the password must have at least {MIN_LENGTH} characters"
    if len(text) > MAX_LENGTH:
        return f"the password must have at most {MAX_LENGTH} characters"
    low = text.lower()
    if _repeats_a_block(low):
        return "the password repeats the same characters or block (like 'aaaaaaaaaaaa')"
    if _runs(low) <= MAX_RUNS:
        return "the password is a sequence (like '123456789012' or 'qwertyuiopas')"
    if low in common():
        return "the password is on a list of common and breached passwords"
    base = _ENDS.sub("", low)
    if base != low and len(base) >= 4 and base in common():
        return "the password is a common password with digits or symbols added"
    if _with_padding(low, user.lower()) or _with_padding(low, SERVICE):
        return "the password is the user name or the service name with a few characters added"
    return None
