"""Schema check of the screening knowledge base: a data error is caught by a test, not by a responder.

`validate(kb)` returns a list of readable problems (empty when the data is sound): ids and their parts agree,
the same concept keeps its ordinal in every set (README §3), every question maps to concepts that exist,
every indicator, question, label and string has text in each complete language, and every referral has a
source, a status and a name.
"""

from __future__ import annotations

import re
from typing import Any

from heroes.screening.kb import COUNTRIES, SECTORS, KnowledgeBase, read_yaml

ID_RE = re.compile(r"^(AL|CL|AS|CS)-(DR|CR|AVR|EX|CD|AVD)-(\d\d)$")
STRENGTHS = {"strong", "medium", "weak"}
KINDS = {"emergency", "helpline", "child_helpline", "nrm", "police_line"}
AUDIENCES = {"adult", "child", "any"}
SIGNALS = {"child_protection"}
PATTERN_KEYS = {"strong", "medium", "weak", "medium_or_weak"}


def _texts(where: str, text: dict[str, str], langs: list[str]) -> list[str]:
    return [f"{where}: no {lang} text" for lang in langs if not (text.get(lang) or "").strip()]


def _indicator_problems(kb: KnowledgeBase, langs: list[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    ordinal: dict[str, str] = {}
    codes = {d["id"]: d["code"] for d in kb.dimensions.values()}
    for s in kb.sets.values():
        for ind in s.indicators:
            m = ID_RE.match(ind.id)
            if ind.id in seen:
                problems.append(f"{ind.id}: duplicate id")
            seen.add(ind.id)
            if not m:
                problems.append(f"{ind.id}: id does not look like <SET>-<DIM>-<NN>")
                continue
            if m.group(1) != s.code or ind.set != s.id:
                problems.append(f"{ind.id}: id or set does not match set {s.id} ({s.code})")
            if ind.dimension not in codes or codes[ind.dimension] != m.group(2):
                problems.append(f"{ind.id}: dimension {ind.dimension!r} does not match the id")
            if not ind.concept.startswith(m.group(2).lower() + "."):
                problems.append(f"{ind.id}: concept {ind.concept!r} is not in dimension {m.group(2)}")
            if ordinal.setdefault(ind.concept, m.group(3)) != m.group(3):
                problems.append(f"{ind.id}: concept {ind.concept!r} has ordinal {ordinal[ind.concept]} elsewhere")
            if ind.strength not in STRENGTHS:
                problems.append(f"{ind.id}: strength {ind.strength!r}")
            problems += _texts(ind.id, ind.text, langs)
        expected = next((r.get("indicator_count") for r in kb.raw["sets"] if r["id"] == s.id), None)
        if expected is not None and expected != len(s.indicators):
            problems.append(f"set {s.id}: {len(s.indicators)} indicators, indicator_count says {expected}")
        if not s.indicators:
            problems.append(f"set {s.id}: no indicators")
        problems += _texts(f"set {s.id} label", s.label, langs)
    for d in kb.dimensions.values():
        problems += _texts(f"dimension {d['id']}", {k[6:]: v for k, v in d.items() if k.startswith("label_")}, langs)
    for el, dims in kb.elements.items():
        problems += [f"element {el}: unknown dimension {d!r}" for d in dims if d not in kb.dimensions]
    for pattern in kb.patterns:
        problems += [f"rule pattern {pattern}: unknown key {k!r}" for k in pattern if k not in PATTERN_KEYS]
    return problems


QUESTION_KEYS = {"id", "maps_to", "population", "danger", "danger_on", "signal"}


def _raw_question_problems(entry: dict[str, Any], where: str) -> list[str]:
    """Unknown keys are typos that would silently change meaning (YAML reads a bare `on:` key as True)."""
    problems = [
        f"{where}: unknown key {k!r}" for k in entry if k not in QUESTION_KEYS and not str(k).startswith("text_")
    ]
    for m in entry.get("maps_to", []):
        problems += [f"{where}: unknown maps_to key {k!r}" for k in m if k not in ("concept", "shows_on")]
    return problems


def _question_problems(kb: KnowledgeBase, langs: list[str]) -> list[str]:
    problems: list[str] = []
    concepts = kb.concepts()
    reasons = set(kb.ui["urgent_reasons"])
    bank = read_yaml("questions/bank.yaml")["questions"]
    bank_ids = {q["id"] for q in bank}
    for q in bank:
        problems += _raw_question_problems(q, f"bank/{q['id']}")
    for sector in SECTORS:
        raw = read_yaml(f"questions/{sector}.yaml")
        refs = [q if isinstance(q, str) else q["id"] for q in raw["questions"]]
        for q in raw["questions"]:
            problems += [] if isinstance(q, str) else _raw_question_problems(q, f"{sector}/{q['id']}")
        problems += [
            f"flow {sector}: unknown question {q!r}"
            for q in raw["questions"]
            if isinstance(q, str) and q not in bank_ids
        ]
        problems += [f"flow {sector}: question {q!r} twice" for q in set(refs) if refs.count(q) > 1]
    for sector, flow in kb.flows.items():
        if sector not in SECTORS or flow.sector != sector:
            problems.append(f"flow {sector}: sector name does not match its file")
        problems += _texts(f"flow {sector} label", flow.label, langs)
        for q in flow.questions:
            where = f"{sector}/{q.id}"
            problems += _texts(where, q.text, langs)
            if not (q.maps_to or q.danger or q.signal):
                problems.append(f"{where}: maps to no indicator and is neither a danger nor a signal question")
            for concept, on in q.maps_to:
                if concept not in concepts:
                    problems.append(f"{where}: maps to unknown concept {concept!r}")
                if on not in ("yes", "no"):
                    problems.append(f"{where}: `shows_on` must be yes or no, not {on!r}")
            if q.population not in ("any", "adult", "child"):
                problems.append(f"{where}: population {q.population!r}")
            if q.danger and q.danger not in reasons:
                problems.append(f"{where}: danger {q.danger!r} has no text in ui.yaml urgent_reasons")
            if q.danger_on not in ("yes", "no"):
                problems.append(f"{where}: danger_on must be yes or no")
            if q.signal and q.signal not in SIGNALS:
                problems.append(f"{where}: unknown signal {q.signal!r}")
    return problems


def _referral_problems(kb: KnowledgeBase, langs: list[str]) -> list[str]:
    problems: list[str] = []
    ids = [r.id for r in kb.referrals]
    problems += [f"referral {i}: duplicate id" for i in set(ids) if ids.count(i) > 1]
    for r in kb.referrals:
        where = f"referral {r.id}"
        if r.country not in COUNTRIES:
            problems.append(f"{where}: country {r.country!r} not in {COUNTRIES}")
        if r.kind not in KINDS or r.audience not in AUDIENCES or r.status not in ("verified", "unverified"):
            problems.append(f"{where}: kind, audience or status out of range")
        if not r.source.strip() or not r.checked_on.strip():
            problems.append(f"{where}: needs a source and checked_on")
        if not (r.phone or r.note):
            problems.append(f"{where}: needs a phone number or a note saying how to refer")
        problems += _texts(where, r.name, langs)
    for country in COUNTRIES:
        if not any(r.country == country and r.kind == "emergency" for r in kb.referrals):
            problems.append(f"referrals {country}: no emergency number")
    return problems


def _ui_problems(kb: KnowledgeBase, langs: list[str]) -> list[str]:
    problems: list[str] = []
    for key, text in {**kb.ui["strings"], **kb.ui["urgent_reasons"]}.items():
        problems += _texts(f"ui {key}", text, langs)
    safety: dict[str, Any] = read_yaml("safety.yaml")
    for concept, code in safety["urgent_concepts"].items():
        if concept not in kb.concepts():
            problems.append(f"safety.yaml: unknown concept {concept!r}")
        if code not in kb.ui["urgent_reasons"]:
            problems.append(f"safety.yaml: reason {code!r} has no text")
    return problems


def validate(kb: KnowledgeBase) -> list[str]:
    """Every problem found in the knowledge base; empty when it is sound."""
    langs = kb.full_languages
    return (
        _indicator_problems(kb, langs)
        + _question_problems(kb, langs)
        + _referral_problems(kb, langs)
        + _ui_problems(kb, langs)
    )
