"""MD5, SHA-1 and SHA-256 in one streamed read of the item (memory stays one chunk), keeping the head of the
content so the type by signature needs no second read.

Digests are given only for a complete read: every byte of the item's logical size, read without an error. An item
that cannot be opened, fails part-way, or ends early or late gets no digests, the bytes read, and the reason."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import magic

from heroes.core.item import Item
from heroes.core.opener import open_item

MAGIC_HEAD = 1 << 16  # bytes libmagic looks at
_PARALLEL_MIN = 1 << 18  # below this, threads cost more than they save

_pool: ThreadPoolExecutor | None = None
_helper: str | None = None  # the digest that runs on the second thread, chosen by _helper_digest()


def _threads() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="heroes-hash")
    return _pool


def _helper_digest() -> str:
    """Which digest the second thread computes, so both threads finish together. With SHA instructions
    (x86 sha_ni, ARMv8 sha2) SHA-1 + SHA-256 together cost about one MD5, so MD5 goes to the helper;
    without them SHA-256 is the slowest of the three and goes there instead."""
    global _helper
    if _helper is None:
        try:
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
                words = set(cpuinfo.read(1 << 16).split())
        except OSError:
            words = set()
        _helper = "md5" if words & {"sha_ni", "sha2"} else "sha256"
    return _helper


@dataclass
class HashResult:
    """The digests and head bytes of one read of an item; no digests when the read stopped early."""

    md5: str | None  # None unless the read was complete
    sha1: str | None
    sha256: str | None
    head: bytes  # the first MAGIC_HEAD bytes
    size: int  # bytes actually read
    error: str | None = None  # why the read is incomplete

    @property
    def complete(self) -> bool:
        return self.error is None

    def hashes(self) -> dict[str, str]:
        """The digests by name; empty for an incomplete read."""
        return {"md5": self.md5, "sha1": self.sha1, "sha256": self.sha256} if self.complete else {}  # type: ignore[dict-item]

    @cached_property
    def mime(self) -> str:
        """Type by signature, computed on first use: libmagic costs milliseconds on text, far more than hashing."""
        return sniff_mime(self.head)


def sniff_mime(head: bytes) -> str:
    if not head:
        return "application/x-empty"
    return magic.from_buffer(head, mime=True)


def hash_item(item: Item, chunk_size: int = 1 << 20) -> HashResult:
    """Read the item once. hashlib releases the GIL on large buffers, so one digest (see _helper_digest) runs on a
    second thread while this one computes the other two and issues the next read. Never raises for the item's
    own damage: an error while opening or reading ends the read and is returned in `error`."""
    digests = {name: hashlib.new(name) for name in ("md5", "sha1", "sha256")}
    helper = digests[_helper_digest()]
    local = [d for d in digests.values() if d is not helper]
    head = b""
    size = 0
    pending = None
    error: str | None = None
    opened = False
    try:
        with open_item(item) as stream:
            opened = True
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
                    pending = _threads().submit(helper.update, chunk)
                else:
                    helper.update(chunk)
                for digest in local:
                    digest.update(chunk)
    except Exception as exc:  # the item's damage (any library's error type): recorded, never a wrong digest
        if pending is not None:
            pending.result()
        what = f"read failed after {size} bytes" if opened else "cannot open"
        error = f"{what}: {type(exc).__name__}: {exc}"
    if error is None and size != item.size:
        error = f"read {size} bytes, but the item's size is {item.size}"
    if error is not None:
        return HashResult(None, None, None, head, size, error)
    md5, sha1, sha256 = (digests[name].hexdigest() for name in ("md5", "sha1", "sha256"))
    return HashResult(md5, sha1, sha256, head, size)
