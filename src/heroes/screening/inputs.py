"""Checks and normalises screening input: indicator answers (for programs) or a sector flow's question answers.

Both end as one `ScreeningInput` holding an answer per ILO *concept*, which the engine resolves to the id in
each set it evaluates (README §4). Every error names the field at fault (`answers.AL-DR-99`, `age_group`), so a
responder or a program can fix the input; the CLI turns them into exit code 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heroes.screening.kb import KnowledgeBase, Question

ANSWERS = ("yes", "no", "unknown")
AGE_GROUPS = ("adult", "child", "unknown")
PURPOSES = ("labour", "sexual", "unknown")
DEFAULTS = ("no", "unknown")


class ScreeningInputError(ValueError):
    """Bad screening input; `field` is the dotted name of the offending field."""

    def __init__(self, field: str, message: str) -> None:
        shown = field if field.isprintable() and len(field) <= 80 else repr(field[:80])  # keys come from the user
        super().__init__(f"{shown}: {' '.join(message.split())}")
        self.field = field
        self.message = message


@dataclass
class ScreeningInput:
    age_group: str
    purpose: str
    concepts: dict[str, str]  # concept -> yes | no | unknown, only what was answered
    default: str = "unknown"
    sources: dict[str, list[str]] = field(default_factory=dict)  # concept -> the ids or questions behind it
    dangers: list[tuple[str, str]] = field(default_factory=list)  # (reason code, question id)
    signals: list[tuple[str, str]] = field(default_factory=list)  # (signal, question id)


def _choice(obj: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    if key not in obj:
        if default is None:
            raise ScreeningInputError(key, f"missing; give one of {', '.join(allowed)}")
        return default
    value = obj[key]
    if value not in allowed:
        raise ScreeningInputError(key, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _header(obj: Any, allowed_keys: set[str]) -> tuple[str, str, str, Mapping[str, Any]]:
    if not isinstance(obj, Mapping):
        raise ScreeningInputError("(top level)", "expected a JSON object")
    for key in obj:
        if key not in allowed_keys:
            raise ScreeningInputError(str(key), f"unknown field; expected {', '.join(sorted(allowed_keys))}")
    answers = obj.get("answers", {})
    if not isinstance(answers, Mapping):
        raise ScreeningInputError("answers", "expected an object mapping ids to yes/no/unknown")
    for key, value in answers.items():
        if value not in ANSWERS:
            raise ScreeningInputError(f"answers.{key}", f"{value!r} is not one of yes, no, unknown")
    return (
        _choice(obj, "age_group", AGE_GROUPS),
        _choice(obj, "purpose", PURPOSES, "unknown"),
        _choice(obj, "default", DEFAULTS, "unknown"),
        answers,
    )


def parse_indicators(obj: Any, kb: KnowledgeBase) -> ScreeningInput:
    """`{"age_group", "purpose", "answers": {indicator id: yes|no|unknown}, "default"}`."""
    age, purpose, default, answers = _header(obj, {"age_group", "purpose", "answers", "default"})
    concept_of = kb.concept_of()
    concepts: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    for ind_id, value in answers.items():
        concept = concept_of.get(ind_id)
        if concept is None:
            raise ScreeningInputError(f"answers.{ind_id}", "unknown indicator id (ids look like AL-DR-01)")
        if concept in concepts and concepts[concept] != value:
            other = sources[concept][0]
            raise ScreeningInputError(
                f"answers.{ind_id}",
                f"contradicts answers.{other} (same indicator {concept!r}: {value!r} vs {concepts[concept]!r})",
            )
        concepts[concept] = value
        sources.setdefault(concept, []).append(ind_id)
    return ScreeningInput(age, purpose, concepts, default, sources)


def _merge(values: list[str]) -> str:
    """Several questions may show one concept: any yes shows it; otherwise unknown beats no."""
    if "yes" in values:
        return "yes"
    return "unknown" if "unknown" in values else "no"


def concept_answers(questions: Mapping[str, Question], answers: Mapping[str, str]) -> ScreeningInput:
    """Turns question answers into concept answers, danger reasons and child-protection signals."""
    per_concept: dict[str, list[str]] = {}
    sources: dict[str, list[str]] = {}
    dangers, signals = [], []
    for qid, value in answers.items():
        question = questions[qid]
        for concept, shows_on in question.maps_to:
            mapped = "unknown" if value == "unknown" else ("yes" if value == shows_on else "no")
            per_concept.setdefault(concept, []).append(mapped)
            sources.setdefault(concept, []).append(qid)
        if question.danger and value == question.danger_on:
            dangers.append((question.danger, qid))
        if question.signal and value == "yes":
            signals.append((question.signal, qid))
    concepts = {c: _merge(v) for c, v in per_concept.items()}
    return ScreeningInput("unknown", "unknown", concepts, "unknown", sources, dangers, signals)


def parse_flow_answers(obj: Any, kb: KnowledgeBase, sector: str | None = None) -> ScreeningInput:
    """`{"sector", "age_group", "purpose", "answers": {question id: yes|no|unknown}, "default"}`."""
    age, purpose, default, answers = _header(obj, {"sector", "age_group", "purpose", "answers", "default"})
    sector = sector or obj.get("sector")
    if sector not in kb.flows:
        raise ScreeningInputError("sector", f"{sector!r} is not one of {', '.join(kb.flows)}")
    questions = {q.id: q for q in kb.flows[sector].questions}
    for qid in answers:
        if qid not in questions:
            raise ScreeningInputError(f"answers.{qid}", f"not a question of the {sector} flow")
        if not questions[qid].applies_to(age):
            raise ScreeningInputError(
                f"answers.{qid}", f"asks about {questions[qid].population}s only, but age_group is {age!r}"
            )
    result = concept_answers(questions, answers)
    result.age_group, result.purpose, result.default = age, purpose, default
    return result
