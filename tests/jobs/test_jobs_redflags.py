"""Red-flag rules: each fires on its own plain examples (English and Spanish), none fires on ordinary ads."""

from __future__ import annotations

import pytest

from heroes.jobs import redflags
from heroes.jobs.lang import detect

from .conftest import labelled_ads, lure_set

EXAMPLES = {
    "upfront_fee": [
        "You must pay a registration fee before you start.",
        "Hay que abonar una cuota de inscripción.",
        "আগে এজেন্সি ফি দিতে হবে।",
    ],
    "documents_withheld": [
        "Please hand over your passport on arrival.",
        "Deberá entregar su pasaporte al llegar.",
        "পাসপোর্ট মালিকের কাছে জমা থাকবে।",
    ],
    "travel_arranged": ["Free flight and accommodation.", "Billete pagado por la empresa.", "ভিসা ও টিকিট দেওয়া হবে।"],
    "pay_too_high": ["Earn $2000 per week packing boxes.", "Gana hasta 800 euros por semana.", "মাসে ২ লাখ টাকা বেতন।"],
    "no_experience": ["No experience needed.", "Trabajo sin experiencia.", "কোনো অভিজ্ঞতা লাগবে না।"],
    "messenger_contact": ["WhatsApp only, no calls.", "Contacto solo por WhatsApp.", "যোগাযোগ শুধু হোয়াটসঅ্যাপে।"],
    "messenger_mentioned": ["Contact us on WhatsApp.", "Escríbenos por Telegram.", "ইমোতে যোগাযোগ করুন।"],
    "vague_employer": [
        "A well-known international company is hiring.",
        "Importante empresa internacional busca.",
        "একটি নামকরা বিদেশি কোম্পানিতে চাকরি।",
    ],
    "urgency": ["Urgent! Start immediately.", "Incorporación inmediata.", "জরুরি! সিট সীমিত।"],
    "appearance_requirements": [
        "Young girls wanted, send your photos.",
        "Se buscan chicas de buena presencia.",
        "১৮ থেকে ২৫ বছরের সুন্দরী মেয়ে চাই।",
    ],
    "risky_work_abroad": [
        "Dancers wanted for a club in Dubai.",
        "Azafatas para trabajar en el extranjero.",
        "দুবাইয়ের ক্লাবে নাচের কাজ।",
    ],
    "no_documents_needed": ["No work permit required.", "Trabajo sin papeles.", "কাগজপত্র ছাড়াই ইউরোপে যাওয়ার সুযোগ।"],
    "costs_deducted": [
        "The ticket is deducted from your salary.",
        "El viaje se descontará del sueldo.",
        "খরচ পরে বেতন থেকে কেটে নেওয়া হবে।",
    ],
    "free_visa": ["Free visa for Saudi Arabia!", "Ofrecemos visa libre para Dubái.", "সৌদি আরবে ফ্রি ভিসা!"],
    "terms_after_arrival": [
        "Salary will be fixed after arrival.",
        "El sueldo se fija al llegar.",
        "বেতন যাওয়ার পর ঠিক করা হবে।",
    ],
}


def ids(text: str) -> set[str]:
    return {f["id"] for f in redflags.find(text)}


def test_every_rule_has_examples_and_every_language():
    rules = redflags.rules()
    assert {r.id for r in rules} == set(EXAMPLES)
    for rule in rules:
        for lang in redflags.LANGS:
            assert rule.title[lang] and rule.explain[lang] and rule.advice[lang]
        assert 0 < rule.weight < 1


@pytest.mark.parametrize(("rule_id", "text"), [(r, t) for r, ts in EXAMPLES.items() for t in ts])
def test_rule_fires_on_its_example(rule_id, text):
    assert rule_id in ids(text)
    assert (detect(text) == "bn") == ("\u0980" <= text[0] <= "\u09ff")


def test_negated_fees_do_not_count():
    assert "upfront_fee" in ids("Pay the registration fee before you travel.")
    assert "upfront_fee" not in ids("You pay no recruitment fee at any stage.")
    assert "upfront_fee" not in ids("Registration fees refunded after six months.")


def test_messenger_only_supersedes_a_plain_mention():
    assert ids("Answers only on Telegram.") & {"messenger_contact", "messenger_mentioned"} == {"messenger_contact"}
    assert ids("Telegram or our office in Leeds.") & {"messenger_contact", "messenger_mentioned"} == {
        "messenger_mentioned"
    }


def test_both_spellings_of_bengali_nukta_letters():
    composed = "একটি বড\u09bc কোম্পানিতে কাজ"  # ড + nukta, as NFC writes it
    precomposed = "একটি বড় কোম্পানিতে কাজ"  # U+09DC
    assert "vague_employer" in ids(composed) and "vague_employer" in ids(precomposed)


def test_passport_kept_by_the_worker_is_not_a_flag():
    assert "documents_withheld" not in ids("পাসপোর্ট সবসময় কর্মীর নিজের কাছে থাকবে।")
    assert "documents_withheld" not in ids("Always keep your passport with you.")


def test_evidence_span_points_into_the_text():
    text = "Hello.\nHostess work abroad! Contact us on WhatsApp."
    for flag in redflags.find(text):
        ev = flag["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert {"risky_work_abroad", "messenger_mentioned"} <= ids(text)


def test_requires_condition():
    assert "risky_work_abroad" not in ids("Part-time dancer for our local theatre company.")
    assert "risky_work_abroad" in ids("Part-time dancer for a theatre company in Japan.")


@pytest.mark.parametrize("ad", labelled_ads(), ids=lambda a: a["id"])
def test_labelled_ads_show_exactly_their_flags(ad):
    expected = {f for f in ad["flags"].split(";") if f}
    assert ids(ad["description"]) == expected
    assert (ad["label"] == "ordinary") == (not expected)


@pytest.mark.parametrize(
    "text",
    [a["description"] for a in labelled_ads()] + [a["text"] for a in lure_set("devset") + lure_set("holdout")],
)
def test_keyword_prefilter_changes_nothing(text):
    text = text + "\n" + text.upper()
    assert redflags.find(text) == redflags.find(text, prefilter=False)


@pytest.mark.parametrize("ad", labelled_ads(), ids=lambda a: a["id"])
def test_language_detection(ad):
    assert detect(ad["description"]) == ad["lang"]


def test_explanations_follow_the_language():
    text = "Trabajo sin papeles."
    titles = {lang: redflags.find(text, lang)[0]["title"] for lang in redflags.LANGS}
    assert len(set(titles.values())) == 3
    assert redflags.general_advice("bn") != redflags.general_advice("en")


def test_combine_needs_a_pattern_of_flags():
    strong, weak = {"weight": 0.5, "strong": True}, {"weight": 0.5, "strong": False}
    assert redflags.combine(0.2, []) == pytest.approx(0.2)
    assert redflags.combine(0.2, [strong]) == pytest.approx(0.2)  # one flag alone: no change
    assert redflags.combine(0.2, [weak, weak]) == pytest.approx(0.2)  # only weak signs: no change
    assert redflags.combine(0.2, [strong, weak]) == pytest.approx(0.8)
    assert redflags.combine(0.2, [strong, weak, weak]) == pytest.approx(0.9)
    assert redflags.combine(0.99, [strong, strong]) <= 1.0


def test_expanding_lowercase_does_not_shift_spans():
    text = "İİİ Contact us on WhatsApp."  # U+0130 lower-cases to two characters
    flag = next(f for f in redflags.find(text) if f["id"] == "messenger_mentioned")
    assert flag["evidence"]["text"].lower() == "whatsapp"
