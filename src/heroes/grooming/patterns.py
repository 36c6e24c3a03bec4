"""The curated stage patterns (stages.yaml) compiled once: which warning-sign stages one normalised message shows,
with the weight of its strongest matching form, and whether it carries a protective cue that damps it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from heroes.packdata import load_yaml

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Stage:
    name: str
    weight: float
    severe: bool
    forms: tuple[tuple[re.Pattern[str], float], ...]  # (pattern, weight) strongest first


@dataclass(frozen=True)
class Rules:
    stages: tuple[Stage, ...]
    protective: re.Pattern[str]
    protective_factor: float
    author_factor: float

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


def _forms(spec: dict, default: float) -> tuple[tuple[re.Pattern[str], float], ...]:
    forms = []
    for lang in LANGUAGES:
        for entry in spec.get(lang) or ():
            pattern, weight = (
                (entry["pattern"], float(entry["weight"])) if isinstance(entry, dict) else (entry, default)
            )
            forms.append((re.compile(rf"(?<![a-z]){pattern}"), weight))
    return tuple(sorted(forms, key=lambda f: -f[1]))


@cache
def rules() -> Rules:
    data = load_yaml("heroes.grooming", "stages.yaml")
    stages = tuple(
        Stage(name, float(spec["weight"]), bool(spec.get("severe")), _forms(spec, float(spec["weight"])))
        for name, spec in data["stages"].items()
    )
    prot = data["protective"]
    return Rules(
        stages,
        re.compile("|".join(f"(?:{p})" for p in prot["patterns"])),
        float(prot["factor"]),
        float(prot.get("author_factor", 1.0)),
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


def protective(norm: str) -> bool:
    return bool(rules().protective.search(norm))
