"""Bitcoin addresses: base58check P2PKH/P2SH ('1...', '3...') and segwit bech32/bech32m ('bc1q...', 'bc1p...').

Only addresses whose checksum verifies are reported; testnet segwit ('tb1...') carries extra["network"].
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import base58

from heroes.entities.bech32 import decode_segwit
from heroes.entities.model import CACHE_SIZE, Entity

_B58 = "1-9A-HJ-NP-Za-km-z"
BASE58_RE = re.compile(rf"[13](?<![0-9A-Za-z][13])[{_B58}]{{25,34}}(?![0-9A-Za-z])")  # mainnet P2PKH, P2SH
SEGWIT_RE = re.compile(r"[bBtT](?<![0-9A-Za-z][bBtT])(?i:(?<=b)c|(?<=t)b)1(?i:[02-9ac-hj-np-z]{6,87})(?![0-9A-Za-z])")

# version byte -> network; testnet base58 ('m', 'n', '2') is not worth scanning every word starting with m or n
_VERSIONS = {0x00: "mainnet", 0x05: "mainnet"}


@lru_cache(maxsize=CACHE_SIZE)
def base58_network(address: str) -> str | None:
    """The network of a valid base58check P2PKH/P2SH address, else None."""
    try:
        raw = base58.b58decode_check(address)
    except ValueError:
        return None
    return _VERSIONS.get(raw[0]) if len(raw) == 21 else None


@lru_cache(maxsize=CACHE_SIZE)
def segwit_network(address: str) -> str | None:
    hrp = address[:2].lower()
    if hrp not in ("bc", "tb") or decode_segwit(hrp, address) is None:
        return None
    return "mainnet" if hrp == "bc" else "testnet"


def _entity(value: str, offset: int, network: str, kind: str) -> Entity:
    extra = {"form": kind} if network == "mainnet" else {"form": kind, "network": network}
    return Entity("bitcoin", value, offset, "high", extra)


def find_bitcoin(text: str) -> Iterator[Entity]:
    for m in BASE58_RE.finditer(text):
        network = base58_network(m.group())
        if network:
            yield _entity(m.group(), m.start(), network, "base58")
    for m in SEGWIT_RE.finditer(text):
        network = segwit_network(m.group())
        if network:
            yield _entity(m.group().lower(), m.start(), network, "segwit")
