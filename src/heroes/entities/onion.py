"""Tor v3 onion addresses (rend-spec-v3): base32 of pubkey(32) + checksum(2) + version(1), checksum by SHA3-256.

Tor also refuses public keys that are not points of the ed25519 prime-order subgroup, and so do we: a random
56-character token that happens to pass the 16-bit checksum is then still rejected. v2 (16 characters) is dead
since 2021 and not reported.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache

from heroes.entities.model import CACHE_SIZE, Entity

# found from the literal ".onion" backwards: a pattern starting with a character class is tried at every position
SUFFIX_RE = re.compile(r"\.onion(?![A-Za-z0-9-])", re.IGNORECASE)
LABEL_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z2-7]{56}\Z")

_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_L = 2**252 + 27742317777372353535851937790883648493
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_Point = tuple[int, int, int, int]  # extended coordinates X, Y, Z, T
_IDENTITY: _Point = (0, 1, 1, 0)


def _add(p: _Point, q: _Point) -> _Point:
    """Unified twisted-Edwards addition (RFC 8032, 5.1.4); also doubles."""
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _mul(n: int, p: _Point) -> _Point:
    acc = _IDENTITY
    while n:
        if n & 1:
            acc = _add(acc, p)
        p = _add(p, p)
        n >>= 1
    return acc


def _is_identity(p: _Point) -> bool:
    return p[0] % _P == 0 and (p[1] - p[2]) % _P == 0


def is_valid_ed25519_point(key: bytes) -> bool:
    """Canonical encoding, on the curve, not of small order, in the prime-order subgroup (libsodium's rule)."""
    y = int.from_bytes(key, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if len(key) != 32 or y >= _P:
        return False
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
        if (x * x - x2) % _P:
            return False
    if x == 0 and sign:
        return False
    if x & 1 != sign:
        x = _P - x
    point = (x, y, 1, x * y % _P)
    return not _is_identity(_mul(8, point)) and _is_identity(_mul(_L, point))


def onion_checksum(pubkey: bytes, version: int = 3) -> bytes:
    return hashlib.sha3_256(b".onion checksum" + pubkey + bytes([version])).digest()[:2]


def onion_from_pubkey(pubkey: bytes) -> str:
    """The v3 address of an ed25519 public key: the inverse of `is_valid_onion`, used by tests and tools."""
    raw = pubkey + onion_checksum(pubkey) + b"\x03"
    return base64.b32encode(raw).decode("ascii").lower() + ".onion"


@lru_cache(maxsize=CACHE_SIZE)
def is_valid_onion(host: str) -> bool:
    """`host` is the 56-character label, with or without ".onion" and any sub-domains before it."""
    label = host.lower().removesuffix(".onion").rsplit(".", 1)[-1]
    if len(label) != 56 or not re.fullmatch(r"[a-z2-7]{56}", label):
        return False
    raw = base64.b32decode(label.upper())
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34]
    return version == 3 and onion_checksum(pubkey) == checksum and is_valid_ed25519_point(pubkey)


def find_onions(text: str) -> Iterator[Entity]:
    for suffix in SUFFIX_RE.finditer(text):
        m = LABEL_RE.search(text, max(0, suffix.start() - 56), suffix.start())
        if m and is_valid_onion(label := m.group().lower()):
            yield Entity("onion", label + ".onion", m.start())
