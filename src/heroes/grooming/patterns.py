"""The curated stage patterns and context cues (stages.yaml) compiled once: which warning-sign stages one normalised
message shows, with the weight of its strongest matching form, whether it carries a protective cue that damps it,
and the cues the monitor reads in context (a refusal, a family address, a claimed age, a sign of an adult life).

`spec()` is the one source both detectors compile: this package, and the shield page, which gets the same pattern
strings in its bundle (heroes.grooming.bundle). The patterns run on normalised text, which is plain ASCII, so
Python's `re` and JavaScript's RegExp read them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from heroes.packdata import load_yaml

LANGUAGES = ("en", "es")
ADULT_AGE = 18
AGES = range(5, 81)  # a claimed age outside this is a joke or a typo, not a claim


@dataclass(frozen=True)
class Stage:
    name: str
    weight: float
    severe: bool
    reciprocal: bool
    peer: bool
    forms: tuple[tuple[re.Pattern[str], float], ...]  # (pattern, weight) strongest first


@dataclass(frozen=True)
class Cues:
    refusal: re.Pattern[str]
    kin_name: re.Pattern[str]
    kin_address: re.Pattern[str]
    age_claim: tuple[re.Pattern[str], ...]
    adult: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    stages: tuple[Stage, ...]
    protective: re.Pattern[str]  # any protective cue: damps the message
    lasting: re.Pattern[str]  # a cue that explains secrecy for the rest of the chat: damps the author
    protective_factor: float
    author_factor: float
    cues: Cues

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


@dataclass(frozen=True)
class CueReading:
    refusal: bool
    kin_address: bool
    age: int | None  # a claimed age in years
    child: bool  # claims to be a child (an age under 18, or a school year)
    adult: bool


def _join(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _forms(spec: dict, default: float) -> list[tuple[str, float]]:
    forms = []
    for lang in LANGUAGES:
        for entry in spec.get(lang) or ():
            pattern, weight = (
                (entry["pattern"], float(entry["weight"])) if isinstance(entry, dict) else (entry, default)
            )
            forms.append((rf"(?<![a-z]){pattern}", weight))
    return sorted(forms, key=lambda f: -f[1])


@cache
def spec() -> dict[str, Any]:
    """The pattern sources, as compiled here and shipped to the shield page."""
    data = load_yaml("heroes.grooming", "stages.yaml")
    prot, cues = data["protective"], data["cues"]
    return {
        "stages": [
            {
                "name": name,
                "weight": float(s["weight"]),
                "severe": bool(s.get("severe")),
                "reciprocal": bool(s.get("reciprocal")),
                "peer": bool(s.get("peer")),
                "forms": [list(f) for f in _forms(s, float(s["weight"]))],
            }
            for name, s in data["stages"].items()
        ],
        "protective": {
            "pattern": _join([*prot["patterns"], *prot["lasting"]]),
            "lasting": _join(prot["lasting"]),
            "factor": float(prot["factor"]),
            "author_factor": float(prot.get("author_factor", 1.0)),
        },
        "cues": {
            "refusal": _join(cues["refusal"]),
            "kin_name": cues["kin_name"],
            "kin_address": cues["kin_address"],
            "age_claim": list(cues["age_claim"]),
            "adult": _join(cues["adult"]),
        },
    }


@cache
def rules() -> Rules:
    """The grooming rules (stages with their regular expressions, protective cues) compiled from the YAML spec."""
    s = spec()
    cues = s["cues"]
    return Rules(
        tuple(
            Stage(
                st["name"],
                st["weight"],
                st["severe"],
                st["reciprocal"],
                st["peer"],
                tuple((re.compile(p), w) for p, w in st["forms"]),
            )
            for st in s["stages"]
        ),
        re.compile(s["protective"]["pattern"]),
        re.compile(s["protective"]["lasting"]),
        s["protective"]["factor"],
        s["protective"]["author_factor"],
        Cues(
            re.compile(cues["refusal"]),
            re.compile(cues["kin_name"]),
            re.compile(cues["kin_address"]),
            tuple(re.compile(p) for p in cues["age_claim"]),
            re.compile(cues["adult"]),
        ),
    )


def match(norm: str) -> dict[str, float]:
    """Stage -> weight of the strongest pattern of that stage found in one normalised message."""
    found: dict[str, float] = {}
    for stage in rules().stages:
        for pattern, weight in stage.forms:
            if pattern.search(norm):
                found[stage.name] = weight
                break
    return found


def protective(norm: str) -> tuple[bool, bool]:
    """(a protective cue, a lasting one: the parents are in on it, or the secret is a surprise)."""
    r = rules()
    return bool(r.protective.search(norm)), bool(r.lasting.search(norm))


def claimed_age(norm: str) -> tuple[int | None, bool]:
    """(age, claims a child) from the first age-claim pattern that matches; a school year is a child's claim."""
    for pattern in rules().cues.age_claim:
        found = pattern.search(norm)
        if not found:
            continue
        if pattern.groups and found.group(1):
            age = int(found.group(1))
            return (age, age < ADULT_AGE) if age in AGES else (None, False)
        return None, True
    return None, False


def read_cues(norm: str) -> CueReading:
    cues = rules().cues
    age, child = claimed_age(norm)
    return CueReading(
        bool(cues.refusal.search(norm)), bool(cues.kin_address.search(norm)), age, child, bool(cues.adult.search(norm))
    )


def kin_name(norm_author: str) -> bool:
    """A family name or role for a chat author (the normalised contact name), e.g. "Mum", "Tia Ana"."""
    return bool(rules().cues.kin_name.search(norm_author))
