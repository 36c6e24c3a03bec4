"""MD5, SHA-1 and SHA-256 plus the libmagic type, in one streamed read of the item (memory stays one chunk)."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import magic

from heroes.core.item import Item
from heroes.core.opener import open_item

MAGIC_HEAD = 1 << 16  # bytes libmagic looks at
_PARALLEL_MIN = 1 << 18  # below this, threads cost more than they save

_pool: ThreadPoolExecutor | None = None


def _threads() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="heroes-hash")
    return _pool


@dataclass
class HashResult:
    md5: str
    sha1: str
    sha256: str
    mime: str
    size: int  # bytes actually read


def sniff_mime(head: bytes) -> str:
    if not head:
        return "application/x-empty"
    return magic.from_buffer(head, mime=True)


def hash_item(item: Item, chunk_size: int = 1 << 20) -> HashResult:
    """Read the item once. hashlib releases the GIL on large buffers, so SHA-256 runs on a second thread
    while this one computes MD5 and SHA-1 and the next read is issued."""
    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    head = b""
    size = 0
    pending = None
    with open_item(item) as stream:
        while True:
            chunk = stream.read(chunk_size)
            if pending is not None:
                pending.result()
                pending = None
            if not chunk:
                break
            if len(head) < MAGIC_HEAD:
                head += chunk[: MAGIC_HEAD - len(head)]
            size += len(chunk)
            if len(chunk) >= _PARALLEL_MIN:
                pending = _threads().submit(sha256.update, chunk)
            else:
                sha256.update(chunk)
            md5.update(chunk)
            sha1.update(chunk)
    return HashResult(md5.hexdigest(), sha1.hexdigest(), sha256.hexdigest(), sniff_mime(head), size)
