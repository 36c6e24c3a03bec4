"""The screening knowledge base: indicator sets, sector question flows, referral directories and UI text.

Everything here is YAML shipped in `heroes/screening/data/`; this module only loads it into typed, read-only
objects. The two sexual-exploitation sets have no established ILO list, so they are derived at load time from
each set's `fallback` (README §6: AS uses the adults/labour indicators and strengths, CS the children/labour
ones), with ids that reuse the concept ordinals (`AS-DR-01`) and `provisional=True` on every indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from heroes.packdata import load_yaml

EVIDENCE_ORDER = ["not_established", "secondary", "cross_checked", "confirmed"]
SECTORS = ["law_enforcement", "labour_inspection", "health", "education", "social_services"]
COUNTRIES = ["ES", "CO", "BD", "UK"]


@dataclass(frozen=True)
class Indicator:
    id: str
    set: str
    dimension: str
    concept: str
    strength: str
    text: dict[str, str]
    evidence: dict[str, str]
    provisional: bool = False


@dataclass(frozen=True)
class IndicatorSet:
    """A set of ILO indicators for one population and purpose, with the rule that reads its results."""

    id: str
    code: str
    population: str  # adult | child
    purpose: str  # labour | sexual
    rule: str  # adult | child
    evidence: str  # the lowest evidence level the set's results rest on
    flags: tuple[str, ...]
    label: dict[str, str]
    indicators: tuple[Indicator, ...]

    def by_dimension(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators if i.dimension == dimension]


@dataclass(frozen=True)
class Question:
    """A screening question and the indicators its answer shows."""

    id: str
    text: dict[str, str]
    maps_to: tuple[tuple[str, str], ...]  # (concept, the answer that shows the indicator: yes|no)
    population: str = "any"  # any | adult | child
    danger: str | None = None  # an urgent reason code when answered in the showing direction
    danger_on: str = "yes"
    signal: str | None = None  # e.g. child_protection: a warning sign that is not an ILO indicator

    def applies_to(self, age_group: str) -> bool:
        if self.population == "any":
            return True
        return self.population == ("child" if age_group in ("child", "unknown") else "adult")


@dataclass(frozen=True)
class Flow:
    sector: str
    label: dict[str, str]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Referral:
    """A referral contact of the knowledge base for one country."""

    country: str
    id: str
    name: dict[str, str]
    kind: str
    audience: str
    status: str
    source: str
    checked_on: str
    phone: str = ""
    email: str = ""
    url: str = ""
    hours: str = ""
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class KnowledgeBase:
    """The screening knowledge base: indicator sets, flows, referral contacts and interface texts."""

    dimensions: dict[str, dict[str, Any]]
    elements: dict[str, list[str]]
    patterns: list[dict[str, int]]
    sets: dict[str, IndicatorSet]
    flows: dict[str, Flow]
    referrals: list[Referral]
    ui: dict[str, Any]
    raw: dict[str, Any]

    @property
    def languages(self) -> list[str]:
        return list(self.ui["languages"])

    @property
    def full_languages(self) -> list[str]:
        return [lang for lang, meta in self.ui["languages"].items() if meta.get("complete")]

    def indicator(self, ind_id: str) -> Indicator | None:
        for s in self.sets.values():
            for i in s.indicators:
                if i.id == ind_id:
                    return i
        return None

    def concept_of(self) -> dict[str, str]:
        return {i.id: i.concept for s in self.sets.values() for i in s.indicators}

    def concepts(self) -> set[str]:
        return {i.concept for s in self.sets.values() for i in s.indicators}

    def text(self, entry: dict[str, str], lang: str) -> str:
        """Text in `lang`, falling back to English where a partial language lacks it."""
        return entry.get(lang) or entry["en"]

    def say(self, key: str, lang: str, **values: Any) -> str:
        return self.text(self.ui["strings"][key], lang).format(**values)


def read_yaml(name: str) -> Any:
    return load_yaml("heroes.screening", "data", name)


def _lowest(*levels: str) -> str:
    return min(levels, key=EVIDENCE_ORDER.index)


def _indicator(entry: dict[str, Any], **override: Any) -> Indicator:
    text = {k[5:]: v for k, v in entry.items() if k.startswith("text_")}
    values = dict(
        id=entry["id"],
        set=entry["set"],
        dimension=entry["dimension"],
        concept=entry["concept"],
        strength=entry["strength"],
        text=text,
        evidence=dict(entry.get("evidence", {})),
    )
    values.update(override)
    return Indicator(**values)


def _build_sets(raw: dict[str, Any], labels: dict[str, dict[str, str]]) -> dict[str, IndicatorSet]:
    by_set: dict[str, list[dict[str, Any]]] = {}
    for entry in raw["indicators"]:
        by_set.setdefault(entry["set"], []).append(entry)
    rule_level = raw["rules"]["dimension_positive"]["evidence"]
    sets: dict[str, IndicatorSet] = {}
    for s in raw["sets"]:
        fallback = s.get("fallback")
        flags: tuple[str, ...] = ()
        if fallback:  # README §6: project design, not ILO content
            source = by_set[fallback["strengths_from"]]
            evidence = {"membership": "not_established", "strength": "not_established"}
            inds = tuple(
                _indicator(e, id=s["code"] + e["id"][2:], set=s["id"], evidence=evidence, provisional=True)
                for e in source
            )
            flags = (fallback["result_flag"],)
        else:
            inds = tuple(_indicator(e) for e in by_set.get(s["id"], []))
        level = _lowest(rule_level, *s["evidence"].values())
        sets[s["id"]] = IndicatorSet(
            id=s["id"],
            code=s["code"],
            population=s["population"],
            purpose=s["purpose"].split("_")[0],
            rule=s["rule"],
            evidence=level,
            flags=flags,
            label=labels[s["id"]],
            indicators=inds,
        )
    return sets


def _question(entry: dict[str, Any]) -> Question:
    text = {k[5:]: v for k, v in entry.items() if k.startswith("text_")}
    maps = tuple((m["concept"], m.get("shows_on", "yes")) for m in entry.get("maps_to", []))
    return Question(
        id=entry["id"],
        text=text,
        maps_to=maps,
        population=entry.get("population", "any"),
        danger=entry.get("danger"),
        danger_on=entry.get("danger_on", "yes"),
        signal=entry.get("signal"),
    )


def _build_flows(bank: dict[str, Any]) -> dict[str, Flow]:
    questions = {q["id"]: _question(q) for q in bank["questions"]}
    flows = {}
    for sector in SECTORS:
        raw = read_yaml(f"questions/{sector}.yaml")
        items = [questions[q] if isinstance(q, str) else _question(q) for q in raw["questions"]]
        flows[sector] = Flow(sector=raw["sector"], label=raw["label"], questions=tuple(items))
    return flows


def _build_referrals(raw: dict[str, Any]) -> list[Referral]:
    out = []
    for e in raw["referrals"]:
        name = {k[5:]: v for k, v in e.items() if k.startswith("name_")}
        note = {k[5:]: v for k, v in e.items() if k.startswith("note_")}
        plain = {k: str(v) for k, v in e.items() if k in ("phone", "email", "url", "hours")}
        out.append(
            Referral(
                country=e["country"],
                id=e["id"],
                name=name,
                kind=e["kind"],
                audience=e["audience"],
                status=e["status"],
                source=e["source"],
                checked_on=str(e["checked_on"]),
                note=note,
                **plain,
            )
        )
    return out


@cache
def load() -> KnowledgeBase:
    """The shipped knowledge base (read once per process)."""
    raw = read_yaml("ilo_2009.yaml")
    dims = {d["id"]: d for d in raw["dimensions"]}
    elements = {el: list(v["dimensions"]) for el, v in raw["elements"].items()}
    ui = read_yaml("ui.yaml")
    return KnowledgeBase(
        dimensions=dims,
        elements=elements,
        patterns=raw["rules"]["dimension_positive"]["any_of"],
        sets=_build_sets(raw, ui["set_labels"]),
        flows=_build_flows(read_yaml("questions/bank.yaml")),
        referrals=_build_referrals(read_yaml("referrals.yaml")),
        ui=ui,
        raw=raw,
    )
