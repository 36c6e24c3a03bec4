"""The knowledge base: its schema check passes on the shipped data and catches broken data; ids are kept."""

from __future__ import annotations

import dataclasses
import re

import yaml

from heroes.screening import knowledge_base, validate
from heroes.screening.kb import SECTORS, Question, read_yaml
from heroes.screening.schema import validate as validate_kb

LEADING = re.compile(r"\b(trafficker|traffick|victim|exploiter|pimp|slave)", re.IGNORECASE)


def test_shipped_knowledge_base_is_valid():
    assert validate() == []


def test_package_copy_keeps_the_shared_ids_strengths_and_texts(shared_data):
    shared = yaml.safe_load((shared_data / "indicators" / "ilo_2009.yaml").read_text(encoding="utf-8"))
    assert read_yaml("ilo_2009.yaml") == shared
    kb = knowledge_base()
    shipped = {i.id: i for s in ("adults_labour", "children_labour") for i in kb.sets[s].indicators}
    assert set(shipped) == {i["id"] for i in shared["indicators"]}
    assert len(kb.sets["adults_labour"].indicators) == 67 and len(kb.sets["children_labour"].indicators) == 65
    assert "CL-AVR-08" not in shipped and "CL-EX-08" not in shipped


def test_sexual_sets_are_derived_and_marked_provisional():
    kb = knowledge_base()
    for code, source in (("adults_sexual", "adults_labour"), ("children_sexual", "children_labour")):
        derived, base = kb.sets[code], kb.sets[source]
        assert [i.id[3:] for i in derived.indicators] == [i.id[3:] for i in base.indicators]
        assert [i.strength for i in derived.indicators] == [i.strength for i in base.indicators]
        assert all(i.provisional for i in derived.indicators)
        assert derived.flags == ("provisional_unverified_strengths",) and derived.evidence == "not_established"


def test_every_question_maps_to_existing_concepts_and_has_text_in_each_language():
    kb = knowledge_base()
    assert set(kb.flows) == set(SECTORS)
    assert kb.full_languages == ["en", "es"]
    for flow in kb.flows.values():
        assert flow.questions[0].danger, f"{flow.sector}: safety questions come first"
        for q in flow.questions:
            assert all(c in kb.concepts() for c, _ in q.maps_to)
            assert q.text["en"].strip().endswith("?") and q.text["es"].strip().endswith("?")


def test_questions_are_plain_and_non_leading():
    for flow in knowledge_base().flows.values():
        for q in flow.questions:
            assert not LEADING.search(q.text["en"]), q.id
            assert len(q.text["en"]) < 160, q.id


def test_referrals_cover_four_countries_with_sources_and_unverified_marks():
    kb = knowledge_base()
    assert {r.country for r in kb.referrals} == {"ES", "CO", "BD", "UK"}
    assert all(r.source and r.checked_on for r in kb.referrals)
    status = {r.id: r.status for r in kb.referrals}
    assert status["es.apramp"] == "unverified" and status["uk.childline"] == "unverified"
    assert status["uk.msh"] == "verified" and status["co.coat"] == "verified"
    assert {r.phone for r in kb.referrals if r.country == "BD"} >= {"999", "1098", "109"}


def _broken(**changes):
    return dataclasses.replace(knowledge_base(), **changes)


def test_schema_catches_a_question_mapping_to_an_unknown_concept():
    kb = knowledge_base()
    flow = kb.flows["health"]
    bad_q = Question(id="x.bad", text={"en": "Is it?", "es": "¿Es?"}, maps_to=(("cd.no_such_thing", "yes"),))
    bad = _broken(flows={**kb.flows, "health": dataclasses.replace(flow, questions=(*flow.questions, bad_q))})
    assert any("unknown concept 'cd.no_such_thing'" in p for p in validate_kb(bad))


def test_schema_catches_a_missing_spanish_text_and_a_wrong_ordinal():
    kb = knowledge_base()
    al = kb.sets["adults_labour"]
    first = al.indicators[0]
    broken_ind = dataclasses.replace(first, text={"en": first.text["en"]}, id="AL-DR-11")
    broken_set = dataclasses.replace(al, indicators=(broken_ind, *al.indicators[1:]))
    bad = _broken(sets={**kb.sets, "adults_labour": broken_set})
    problems = validate_kb(bad)
    assert "AL-DR-11: no es text" in problems
    assert any("dr.nature_job_location_employer" in p and "ordinal" in p for p in problems)


def test_schema_catches_a_referral_without_source():
    kb = knowledge_base()
    bad = _broken(referrals=[dataclasses.replace(kb.referrals[0], source=" "), *kb.referrals[1:]])
    assert any("needs a source" in p for p in validate_kb(bad))


def test_schema_catches_a_yaml_bare_on_key():
    from heroes.screening.schema import _raw_question_problems

    entry = yaml.safe_load('{id: x, text_en: "Is it?", maps_to: [{concept: cd.debt_bondage, on: "no"}]}')
    assert _raw_question_problems(entry, "bank/x") == ["bank/x: unknown maps_to key True"]
