"""Bitcoin: BIP-173/350 test vectors for segwit, wiki examples for base58check, one-character mutations."""

from __future__ import annotations

import pytest

from heroes.entities.bech32 import BECH32_CONST, BECH32M_CONST, bech32_decode, decode_segwit
from heroes.entities.bitcoin import base58_network, find_bitcoin, segwit_network

# BIP-350 "valid segwit addresses" (address, witness version, program hex)
VALID_SEGWIT = [
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", 0, "751e76e8199196d454941c45d1b3a323f1433bd6"),
    (
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        0,
        "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
    ),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        1,
        "751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
    ),
    ("BC1SW50QGDZ25J", 16, "751e"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", 2, "751e76e8199196d454941c45d1b3a323"),
    (
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
        0,
        "000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        1,
        "000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        1,
        "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ),
]

# BIP-350 "invalid segwit addresses" (plus the reason the BIP gives)
INVALID_SEGWIT = [
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",  # invalid human-readable part
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  # bech32 instead of bech32m
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",  # bech32 instead of bech32m
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",  # bech32 instead of bech32m
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  # bech32m instead of bech32 (v0)
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",  # bech32m instead of bech32 (v0)
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",  # invalid character in checksum
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",  # invalid witness version
    "bc1pw5dgrnzv",  # invalid program length (1 byte)
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",  # program length 41
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  # invalid program length for witness version 0
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",  # mixed case
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",  # zero padding of more than 4 bits
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",  # non-zero padding in 8-to-5
    "bc1gmk9yu",  # empty data section
]

# BIP-173 / BIP-350 valid checksummed strings (no segwit meaning)
VALID_BECH32 = [
    "A12UEL5L",
    "a12uel5l",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
VALID_BECH32M = [
    "A1LQFN3A",
    "a1lqfn3a",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]
INVALID_BECH32 = [
    "pzry9x0s0muk",
    "1pzry9x0s0muk",
    "x1b4n0q5v",
    "li1dgmt3",
    "A1G7SGD8",
    "10a06t8",
    "1qzzfhee",
    "de1lg7wt\xff",
    "A12uEL5L",
]

BASE58_VALID = {
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2": "mainnet",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy": "mainnet",
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa": "mainnet",
}


def mutations(value: str, alphabet: str) -> list[str]:
    """Every one-character substitution at a spread of positions, skipping those that change only case."""
    out = []
    for i in range(0, len(value), max(1, len(value) // 12)):
        for c in alphabet[:6]:
            if c.lower() != value[i].lower():
                out.append(value[:i] + c + value[i + 1 :])
    return out


@pytest.mark.parametrize(("address", "version", "program"), VALID_SEGWIT)
def test_valid_segwit_vectors(address, version, program):
    assert decode_segwit(address[:2].lower(), address) == (version, bytes.fromhex(program))
    assert segwit_network(address) == ("mainnet" if address[:2].lower() == "bc" else "testnet")


@pytest.mark.parametrize("address", INVALID_SEGWIT)
def test_invalid_segwit_vectors(address):
    assert segwit_network(address) is None
    assert list(find_bitcoin(f"send to {address} now")) == []


def test_bech32_and_bech32m_checksums():
    for s in VALID_BECH32:
        assert bech32_decode(s) is not None and bech32_decode(s)[2] == BECH32_CONST, s
    for s in VALID_BECH32M:
        assert bech32_decode(s) is not None and bech32_decode(s)[2] == BECH32M_CONST, s
    for s in INVALID_BECH32:
        assert bech32_decode(s) is None, s


@pytest.mark.parametrize("address", [a for a, _, _ in VALID_SEGWIT])
def test_segwit_one_character_mutations_fail(address):
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    for bad in mutations(address.lower()[3:], charset):
        assert segwit_network(address.lower()[:3] + bad) is None


@pytest.mark.parametrize(("address", "network"), BASE58_VALID.items())
def test_base58check(address, network):
    assert base58_network(address) == network
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    for bad in mutations(address, alphabet[::7]):
        assert base58_network(bad) is None, bad
    [entity] = find_bitcoin(f"BTC: {address}.")
    assert (entity.value, entity.offset, entity.confidence) == (address, 5, "high")


def test_find_bitcoin_in_text_normalises_segwit_to_lower_case():
    text = (
        "Donations: BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 or "
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
    )
    found = {e.value: e for e in find_bitcoin(text)}
    assert set(found) == {
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    }
    assert found["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"].offset == 11


def test_address_embedded_in_a_longer_token_is_not_reported():
    assert list(find_bitcoin("x1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2x")) == []
