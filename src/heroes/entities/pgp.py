"""OpenPGP: armored public-key blocks (fingerprint from the first key packet) and fingerprints written as hex.

Blocks are cut lazily, BEGIN to the next END, so two keys in one page never merge. A bare 40/64-hex string is
only a fingerprint next to a keyword (fingerprint, pgp, gpg, key id) or when it equals a key parsed from the same
text: otherwise it is as likely a SHA-1 or SHA-256 hash.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from typing import Any

from heroes.entities.model import Entity, near

BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
END = "-----END PGP PUBLIC KEY BLOCK-----"
_HEADER_RE = re.compile(r"^[A-Za-z][A-Za-z-]*: ")
_B64_RE = re.compile(r"^[A-Za-z0-9+/=]+$")
FINGERPRINT_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:[0-9A-Fa-f]{4}(?: {1,2}|\u00a0)){9}[0-9A-Fa-f]{4}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40})"
    r"(?![0-9A-Za-z])"
)
KEYWORDS = re.compile(r"[fFpPgGkKhH](?i:(?<=f)ingerprint|(?<=p)gp\b|(?<=g)pg\b|(?<=g)nupg|(?<=k)ey ?id|(?<=h)uella)")
ALGORITHMS = {
    1: "RSA",
    2: "RSA",
    3: "RSA",
    16: "ElGamal",
    17: "DSA",
    18: "ECDH",
    19: "ECDSA",
    22: "EdDSA",
    25: "X25519",
    26: "X448",
    27: "Ed25519",
    28: "Ed448",
}


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def dearmor(block: str) -> bytes | None:
    """The binary packets of an armored block (text between BEGIN and END), None if damaged or the CRC fails."""
    body, crc = [], None
    for line in block.splitlines():
        line = line.strip()
        if not line or _HEADER_RE.match(line):
            continue
        if line.startswith("=") and len(line) == 5:
            crc = line[1:]
        elif _B64_RE.match(line):
            body.append(line)
        else:
            return None
    try:
        data = base64.b64decode("".join(body), validate=True)
        if crc is not None and int.from_bytes(base64.b64decode(crc, validate=True), "big") != crc24(data):
            return None
    except (binascii.Error, ValueError):
        return None
    return data or None


def packets(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, body) of each packet, old and new header formats; stops quietly at anything malformed."""
    pos = 0
    while pos + 2 <= len(data):
        head = data[pos]
        if not head & 0x80:
            return
        if head & 0x40:  # new format
            tag, first = head & 0x3F, data[pos + 1]
            if first < 192:
                length, pos = first, pos + 2
            elif first < 224 and pos + 3 <= len(data):
                length, pos = ((first - 192) << 8) + data[pos + 2] + 192, pos + 3
            elif first == 255 and pos + 6 <= len(data):
                length, pos = int.from_bytes(data[pos + 2 : pos + 6], "big"), pos + 6
            else:
                return  # partial lengths never occur in key packets
        else:
            tag, size = (head >> 2) & 0x0F, (1, 2, 4, 0)[head & 3]
            if size == 0:
                length, pos = len(data) - pos - 1, pos + 1
            else:
                length, pos = int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size
        if pos + length > len(data):
            return
        yield tag, data[pos : pos + length]
        pos += length


def key_info(data: bytes) -> dict[str, Any] | None:
    """Fingerprint, version, algorithm and first user id of the first public-key packet (v4, v5 or v6)."""
    found = list(_first_packets(data))
    if not found or found[0][0] != 6 or len(found[0][1]) < 6:
        return None
    body = found[0][1]
    version = body[0]
    if version == 4:
        fingerprint = hashlib.sha1(b"\x99" + len(body).to_bytes(2, "big") + body).hexdigest()
    elif version in (5, 6):
        prefix = b"\x9a" if version == 5 else b"\x9b"
        fingerprint = hashlib.sha256(prefix + len(body).to_bytes(4, "big") + body).hexdigest()
    else:
        return None  # v3 keys (MD5 fingerprints) are obsolete since 1998
    info: dict[str, Any] = {
        "fingerprint": fingerprint.upper(),
        "version": version,
        "algorithm": ALGORITHMS.get(body[5], str(body[5])),
    }
    user_id = next((b for tag, b in found if tag == 13), None)
    if user_id is not None:
        info["user_id"] = user_id.decode("utf-8", "replace")
    return info


def _first_packets(data: bytes, limit: int = 16) -> Iterator[tuple[int, bytes]]:
    for n, packet in enumerate(packets(data)):
        if n >= limit:
            return
        yield packet


def find_pgp(text: str) -> Iterator[Entity]:
    """PGP public keys (armoured blocks, by fingerprint) and fingerprints written near a PGP keyword."""
    keys: set[str] = set()
    start = text.find(BEGIN)
    while start != -1:
        end = text.find(END, start + len(BEGIN))
        if end == -1:
            break
        data = dearmor(text[start + len(BEGIN) : end])
        info = key_info(data) if data else None
        if info:
            keys.add(info["fingerprint"])
            fingerprint = info.pop("fingerprint")
            yield Entity("pgp_key", fingerprint, start, "high", info)
        start = text.find(BEGIN, end + len(END))
    # a fingerprint of no parsed key must be near a keyword: then only the text around keywords is scanned
    spans = [(0, len(text))] if keys else [(max(0, k.start() - 160), k.end() + 160) for k in KEYWORDS.finditer(text)]
    seen: set[int] = set()
    for start, end in spans:
        for m in FINGERPRINT_RE.finditer(text, start, end):
            if m.start() in seen:
                continue
            seen.add(m.start())
            value = re.sub(r"\s", "", m.group()).upper()
            if not re.search("[A-F]", value):
                continue  # all digits: a number, not a fingerprint
            if value in keys:
                yield Entity("pgp_fingerprint", value, m.start(), "high")
            elif near(text, m.start(), m.end(), KEYWORDS):
                yield Entity("pgp_fingerprint", value, m.start(), "medium")
