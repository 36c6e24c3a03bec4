"""Project VIC VICS JSON (v1.3 and v2.0): read media items into entries, and write matches back for exchange.

PhotoDNA values are kept as opaque data (they cannot be computed without Microsoft's licence): the entry's value
is the SHA-256 of the PhotoDNA text, the text itself stays in ``extra``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from heroes.hashsets.entries import Entry, ImportFormatError
from heroes.hashsets.signals import DIGESTS
from heroes.inputs import InputError, loads_json

CONTEXT_V2 = "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/CUSTOM/$metadata#Media"
FIELDS = {d.name.upper(): d for d in DIGESTS}  # VICS names the digests MD5, SHA1, SHA256


def _key(item: dict[str, Any], name: str) -> Any:
    """VICS tools disagree on case (``MD5``/``Md5``): look a field up case-insensitively."""
    for key, value in item.items():
        if key.lower() == name.lower():
            return value
    return None


def _scalar(value: Any, where: str) -> str | None:
    """A category or media id as text: a string or a number; anything else is an error."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ImportFormatError(where, f"expected a string or a number, not {type(value).__name__}")
    return str(value)[:200]


def parse_vics(path: Path, category: str | None = None) -> Iterator[Entry]:
    """Hashes of a VICS (Project VIC) JSON file, v1.3 or v2.0, with each item's category and media id."""
    try:
        doc = loads_json(path.read_bytes())
    except InputError as exc:
        raise ImportFormatError("file", exc.reason) from None
    if not isinstance(doc, dict):
        raise ImportFormatError("$", "a VICS file is a JSON object")
    if "@odata.context" not in doc and "odata.metadata" not in doc:
        raise ImportFormatError("$", "missing '@odata.context' (v2.0) or 'odata.metadata' (v1.3)")
    media = doc.get("value")
    if not isinstance(media, list):
        raise ImportFormatError("$.value", "expected a list of media items")
    for i, item in enumerate(media):
        where = f"$.value[{i}]"
        if not isinstance(item, dict):
            raise ImportFormatError(where, "a media item is a JSON object")
        cat = _scalar(_key(item, "Category"), f"{where}.Category")
        cat = cat if cat is not None else category
        media_id = _scalar(_key(item, "MediaID"), f"{where}.MediaID")
        found = False
        for name, digest in FIELDS.items():
            value = _key(item, name)
            if value in (None, ""):
                continue
            found = True
            yield Entry(digest.name, digest.validate(value, f"{where}.{name}"), cat, media_id)
        photodna = _key(item, "PhotoDNA")
        if photodna:
            if not isinstance(photodna, str):
                raise ImportFormatError(f"{where}.PhotoDNA", "expected a string")
            found = True
            signature = hashlib.sha256(photodna.encode()).hexdigest()
            yield Entry("photodna", signature, cat, media_id, extra={"photodna": photodna})
        if not found:
            raise ImportFormatError(where, "a media item needs MD5, SHA1, SHA256 or PhotoDNA")


def write_vics(matches: Iterable[dict[str, Any]], out: Path) -> int:
    """Write one VICS v2.0 media item per file; ``matches`` are dicts with md5, sha1, category, path, bank."""
    media: list[dict[str, Any]] = []
    for n, m in enumerate(matches, 1):
        item: dict[str, Any] = {
            "MediaID": n,
            "MD5": (m.get("md5") or "").upper(),
            "SHA1": (m.get("sha1") or "").upper(),
        }
        if m.get("category") not in (None, ""):
            item["Category"] = int(m["category"]) if str(m["category"]).isdigit() else m["category"]
        item["MediaFiles"] = [{"FileName": m.get("path", "").rsplit("/", 1)[-1], "FilePath": m.get("path", "")}]
        if m.get("bank"):
            item["Comments"] = [{"Comment": f"matched bank {m['bank']} by {m.get('signal', '')}"}]
        media.append(item)
    out.write_text(json.dumps({"@odata.context": CONTEXT_V2, "value": media}, indent=1), "utf-8")
    return len(media)
