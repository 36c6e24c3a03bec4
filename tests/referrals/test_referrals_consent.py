"""Consent decides what travels: contact fields only with consent (or a named legal basis for a child or a person
in danger), an anonymous alert otherwise; every contact field checked."""

from __future__ import annotations

import pytest

from heroes.referrals.consent import CONSENT_BASIS, clean_contact, decide
from heroes.referrals.errors import ReferralError


def test_contact_fields_are_checked_and_normalised():
    got = clean_contact({"name": " Ana ", "phone": "612 345 678", "email": "Ana@Example.org", "other": ""}, "ES")
    assert got == {"name": "Ana", "phone": "+34612345678", "email": "Ana@example.org"}
    assert clean_contact({"phone": "07911 123456"}, "UK") == {"phone": "+447911123456"}


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        ({"passport": "X123"}, "contact.passport"),
        ({"phone": "12"}, "contact.phone"),
        ({"email": "not an address"}, "contact.email"),
        ({"name": "x" * 201}, "contact.name"),
        ({"name": "a\x00b"}, "contact.name"),
        ({"name": 5}, "contact.name"),
        (["Ana"], "contact"),
    ],
)
def test_bad_contact_names_the_field(contact, field):
    with pytest.raises(ReferralError) as err:
        clean_contact(contact, "ES")
    assert err.value.field == field


def test_given_consent_has_consent_as_its_basis():
    c = decide("given", None, {"name": "Ana"}, age_group="adult", urgent=False)
    assert (c.value, c.legal_basis, c.anonymous) == ("given", CONSENT_BASIS, False)


def test_refused_consent_is_an_anonymous_alert_and_refuses_contact_fields():
    assert decide("refused", None, {}, age_group="adult", urgent=True).anonymous
    with pytest.raises(ReferralError, match="anonymous alert"):
        decide("refused", None, {"phone": "+34612345678"}, age_group="adult", urgent=True)


def test_not_possible_only_for_a_child_or_urgent_danger_and_with_a_legal_basis():
    with pytest.raises(ReferralError, match="child or a person in urgent danger"):
        decide("not_possible", "vital interests", {}, age_group="adult", urgent=False)
    with pytest.raises(ReferralError) as err:
        decide("not_possible", "", {}, age_group="child", urgent=False)
    assert err.value.field == "legal_basis"
    child = decide("not_possible", "child protection duty", {}, age_group="unknown", urgent=False)
    assert child.legal_basis == "not possible (child): child protection duty"
    danger = decide("not_possible", "vital interests, GDPR Art. 6(1)(d)", {}, age_group="adult", urgent=True)
    assert danger.legal_basis.startswith("not possible (urgent danger)")


def test_unknown_consent_value():
    with pytest.raises(ReferralError) as err:
        decide("maybe", None, {}, age_group="adult", urgent=False)
    assert err.value.field == "consent"
