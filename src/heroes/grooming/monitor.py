"""The streaming detector: `GroomingMonitor.feed(message) -> Alert | None`, one message at a time, on the device.

Each message is normalised, matched against the stage patterns and scored by the learned model; the scores go to
its author's running state, one score per stage, so a warning needs several different signs from the same person.
The scores fade with the messages that follow (half-life in messages), not with the hours between them: grooming
that unfolds over days keeps its weight, and only a long silence (`quiet_seconds`, a new conversation) fades it.
Context moves the scores: guilt and pressure count in full right after the other person refused something; a
person who claims to be a child and lets slip an adult life raises `adult_slip`; gifts or usernames offered both
ways (a trade) are damped, and so are age talk, gifts and usernames between people who claim ages close to each
other's (peers, until one lets slip an adult life). Signs are damped, threats excepted, from anyone who lets the
parents in ("ask your mum") or whose secret is a surprise, and from anyone the chat shows to be family (a contact
named "Mum", or called "grandma" by the other person). The conversation risk is the highest author's; that author
is the suspect. No message text is kept after scoring unless `keep_text=True`.

The shield page runs a JavaScript port of this class (web/static/shield/detector.js) on the same bundle of
patterns, settings and model; tests/web/test_web_shield.py checks that both give the same risk.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from heroes.grooming.learned import NONE, load
from heroes.grooming.model import Message
from heroes.grooming.normalise import normalise
from heroes.grooming.patterns import ADULT_AGE, kin_name, match, protective, read_cues, rules

ADULT_SLIP = "adult_slip"
PRESSURE = "pressure"


@dataclass(frozen=True)
class Settings:
    """Thresholds and weights of the grooming monitor: when an author's stages raise an alert, and how scores fade."""

    threshold: float = 0.75  # summed stage scores of one author that raise an alert (risk 0.5)
    min_stages: int = 2  # distinct stages needed, unless a severe one (threats) is present
    severe_level: float = 0.75
    half_life_messages: float = 60.0
    quiet_seconds: float = 7 * 86400.0  # a silence longer than this starts a new conversation...
    half_life_quiet_seconds: float = 7 * 86400.0  # ...and beyond it the scores halve every this many seconds
    learned_only: float = 0.8  # a sign the patterns miss counts when the model is this sure
    stage_floor: float = 0.15  # a stage score below this no longer counts as "present"
    max_evidence: int = 50  # per author, newest kept
    refusal_window: int = 8  # messages after someone's refusal in which another's guilt and pressure count in full
    unprompted_pressure: float = 0.5  # guilt and pressure with no refusal before it
    reciprocal_factor: float = 0.4  # a reciprocal stage (gifts, usernames) that both sides show; peers' age talk
    family_factor: float = 0.35  # signs of someone the chat shows to be family
    age_gap: int = 3  # claimed ages this far apart are a slip; closer ones make peers


@dataclass(frozen=True)
class Evidence:
    index: int
    stage: str
    score: float
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "stage": self.stage, "score": round(self.score, 3)}
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class Alert:
    """The moment a conversation crossed the alert threshold: who, how risky, which stages, the evidence."""

    index: int  # the message at which the risk crossed the threshold
    suspect: str
    risk: float
    stages: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "suspect": self.suspect,
            "risk": round(self.risk, 3),
            "stages": list(self.stages),
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Reading:
    """What one message shows on its own, before the conversation's context."""

    scores: dict[str, float]  # stage -> score (0..~1.3)
    protective: bool  # a party, a trade, a pet, sport, the parents...
    lasting: bool  # explains secrecy for the rest of the chat: the parents are in on it, or it is a surprise
    refusal: bool
    kin_address: bool  # calls the other person by a family name
    age: int | None  # a claimed age
    child: bool  # claims to be a child
    adult: bool  # shows an adult life


@dataclass
class _Author:
    family: bool
    scores: dict[str, float] = field(default_factory=dict)
    evidence: deque[Evidence] = field(default_factory=deque)
    shown: set[str] = field(default_factory=set)
    alerted: bool = False
    raw: float = 0.0
    lasting: bool = False  # has shown a lasting protective cue
    ages: list[int] = field(default_factory=list)
    child: bool = False
    adult: bool = False
    slipped: bool = False  # has let slip that a claimed age is not true
    peer: bool = False  # claims an age close to another child's claim


def read(text: str, learned: bool = True) -> Reading:
    """One message's stage scores and cues, before any conversation context."""
    norm = normalise(text)
    found = match(norm)
    model = load() if learned else None
    probs = model.predict(norm) if model and norm else {}
    sign = 1.0 - probs.get(NONE, 0.5) if probs else 0.5
    scores: dict[str, float] = {}
    for stage in rules().stages:
        weight = found.get(stage.name, 0.0)
        if weight:
            scores[stage.name] = weight * (0.7 + 0.6 * sign)
        elif probs.get(stage.name, 0.0) >= Settings.learned_only:
            scores[stage.name] = stage.weight * 0.8 * probs[stage.name]
    prot, lasting = protective(norm)
    if prot:
        factor = rules().protective_factor
        severe = {s.name for s in rules().stages if s.severe}  # a threat stays a threat, whoever is named
        scores = {k: v if k in severe else v * factor for k, v in scores.items()}
    cues = read_cues(norm)
    return Reading(scores, prot, lasting, cues.refusal, cues.kin_address, cues.age, cues.child, cues.adult)


class GroomingMonitor:
    """Follows a conversation message by message and raises an Alert when an author's stages add up."""

    def __init__(self, settings: Settings | None = None, keep_text: bool = False, learned: bool = True):
        self.settings = settings or Settings()
        self.keep_text = keep_text
        self.learned = learned
        self.index = -1
        self._authors: dict[str, _Author] = {}
        self._last_t: float | None = None
        self._refused: dict[str, int] = {}  # author -> index of their latest refusal
        self._kin_callers: set[str] = set()  # authors who called someone else by a family name
        stages = rules().stages
        self._severe = {s.name for s in stages if s.severe}
        self._reciprocal = {s.name for s in stages if s.reciprocal}
        self._peer_stages = sorted(s.name for s in stages if s.peer)
        self._slip_weight = next(s.weight for s in stages if s.name == ADULT_SLIP)
        self._per_message = 0.5 ** (1.0 / self.settings.half_life_messages)

    def _decay(self, t: float | None) -> None:
        s = self.settings
        factor = self._per_message
        if t is not None and self._last_t is not None:
            quiet = t - self._last_t - s.quiet_seconds
            if quiet > 0:
                factor *= 0.5 ** (quiet / s.half_life_quiet_seconds)
        if t is not None:
            self._last_t = max(t, self._last_t if self._last_t is not None else t)
        for state in self._authors.values():
            for stage in list(state.scores):
                state.scores[stage] *= factor
                if state.scores[stage] < 0.01:
                    del state.scores[stage]
            state.raw = sum(state.scores.values())

    def _author(self, name: str) -> _Author:
        if name not in self._authors:
            self._authors[name] = _Author(family=kin_name(normalise(name)))
        return self._authors[name]

    def _slipped(self, state: _Author, reading: Reading) -> bool:
        """Whether this message shows that its author's claimed age is not true."""
        slip = False
        if reading.age is not None:
            slip = any(abs(reading.age - age) >= self.settings.age_gap for age in state.ages)
            slip = slip or (state.child and reading.age >= ADULT_AGE)
            state.ages.append(reading.age)
        if reading.child:
            slip = slip or state.adult or any(age >= ADULT_AGE for age in state.ages)
            state.child = True
        if reading.adult:
            slip = slip or state.child
            state.adult = True
        return slip

    def _pair_peers(self, author: str, state: _Author) -> None:
        """Mark as peers this author and everyone whose latest claimed child age is close to theirs; what they said
        of the peer stages so far is damped once."""
        if state.slipped or not state.ages or state.ages[-1] >= ADULT_AGE:
            return
        mine, gap = state.ages[-1], self.settings.age_gap
        matched = [
            o
            for a, o in self._authors.items()
            if a != author and not o.slipped and o.ages and o.ages[-1] < ADULT_AGE and abs(o.ages[-1] - mine) < gap
        ]
        if not matched:
            return
        for peer in [state, *matched]:
            if not peer.peer:
                peer.peer = True
                for stage in self._peer_stages:
                    if stage in peer.scores:
                        peer.scores[stage] *= self.settings.reciprocal_factor
                peer.raw = sum(peer.scores.values())

    def _in_context(self, author: str, state: _Author, reading: Reading) -> dict[str, float]:
        s = self.settings
        scores = dict(reading.scores)
        if self._slipped(state, reading):
            scores[ADULT_SLIP] = self._slip_weight
            state.slipped, state.peer = True, False
        elif reading.age is not None and not state.peer:
            self._pair_peers(author, state)
        if PRESSURE in scores:
            refused = any(a != author and self.index - i <= s.refusal_window for a, i in self._refused.items())
            if not refused:
                scores[PRESSURE] *= s.unprompted_pressure
        if state.peer:
            for stage in self._peer_stages:
                if stage in scores:
                    scores[stage] *= s.reciprocal_factor
        for stage in sorted(self._reciprocal & scores.keys()):
            others = [o for a, o in self._authors.items() if a != author and stage in o.shown]
            if others:
                scores[stage] *= s.reciprocal_factor
                for other in others:
                    if stage in other.scores:
                        other.scores[stage] *= s.reciprocal_factor
                        other.raw = sum(other.scores.values())
        family = state.family or any(a != author for a in self._kin_callers)
        damp = (rules().author_factor if state.lasting else 1.0) * (s.family_factor if family else 1.0)
        if damp != 1.0:
            scores = {k: v if k in self._severe else v * damp for k, v in scores.items()}
        return scores

    def feed(self, message: Message) -> Alert | None:
        """Score one message; an Alert the first time its author's risk crosses the threshold, else None."""
        self.index += 1
        self._decay(message.t)
        reading = read(message.text, self.learned)
        author = message.author
        state = self._author(author)
        if reading.refusal:
            self._refused[author] = self.index
        if reading.kin_address:
            self._kin_callers.add(author)
        if reading.lasting:
            state.lasting = True
        scores = self._in_context(author, state, reading)
        for stage, score in scores.items():
            old = state.scores.get(stage, 0.0)
            state.scores[stage] = max(old, score) + 0.2 * min(old, score)
            state.shown.add(stage)
            text = message.text if self.keep_text else None
            state.evidence.append(Evidence(self.index, stage, score, text))
            if len(state.evidence) > self.settings.max_evidence:
                state.evidence.popleft()
        state.raw = sum(state.scores.values())
        if state.alerted or not self._alerting(state):
            return None
        state.alerted = True
        return Alert(self.index, author, self.risk_of(state), self._stages(state), tuple(state.evidence))

    def _stages(self, state: _Author) -> tuple[str, ...]:
        return tuple(sorted(s for s, v in state.scores.items() if v >= self.settings.stage_floor))

    def _alerting(self, state: _Author) -> bool:
        s = self.settings
        if any(state.scores.get(name, 0.0) >= s.severe_level for name in self._severe):
            return True
        return state.raw >= s.threshold and len(self._stages(state)) >= s.min_stages

    def risk_of(self, state: _Author) -> float:
        """0..1; 0.5 at the alert threshold."""
        return 1.0 - math.exp(-state.raw * math.log(2) / self.settings.threshold)

    @property
    def suspect(self) -> str | None:
        if not self._authors:
            return None
        name, state = max(self._authors.items(), key=lambda kv: (kv[1].alerted, kv[1].raw))
        return name if state.raw > 0 or state.alerted else None

    @property
    def risk(self) -> float:
        """The conversation's risk now: its highest author's."""
        return max((self.risk_of(s) for s in self._authors.values()), default=0.0)

    def evidence(self, author: str | None = None) -> list[Evidence]:
        author = author or self.suspect
        return list(self._authors[author].evidence) if author in self._authors else []
