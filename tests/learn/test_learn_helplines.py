"""Help lines come from the screening tool's referral directories, in its order, with unverified numbers marked."""

from __future__ import annotations

from heroes.learn.helplines import countries, helplines, pick_country
from heroes.screening.kb import load as knowledge_base
from heroes.screening.referrals import select_referrals


def test_the_same_contacts_as_the_screening_tool():
    kb = knowledge_base()
    for country in countries():
        for kind, age in (("child", "child"), ("adult", "adult"), ("any", "unknown")):
            ours = [c["id"] for c in helplines(kind, country, "en")]
            theirs = [
                c["id"] for c in select_referrals(kb, country, age, "en", urgent=True, child_protection=kind == "child")
            ]
            assert ours == theirs and ours, (country, kind)


def test_emergency_first_and_unverified_numbers_marked():
    uk = helplines("child", "UK", "en")
    assert uk[0]["kind"] == "emergency" and uk[0]["phone"] == "999"
    childline = next(c for c in uk if c["id"] == "uk.childline")
    assert childline["unverified"] and childline["unverified_label"] == "UNVERIFIED"
    assert all(c["audience"] != "adult" for c in uk)  # a child's lesson leaves out lines for adults only
    bd = helplines("child", "BD", "bn")
    assert bd[0]["name"] == "জাতীয় জরুরি সেবা"
    assert next(c for c in helplines("any", "ES", "es") if c["id"] == "es.016")["unverified_label"] == "SIN VERIFICAR"


def test_country_choice():
    assert pick_country("co", "en") == "CO"
    assert pick_country(None, "bn") == "BD" and pick_country("", "es") == "ES" and pick_country("XX", "en") == "UK"
