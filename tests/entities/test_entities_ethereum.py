"""Ethereum: the EIP-55 examples validate, a case flip does not; single-case addresses are low confidence."""

from __future__ import annotations

import pytest

from heroes.entities.ethereum import find_ethereum, is_checksum_address, to_checksum_address

# EIP-55 test cases (mixed case)
EIP55 = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
# EIP-55 all-caps / all-lower examples: their checksum form is single-case
SINGLE_CASE = ["0x52908400098527886E0F7030069857D2E4169EE7", "0xde709f2102306220921060314715629080e2fb77"]


@pytest.mark.parametrize("address", EIP55 + SINGLE_CASE)
def test_eip55_examples(address):
    assert to_checksum_address(address.lower()) == address


@pytest.mark.parametrize("address", EIP55)
def test_case_flip_breaks_the_checksum(address):
    assert is_checksum_address(address)
    for i, c in enumerate(address[2:], start=2):
        if c.isalpha():
            flipped = address[:i] + c.swapcase() + address[i + 1 :]
            if flipped.lower() != flipped and flipped.upper() != flipped:
                assert not is_checksum_address(flipped), flipped
                assert list(find_ethereum(f"pay {flipped}")) == []


def test_confidence_levels():
    text = (
        f"checksummed {EIP55[0]}, unchecksummed {EIP55[1].lower()} and, later, "
        f"{'filler ' * 20}my ETH wallet: {EIP55[2].lower()}"
    )
    found = list(find_ethereum(text))
    assert [(e.value, e.confidence) for e in found] == [(EIP55[0], "high"), (EIP55[1], "low"), (EIP55[2], "medium")]
    assert found[1].offset == text.index(EIP55[1].lower())


def test_longer_hex_is_not_an_address():
    assert list(find_ethereum("0x" + "ab" * 32)) == []
    assert list(find_ethereum("x0x" + "ab" * 20)) == []
