"""Hashes of the evidence container itself (a disk image, a single file), recorded before the scan to prove
what was examined; streamed, read-only."""

from __future__ import annotations

import hashlib

from heroes.core.opener import open_os_file


def hash_container(path: str, chunk_size: int = 1 << 20) -> dict[str, str | int]:
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    size = 0
    with open_os_file(path) as stream:
        while chunk := stream.read(chunk_size):
            md5.update(chunk)
            sha256.update(chunk)
            size += len(chunk)
    return {"md5": md5.hexdigest(), "sha256": sha256.hexdigest(), "size": size}
