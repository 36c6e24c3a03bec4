"""Trafficking-recruitment red flags: the rules in `redflags.yaml`, each found in an ad with its evidence span.

The rules are data so an NGO can read, review and extend them without touching code; each rule is tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from heroes.packdata import load_yaml

LANGS = ("en", "es")


@dataclass(frozen=True)
class Rule:
    id: str
    weight: float
    strong: bool
    title: dict[str, str]
    explain: dict[str, str]
    advice: dict[str, str]
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None


def _compile(patterns: list[str]) -> re.Pattern[str]:
    # applied to lower-cased text: without IGNORECASE, Python's re scans several times faster
    return re.compile("|".join(f"(?:{p})" for p in patterns).lower())


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return load_yaml("heroes.jobs", "redflags.yaml")


def general_advice(lang: str) -> str:
    """What to tell a job seeker when no red flag fires."""
    return str(_raw()["general_advice"][lang])


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The rule set, loaded once from the package."""
    raw = _raw()
    out = []
    for r in raw["rules"]:
        for field in ("title", "explain", "advice"):
            missing = set(LANGS) - set(r[field])
            if missing:
                raise ValueError(f"red flag {r['id']}: {field} lacks {sorted(missing)}")
        out.append(
            Rule(
                r["id"],
                float(r["weight"]),
                bool(r.get("strong", True)),
                r["title"],
                r["explain"],
                r["advice"],
                tuple(r["keywords"]),
                _compile(r["patterns"]),
                _compile(r["requires"]) if r.get("requires") else None,
            )
        )
    ids = [r.id for r in out]
    if len(ids) != len(set(ids)):
        raise ValueError("red flag ids must be unique")
    return tuple(out)


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (e.g. U+0130): keep spans aligned with `text`
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def find(text: str, lang: str = "en", prefilter: bool = True) -> list[dict[str, Any]]:
    """The red flags present in `text`, each with its id, plain-language text, advice and first evidence span."""
    return _find(text, _lower(text), rules(), lang, prefilter)


def find_decisive(text: str, lang: str = "en") -> list[dict[str, Any]]:
    """The flags that can change the risk: every flag when a strong one fires, else none (batch scoring).

    `combine` ignores flags unless one is strong, so the weak rules (common in genuine ads too) run only after a
    strong one fired: the risk and label equal those of `find`, at about half the cost per ad.
    """
    low = _lower(text)
    strong = _find(text, low, _split()[0], lang, True)
    if not strong:
        return []
    weak = _find(text, low, _split()[1], lang, True)
    order = {r.id: i for i, r in enumerate(rules())}
    return sorted(strong + weak, key=lambda f: order[f["id"]])


@lru_cache(maxsize=1)
def _split() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    return tuple(r for r in rules() if r.strong), tuple(r for r in rules() if not r.strong)


def _find(text: str, low: str, chosen: tuple[Rule, ...], lang: str, prefilter: bool) -> list[dict[str, Any]]:
    found = []
    for rule in chosen:
        match = _search(rule, low) if prefilter else rule.pattern.search(low)
        if match is None or (rule.requires is not None and rule.requires.search(low) is None):
            continue
        found.append(
            {
                "id": rule.id,
                "weight": rule.weight,
                "strong": rule.strong,
                "title": rule.title[lang],
                "text": rule.explain[lang],
                "advice": rule.advice[lang],
                "evidence": {"start": match.start(), "end": match.end(), "text": text[match.start() : match.end()]},
            }
        )
    return found


WINDOW = 160  # characters searched either side of a keyword; every pattern's match is shorter


def _search(rule: Rule, low: str) -> re.Match[str] | None:
    """The rule's first match, searching only around its keywords: a full scan of every ad is too slow in bulk."""
    hits = []
    for keyword in rule.keywords:
        at = low.find(keyword)
        while at >= 0:
            hits.append(at)
            at = low.find(keyword, at + 1)
    spans: list[list[int]] = []
    for at in sorted(hits):  # merge overlapping windows, so no match is cut at a window's edge
        if spans and at - WINDOW <= spans[-1][1]:
            spans[-1][1] = at + WINDOW
        else:
            spans.append([max(at - WINDOW, 0), at + WINDOW])
    for start, end in spans:
        match = rule.pattern.search(low, start, end)
        if match is not None:
            return match
    return None


def combine(score: float, flags: list[dict[str, Any]]) -> float:
    """Model score and red flags as independent evidence: each flag removes its weight's share of what is left.

    Only a pattern counts: two or more flags, one of them strong. A lone "urgent" or "travel paid" is common in
    genuine ads (on EMSCAD, letting single flags count cut the fraudulent-class F1 from 0.93 to 0.83).
    """
    if len(flags) < 2 or not any(f["strong"] for f in flags):
        return score
    keep = 1.0 - score
    for flag in flags:
        keep *= 1.0 - flag["weight"]
    return 1.0 - keep
