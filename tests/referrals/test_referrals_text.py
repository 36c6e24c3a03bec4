"""The referral pages' text: every string in English and Spanish, the responder's also in Bengali, no placeholder
left in any language, and the language picked as the page asks."""

from __future__ import annotations

from heroes.packdata import load_yaml
from heroes.referrals import states, text
from heroes.referrals.orgs import KINDS


def test_every_string_has_the_languages_its_pages_need():
    data = load_yaml("heroes.referrals", "data", "text.yaml")
    for key, entry in data["responder"].items():
        assert set(entry) == {"en", "es", "bn"}, key
    for key, entry in data["coordination"].items():
        assert {"en", "es"} <= set(entry), key
    for entry in text.strings().values():
        assert all((value.strip() and value != entry["en"]) or lang == "en" for lang, value in entry.items()), entry


def test_every_status_outcome_reason_and_kind_has_words():
    keys = set(text.strings())
    needed = {f"status_{s}" for s in states.STATUSES} | {f"outcome_{o}" for o in states.OUTCOMES}
    needed |= {f"reason_{r}" for r in states.DECLINE_REASONS} | {f"kind_{k}" for k in KINDS}
    assert needed <= keys


def test_language_choice():
    assert text.choose("es", None, "") == "es"
    assert text.choose("xx", "bn", "es") == "bn"
    assert text.choose(None, None, "fr-FR,es;q=0.8,en;q=0.5") == "es"
    assert text.choose(None, None, "bn-BD", text.COORDINATION_LANGS) == "en"
    assert text.choose(None, None, "") == "en"
    assert text.say("sent", "bn") == "পাঠানো" and text.say("inbox", "bn") == text.say("inbox", "en")
