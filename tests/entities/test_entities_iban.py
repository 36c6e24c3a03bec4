"""IBAN: registry examples found printed and compact (an unlisted bank too, as `bank_known` false); one-character
mutations, wrong lengths, BBAN formats and countries fail."""

from __future__ import annotations

import pytest
from stdnum import iban

from heroes.entities.iban import find_ibans, is_valid_iban

EXAMPLES = ["GB82WEST12345698765432", "DE89370400440532013000"]


@pytest.mark.parametrize("value", EXAMPLES)
def test_examples_and_mutations(value):
    assert is_valid_iban(value)
    for i in range(len(value)):
        replacement = "7" if value[i] != "7" else "3"
        if value[i].isalpha():
            replacement = "Q" if value[i] != "Q" else "R"
        assert not is_valid_iban(value[:i] + replacement + value[i + 1 :]), i


def test_printed_groups_trailing_words_and_adjacent_ibans():
    text = (
        "Transferencia a IBAN GB82 WEST 1234 5698 7654 32 DE89 3704 0044 0532 0130 00 para pagar; "
        "compact de89370400440532013000, broken GB82 WEST 1234 5698 7654 33."
    )
    found = list(find_ibans(text))
    assert [(e.value, e.offset) for e in found] == [
        ("GB82WEST12345698765432", text.index("GB82")),
        ("DE89370400440532013000", text.index("DE89")),
        ("DE89370400440532013000", text.index("de89")),
    ]


def test_iban_glued_to_more_characters_is_not_reported():
    assert list(find_ibans("GB82WEST12345698765432X and XGB82WEST12345698765432")) == []


# examples from the IBAN registry (ISO 13616, SWIFT), one per format family
REGISTRY = [
    "BE68539007547034",  # bank code 539 is not in python-stdnum's Belgian bank list
    "PS92PALS000000000400123456702",
    "GB29NWBK60161331926819",
    "FR1420041010050500013M02606",
    "ES9121000418450200051332",
    "NO9386011117947",
    "XK051212012345678906",
    "MT84MALT011000012345MTLCAST001S",
    "BR1800360305000010009795493C1",
]


def _with_check_digits(country: str, bban: str) -> str:
    return country + iban.calc_check_digits(f"{country}00{bban}") + bban


@pytest.mark.parametrize("value", REGISTRY)
def test_registry_examples_are_found_printed_and_compact(value):
    printed = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    text = f"Pay to IBAN {printed} today, or {value}."
    expected = [(value, text.index(value[:4])), (value, text.rindex(value))]
    assert [(e.value, e.offset) for e in find_ibans(text)] == expected


def test_bank_known_is_a_field_not_a_veto():
    text = f"BE68 5390 0754 7034 BE71 0961 2345 6769 {REGISTRY[1]}"
    found = {e.value: e.extra["bank_known"] for e in find_ibans(text)}
    assert found == {"BE68539007547034": False, "BE71096123456769": True, REGISTRY[1]: None}
    assert not iban.is_valid("BE68539007547034")  # what python-stdnum alone says: the reason for the field


def test_structure_length_and_country_are_checked():
    """Each of these passes mod-97 (check digits recomputed) and breaks one rule of the registry."""
    assert is_valid_iban(_with_check_digits("DE", "370400440532013000"))  # the control
    for bad in (
        _with_check_digits("DE", "3704004405320130001"),  # one digit too many for Germany
        _with_check_digits("DE", "37040044053201300"),  # one too few
        _with_check_digits("GB", "123460161331926819"),  # digits where the bank code has letters
        _with_check_digits("US", "SVBK33009588791234"),  # not an IBAN country
        _with_check_digits("QQ", "37040044053201300012"),  # no such country
    ):
        assert not is_valid_iban(bad), bad
        assert list(find_ibans(f"IBAN {bad}")) == [], bad
