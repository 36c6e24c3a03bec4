"""The help lines a lesson ends with: the screening tool's referral directories, never a second copy of them.

A lesson says whose lines it needs (``helplines: child|adult|any``); the order is the screening tool's for an
urgent case (emergency first, then child lines for a child, the referral mechanism, police lines, helplines), and
a number the research could not confirm keeps its ``unverified`` mark. The country is the reader's choice, by
default the one that matches the page's language.
"""

from __future__ import annotations

from typing import Any

from heroes.screening.kb import load as knowledge_base
from heroes.screening.referrals import countries as referral_countries
from heroes.screening.referrals import select_referrals

DEFAULT_COUNTRY = {"en": "UK", "es": "ES", "bn": "BD"}
AGE_GROUP = {"child": "child", "adult": "adult", "any": "unknown"}


def countries() -> list[str]:
    return referral_countries(knowledge_base())


def pick_country(value: str | None, lang: str) -> str:
    """`value` when the directories have it, else the language's default country."""
    code = (value or "").strip().upper()
    return code if code in countries() else DEFAULT_COUNTRY.get(lang, "UK")


def helplines(kind: str, country: str, lang: str) -> list[dict[str, Any]]:
    """The contacts for `country`, best first, each with ``unverified`` and its source."""
    kb = knowledge_base()
    lines = select_referrals(kb, country, AGE_GROUP[kind], lang, urgent=True, child_protection=kind == "child")
    unverified = kb.say("unverified", lang)
    return [{**line, "unverified_label": unverified if line["unverified"] else ""} for line in lines]


def by_country(kind: str, chosen: str, lang: str, others: bool = True) -> list[tuple[str, list[dict[str, Any]]]]:
    """The chosen country first, then (`others`) the rest: a page shows them folded, so that the copy kept for
    offline use has every country's lines; a printed handout has the chosen country's only."""
    order = [chosen] + ([c for c in countries() if c != chosen] if others else [])
    return [(c, helplines(kind, c, lang)) for c in order]
