"""Expert Witness Format (E01) media as a plain seekable stream, so the Sleuth Kit walker reads E01 and raw alike.

libewf (``pyewf``) does the decompression and chunk tables; this module only adapts its handle to a read-only
Python file object. A single-segment image is read from the parent stream of the locator; a split set
(E01, E02, ...) stores the absolute paths of all its segment files in the ``ewf`` segment dict
(``{"t": "ewf", "segments": [...]}``), the first being the parent stream itself.
"""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any, BinaryIO

import pyewf

from heroes.core.item import Segment
from heroes.core.opener import open_os_file
from heroes.core.streams import SizedReader

EWF_SIGNATURE = b"EVF\x09\x0d\x0a\xff\x00"  # EWF-E01 / EnCase segment files
EWF2_SIGNATURE = b"EVF2\x0d\x0a\x81\x00"  # EWF2-Ex01 (libewf reads it too)


def is_ewf(header: bytes) -> bool:
    return header.startswith((EWF_SIGNATURE, EWF2_SIGNATURE))


def ewf_segment_number(header: bytes) -> int:
    """The segment number in an EWF file header (1 for the first file of a set: .E01); 0 when unknown."""
    if header.startswith(EWF_SIGNATURE) and len(header) >= 11:
        return int.from_bytes(header[9:11], "little")
    return 1 if header.startswith(EWF2_SIGNATURE) else 0


def segment_files(path: str) -> list[str]:
    """All segment files of the EWF set whose first segment is `path` (just `[path]` when not split)."""
    try:
        found = pyewf.glob(path)
    except (OSError, ValueError):
        return [path]
    paths = [os.path.abspath(p) for p in found] if found else []
    return paths if len(paths) > 1 else [path]


class EwfStream(SizedReader):
    """The media data inside an EWF handle."""

    def __init__(self, handle: Any, owned: list[BinaryIO] | None = None):
        super().__init__(handle.get_media_size(), [handle.close, *(stream.close for stream in owned or [])])
        self._handle = handle

    def _read_at(self, offset: int, length: int) -> bytes:
        return self._handle.read_buffer_at_offset(length, offset)  # OSError on a missing or corrupt chunk


def open_handle(parent: BinaryIO, segment: Segment) -> tuple[Any, list[BinaryIO]]:
    """A pyewf handle over the parent stream (plus any other segment files); returns it and the files it opened."""
    owned: list[BinaryIO] = []
    try:
        files: list[Any] = [parent]
        for path in (segment.get("segments") or [])[1:]:
            owned.append(open_os_file(path))
            files.append(owned[-1])
        handle = pyewf.handle()
        handle.open_file_objects(files)
    except BaseException:
        for stream in owned:
            stream.close()
        raise
    return handle, owned


def open_ewf(parent: BinaryIO, segment: Segment) -> BinaryIO:
    """Segment opener for ``{"t": "ewf"}``: the EWF media data as a read-only, seekable stream."""
    handle, owned = open_handle(parent, segment)
    return EwfStream(handle, owned)  # type: ignore[return-value]


def ewf_facts(handle: Any) -> dict[str, Any]:
    """Primitive facts about an open EWF handle: media size, stored hashes and acquisition headers."""
    facts: dict[str, Any] = {"media_size": handle.get_media_size()}
    try:
        hashes = handle.get_hash_values() or {}
    except OSError:
        hashes = {}
    for name, value in hashes.items():
        facts[f"stored_{name.lower()}"] = str(value)
    try:
        headers = handle.get_header_values() or {}
    except OSError:
        headers = {}
    facts["headers"] = {str(k): str(v) for k, v in headers.items()}
    return facts


def verify_media(handle: Any, media: BinaryIO | io.RawIOBase, chunk_size: int = 1 << 20) -> dict[str, Any]:
    """Hash the media data and compare with the hashes the EWF stores: ``verified`` is True when every stored
    digest matches, False when one differs or the data cannot be read to the end, None when none is stored."""
    stored = {k: v for k, v in ewf_facts(handle).items() if k in ("stored_md5", "stored_sha1")}
    digests = {"md5": hashlib.md5(), "sha1": hashlib.sha1()}
    read, size = 0, handle.get_media_size()
    result: dict[str, Any] = {"media_size": size, **stored}
    try:
        media.seek(0)
        while chunk := media.read(chunk_size):
            for digest in digests.values():
                digest.update(chunk)
            read += len(chunk)
    except OSError as exc:
        result.update(verified=False, bytes_read=read, reason=f"media data unreadable after {read} bytes: {exc}")
        return result
    result.update({f"computed_{name}": d.hexdigest() for name, d in digests.items()})
    names = [n for n in ("md5", "sha1") if f"stored_{n}" in result]
    pairs = [(result[f"stored_{n}"].lower(), result[f"computed_{n}"]) for n in names]
    if read != size:
        result.update(verified=False, bytes_read=read, reason=f"read {read} of {size} media bytes")
    elif not pairs:
        result.update(verified=None, reason="the image stores no MD5 or SHA-1")
    else:
        result["verified"] = all(stored == computed for stored, computed in pairs)
        if not result["verified"]:
            result["reason"] = "the hash of the media data differs from the hash stored in the image"
    return result
