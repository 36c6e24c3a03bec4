"""Monero: the address from Monero's documentation validates, mutations fail, integrated addresses decode."""

from __future__ import annotations

from Crypto.Hash import keccak

from heroes.entities.monero import ALPHABET, find_monero, monero_b58decode, monero_kind

DOCS_ADDRESS = "4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge"
_FULL_BLOCK, _SIZES = 8, {0: 0, 1: 2, 2: 3, 3: 5, 4: 6, 5: 7, 6: 9, 7: 10, 8: 11}


def encode(data: bytes) -> str:
    """Monero block base58, written here independently of the decoder under test."""
    out = []
    for start in range(0, len(data), _FULL_BLOCK):
        block = data[start : start + _FULL_BLOCK]
        number, chars = int.from_bytes(block, "big"), []
        for _ in range(_SIZES[len(block)]):
            number, digit = divmod(number, 58)
            chars.append(ALPHABET[digit])
        out.append("".join(reversed(chars)))
    return "".join(out)


def test_docs_address_is_valid_and_mutations_fail():
    assert monero_kind(DOCS_ADDRESS) == "standard"
    for i in range(1, 95, 7):
        for c in "2Zk":
            if c != DOCS_ADDRESS[i]:
                assert monero_kind(DOCS_ADDRESS[:i] + c + DOCS_ADDRESS[i + 1 :]) is None, i


def test_integrated_address_round_trip():
    raw = monero_b58decode(DOCS_ADDRESS)
    assert raw is not None and encode(raw) == DOCS_ADDRESS
    body = bytes([19]) + raw[1:65] + bytes.fromhex("1122334455667788")
    integrated = encode(body + keccak.new(digest_bits=256, data=body).digest()[:4])
    assert len(integrated) == 106 and monero_kind(integrated) == "integrated"
    wrong_prefix = bytes([18]) + body[1:]
    assert monero_kind(encode(wrong_prefix + keccak.new(digest_bits=256, data=wrong_prefix).digest()[:4])) is None


def test_find_monero_in_text():
    text = f"XMR: {DOCS_ADDRESS}\nnot: {DOCS_ADDRESS}x"
    assert [(e.value, e.offset, e.extra["form"]) for e in find_monero(text)] == [(DOCS_ADDRESS, 5, "standard")]
