"""The case metadata every exporter prints. Its producers (the run service, heroes.engine.run, and the dashboard's
report export) write one spelling: ``case``, ``version``, ``started``, ``finished``, ``command`` (a string, or a
list of arguments), ``examiner`` and ``evidence`` (`CaseStore.evidence_list`: ``path``, ``kind``, ``description``,
``hashes``). A missing key renders as empty (or the running version), and every value is cleaned for output."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import heroes
from heroes.export.jsonl import clean, clean_str


@dataclass
class Evidence:
    path: str
    kind: str = ""
    description: str = ""
    hashes: dict[str, str] = field(default_factory=dict)  # algorithm (lower case) -> hex digest


@dataclass
class CaseMeta:
    case: str
    version: str
    started: str
    finished: str
    command: str
    examiner: str
    evidence: list[Evidence]


def _hashes(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {clean_str(str(k)).lower(): clean_str(str(v)) for k, v in value.items() if v}
    return {}


def _text(meta: Mapping[str, Any], key: str) -> str:
    value = meta.get(key)
    return "" if value is None else clean_str(str(value))


def _evidence(entry: Mapping[str, Any]) -> Evidence:
    return Evidence(
        _text(entry, "path"), _text(entry, "kind"), _text(entry, "description"), _hashes(entry.get("hashes"))
    )


def read_meta(meta: Mapping[str, Any]) -> CaseMeta:
    """The metadata as the exporters print it."""
    command = meta.get("command") or ""
    if isinstance(command, list | tuple):
        command = shlex.join(str(part) for part in clean(list(command)))
    return CaseMeta(
        case=_text(meta, "case") or "unnamed case",
        version=_text(meta, "version") or heroes.__version__,
        started=_text(meta, "started"),
        finished=_text(meta, "finished"),
        command=clean_str(str(command)),
        examiner=_text(meta, "examiner"),
        evidence=[_evidence(e) for e in meta.get("evidence") or [] if isinstance(e, Mapping)],
    )
