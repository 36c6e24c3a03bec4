"""The decision engine: which sets apply, the README §5 rule per set with its reasons, and safety first.

A result never carries a bare score: each set says `potential_victim` (true / false / "insufficient_information"),
the dimensions met, the indicators answered yes (and which were present but not enough), what is still missing to
decide, the evidence level it rests on and its flags. `urgent` comes first in the result and is decided from the
answers alone, whatever the rule says (README §7).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from heroes.screening import rule
from heroes.screening.inputs import ScreeningInput
from heroes.screening.kb import IndicatorSet, KnowledgeBase, Question, read_yaml
from heroes.screening.referrals import select_referrals
from heroes.screening.rule import POTENTIAL_VICTIM, Tri

SUMMARY_KEY = {Tri.TRUE: "result_true", Tri.FALSE: "result_false", Tri.UNKNOWN: "result_unknown"}


@cache
def _safety() -> dict[str, Any]:
    return read_yaml("safety.yaml")


def applicable_sets(kb: KnowledgeBase, age_group: str, purpose: str) -> list[IndicatorSet]:
    """README §4: unknown age -> the child sets (presumption of minority); unknown purpose -> both purposes."""
    population = "adult" if age_group == "adult" else "child"
    purposes = ("labour", "sexual") if purpose == "unknown" else (purpose,)
    return [s for s in kb.sets.values() if s.population == population and s.purpose in purposes]


def set_answers(s: IndicatorSet, inp: ScreeningInput) -> dict[str, str]:
    return {i.id: inp.concepts.get(i.concept, inp.default) for i in s.indicators}


def evaluate_set(
    kb: KnowledgeBase, s: IndicatorSet, answers: dict[str, str], lang: str = "en", age_uncertain: bool = False
) -> dict[str, Any]:
    """The README §5 rule for one set, with everything the result must report."""
    dims: dict[str, Tri] = {}
    flags: dict[str, Tri] = {}
    for dim in kb.dimensions:
        pairs = [(i.id, i.strength) for i in s.by_dimension(dim)]
        dims[dim] = rule.dimension_status(pairs, answers, kb.patterns)
        flags[dim] = rule.flag_status(pairs, answers)
    needed = rule.set_elements(s.rule)
    elements = {el: rule.any3(dims[d] for d in kb.elements[el]) for el in needed}
    status = rule.all3(elements.values())
    flag_status = rule.all3(rule.any3(flags[d] for d in kb.elements[el]) for el in needed)

    indicators: dict[str, Any] = {}
    for dim, dim_status in dims.items():
        yes = [i for i in s.by_dimension(dim) if answers.get(i.id) == "yes"]
        if yes:
            indicators[dim] = {
                "status": dim_status.value,
                "present_but_not_enough": dim_status is not Tri.TRUE,
                "items": [{"id": i.id, "strength": i.strength, "text": kb.text(i.text, lang)} for i in yes],
            }
    missing: dict[str, dict[str, list[str]]] = {}
    for el, el_status in elements.items():
        if el_status is Tri.UNKNOWN:
            missing[el] = {
                d: [i.id for i in s.by_dimension(d) if answers.get(i.id, "unknown") == "unknown"]
                for d in kb.elements[el]
                if dims[d] is Tri.UNKNOWN
            }
    set_flags = list(s.flags) + (["age_uncertain"] if age_uncertain else [])
    notes = [kb.say(SUMMARY_KEY[status], lang)]
    if s.flags:
        notes.append(kb.say("provisional", lang))
    if age_uncertain:
        notes.append(kb.say("age_uncertain", lang))
    return {
        "label": kb.text(s.label, lang),
        "potential_victim": POTENTIAL_VICTIM[status],
        "summary": " ".join(notes),
        "dimensions_met": [d for d, st in dims.items() if st is Tri.TRUE],
        "dimensions": {d: st.value for d, st in dims.items()},
        "elements": {el: st.value for el, st in elements.items()},
        "indicators": indicators,
        "missing": missing,
        "evidence": s.evidence,
        "flags": set_flags,
        "screening_flag": POTENTIAL_VICTIM[flag_status],
    }


def urgent_reasons(inp: ScreeningInput) -> list[tuple[str, str]]:
    """(reason code, the ids or questions behind it): one entry per reason, flow danger questions first."""
    safety = _safety()
    reasons: list[tuple[str, str]] = list(inp.dangers)
    child = inp.age_group in ("child", "unknown")
    for concept, value in sorted(inp.concepts.items()):
        if value != "yes":
            continue
        source = ", ".join(inp.sources.get(concept, [concept]))
        if concept in safety["urgent_concepts"]:
            reasons.append((safety["urgent_concepts"][concept], source))
        if child and concept.startswith(tuple(safety["child_prefixes"])):
            reasons.append(("child_exploitation", source))
    grouped: dict[str, list[str]] = {}
    for code, source in reasons:
        if source not in grouped.setdefault(code, []):
            grouped[code].append(source)
    return [(code, ", ".join(sources)) for code, sources in grouped.items()]


def missing_questions(
    result: dict[str, Any], kb: KnowledgeBase, questions: list[Question], answered: set[str]
) -> list[str]:
    """The flow's unanswered questions that map to an indicator still missing to decide."""
    concept_of = kb.concept_of()
    missing = {concept_of[i] for el in result["missing"].values() for ids in el.values() for i in ids}
    return [q.id for q in questions if q.id not in answered and any(c in missing for c, _ in q.maps_to)]


def assess(
    kb: KnowledgeBase,
    inp: ScreeningInput,
    country: str | None = None,
    lang: str = "en",
    flow: list[Question] | None = None,
    flow_answers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The full result: urgent first, then child protection, the sets, and the referral contacts.

    With `flow` (the questions) and `flow_answers`, each set also lists `missing_questions`: the questions not
    answered yes or no that map to a missing indicator, i.e. what to ask next."""
    age_uncertain = inp.age_group == "unknown"
    sets = {
        s.id: evaluate_set(kb, s, set_answers(s, inp), lang, age_uncertain)
        for s in applicable_sets(kb, inp.age_group, inp.purpose)
    }
    if flow is not None:
        answered = {q for q, v in (flow_answers or {}).items() if v != "unknown"}
        for result in sets.values():
            result["missing_questions"] = missing_questions(result, kb, flow, answered)
    reasons = urgent_reasons(inp)
    child = inp.age_group in ("child", "unknown")
    child_protection = child and (
        any(code == "child_exploitation" for code, _ in reasons)
        or any(sig == "child_protection" for sig, _ in inp.signals)
        or any(r["potential_victim"] is True for r in sets.values())
    )
    referrals = select_referrals(
        kb, country, inp.age_group, lang, urgent=bool(reasons), child_protection=child_protection
    )
    urgent = {
        "act_now": bool(reasons),
        "guidance": kb.say("act_now", lang) if reasons else "",
        "reasons": [
            {"code": code, "text": kb.text(kb.ui["urgent_reasons"][code], lang), "source": src} for code, src in reasons
        ],
        "contacts": [r for r in referrals if r["kind"] == "emergency"] if reasons else [],
    }
    return {
        "urgent": urgent,
        "child_protection": {
            "refer": child_protection,
            "guidance": kb.say("child_protection", lang) if child_protection else "",
            "signals": [q for _, q in inp.signals],
        },
        "age_group": inp.age_group,
        "purpose": inp.purpose,
        "sets": sets,
        "referrals": referrals,
        "disclaimer": kb.say("disclaimer", lang),
    }
