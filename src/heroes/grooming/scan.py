"""One conversation through the monitor, summarised as the record `heroes grooming scan --json` prints and triage
stores: id, risk, alert, first_alert_index, suspect and evidence ({index, stage, score}) of the suspect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heroes.grooming.model import Conversation
from heroes.grooming.monitor import Alert, Evidence, GroomingMonitor, Settings


@dataclass
class ScanResult:
    """The outcome of scanning one conversation: peak risk, first alert, suspect and evidence."""

    id: str
    messages: int
    risk: float
    alert: bool
    first_alert_index: int | None
    suspect: str | None
    evidence: list[Evidence] = field(default_factory=list)
    stages: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "risk": round(self.risk, 3),
            "alert": self.alert,
            "first_alert_index": self.first_alert_index,
            "suspect": self.suspect,
            "evidence": [e.as_dict() for e in self.evidence],
            "messages": self.messages,
            "stages": list(self.stages),
        }


def scan_conversation(
    conv: Conversation, settings: Settings | None = None, keep_text: bool = False, learned: bool = True
) -> ScanResult:
    """Feed a whole conversation to a fresh monitor and sum it up."""
    monitor = GroomingMonitor(settings, keep_text=keep_text, learned=learned)
    first: Alert | None = None
    peak = 0.0
    for message in conv:
        alert = monitor.feed(message)
        peak = max(peak, monitor.risk)
        if alert is not None and first is None:
            first = alert
    suspect = first.suspect if first else monitor.suspect
    evidence = monitor.evidence(suspect) if suspect else []
    stages = tuple(sorted({e.stage for e in evidence}))
    return ScanResult(
        conv.id, monitor.index + 1, peak, first is not None, first.index if first else None, suspect, evidence, stages
    )
