"""The ILO/EC 2009 combination rule, exactly as ../shared/data/indicators/README.md §5 writes it.

Kept apart from everything else so that the golden tests exercise this one page: three-valued logic (TRUE, FALSE,
UNKNOWN) per dimension, element and set. The thresholds themselves are read from the knowledge base
(`rules.dimension_positive.any_of`), so a correction to the data needs no code change; `rule_holds` with the
shipped data is the README's `(s>=2) or (s>=1 and m+w>=1) or (m>=3) or (m>=2 and w>=1)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum


class Tri(Enum):
    """A three-valued truth value."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def any3(values: Iterable[Tri]) -> Tri:
    values = list(values)
    if Tri.TRUE in values:
        return Tri.TRUE
    return Tri.FALSE if all(v is Tri.FALSE for v in values) else Tri.UNKNOWN


def all3(values: Iterable[Tri]) -> Tri:
    values = list(values)
    if Tri.FALSE in values:
        return Tri.FALSE
    return Tri.TRUE if all(v is Tri.TRUE for v in values) else Tri.UNKNOWN


def _pattern_holds(pattern: Mapping[str, int], s: int, m: int, w: int) -> bool:
    have = {"strong": s, "medium": m, "weak": w, "medium_or_weak": m + w}
    return all(have[key] >= need for key, need in pattern.items())


def rule_holds(s: int, m: int, w: int, patterns: Sequence[Mapping[str, int]]) -> bool:
    """True when the strong/medium/weak counts meet any 'at least' pattern of the threshold rule."""
    return any(_pattern_holds(p, s, m, w) for p in patterns)


def counts(strengths: Iterable[str]) -> tuple[int, int, int]:
    strengths = list(strengths)
    return strengths.count("strong"), strengths.count("medium"), strengths.count("weak")


def dimension_status(
    indicators: Sequence[tuple[str, str]], answers: Mapping[str, str], patterns: Sequence[Mapping[str, int]]
) -> Tri:
    """Status of one dimension of one set. `indicators` is [(id, strength)]; unanswered ids count as unknown."""
    yes = [strength for ind, strength in indicators if answers.get(ind) == "yes"]
    maybe = [strength for ind, strength in indicators if answers.get(ind, "unknown") == "unknown"]
    if rule_holds(*counts(yes), patterns):
        return Tri.TRUE
    if not rule_holds(*counts(yes + maybe), patterns):  # rule_holds is monotone in every count
        return Tri.FALSE
    return Tri.UNKNOWN


def flag_status(indicators: Sequence[tuple[str, str]], answers: Mapping[str, str]) -> Tri:
    """README §7 sensitive screening flag: one strong or medium `yes` flags a dimension (not the ILO rule)."""
    relevant = [(ind, s) for ind, s in indicators if s in ("strong", "medium")]
    if any(answers.get(ind) == "yes" for ind, _ in relevant):
        return Tri.TRUE
    if any(answers.get(ind, "unknown") == "unknown" for ind, _ in relevant):
        return Tri.UNKNOWN
    return Tri.FALSE


def set_elements(rule: str) -> list[str]:
    """Elements a set needs: adults all three, children no coercion element."""
    if rule == "adult":
        return ["recruitment", "exploitation", "coercion"]
    if rule == "child":
        return ["recruitment", "exploitation"]
    raise ValueError(f"unknown set rule {rule!r}")


POTENTIAL_VICTIM = {Tri.TRUE: True, Tri.FALSE: False, Tri.UNKNOWN: "insufficient_information"}
