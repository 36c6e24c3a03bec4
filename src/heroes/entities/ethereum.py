"""Ethereum addresses: '0x' + 40 hex. Mixed case must pass EIP-55 (Keccak-256, not SHA3-256), or it is a
corrupted copy and is dropped; single-case addresses carry no checksum, so they are reported with low confidence
(medium next to a keyword). Values are normalised to the EIP-55 form so both spellings compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from Crypto.Hash import keccak

from heroes.entities.model import Entity, near

ETH_RE = re.compile(r"0x(?<![0-9A-Za-z]0x)([0-9a-fA-F]{40})(?![0-9A-Za-z])")
KEYWORDS = re.compile(
    r"ethereum|\beth\b|ether\b|erc-?20|usdt|metamask|wallet|billetera|cartera|monedero", re.IGNORECASE
)  # only searched in small windows


def to_checksum_address(hex40: str) -> str:
    """EIP-55: hex letter i is upper case iff nibble i of keccak256(lower-case hex) is >= 8."""
    lower = hex40.lower().removeprefix("0x")
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    return "0x" + "".join(c.upper() if int(d, 16) >= 8 else c for c, d in zip(lower, digest[:40], strict=True))


def is_checksum_address(address: str) -> bool:
    """True for a mixed-case address whose case pattern is its EIP-55 checksum."""
    body = address.removeprefix("0x")
    if len(body) != 40 or body.lower() == body or body.upper() == body:
        return False
    return to_checksum_address(body) == "0x" + body


def find_ethereum(text: str) -> Iterator[Entity]:
    for m in ETH_RE.finditer(text):
        body = m.group(1)
        if body.lower() != body and body.upper() != body:
            if is_checksum_address(body):
                yield Entity("ethereum", "0x" + body, m.start(), "high")
            continue
        confidence = "medium" if near(text, m.start(), m.end(), KEYWORDS) else "low"
        yield Entity("ethereum", to_checksum_address(body), m.start(), confidence, {"checksummed": False})
