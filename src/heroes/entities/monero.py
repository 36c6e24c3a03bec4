"""Monero addresses: Monero's block base58 (8-byte blocks -> 11 characters), a varint network prefix, keys,
and a 4-byte checksum = Keccak-256 of the rest. Mainnet prefixes: 18 standard ('4', 95 characters),
42 subaddress ('8', 95), 19 integrated ('4', 106).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from Crypto.Hash import keccak

from heroes.entities.model import CACHE_SIZE, Entity

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_B58 = "1-9A-HJ-NP-Za-km-z"
MONERO_RE = re.compile(rf"[48](?<![0-9A-Za-z][48])[{_B58}]{{94}}(?:[{_B58}]{{11}})?(?![0-9A-Za-z])")
# characters in a final partial block -> bytes it encodes
_PARTIAL = {2: 1, 3: 2, 5: 3, 6: 4, 7: 5, 9: 6, 10: 7, 11: 8}
# (length in characters, prefix) -> kind
_KINDS = {(95, 18): "standard", (95, 42): "subaddress", (106, 19): "integrated"}


def monero_b58decode(text: str) -> bytes | None:
    """Monero's block-wise base58 decoded to bytes; None for an invalid encoding."""
    out = bytearray()
    for start in range(0, len(text), 11):
        block = text[start : start + 11]
        size = _PARTIAL.get(len(block))
        if size is None:
            return None
        number = 0
        for c in block:
            number = number * 58 + _INDEX[c]
        if number >> (8 * size):
            return None  # overflows its block: not a valid encoding
        out += number.to_bytes(size, "big")
    return bytes(out)


@lru_cache(maxsize=CACHE_SIZE)
def monero_kind(address: str) -> str | None:
    """'standard', 'subaddress' or 'integrated' for a valid mainnet address, else None."""
    if any(c not in _INDEX for c in address):
        return None
    raw = monero_b58decode(address)
    if raw is None or len(raw) < 5:
        return None
    body, checksum = raw[:-4], raw[-4:]
    if keccak.new(digest_bits=256, data=body).digest()[:4] != checksum:
        return None
    return _KINDS.get((len(address), raw[0]))


def find_monero(text: str) -> Iterator[Entity]:
    for m in MONERO_RE.finditer(text):
        kind = monero_kind(m.group())
        if kind:
            yield Entity("monero", m.group(), m.start(), "high", {"form": kind})
