"""Finding kinds, each declared once as a `KindSpec` next to the analyser or source that emits it, and read by the
exporters (report, timeline, CASE/UCO) and the dashboard instead of lists of kind names kept in each of them.

A spec is registered as an entry point in the ``heroes.kinds`` group (pyproject.toml: ``name = "module:SPEC"``), so
`spec` loads only the declaring module of a kind it meets. A kind nobody declared still exports, plainly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

KIND_GROUP = "heroes.kinds"
Record = Mapping[str, Any]  # a finding as findings.jsonl writes it: kind, path, its fields, evidence


@dataclass(frozen=True)
class TimeField:
    """One dated field of a finding that becomes a timeline event: ``field`` holds the time, ``source`` names the
    event in timeline.csv (``fs:mtime``), ``text`` describes it (``File modified``)."""

    field: str
    source: str
    text: str


def _nothing(record: Record) -> str:
    return ""


@dataclass(frozen=True)
class KindSpec:
    """How the outputs treat one kind of finding.

    - ``label``: the kind for people (the report, the dashboard).
    - ``alert``: a detector's finding that answers "what here points to trafficking or child exploitation?"; shown
      first in the report and listed on the dashboard.
    - ``times`` and ``time_detail``: its timeline events; the detail (a camera, a title) follows each event's text.
    - ``report``: the report section that tabulates it (``files``, ``mismatches``, ``entities``, ``gps``, ``errors``).
    - ``uco``: what it becomes in CASE/UCO: ``File`` (a File observable), ``EXIFFacet`` (a facet of its file, and a
      Location), ``Observable`` (an observable found in its file), ``Annotation`` (a statement about its file;
      ``statement`` words it, by default "Kind metadata: field=value, ..."), or empty (not exported).
    - ``item_facts``: what it says of its item for the dashboard's item filters (``{"mismatch": True}``).
    - ``graph_node``: the (type, value) node it adds to the dashboard's identifier graph, if any.
    """

    name: str
    label: str
    alert: bool = False
    times: tuple[TimeField, ...] = ()
    time_detail: Callable[[Record], str] = _nothing
    report: str = ""
    uco: str = ""
    statement: Callable[[Record], str] | None = None
    item_facts: Callable[[Record], Mapping[str, Any]] | None = None
    graph_node: Callable[[Record], tuple[str, str] | None] | None = None


@functools.cache
def spec(kind: str) -> KindSpec:
    """The declared spec of ``kind``, or a plain one (its name as label, nothing special) when none is declared."""
    from importlib.metadata import entry_points

    found = entry_points(group=KIND_GROUP, name=kind)
    if not found:
        return KindSpec(kind, kind)
    declared: KindSpec = next(iter(found)).load()
    if declared.name != kind:
        raise ValueError(f"entry point {kind!r} of {KIND_GROUP} names the spec of {declared.name!r}")
    return declared


def declared() -> Iterator[KindSpec]:
    """Every declared kind, by name (loads every declaring module)."""
    from importlib.metadata import entry_points

    for name in sorted({ep.name for ep in entry_points(group=KIND_GROUP)}):
        yield spec(name)
