"""Phone numbers, E.164-normalised. phonenumbers with Leniency.VALID decides; we only look where a number is
announced: a '+', a 'tel:' link, or a keyword (phone, call, whatsapp, teléfono, móvil...) when a region hint is
given. Leniency.POSSIBLE, or scanning every digit run, reports order numbers, amounts and timestamps as phones.

The matcher is pure Python and slow (about 0.1 ms a candidate), so it only ever sees small windows around those
triggers: for '+' numbers just the digits the pattern found, for keywords and 'tel:' the next few dozen characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from heroes.entities.model import CACHE_SIZE, Entity

# a run of 7-18 digits with short separators; '+' optional (the '+' path requires it)
CANDIDATE_RE = re.compile(r"(?<![A-Za-z0-9+])\+?\(?\d(?:[ \u00a0().\-/]{0,3}\d){6,17}")  # only used with .match
PLUS_RE = re.compile(r"\+(?<![A-Za-z0-9+]\+)\(?\d(?:[ \u00a0().\-/]{0,3}\d){6,17}")
TEL_RE = re.compile(r"[tT](?<![A-Za-z0-9_][tT])(?i:el:)(?://)?")
# first letters as a case-sensitive class (fast scan), then the exact word checked at that position
KEYWORD_START_RE = re.compile(
    r"[pPtTcCmMsSwWlLnN](?<![A-Za-z][A-Za-z])"
    r"(?i:hone|elephone|el|lf|fno|elf|all|ell|obile|ms|hats ?app|[óo]vil|el[ée]fono|elular|l[áa]ma|ontacto|[úu]mero)"
)
KEYWORD_RE = re.compile(
    r"(?:phone|telephone|tel|tlf|tfno|telf|call|cell|mobile|sms|whats ?app|m[óo]vil|tel[ée]fono|celular|"
    r"ll[áa]ma(?:me|nos)?|contacto|n[úu]mero)\b",
    re.IGNORECASE,
)
_START = 48  # characters after a keyword within which the number must start


def normalise_region(region: str) -> str | None:
    region = (region or "").strip().upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


@lru_cache(maxsize=CACHE_SIZE)
def to_e164(number: str, region: str | None = None) -> str | None:
    """E.164 form of a valid number ("+" and digits, or national with `region`), else None."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


class _Matcher:
    """Leniency.VALID matching on one candidate plus a character of context either side, cached per text:
    adverts repeat the same number many times."""

    def __init__(self, text: str, region: str | None):
        self.text, self.region = text, region
        self.cache: dict[str, list[tuple[int, str, str]]] = {}

    def __call__(self, candidate: re.Match[str]) -> list[tuple[int, str, str]]:
        """(offset in text, raw string, E.164) of the valid numbers in and around the candidate."""
        start = max(0, candidate.start() - 1)
        window = self.text[start : candidate.end() + 1]
        if window not in self.cache:
            self.cache[window] = [
                (m.start, m.raw_string, phonenumbers.format_number(m.number, PhoneNumberFormat.E164))
                for m in PhoneNumberMatcher(window, self.region, leniency=Leniency.VALID)
            ]
        return [(start + offset, raw, e164) for offset, raw, e164 in self.cache[window]]


def find_phones(text: str, region: str = "") -> Iterator[Entity]:
    """Phone numbers in E.164: international (+...), after tel:, and national ones after a keyword with a region
    hint."""
    hint = normalise_region(region)
    international, national = _Matcher(text, None), _Matcher(text, hint)
    seen: set[int] = set()
    for m in PLUS_RE.finditer(text):
        for offset, raw, e164 in international(m):
            if offset == m.start() and raw.startswith("+") and offset not in seen:
                seen.add(offset)
                yield Entity("phone", e164, offset, "high")
    for m in TEL_RE.finditer(text):
        candidate = CANDIDATE_RE.match(text, m.end())
        for offset, _raw, e164 in national(candidate) if candidate else ():
            if offset == m.end() and offset not in seen:
                seen.add(offset)
                yield Entity("phone", e164, offset, "high", {"trigger": "tel:"})
    if hint is None:
        return
    for start in KEYWORD_START_RE.finditer(text):
        if (keyword := KEYWORD_RE.match(text, start.start())) is None:
            continue
        after = keyword.end()
        for candidate in CANDIDATE_RE.finditer(text, after, min(len(text), after + _START + 80)):
            if candidate.start() - after > _START:
                break
            for offset, _raw, e164 in national(candidate):
                if offset not in seen:
                    seen.add(offset)
                    yield Entity("phone", e164, offset, "medium", {"region": hint})
