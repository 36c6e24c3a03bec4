"""Segwit address decoding per BIP-173 (bech32, witness v0) and BIP-350 (bech32m, v1-v16, taproot).

Written from the BIPs' reference code: the PyPI `bech32` package predates BIP-350, rejects taproot addresses
and accepts some invalid ones.
"""

from __future__ import annotations

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {c: i for i, c in enumerate(CHARSET)}
BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= _GEN[i] if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_decode(text: str) -> tuple[str, list[int], int] | None:
    """(hrp, data without checksum, polymod constant) for a well-formed bech32/bech32m string, else None."""
    if any(ord(c) < 33 or ord(c) > 126 for c in text) or (text.lower() != text and text.upper() != text):
        return None
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or len(text) > 90:
        return None
    hrp = text[:pos]
    try:
        data = [_CHARSET_INDEX[c] for c in text[pos + 1 :]]
    except KeyError:
        return None
    const = _polymod(_hrp_expand(hrp) + data)
    if const not in (BECH32_CONST, BECH32M_CONST):
        return None
    return hrp, data[:-6], const


def _convertbits(data: list[int], frombits: int, tobits: int) -> list[int] | None:
    """Regroup bits without padding (decoding direction): leftover bits must be fewer than `frombits` and zero."""
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits >= frombits or (acc << (tobits - bits)) & maxv:
        return None
    return out


def decode_segwit(hrp: str, address: str) -> tuple[int, bytes] | None:
    """(witness version, witness program) when `address` is a valid segwit address for `hrp`, else None."""
    decoded = bech32_decode(address)
    if decoded is None or decoded[0] != hrp or not decoded[1]:
        return None
    _, data, const = decoded
    version = data[0]
    program = _convertbits(data[1:], 5, 8)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    if (version == 0) != (const == BECH32_CONST):
        return None
    return version, bytes(program)
