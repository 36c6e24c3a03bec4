from __future__ import annotations

import json
import uuid
from collections import Counter

import pytest
import rdflib
from rdflib.namespace import RDF, XSD

from heroes.export.caseuco import write_case_jsonld
from heroes.export.uco_nodes import CONTEXT, stable_id

OBS = rdflib.Namespace(CONTEXT["uco-observable"])
TYPES = rdflib.Namespace(CONTEXT["uco-types"])
CORE = rdflib.Namespace(CONTEXT["uco-core"])
ACTION = rdflib.Namespace(CONTEXT["uco-action"])


def _export(tmp_path, records, meta, name="case.jsonld"):
    out = tmp_path / name
    count = write_case_jsonld(iter(records), meta, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["@graph"]) == count
    return out, doc


def _types(doc):
    return Counter(n.get("@type") for n in doc["@graph"])


def _by_id(doc):
    return {n["@id"]: n for n in doc["@graph"] if "@type" in n}


def test_graph_types_and_structure(samples, tmp_path, records, meta):
    _, doc = _export(tmp_path, records, meta)
    assert set(CONTEXT) <= set(doc["@context"])
    types = _types(doc)
    assert types["uco-observable:File"] == 4 + 1 + 1  # four files, the evidence, the unreadable /broken.zip
    assert types["case-investigation:Investigation"] == 1
    assert types["case-investigation:InvestigativeAction"] == 1
    assert types["uco-tool:Tool"] == 1
    assert types["uco-observable:EmailAddress"] == 1  # found twice, one observable
    assert types["uco-observable:URL"] == 1
    assert types["uco-location:Location"] == 1
    assert types["uco-core:Annotation"] == 3  # mismatch, document, error
    assert types["uco-observable:ObservableRelationship"] == 4 + 3  # files in evidence, entities in files
    nodes = _by_id(doc)
    action = next(n for n in doc["@graph"] if n.get("@type") == "case-investigation:InvestigativeAction")
    assert action["uco-core:name"] == "triage"
    assert action["uco-action:startTime"] == {"@type": "xsd:dateTime", "@value": "2024-05-01T08:00:00Z"}
    assert nodes[action["uco-action:instrument"]["@id"]]["uco-tool:version"] == "0.1.0"
    assert [nodes[o["@id"]]["@type"] for o in action["uco-action:object"]] == ["uco-observable:File"]
    results = {r["@id"] for r in action["uco-action:result"]}
    assert len(results) == len(action["uco-action:result"]) == 4 + 2 + 1 + 3
    assert stable_id("file", "/cases/demo/usb.dd", samples.SCRIPT_NAME) in results


def test_file_facets_hashes_and_exif(samples, tmp_path, records, meta):
    _, doc = _export(tmp_path, records, meta)
    nodes = _by_id(doc)
    script = nodes[stable_id("file", "/cases/demo/usb.dd", samples.SCRIPT_NAME)]
    facets = {f["@type"]: f for f in script["uco-core:hasFacet"]}
    file_facet = facets["uco-observable:FileFacet"]
    assert file_facet["uco-observable:fileName"] == "script>.txt"  # "/" ends a path component
    assert file_facet["uco-observable:sizeInBytes"] == 100
    assert file_facet["uco-observable:isDirectory"] is False
    assert file_facet["uco-observable:allocationStatus"] == "Intact"
    assert file_facet["uco-observable:modifiedTime"] == {"@type": "xsd:dateTime", "@value": "2020-09-13T12:26:40Z"}
    assert file_facet["uco-observable:observableCreatedTime"]["@value"] == "2017-07-14T02:40:00Z"
    hashes = {
        h["uco-types:hashMethod"]: h["uco-types:hashValue"]  # a plain xsd:string from HashNameVocab
        for h in facets["uco-observable:ContentDataFacet"]["uco-observable:hash"]
    }
    assert hashes == {
        "MD5": {"@type": "xsd:hexBinary", "@value": samples.MD5},
        "SHA1": {"@type": "xsd:hexBinary", "@value": samples.SHA1},
        "SHA256": {"@type": "xsd:hexBinary", "@value": samples.SHA256},
    }
    photo = nodes[stable_id("file", "/cases/demo/usb.dd", "/photos/caf\\xe9.jpg")]
    exif = next(f for f in photo["uco-core:hasFacet"] if f["@type"] == "uco-observable:EXIFFacet")
    entries = {e["uco-types:key"]: e["uco-types:value"] for e in exif["uco-observable:exifData"]["uco-types:entry"]}
    assert entries == {
        "Make": "Canon",
        "Model": "PowerShot",
        "DateTimeOriginal": "2019:02:12 18:40:00",
        "GPSLatitude": "49.6116",
        "GPSLongitude": "6.1319",
        "GPSAltitude": "300.0",
    }
    deleted = nodes[stable_id("file", "/cases/demo/usb.dd", "/deleted/report.pdf")]
    assert deleted["uco-core:hasFacet"][0]["uco-observable:allocationStatus"] == "Deleted"
    assert "uco-observable:modifiedTime" not in deleted["uco-core:hasFacet"][0]  # missing times left out


def test_ids_are_stable(tmp_path, records, meta):
    first, _ = _export(tmp_path, records, meta, "a.jsonld")
    second, _ = _export(tmp_path, records, meta, "b.jsonld")
    assert first.read_bytes() == second.read_bytes()


def _ids(node):
    if isinstance(node, dict):
        if "@id" in node and len(node) > 1:  # a node, not a reference to one
            yield node["@id"]
        for value in node.values():
            yield from _ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value)


def test_every_id_ends_in_a_uuid5_of_stable_inputs(tmp_path, records, meta):
    _, doc = _export(tmp_path, records, meta)
    ids = list(_ids(doc["@graph"]))
    assert len(ids) > 40
    for node_id in ids:
        tail = uuid.UUID(node_id[-36:])  # UCO: "UcoThings are suggested to end with a UUID"
        assert tail.version == 5 and node_id.startswith("kb:"), node_id
    assert stable_id("file", "e", "/a") == stable_id("file", "e", "/a") != stable_id("file", "e", "/b")
    assert stable_id("file", "e", "/a").startswith("kb:file-")


def test_the_export_of_every_kind_passes_case_validate(tmp_path, records, meta, case_validate):
    out, _ = _export(tmp_path, records, meta)
    _version, conforms, results, text = case_validate(out)
    assert conforms and results == 0, text


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses its own deprecated API
def test_rdflib_parses_the_graph(samples, tmp_path, records, meta):
    records.append({"kind": "exif", "path": samples.SCRIPT_NAME, "make": "Nikon", "evidence": "/cases/demo/usb.dd"})
    out, _ = _export(tmp_path, records, meta)
    graph = rdflib.Graph().parse(data=out.read_text(encoding="utf-8"), format="json-ld")
    files = set(graph.subjects(RDF.type, OBS.File))
    assert len(files) == 6
    values = {str(o) for o in graph.objects(None, TYPES.hashValue)}
    assert {samples.MD5, samples.SHA1, samples.SHA256} <= values
    assert {o.datatype for o in graph.objects(None, TYPES.hashValue)} == {XSD.hexBinary}
    assert {o.datatype for o in graph.objects(None, OBS.modifiedTime)} == {XSD.dateTime}
    # the EXIF finding that came apart from its file merges into the same subject
    script = rdflib.URIRef(CONTEXT["kb"] + stable_id("file", "/cases/demo/usb.dd", samples.SCRIPT_NAME)[3:])
    assert (script, RDF.type, OBS.File) in graph
    assert any((facet, RDF.type, OBS.EXIFFacet) in graph for facet in graph.objects(script, CORE.hasFacet))
    actions = list(graph.subjects(ACTION.instrument, None))
    assert len(actions) == 1 and len(list(graph.objects(actions[0], ACTION.result))) == 4 + 2 + 1 + 3


def test_empty_and_sparse_input(samples, tmp_path):
    _, doc = _export(tmp_path, [samples.file_record("/a", md5="not-hex", sha1=None, size=None)], {})
    types = _types(doc)
    assert types["uco-observable:File"] == 1 and types["case-investigation:Investigation"] == 1
    node = _by_id(doc)[stable_id("file", "/cases/demo/usb.dd", "/a")]
    content = node["uco-core:hasFacet"][1]
    assert "uco-observable:hash" in content  # the sha256 only: bad and missing hashes skipped
    assert len(content["uco-observable:hash"]) == 1
