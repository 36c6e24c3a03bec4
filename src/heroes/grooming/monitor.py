"""The streaming detector: `GroomingMonitor.feed(message) -> Alert | None`, one message at a time, on the device.

Each message is normalised, matched against the stage patterns and scored by the learned model; the scores go to
its author's running state, one decaying score per stage (per message and per hour), so a warning needs several
different signs from the same person within a while. The conversation risk is the highest author's; that author
is the suspect. No message text is kept after scoring unless `keep_text=True`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from heroes.grooming.learned import NONE, load
from heroes.grooming.model import Message
from heroes.grooming.normalise import normalise
from heroes.grooming.patterns import match, protective, rules

PROTECTIVE = "protective"  # a pseudo-signal: the message involves parents, a surprise, a trade, a pet


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.75  # summed stage scores of one author that raise an alert (risk 0.5)
    min_stages: int = 2  # distinct stages needed, unless a severe one (threats) is present
    severe_level: float = 0.75
    half_life_messages: float = 60.0
    half_life_seconds: float = 3 * 86400.0
    learned_only: float = 0.8  # a sign the patterns miss counts when the model is this sure
    stage_floor: float = 0.15  # a stage score below this no longer counts as "present"
    max_evidence: int = 50  # per author, newest kept


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


@dataclass
class _Author:
    scores: dict[str, float] = field(default_factory=dict)
    evidence: deque[Evidence] = field(default_factory=deque)
    alerted: bool = False
    raw: float = 0.0
    protective: bool = False


def signals(text: str, learned: bool = True) -> dict[str, float]:
    """Stage -> score of one message (0..~1.3), before any conversation context; PROTECTIVE -> 1.0 when the
    message carries a protective cue."""
    norm = normalise(text)
    found = match(norm)
    model = load() if learned else None
    probs = model.predict(norm) if model and norm else {}
    sign = 1.0 - probs.get(NONE, 0.5) if probs else 0.5
    out: dict[str, float] = {}
    for stage in rules().stages:
        weight = found.get(stage.name, 0.0)
        if weight:
            out[stage.name] = weight * (0.7 + 0.6 * sign)
        elif probs.get(stage.name, 0.0) >= Settings.learned_only:
            out[stage.name] = stage.weight * 0.8 * probs[stage.name]
    if protective(norm):
        factor = rules().protective_factor
        severe = {s.name for s in rules().stages if s.severe}  # a threat stays a threat, whoever is named
        out = {k: v if k in severe else v * factor for k, v in out.items()}
        out[PROTECTIVE] = 1.0
    return out


class GroomingMonitor:
    def __init__(self, settings: Settings | None = None, keep_text: bool = False, learned: bool = True):
        self.settings = settings or Settings()
        self.keep_text = keep_text
        self.learned = learned
        self.index = -1
        self._authors: dict[str, _Author] = {}
        self._last_t: float | None = None
        self._severe = {s.name for s in rules().stages if s.severe}
        self._per_message = 0.5 ** (1.0 / self.settings.half_life_messages)

    def _decay(self, t: float | None) -> None:
        factor = self._per_message
        if t is not None and self._last_t is not None and t > self._last_t:
            factor *= 0.5 ** ((t - self._last_t) / self.settings.half_life_seconds)
        if t is not None:
            self._last_t = max(t, self._last_t or t)
        for state in self._authors.values():
            for stage in list(state.scores):
                state.scores[stage] *= factor
                if state.scores[stage] < 0.01:
                    del state.scores[stage]
            state.raw = sum(state.scores.values())

    def feed(self, message: Message) -> Alert | None:
        """Score one message; an Alert the first time its author's risk crosses the threshold, else None."""
        self.index += 1
        self._decay(message.t)
        found = signals(message.text, self.learned)
        if not found:
            return None
        state = self._authors.setdefault(message.author, _Author())
        if found.pop(PROTECTIVE, None):
            state.protective = True
        if state.protective:
            found = {k: v * rules().author_factor for k, v in found.items()}
        for stage, score in found.items():
            old = state.scores.get(stage, 0.0)
            state.scores[stage] = max(old, score) + 0.2 * min(old, score)
            text = message.text if self.keep_text else None
            state.evidence.append(Evidence(self.index, stage, score, text))
            if len(state.evidence) > self.settings.max_evidence:
                state.evidence.popleft()
        state.raw = sum(state.scores.values())
        if state.alerted or not self._alerting(state):
            return None
        state.alerted = True
        return Alert(self.index, message.author, self.risk_of(state), self._stages(state), tuple(state.evidence))

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
