"""CASE/UCO 1.x node builders: one finding in, JSON-LD node dicts out. Property names follow the published
UCO ontology and the CASE-Examples (FileFacet, ContentDataFacet with uco-types:Hash, EXIFFacet with a
ControlledDictionary, EmailAddressFacet, LatLongCoordinatesFacet); hash methods are the plain strings of UCO's
HashNameVocab. Identifiers end in a UUID, as UCO asks, and are stable: a UUIDv5 of what names the thing (evidence
and path, or entity type and value; a facet or hash is named by its owner), so two exports of one case share their
@ids. The export passes ``case_validate`` (case-utils) at the newest CASE version it ships with no result at all.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from collections.abc import Mapping
from typing import Any

from heroes.core.kinds import spec
from heroes.export.jsonl import clean_str
from heroes.export.timeline import parse_time

CONTEXT = {
    "kb": "urn:heroes:kb:",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-location": "https://ontology.unifiedcyberontology.org/uco/location/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
HASH_NAMES = {
    "md5": "MD5",
    "sha1": "SHA1",
    "sha224": "SHA224",
    "sha256": "SHA256",
    "sha384": "SHA384",
    "sha512": "SHA512",
}
EXIF_KEYS = {
    "make": "Make",
    "model": "Model",
    "datetime_original": "DateTimeOriginal",
    "software": "Software",
    "gps_lat": "GPSLatitude",
    "gps_lon": "GPSLongitude",
    "gps_alt": "GPSAltitude",
}
NOT_DATA = frozenset({"kind", "path", "evidence", "analyser"})
# entity type prefix -> (observable class, facet class, facet property holding the value)
ENTITY_CLASSES = (
    ("email", "uco-observable:EmailAddress", "uco-observable:EmailAddressFacet", "uco-observable:addressValue"),
    ("phone", "uco-observable:PhoneAccount", "uco-observable:PhoneAccountFacet", "uco-observable:phoneNumber"),
    ("url", "uco-observable:URL", "uco-observable:URLFacet", "uco-observable:fullValue"),
    ("domain", "uco-observable:DomainName", "uco-observable:DomainNameFacet", "uco-observable:value"),
    ("ipv4", "uco-observable:IPv4Address", "uco-observable:IPv4AddressFacet", "uco-observable:addressValue"),
    ("ipv6", "uco-observable:IPv6Address", "uco-observable:IPv6AddressFacet", "uco-observable:addressValue"),
)
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")
KB_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, CONTEXT["kb"])  # the UUIDv5 namespace of every HEROES @id


def text(value: Any) -> str:
    return "" if value is None else clean_str(str(value))


def stable_id(prefix: str, *parts: Any) -> str:
    """``kb:<prefix>-<UUIDv5>`` of the prefix and ``parts``: the same inputs give the same id in every export."""
    return f"kb:{prefix}-{uuid.uuid5(KB_NAMESPACE, chr(0).join(text(p) for p in (prefix, *parts)))}"


def ref(node_id: str) -> dict[str, str]:
    return {"@id": node_id}


def typed(datatype: str, value: Any) -> dict[str, str]:
    return {"@type": datatype, "@value": str(value)}


def date_time(value: Any) -> dict[str, str] | None:
    """An xsd:dateTime for a POSIX time or ISO text; None where there is no time (or no zone to be sure of)."""
    parsed = parse_time(value)
    if parsed is None or not parsed[1].endswith("Z"):
        return None
    return typed("xsd:dateTime", parsed[1])


def file_id(record: Mapping[str, Any]) -> str:
    return stable_id("file", record.get("evidence"), record.get("path"))


def hashes(owner: str, digests: Mapping[str, Any]) -> list[dict[str, Any]]:
    """CASE/UCO Hash nodes for the digests UCO names (MD5, SHA-1, SHA-256...); other names are left out."""
    out = []
    for method, value in digests.items():
        name = HASH_NAMES.get(str(method).lower().replace("-", ""))
        if name and isinstance(value, str) and _HEX.match(value):
            out.append(
                {
                    "@id": stable_id("hash", owner, name),
                    "@type": "uco-types:Hash",
                    "uco-types:hashMethod": name,  # xsd:string from HashNameVocab (UCO 1.4+)
                    "uco-types:hashValue": typed("xsd:hexBinary", value.lower()),
                }
            )
    return out


def _size(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def file_facets(fid: str, path: str, record: Mapping[str, Any], deleted: Any) -> list[dict[str, Any]]:
    """The FileFacet (name, path, size, times, deleted) and ContentDataFacet (hashes, MIME) of a file record."""
    facet: dict[str, Any] = {
        "@id": stable_id("file-facet", fid),
        "@type": "uco-observable:FileFacet",
        "uco-observable:fileName": posixpath.basename(path.rstrip("/")) or path,
        "uco-observable:filePath": path,
        "uco-observable:isDirectory": False,
    }
    if record.get("extension"):
        facet["uco-observable:extension"] = text(record["extension"]).lstrip(".")
    if (size := _size(record.get("size"))) is not None:
        facet["uco-observable:sizeInBytes"] = size
    for key, prop in (
        ("crtime", "observableCreatedTime"),
        ("mtime", "modifiedTime"),
        ("atime", "accessedTime"),
        ("ctime", "metadataChangeTime"),
    ):
        if stamp := date_time(record.get(key)):
            facet[f"uco-observable:{prop}"] = stamp
    if deleted is not None:
        facet["uco-observable:allocationStatus"] = "Deleted" if deleted else "Intact"
    content: dict[str, Any] = {"@id": stable_id("content-facet", fid), "@type": "uco-observable:ContentDataFacet"}
    if record.get("mime"):
        content["uco-observable:mimeType"] = text(record["mime"])
    if size is not None:
        content["uco-observable:sizeInBytes"] = size
    if found := hashes(fid, record.get("hashes") or record):
        content["uco-observable:hash"] = found
    return [facet, content]


def file_node(record: Mapping[str, Any]) -> dict[str, Any]:
    fid = file_id(record)
    facets = file_facets(fid, text(record.get("path")), record, bool(record.get("deleted")))
    return {"@id": fid, "@type": "uco-observable:File", "uco-core:hasFacet": facets}


def exif_facet(fid: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """An EXIFFacet holding an exif record's tags as a controlled dictionary."""
    entries = [
        {
            "@id": stable_id("exif-entry", fid, i),
            "@type": "uco-types:ControlledDictionaryEntry",
            "uco-types:key": EXIF_KEYS.get(key, text(key)),
            "uco-types:value": text(value),
        }
        for i, (key, value) in enumerate(sorted(record.items()))
        if key not in NOT_DATA and value not in (None, "")
    ]
    return {
        "@id": stable_id("exif-facet", fid),
        "@type": "uco-observable:EXIFFacet",
        "uco-observable:exifData": {
            "@id": stable_id("exif-data", fid),
            "@type": "uco-types:ControlledDictionary",
            "uco-types:entry": entries,
        },
    }


def location_node(fid: str, record: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Location node for a record with GPS coordinates, else None."""
    lat, lon, alt = record.get("gps_lat"), record.get("gps_lon"), record.get("gps_alt")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    lid = stable_id("location", fid)
    facet: dict[str, Any] = {
        "@id": stable_id("location-facet", lid),
        "@type": "uco-location:LatLongCoordinatesFacet",
        "uco-location:latitude": typed("xsd:decimal", lat),
        "uco-location:longitude": typed("xsd:decimal", lon),
    }
    if isinstance(alt, int | float) and not isinstance(alt, bool):
        facet["uco-location:altitude"] = typed("xsd:decimal", alt)
    return {"@id": lid, "@type": "uco-location:Location", "uco-core:hasFacet": [facet]}


def entity_node(record: Mapping[str, Any]) -> dict[str, Any]:
    """The UCO object for an entity: a typed class where UCO has one (e-mail, phone, URL...), else a tagged object."""
    kind, value = text(record.get("type")) or "unknown", text(record.get("value"))
    eid = stable_id("entity", kind, value)
    for prefix, cls, facet_cls, prop in ENTITY_CLASSES:
        if kind.lower().startswith(prefix):
            return {
                "@id": eid,
                "@type": cls,
                "uco-core:name": value,
                "uco-core:hasFacet": [{"@id": stable_id("entity-facet", eid), "@type": facet_cls, prop: value}],
            }
    return {
        "@id": eid,
        "@type": "uco-observable:ObservableObject",
        "uco-core:name": value,
        "uco-core:description": f"{kind} found by HEROES entity extraction",
        "uco-core:tag": [kind],
    }


def relationship(source: str, target: str, kind: str, facet: dict[str, Any] | None = None) -> dict[str, Any]:
    """A directional ObservableRelationship between two nodes, with an optional facet."""
    rid = stable_id("relationship", source, target, kind, facet and sorted(facet.items()))
    node: dict[str, Any] = {
        "@id": rid,
        "@type": "uco-observable:ObservableRelationship",
        "uco-core:source": ref(source),
        "uco-core:target": ref(target),
        "uco-core:isDirectional": True,
        "uco-core:kindOfRelationship": kind,
    }
    if facet:
        node["uco-core:hasFacet"] = [{"@id": stable_id("relationship-facet", rid), **facet}]
    return node


def annotation(fid: str, record: Mapping[str, Any], statement: str) -> dict[str, Any]:
    kind = text(record.get("kind"))
    return {
        "@id": stable_id("annotation", fid, kind, statement),
        "@type": "uco-core:Annotation",
        "uco-core:statement": statement,
        "uco-core:tag": [kind],
        "uco-core:object": [ref(fid)],
    }


def statement(record: Mapping[str, Any]) -> str:
    """A one-line statement for a finding CASE has no specific class for: its kind's own wording
    (`KindSpec.statement`), else "Kind metadata: field=value, ..."."""
    kind = record.get("kind")
    declared = spec(str(kind))
    if declared.statement is not None:
        return text(declared.statement(record))
    fields = ", ".join(f"{k}={text(v)}" for k, v in sorted(record.items()) if k not in NOT_DATA and v is not None)
    return f"{text(kind).capitalize()} metadata: {fields}"
