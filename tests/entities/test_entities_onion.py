"""Onion v3: addresses from real ed25519 keys validate; checksum, version and point mutations do not."""

from __future__ import annotations

import base64
import hashlib

import pytest
from Crypto.PublicKey import ECC

from heroes.entities.onion import find_onions, is_valid_ed25519_point, is_valid_onion, onion_from_pubkey

SPEC_EXAMPLE = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"  # rend-spec-v3
DUCKDUCKGO = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"


def real_onion(seed: int) -> str:
    """The address of an ed25519 key derived from a fixed seed, computed here from the spec, not our module."""
    key = ECC.construct(curve="Ed25519", seed=bytes([seed]) * 32).public_key().export_key(format="raw")
    checksum = hashlib.sha3_256(b".onion checksum" + key + b"\x03").digest()[:2]
    return base64.b32encode(key + checksum + b"\x03").decode().lower() + ".onion"


@pytest.mark.parametrize("address", [SPEC_EXAMPLE, DUCKDUCKGO, real_onion(1), real_onion(7)])
def test_valid_addresses_and_their_mutations(address):
    assert is_valid_onion(address)
    label = address.removesuffix(".onion")
    for i in range(0, 56, 5):
        for c in "a7qz":
            if c != label[i]:
                assert not is_valid_onion(label[:i] + c + label[i + 1 :]), (i, c)


def test_onion_from_pubkey_matches_independent_computation():
    key = ECC.construct(curve="Ed25519", seed=bytes([1]) * 32).public_key().export_key(format="raw")
    assert onion_from_pubkey(key) == real_onion(1)


def test_right_checksum_on_a_key_off_the_curve_is_rejected():
    # a 32-byte string that is not an ed25519 point, with a correct checksum and version
    y = 2
    while is_valid_ed25519_point(y.to_bytes(32, "little")):
        y += 1
    fake = onion_from_pubkey(y.to_bytes(32, "little"))
    assert not is_valid_onion(fake)


def test_small_order_point_is_rejected():
    identity = (1).to_bytes(32, "little")  # y = 1, x = 0: the neutral element
    assert not is_valid_ed25519_point(identity)
    assert not is_valid_onion(onion_from_pubkey(identity))


def test_wrong_version_is_rejected():
    key = ECC.construct(curve="Ed25519", seed=bytes([3]) * 32).public_key().export_key(format="raw")
    checksum = hashlib.sha3_256(b".onion checksum" + key + b"\x04").digest()[:2]
    addr = base64.b32encode(key + checksum + b"\x04").decode().lower()
    assert not is_valid_onion(addr)


def test_find_onions_in_text():
    text = (
        f"Visit http://{DUCKDUCKGO.upper()}/ or mail.{SPEC_EXAMPLE}. Old v2: expyuzz4wqqyqhjn.onion; "
        f"too long: x{DUCKDUCKGO}"
    )
    found = list(find_onions(text))
    assert [(e.value, e.offset) for e in found] == [
        (DUCKDUCKGO, text.index(DUCKDUCKGO.upper())),
        (SPEC_EXAMPLE, text.index(SPEC_EXAMPLE)),
    ]
