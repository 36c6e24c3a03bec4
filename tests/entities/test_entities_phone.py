"""Phones: E.164, Leniency.VALID, only announced by '+', 'tel:' or a keyword with a region hint."""

from __future__ import annotations

from heroes.entities.phone import find_phones, to_e164


def values(text: str, region: str = "") -> list[tuple[str, int, str]]:
    return [(e.value, e.offset, e.confidence) for e in find_phones(text, region)]


def test_spanish_texts():
    text = "Hola, llámame al +34 612 345 678 o escribe por WhatsApp."
    assert values(text) == [("+34612345678", text.index("+34"), "high")]
    text = "Teléfono: 612 345 678. Móvil 699-888-777"
    assert values(text) == []  # no '+' and no region: cannot know the country
    assert values(text, "es") == [("+34612345678", 10, "medium"), ("+34699888777", text.index("699"), "medium")]


def test_tel_links_and_international_forms():
    text = '<a href="tel:+442079460958">call</a> or +1 (202) 555-0143'
    assert values(text) == [("+442079460958", 13, "high"), ("+12025550143", text.index("+1 "), "high")]
    assert values('<a href="tel:612345678">', "ES") == [("+34612345678", 13, "high")]


def test_numbers_that_are_not_phones():
    assert values("Order 612345678, total 1.234,56 €, at 2023-11-05 15:30", "ES") == []
    assert values("score +20231105 and version+34612345678") == []
    assert values("+34 612 345 67") == []  # too short for Spain


def test_to_e164():
    assert to_e164("+34 612 345 678") == "+34612345678"
    assert to_e164("+34 612 345 679") == "+34612345679"
    assert to_e164("+34 012 345 678") is None
    assert to_e164("612345678", "ES") == "+34612345678"
