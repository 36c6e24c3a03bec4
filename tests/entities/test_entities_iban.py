"""IBAN: ISO registry examples, printed and compact, in text; one-character mutations fail."""

from __future__ import annotations

import pytest

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
