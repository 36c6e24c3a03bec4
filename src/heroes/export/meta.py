"""The case metadata every exporter prints, read tolerantly: the CLI and the case store may name keys a little
differently (``case`` or ``case_name``, a command line as a list or a string), and a report must still render."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import heroes
from heroes.export.jsonl import clean, clean_str


def _first(meta: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if meta.get(key) not in (None, ""):
            return meta[key]
    return None


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
    if isinstance(value, list):  # [{"method": "md5", "value": ...}, ...]
        out = {}
        for entry in value:
            if isinstance(entry, Mapping):
                method, digest = _first(entry, "method", "algorithm", "name"), _first(entry, "value", "hash")
                if method and digest:
                    out[clean_str(str(method)).lower()] = clean_str(str(digest))
        return out
    return {}


def _evidence(entry: Any) -> Evidence:
    if not isinstance(entry, Mapping):
        return Evidence(clean_str(str(entry)))
    return Evidence(
        clean_str(str(_first(entry, "path", "source", "name") or "")),
        clean_str(str(entry.get("kind") or "")),
        clean_str(str(entry.get("description") or "")),
        _hashes(entry.get("hashes")),
    )


def read_meta(meta: Mapping[str, Any]) -> CaseMeta:
    """The run metadata every exporter prints, read tolerantly whatever key spelling its producer used."""
    command = _first(meta, "command_line", "command", "argv") or ""
    if isinstance(command, list | tuple):
        command = shlex.join(str(part) for part in clean(list(command)))
    return CaseMeta(
        case=clean_str(str(_first(meta, "case", "case_name", "name") or "unnamed case")),
        version=clean_str(str(_first(meta, "tool_version", "version") or heroes.__version__)),
        started=clean_str(str(_first(meta, "started", "start_time") or "")),
        finished=clean_str(str(_first(meta, "finished", "end_time") or "")),
        command=clean_str(str(command)),
        examiner=clean_str(str(_first(meta, "examiner", "performer", "investigator") or "")),
        evidence=[_evidence(e) for e in meta.get("evidence") or []],
    )
