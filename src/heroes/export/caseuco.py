"""case.jsonld: the triage as CASE/UCO 1.x JSON-LD, the exchange format forensic tools and labs import.

The graph holds an Investigation, one "triage" InvestigativeAction (instrument: the HEROES tool; object: the
evidence; result: every observable found), the evidence and one node per finding. It is written node by node
as the records stream past; only the findings of the item being written are buffered (so a file's EXIF data
becomes a facet of that file), the ids of the results are spilled to a temporary file for the action node
written last, and a set of entity ids avoids repeating an entity found in many files.

What a kind becomes is its `KindSpec.uco`: ``File`` a File observable, ``EXIFFacet`` a facet of its file (and a
Location), ``Observable`` an observable contained in its file, ``Annotation`` a uco-core:Annotation on its file (for
findings CASE has no class for: extension mismatches, document metadata, errors); other kinds (symlinks, special
files...) are not exported.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from heroes.core.kinds import spec
from heroes.export import uco_nodes as uco
from heroes.export.jsonl import dumps
from heroes.export.meta import CaseMeta, read_meta

REFERS_TO_FILE = frozenset({"EXIFFacet", "Observable", "Annotation"})  # the forms that point at their File node


class _GraphWriter:
    """Writes @graph members one a line, keeping the commas right, and remembers the action's results."""

    def __init__(self, out: IO[str], results: IO[str]) -> None:
        self.out, self.results = out, results
        self.count = 0
        self._entities: set[bytes] = set()

    def node(self, node: Mapping[str, Any], result: bool = False) -> None:
        self.out.write(",\n" if self.count else "\n")
        self.out.write(dumps(node))
        self.count += 1
        if result:
            self.results.write(node["@id"] + "\n")

    def entity_is_new(self, entity_id: str) -> bool:
        key = hashlib.sha1(entity_id.encode()).digest()
        if key in self._entities:
            return False
        self._entities.add(key)
        return True


def _groups(records: Iterable[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
    """Consecutive findings of one item (same evidence and path), as the engine and the store emit them."""
    group: list[Mapping[str, Any]] = []
    key: tuple[Any, Any] | None = None
    for record in records:
        this = (record.get("evidence"), record.get("path"))
        if group and this != key:
            yield group
            group = []
        key = this
        group.append(record)
    if group:
        yield group


def _form(record: Mapping[str, Any]) -> str:
    return spec(str(record.get("kind"))).uco


def _write_item(graph: _GraphWriter, group: list[Mapping[str, Any]], evidence_ids: dict[str, str]) -> None:
    first = group[0]
    fid = uco.file_id(first)
    exif = [r for r in group if _form(r) == "EXIFFacet"]
    files = [r for r in group if _form(r) == "File"]
    for record in files:
        node = uco.file_node(record)
        node["uco-core:hasFacet"].extend(uco.exif_facet(fid, r) for r in exif)
        graph.node(node, result=True)
        target = evidence_ids.get(uco.text(record.get("evidence")))
        if target:
            graph.node(
                uco.relationship(
                    fid,
                    target,
                    "Contained_Within",
                    {"@type": "uco-observable:PathRelationFacet", "uco-observable:path": uco.text(record.get("path"))},
                )
            )
    if not files and any(_form(r) in REFERS_TO_FILE for r in group):
        # the file's node was written with another group (same @id: RDF merges them) or there is none (an item that
        # could not be read): typed here, so what refers to it refers to a File
        node = {"@id": fid, "@type": "uco-observable:File"}
        if exif:
            node["uco-core:hasFacet"] = [uco.exif_facet(fid, r) for r in exif]
        graph.node(node)
    for record in group:
        form = _form(record)
        if form == "EXIFFacet" and (location := uco.location_node(fid, record)):
            graph.node(location, result=True)
            graph.node(
                {
                    "@id": uco.stable_id("relationship", fid, location["@id"]),
                    "@type": "uco-core:Relationship",
                    "uco-core:source": uco.ref(fid),
                    "uco-core:target": uco.ref(location["@id"]),
                    "uco-core:isDirectional": True,
                    "uco-core:kindOfRelationship": "Has_Location",
                }
            )
        elif form == "Observable":
            entity = uco.entity_node(record)
            if graph.entity_is_new(entity["@id"]):
                graph.node(entity, result=True)
            offset = record.get("offset")
            facet = (
                {"@type": "uco-observable:DataRangeFacet", "uco-observable:rangeOffset": offset}
                if isinstance(offset, int) and offset >= 0
                else None
            )
            graph.node(uco.relationship(entity["@id"], fid, "Contained_Within", facet))
        elif form == "Annotation":
            graph.node(uco.annotation(fid, record, uco.statement(record)), result=True)


def _evidence_node(meta: CaseMeta, index: int) -> dict[str, Any]:
    ev = meta.evidence[index]
    eid = uco.stable_id("evidence", ev.path)
    facets = uco.file_facets(eid, ev.path, {"hashes": ev.hashes}, None)
    node: dict[str, Any] = {"@id": eid, "@type": "uco-observable:File", "uco-core:hasFacet": facets}
    if ev.description or ev.kind:
        node["uco-core:description"] = " ".join(p for p in (ev.kind and f"[{ev.kind}]", ev.description) if p)
    return node


def _action_head(
    meta: CaseMeta, action_id: str, tool_id: str, person_id: str | None, evidence_ids: list[str]
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "@id": action_id,
        "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": "triage",
        "uco-action:instrument": uco.ref(tool_id),
        "uco-action:object": [uco.ref(e) for e in evidence_ids],
    }
    if meta.command:
        action["uco-core:description"] = meta.command
    if person_id:
        action["uco-action:performer"] = uco.ref(person_id)
    for key, prop in (("started", "uco-action:startTime"), ("finished", "uco-action:endTime")):
        if stamp := uco.date_time(getattr(meta, key)):
            action[prop] = stamp
    return action


def write_case_jsonld(records: Iterable[Mapping[str, Any]], meta: Mapping[str, Any], path: str | Path) -> int:
    """Stream ``records`` to ``path`` as CASE/UCO JSON-LD; returns the number of graph nodes written."""
    info = read_meta(meta)
    tool_id = uco.stable_id("tool", "HEROES", info.version)
    action_id = uco.stable_id("action", info.case, info.started, "triage")
    person_id = uco.stable_id("person", info.examiner) if info.examiner else None
    evidence_nodes = [_evidence_node(info, i) for i in range(len(info.evidence))]
    evidence_ids = {ev.path: node["@id"] for ev, node in zip(info.evidence, evidence_nodes, strict=True)}
    with (
        open(path, "w", encoding="utf-8", newline="\n") as out,
        tempfile.TemporaryFile("w+", encoding="utf-8") as results,
    ):
        out.write('{"@context":' + dumps(uco.CONTEXT) + ',\n"@graph":[')
        graph = _GraphWriter(out, results)
        graph.node(
            {
                "@id": uco.stable_id("investigation", info.case),
                "@type": "case-investigation:Investigation",
                "uco-core:name": info.case,
                "case-investigation:focus": "triage",
                "uco-core:object": [uco.ref(action_id), *(uco.ref(n["@id"]) for n in evidence_nodes)],
            }
        )
        graph.node(
            {
                "@id": tool_id,
                "@type": "uco-tool:Tool",
                "uco-core:name": "HEROES",
                "uco-tool:version": info.version,
                "uco-tool:toolType": "triage",
            }
        )
        if person_id:
            graph.node({"@id": person_id, "@type": "uco-identity:Person", "uco-core:name": info.examiner})
        for node in evidence_nodes:
            graph.node(node)
        for group in _groups(records):
            _write_item(graph, group, evidence_ids)
        head = dumps(_action_head(info, action_id, tool_id, person_id, list(evidence_ids.values())))
        out.write(",\n" + head[:-1] + ',"uco-action:result":[')
        results.seek(0)
        for i, line in enumerate(results):
            out.write(("," if i else "") + dumps(uco.ref(line.rstrip("\n"))))
        out.write("]}\n]}\n")
        return graph.count + 1
