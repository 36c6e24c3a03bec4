"""Trafficking-recruitment red flags: the rules in `redflags.yaml`, each found in an ad with its evidence span.

The rules are data so an NGO can read, review and extend them without touching code; each rule is tested alone.
English, Spanish and Bengali: the explanations follow the ad's language, the patterns of every language are tried
on every ad (ads mix languages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from heroes.packdata import load_yaml

LANGS = ("en", "es", "bn")

#: Bengali letters with a nukta exist precomposed (U+09DC, U+09DD, U+09DF) and as letter + U+09BC; keyboards,
#: OCR and Unicode normalisation produce either, so patterns and keywords accept both
_NUKTA = {"\u09dc": "\u09a1\u09bc", "\u09dd": "\u09a2\u09bc", "\u09df": "\u09af\u09bc"}
#: a match right after one of these words does not count for a `negatable` rule ("you pay no recruitment fee")
_NEGATION = re.compile(
    r"(?:\b(?:no|not|never|without|zero|free\s+of|sin|ningún|ninguna|ningun|nunca|nada\s+de))\W+(?:\w+\W+)?$"
)


@dataclass(frozen=True)
class Rule:
    """A red flag of a job ad: its patterns, weight and the text that explains it to the reader."""

    id: str
    weight: float
    strong: bool
    title: dict[str, str]
    explain: dict[str, str]
    advice: dict[str, str]
    keywords: tuple[str, ...]
    pattern: re.Pattern[str] | None  # the patterns in Latin script
    bengali_source: str | None  # those in Bengali script: compiled on first use, tried only on Bengali ads
    requires: re.Pattern[str] | None
    negatable: bool = False
    supersedes: tuple[str, ...] = ()
    bengali_keywords: tuple[str, ...] = ()  # looked for only in ads with Bengali letters

    @property
    def bengali(self) -> re.Pattern[str] | None:
        return None if self.bengali_source is None else _compiled(self.bengali_source)


@lru_cache(maxsize=128)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


_BENGALI = re.compile("[\u0980-\u09ff]")


def _both_nuktas(text: str) -> str:
    """A pattern that accepts either spelling of each Bengali nukta letter."""
    for one, two in _NUKTA.items():
        text = text.replace(two, one).replace(one, f"(?:{one}|{two})")
    return text


def _keywords(words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Latin, Bengali) keywords, both nukta spellings of the Bengali ones, without a keyword that contains another
    (wherever it occurs, the shorter one occurs too: one `find` fewer per ad)."""
    out = []
    for word in words:
        out.append(word)
        decomposed = word
        for one, two in _NUKTA.items():
            decomposed = decomposed.replace(one, two)
        composed = word
        for one, two in _NUKTA.items():
            composed = composed.replace(two, one)
        out += [w for w in (decomposed, composed) if w not in out]
    unique = list(dict.fromkeys(out))
    kept = [w for w in unique if not any(o != w and o in w for o in unique)]
    return tuple(w for w in kept if not _BENGALI.search(w)), tuple(w for w in kept if _BENGALI.search(w))


def _source(patterns: list[str]) -> str | None:
    # applied to lower-cased text, so patterns are written in lower case (\S, \W and \D keep their capitals):
    # without IGNORECASE, Python's re scans several times faster
    return _both_nuktas("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    source = _source(patterns)
    return None if source is None else re.compile(source)


def _by_script(patterns: list[str]) -> tuple[re.Pattern[str] | None, str | None]:
    """The Latin-script patterns compiled, the Bengali-script ones as source: every alternative costs time at every
    position searched, most ads have no Bengali letter, and compiling them costs a one-ad check's start-up."""
    bengali = [p for p in patterns if _BENGALI.search(p)]
    return _compile([p for p in patterns if p not in bengali]), _source(bengali)


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
                _keywords(r["keywords"])[0],
                *_by_script(r["patterns"]),
                _compile(r["requires"]) if r.get("requires") else None,
                bool(r.get("negatable", False)),
                tuple(r.get("supersedes", ())),
                _keywords(r["keywords"])[1],
            )
        )
    ids = [r.id for r in out]
    if len(ids) != len(set(ids)):
        raise ValueError("red flag ids must be unique")
    unknown = {s for r in out for s in r.supersedes} - set(ids)
    if unknown:
        raise ValueError(f"red flags supersede unknown ids: {sorted(unknown)}")
    return tuple(out)


def text_threshold() -> float:
    """Label threshold for one ad given as free text (see redflags.yaml)."""
    return float(_raw()["text_threshold"])


def shared_contact(entries: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
    """The `shared_contact` flag of an ad whose contacts also appear in ads of other companies (a batch finding)."""
    spec = next(f for f in _raw()["batch_flags"] if f["id"] == "shared_contact")
    return {
        "id": "shared_contact",
        "weight": float(spec["weight"]),
        "strong": True,
        "title": spec["title"][lang],
        "text": spec["explain"][lang],
        "advice": spec["advice"][lang],
        "shared": entries,
    }


def model_not_used(lang: str) -> str:
    """What the output says when the text model was not used for an ad's language."""
    return str(_raw()["model_not_used"][lang])


#: every kind of space becomes a plain one (same length, so spans stay aligned): keywords such as "sin " then
#: also find "sin" at the end of a line, as the patterns' \s does (str.replace is far faster than translate)
_SPACES = ("\n", "\r", "\t", "\x0b", "\x0c", "\u00a0", "\u2009", "\u202f")


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (e.g. U+0130): keep spans aligned with `text`
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for space in _SPACES:
        if space in low:
            low = low.replace(space, " ")
    return low


def find(text: str, lang: str = "en", prefilter: bool = True) -> list[dict[str, Any]]:
    """The red flags present in `text`, each with its id, plain-language text, advice and first evidence span."""
    return _drop_superseded(_find(text, _lower(text), rules(), lang, prefilter))


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
    return _drop_superseded(sorted(strong + weak, key=lambda f: order[f["id"]]))


@lru_cache(maxsize=1)
def _split() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    return tuple(r for r in rules() if r.strong), tuple(r for r in rules() if not r.strong)


def _find(text: str, low: str, chosen: tuple[Rule, ...], lang: str, prefilter: bool) -> list[dict[str, Any]]:
    found = []
    bengali = _BENGALI.search(low) is not None
    hits = _keyword_hits(low, bengali) if prefilter else {}
    for rule in chosen:
        match = (
            _search(rule, low, bengali, hits.get(rule.id, [])) if prefilter else _first(rule, low, 0, len(low), bengali)
        )
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


def _drop_superseded(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = {f["id"] for f in found}
    gone = {s for r in rules() if r.id in ids for s in r.supersedes}
    return [f for f in found if f["id"] not in gone] if gone else found


def _first(rule: Rule, low: str, start: int, end: int, bengali: bool) -> re.Match[str] | None:
    """The rule's first match in low[start:end] that is not negated ("no recruitment fee")."""
    first = None
    for pattern in (rule.pattern, rule.bengali if bengali else None):
        if pattern is None:
            continue
        for match in pattern.finditer(low, start, end):
            if not rule.negatable or _NEGATION.search(low, max(0, match.start() - 30), match.start()) is None:
                if first is None or match.start() < first.start():
                    first = match
                break
    return first


WINDOW = 160  # characters searched either side of a keyword; every pattern's match is shorter


@lru_cache(maxsize=1)
def _automaton() -> Any:
    """Every rule's keywords in one Aho-Corasick automaton: one pass over an ad finds them all (a `str.find` per
    keyword per rule read each ad some 160 times, most of the cost of batch scoring)."""
    import ahocorasick

    owners: dict[str, list[tuple[str, bool]]] = {}
    for rule in rules():
        for keyword in rule.keywords:
            owners.setdefault(keyword, []).append((rule.id, False))
        for keyword in rule.bengali_keywords:
            owners.setdefault(keyword, []).append((rule.id, True))
    automaton = ahocorasick.Automaton()
    for keyword, who in owners.items():
        automaton.add_word(keyword, (len(keyword), tuple(who)))
    automaton.make_automaton()
    return automaton


def _keyword_hits(low: str, bengali: bool) -> dict[str, list[int]]:
    """Rule id -> start of every occurrence of one of its keywords in `low` (Bengali ones only in Bengali ads)."""
    hits: dict[str, list[int]] = {}
    for end, (length, who) in _automaton().iter(low):
        for rule_id, bengali_only in who:
            if bengali or not bengali_only:
                hits.setdefault(rule_id, []).append(end - length + 1)
    return hits


def _search(rule: Rule, low: str, bengali: bool, starts: list[int]) -> re.Match[str] | None:
    """The rule's first match, searching only around its keywords (`starts`): a full scan of every ad is too slow."""
    spans: list[list[int]] = []
    for at in sorted(starts):  # merge overlapping windows, so no match is cut at a window's edge
        if spans and at - WINDOW <= spans[-1][1]:
            spans[-1][1] = at + WINDOW
        else:
            spans.append([max(at - WINDOW, 0), at + WINDOW])
    for start, end in spans:
        match = _first(rule, low, start, end, bengali)
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
