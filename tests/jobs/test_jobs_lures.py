"""Trafficking lures and genuine ads written by hand (English, Spanish, Bengali): the development set the rules
were tuned on and the held-out set that was written first and only scored. Targets of issue 19: at least 90% of
lures caught and at most 10% of genuine ads flagged, in each language."""

from __future__ import annotations

import pytest

from heroes.jobs import check, redflags

from .conftest import BENGALI_LURE, lure_set

LANGS = ("en", "es", "bn")


def rates(name: str, lang: str) -> tuple[float, float]:
    ads = [a for a in lure_set(name) if a["lang"] == lang]
    labels = {a["id"]: check(a["text"])["label"] for a in ads}
    lures = [a for a in ads if a["label"] == "lure"]
    genuine = [a for a in ads if a["label"] == "genuine"]
    assert len(lures) >= 10 and len(genuine) >= 10
    recall = sum(labels[a["id"]] == "fraudulent" for a in lures) / len(lures)
    false_alarms = sum(labels[a["id"]] == "fraudulent" for a in genuine) / len(genuine)
    return recall, false_alarms


@pytest.mark.parametrize("name", ["devset", "holdout"])
@pytest.mark.parametrize("lang", LANGS)
def test_recall_and_false_alarms_per_language(name, lang):
    recall, false_alarms = rates(name, lang)
    assert recall >= 0.9 and false_alarms <= 0.1, (name, lang, recall, false_alarms)


def test_sets_are_apart_and_well_formed():
    dev, held = lure_set("devset"), lure_set("holdout")
    assert not {a["id"] for a in dev} & {a["id"] for a in held}
    assert not {" ".join(a["text"].split()) for a in dev} & {" ".join(a["text"].split()) for a in held}
    for ad in dev + held:
        assert ad["label"] in ("lure", "genuine") and ad["lang"] in LANGS
        assert (ad["label"] == "lure") == bool(ad.get("signs"))  # every lure names the indicators it carries
        assert ad["lang"] == check(ad["text"])["lang"]


def test_the_bengali_lure_of_the_issue():
    result = check(BENGALI_LURE)
    assert result["lang"] == "bn" and result["label"] == "fraudulent" and result["risk"] >= 0.7
    assert len(result["red_flags"]) >= 2
    assert {"upfront_fee", "documents_withheld", "messenger_contact"} <= {f["id"] for f in result["red_flags"]}
    # the model was not trained on Bengali: not used, and the output says so in Bengali
    assert result["model_used"] is False and result["model_score"] is None
    assert result["note"] == redflags.model_not_used("bn")
    assert all("\u0980" <= f["title"][0] <= "\u09ff" for f in result["red_flags"])  # explanations in Bengali
    assert result["advice"][0] == redflags.rules()[0].advice["bn"]


def test_bengali_explanations_on_request_for_an_english_ad():
    result = check("Hostess work in Dubai, we keep your passport. WhatsApp only.", lang="bn")
    assert result["lang"] == "bn" and result["model_used"] is True and result["model_score"] is not None
    assert "note" not in result


def test_genuine_bengali_ad_stays_low():
    genuine = next(a for a in lure_set("devset") if a["id"] == "d-bn-g10")  # passport stays with the worker
    result = check(genuine["text"])
    assert result["label"] == "legitimate" and "documents_withheld" not in {f["id"] for f in result["red_flags"]}
