"""Victim screening: early identification of potential victims of THB and CSA/CSE by frontline responders.

The Python API the CLI (`heroes screen`) and the dashboard use:

- `screen_indicators(data, country, lang)`: indicator answers -> result (for programs);
- `screen_answers(data, sector, country, lang)`: a sector flow's question answers -> result;
- `ScreeningSession`: a questionnaire in progress (next question, answer, result, JSON state to resume);
- `ScreeningRecord` and `render_html` / `write_form`: the pseudonymous record and its printable referral form;
- `knowledge_base()` and `validate()`: the shipped data and its schema check.

Bad input raises `ScreeningInputError`, whose `field` names the offending field.
"""

from __future__ import annotations

from typing import Any

from heroes.screening.engine import assess
from heroes.screening.form import render_html, render_pdf, write_form
from heroes.screening.inputs import ScreeningInputError, parse_flow_answers, parse_indicators
from heroes.screening.kb import KnowledgeBase
from heroes.screening.kb import load as knowledge_base
from heroes.screening.record import ScreeningRecord
from heroes.screening.schema import validate as _validate
from heroes.screening.session import ScreeningSession, check_choice, normalise_country

__all__ = [
    "KnowledgeBase",
    "ScreeningInputError",
    "ScreeningRecord",
    "ScreeningSession",
    "knowledge_base",
    "record_for",
    "render_html",
    "render_pdf",
    "screen_answers",
    "screen_indicators",
    "validate",
    "write_form",
]


def _context(country: str | None, lang: str) -> tuple[KnowledgeBase, str | None]:
    kb = knowledge_base()
    check_choice("lang", lang, kb.languages)
    return kb, normalise_country(country, kb) if country else None


def screen_indicators(data: Any, country: str | None = None, lang: str = "en") -> dict[str, Any]:
    """`{"age_group", "purpose", "answers": {"AL-DR-01": "yes", ...}, "default"}` -> the result."""
    kb, country = _context(country, lang)
    return assess(kb, parse_indicators(data, kb), country, lang)


def screen_answers(
    data: Any, sector: str | None = None, country: str | None = None, lang: str = "en"
) -> dict[str, Any]:
    """`{"sector", "age_group", "purpose", "answers": {"ctrl.own_documents": "no", ...}}` -> the result."""
    kb, country = _context(country, lang)
    inp = parse_flow_answers(data, kb, sector)
    flow = kb.flows[sector or data["sector"]].questions
    return assess(kb, inp, country, lang, list(flow), dict(data.get("answers", {})))


def record_for(
    data: dict[str, Any],
    result: dict[str, Any],
    *,
    screener: str,
    sector: str,
    country: str | None,
    lang: str,
    mode: str,
    subject_ref: str = "",
) -> ScreeningRecord:
    """A pseudonymous record of a screening done from a file (flow answers or indicator answers)."""
    return ScreeningRecord(
        screener=screener,
        sector=sector,
        country=country or "",
        lang=lang,
        mode=mode,
        age_group=data["age_group"],
        purpose=data.get("purpose", "unknown"),
        answers=dict(data.get("answers", {})),
        result=result,
        subject_ref=subject_ref,
    )


def validate() -> list[str]:
    """Problems in the shipped knowledge base (empty when sound)."""
    return _validate(knowledge_base())
