"""Which sets are evaluated, safety first, child protection, referrals, and bad input that names its field."""

from __future__ import annotations

import pytest

from heroes.screening import ScreeningInputError, screen_answers, screen_indicators


def _ind(answers, age="adult", purpose="labour", default="no", **kw):
    return screen_indicators({"age_group": age, "purpose": purpose, "answers": answers, "default": default}, **kw)


@pytest.mark.parametrize(
    ("age", "purpose", "sets"),
    [
        ("adult", "labour", ["adults_labour"]),
        ("adult", "sexual", ["adults_sexual"]),
        ("adult", "unknown", ["adults_labour", "adults_sexual"]),
        ("child", "labour", ["children_labour"]),
        ("unknown", "unknown", ["children_labour", "children_sexual"]),
    ],
)
def test_sets_follow_age_group_and_purpose(age, purpose, sets):
    result = _ind({}, age, purpose)
    assert list(result["sets"]) == sets
    for r in result["sets"].values():
        assert ("age_uncertain" in r["flags"]) == (age == "unknown")


def test_answers_resolve_by_concept_across_sets():
    # an AL id answered for a child is the same concept in the children's set
    r = _ind({"AL-DR-01": "yes", "AL-DR-02": "yes", "AL-EX-01": "yes", "AL-EX-02": "yes"}, age="child")
    assert r["sets"]["children_labour"]["potential_victim"] is True
    assert {i["id"] for g in r["sets"]["children_labour"]["indicators"].values() for i in g["items"]} == {
        "CL-DR-01",
        "CL-DR-02",
        "CL-EX-01",
        "CL-EX-02",
    }


def test_no_indicators_is_never_called_not_a_victim():
    r = _ind({})["sets"]["adults_labour"]
    assert r["potential_victim"] is False
    assert "does not rule out" in r["summary"] and "not a victim" not in r["summary"]


def test_urgent_comes_first_whatever_the_rule_says():
    result = _ind({"AL-CD-04": "yes"}, country="ES", lang="es")  # violence alone: the rule is far from met
    assert next(iter(result)) == "urgent"
    assert result["sets"]["adults_labour"]["potential_victim"] is False
    urgent = result["urgent"]
    assert urgent["act_now"] and urgent["guidance"].startswith("ACTÚE AHORA")
    assert [r["code"] for r in urgent["reasons"]] == ["violence"] and urgent["reasons"][0]["source"] == "AL-CD-04"
    assert [c["phone"] for c in urgent["contacts"]] == ["112"]


@pytest.mark.parametrize("ind_id", ["AL-CR-01", "AL-CR-02", "AL-CR-03", "AL-CR-09", "AL-CD-03", "AL-CD-05", "AL-CD-13"])
def test_each_urgent_concept_triggers_act_now(ind_id):
    assert _ind({ind_id: "yes"})["urgent"]["act_now"]


def test_nothing_urgent_without_danger_signs():
    result = _ind({"AL-EX-01": "yes", "AL-DR-02": "yes"}, country="UK")
    assert result["urgent"] == {"act_now": False, "guidance": "", "reasons": [], "contacts": []}
    assert result["child_protection"]["refer"] is False


def test_a_child_with_exploitation_signs_is_urgent_and_referred_to_child_protection():
    result = _ind({"CL-EX-06": "yes"}, age="child", country="CO")
    assert [r["code"] for r in result["urgent"]["reasons"]] == ["child_exploitation"]
    assert result["child_protection"]["refer"] is True
    kinds = [c["kind"] for c in result["referrals"]]
    assert kinds[:2] == ["emergency", "child_helpline"]
    assert result["sets"]["children_labour"]["potential_victim"] is False  # the ILO rule is not met, still referred


def test_referrals_are_filtered_by_audience_and_mark_unverified_numbers():
    adult = _ind({}, country="ES")["referrals"]
    child = _ind({}, age="child", country="ES")["referrals"]
    assert "es.apramp" in {c["id"] for c in adult} and "es.anar" not in {c["id"] for c in adult}
    assert "es.anar" in {c["id"] for c in child} and "es.apramp" not in {c["id"] for c in child}
    apramp = next(c for c in adult if c["id"] == "es.apramp")
    assert apramp["unverified"] is True and apramp["source"]
    assert _ind({})["referrals"] == []
    assert next(c["id"] for c in _ind({}, country="gb")["referrals"]) == "uk.emergency"


def test_screening_flag_is_separate_from_the_ilo_result():
    r = _ind({"AL-DR-02": "yes", "AL-EX-02": "yes", "AL-AVD-01": "yes"})["sets"]["adults_labour"]
    assert r["potential_victim"] is False and r["screening_flag"] is True


def test_flow_answers_map_questions_to_indicators_with_their_polarity():
    data = {
        "sector": "labour_inspection",
        "age_group": "adult",
        "purpose": "labour",
        "default": "no",
        "answers": {
            "rec.job_as_described": "no",
            "rec.pay_as_described": "no",
            "work.long_hours": "yes",
            "work.low_pay": "yes",
            "ctrl.own_documents": "no",
            "ctrl.debt": "yes",
            "safety.leave_now": "yes",
        },
    }
    result = screen_answers(data, country="UK")
    r = result["sets"]["adults_labour"]
    assert r["potential_victim"] is True
    assert r["indicators"]["coercion_at_destination"]["items"][0]["id"] == "AL-CD-01"
    assert result["urgent"]["act_now"] is False  # can leave now, and no violence, threats or confinement


def test_flow_danger_question_and_missing_questions():
    data = {"sector": "health", "age_group": "adult", "answers": {"safety.injury": "yes", "ctrl.hurt": "no"}}
    result = screen_answers(data)
    assert result["urgent"]["reasons"][0] == {
        "code": "injury_needs_care",
        "source": "safety.injury",
        "text": "The person has an injury or illness that needs care now.",
    }
    r = result["sets"]["adults_labour"]
    assert r["potential_victim"] == "insufficient_information"
    assert "work.long_hours" in r["missing_questions"] and "ctrl.hurt" not in r["missing_questions"]


def test_child_protection_signal_refers_without_ilo_indicators():
    data = {"sector": "education", "age_group": "child", "answers": {"child.secret_contact": "yes"}}
    result = screen_answers(data, country="BD", lang="bn")
    assert result["child_protection"]["refer"] and result["child_protection"]["signals"] == ["child.secret_contact"]
    assert result["referrals"][0]["id"] == "bd.child_helpline" and result["referrals"][0]["name"].startswith("চাইল্ড")
    assert result["urgent"]["act_now"] is False


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answers": {}}, "age_group"),
        ({"age_group": "teen", "answers": {}}, "age_group"),
        ({"age_group": "adult", "answers": {"AL-DR-99": "yes"}}, "answers.AL-DR-99"),
        ({"age_group": "adult", "answers": {"AL-DR-01": "maybe"}}, "answers.AL-DR-01"),
        ({"age_group": "adult", "answers": {"AL-DR-01": "yes", "CL-DR-01": "no"}}, "answers.CL-DR-01"),
        ({"age_group": "adult", "answers": [], "default": "no"}, "answers"),
        ({"age_group": "adult", "answers": {}, "default": "yes"}, "default"),
        ({"age_group": "adult", "purpose": "forced_labour"}, "purpose"),
        ({"age_group": "adult", "name": "someone"}, "name"),
        (["not", "an", "object"], "(top level)"),
    ],
)
def test_bad_indicator_input_names_the_field(data, field):
    with pytest.raises(ScreeningInputError) as err:
        screen_indicators(data)
    assert err.value.field == field and str(err.value).startswith(field + ":")


def test_contradiction_message_names_both_ids():
    with pytest.raises(ScreeningInputError, match=r"contradicts answers\.AL-DR-01"):
        screen_indicators({"age_group": "adult", "answers": {"AL-DR-01": "yes", "CL-DR-01": "no"}})


@pytest.mark.parametrize(
    ("data", "sector", "field"),
    [
        ({"age_group": "adult", "answers": {"nope": "yes"}}, "health", "answers.nope"),
        ({"age_group": "adult", "answers": {"work.school": "no"}}, "health", "answers.work.school"),
        ({"age_group": "adult", "answers": {}}, "farming", "sector"),
        ({"age_group": "adult", "answers": {}}, None, "sector"),
    ],
)
def test_bad_flow_input_names_the_field(data, sector, field):
    with pytest.raises(ScreeningInputError) as err:
        screen_answers(data, sector)
    assert err.value.field == field


def test_bad_country_and_language_name_the_field():
    with pytest.raises(ScreeningInputError, match=r"^country:"):
        screen_indicators({"age_group": "adult"}, country="FR")
    with pytest.raises(ScreeningInputError, match=r"^lang:"):
        screen_indicators({"age_group": "adult"}, lang="fr")
