"""Golden scenarios for every branch of the README §5 combination rule, for each set, in English and Spanish.

Written from ../shared/data/indicators/README.md (§5 rule, §8 worked examples G1-G10), not from the code. The
sexual-exploitation sets (AS, CS) use the labour indicators and strengths (README §6), so each adult scenario
runs on AL and AS and each child scenario on CL and CS; AS/CS results must carry the provisional flag.
"""

from __future__ import annotations

import itertools

import pytest
import yaml

from heroes.screening import knowledge_base, screen_indicators
from heroes.screening.rule import Tri, all3, any3, rule_holds

PATTERNS = [{"strong": 2}, {"strong": 1, "medium_or_weak": 1}, {"medium": 3}, {"medium": 2, "weak": 1}]
G1 = "DR-01 DR-02 EX-01 EX-02 CD-01 CD-03"
G1_NO_CD = "DR-01 DR-02 EX-01 EX-02"
G1_NO_EX = "DR-01 DR-02 CD-01 CD-03"

# (name, yes, default, the ids left unanswered, expected potential_victim, expected dimensions_met)
ADULT = [
    ("G1", G1, "no", "", True, {"DR", "EX", "CD"}),
    ("G2 one strong alone", "DR-01 EX-01 EX-02 CD-01 CD-03", "no", "", False, {"EX", "CD"}),
    ("G3 coercion unanswered", G1_NO_CD, "no", "CD AVD", "insufficient_information", {"DR", "EX"}),
    ("G4 1M+1W", "EX-02 EX-09 DR-01 DR-02 CD-01 CD-03", "no", "", False, {"DR", "CD"}),
    ("G5 2M+1W", "EX-02 EX-03 EX-09 DR-01 DR-02 CD-01 CD-03", "no", "", True, {"DR", "EX", "CD"}),
    ("G7 adult needs coercion", "DR-10 DR-02 EX-01 EX-09", "no", "", False, {"EX"}),
    ("G9 3M and 2M+1W", "AVR-02 AVR-06 AVR-11 EX-01 EX-07 AVD-01 AVD-02 AVD-06", "no", "", True, {"AVR", "EX", "AVD"}),
    ("G10 1S+1W", "CD-01 CD-15 " + G1_NO_CD, "no", "", True, {"DR", "EX", "CD"}),
    ("2S", "DR-01 DR-02 EX-01 EX-02 CD-01 CD-02", "no", "", True, {"DR", "EX", "CD"}),
    ("1M+2W fails", G1_NO_CD + " AVD-01 AVD-06 AVD-07", "no", "", False, {"DR", "EX"}),
    ("weak alone fails", "DR-10 EX-01 EX-02 CD-01 CD-03", "no", "", False, {"EX", "CD"}),
    ("2M alone fails", "DR-02 DR-03 EX-01 EX-02 CD-01 CD-03", "no", "", False, {"EX", "CD"}),
    ("true despite unknowns", G1, "unknown", "", True, {"DR", "EX", "CD"}),
    ("false dominates unknown", G1_NO_EX, "no", "CD AVD", False, {"DR", "CD"}),
    ("nothing answered", "", "unknown", "", "insufficient_information", set()),
    ("all no", "", "no", "", False, set()),
]
CHILD = [
    ("G6 no coercion needed", "DR-10 DR-02 EX-01 EX-09", "no", "", True, {"DR", "EX"}),
    ("G8 exploitation unanswered", "DR-01 DR-02", "no", "EX", "insufficient_information", {"DR"}),
    ("one strong alone", "DR-01 EX-01 EX-09", "no", "", False, {"EX"}),
    ("3M", "AVR-01 AVR-02 AVR-03 EX-01 EX-02", "no", "", True, {"AVR", "EX"}),
    ("2M fails (no weak tier)", "DR-02 DR-03 EX-01 EX-02", "no", "", False, {"EX"}),
    ("2S in CR", "CR-01 CR-02 EX-01 EX-02", "no", "", True, {"CR", "EX"}),
    ("coercion alone is not enough", "CD-01 CD-02 EX-01 EX-02", "no", "", False, {"CD", "EX"}),
    ("nothing answered", "", "unknown", "", "insufficient_information", set()),
]
CODES = {
    "DR": "deceptive_recruitment",
    "CR": "coercive_recruitment",
    "AVR": "recruitment_abuse_of_vulnerability",
    "EX": "exploitative_conditions_of_work",
    "CD": "coercion_at_destination",
    "AVD": "abuse_of_vulnerability_at_destination",
}
SETS = {
    "AL": ("adults_labour", "adult", "labour"),
    "AS": ("adults_sexual", "adult", "sexual"),
    "CL": ("children_labour", "child", "labour"),
    "CS": ("children_sexual", "child", "sexual"),
}


def _cases():
    for (code, table), lang in itertools.product(
        [("AL", ADULT), ("AS", ADULT), ("CL", CHILD), ("CS", CHILD)], ["en", "es"]
    ):
        for case in table:
            yield pytest.param(code, lang, *case, id=f"{code}-{lang}-{case[0]}")


def _answers(code: str, yes: str, default: str, unanswered: str) -> dict[str, str]:
    s = knowledge_base().sets[SETS[code][0]]
    answers = {f"{code}-{short}": "yes" for short in yes.split()}
    if default == "no":  # spell every other id out as no, except the dimensions left unanswered
        skip = {f"{code}-{d}-" for d in unanswered.split()}
        answers.update({i.id: "no" for i in s.indicators if i.id not in answers and not i.id.startswith(tuple(skip))})
    return answers


@pytest.fixture(scope="module")
def shared_text(shared_data):
    data = yaml.safe_load((shared_data / "indicators" / "ilo_2009.yaml").read_text(encoding="utf-8"))
    return {i["id"]: i for i in data["indicators"]}


@pytest.mark.parametrize(("code", "lang", "name", "yes", "default", "unanswered", "expected", "met"), list(_cases()))
def test_golden(code, lang, name, yes, default, unanswered, expected, met, shared_text):
    set_id, age, purpose = SETS[code]
    answers = _answers(code, yes, default, unanswered)
    for short in yes.split():  # the scenario names ids that exist in this set
        assert knowledge_base().indicator(f"{code}-{short}") is not None, short
    result = screen_indicators(
        {"age_group": age, "purpose": purpose, "answers": answers, "default": "unknown"}, lang=lang
    )
    assert list(result["sets"]) == [set_id]
    r = result["sets"][set_id]
    assert r["potential_victim"] == expected
    assert set(r["dimensions_met"]) == {CODES[c] for c in met}
    reported = {i["id"] for group in r["indicators"].values() for i in group["items"]}
    assert reported == {f"{code}-{s}" for s in yes.split()}
    for group in r["indicators"].values():  # texts in the asked language, as the shared data gives them
        for item in group["items"]:
            source_id = item["id"].replace("AS-", "AL-").replace("CS-", "CL-")
            assert item["text"] == shared_text[source_id][f"text_{lang}"]
            assert item["strength"] == shared_text[source_id]["strength"]
    summary = {True: "result_true", False: "result_false", "insufficient_information": "result_unknown"}[expected]
    assert r["summary"].startswith(knowledge_base().say(summary, lang))
    assert ("provisional_unverified_strengths" in r["flags"]) == (code in ("AS", "CS"))
    assert r["evidence"] == ("not_established" if code in ("AS", "CS") else "secondary")
    if expected == "insufficient_information":
        assert r["missing"], "an undecided result must say what is missing"
    else:
        assert r["missing"] == {} or expected is False


@pytest.mark.parametrize("code", ["AL", "AS"])
def test_g3_missing_lists_every_unanswered_coercion_id(code):
    answers = _answers(code, G1_NO_CD, "no", "CD AVD")
    result = screen_indicators(
        {"age_group": "adult", "purpose": "labour" if code == "AL" else "sexual", "answers": answers}
    )
    missing = result["sets"][SETS[code][0]]["missing"]
    assert list(missing) == ["coercion"]
    assert missing["coercion"]["coercion_at_destination"] == [f"{code}-CD-{n:02d}" for n in range(1, 16)]
    assert missing["coercion"]["abuse_of_vulnerability_at_destination"] == [f"{code}-AVD-{n:02d}" for n in range(1, 8)]


def test_g4_weak_exploitation_is_present_but_not_enough():
    answers = _answers("AL", "EX-02 EX-09 DR-01 DR-02 CD-01 CD-03", "no", "")
    r = screen_indicators({"age_group": "adult", "purpose": "labour", "answers": answers})["sets"]["adults_labour"]
    ex = r["indicators"]["exploitative_conditions_of_work"]
    assert ex["present_but_not_enough"] is True and ex["status"] == "false"
    assert r["indicators"]["deceptive_recruitment"]["present_but_not_enough"] is False


def _readme_rule(s, m, w):
    return (s >= 2) or (s >= 1 and (m + w) >= 1) or (m >= 3) or (m >= 2 and w >= 1)


def test_rule_holds_matches_the_readme_formula_for_all_small_counts():
    assert knowledge_base().patterns == PATTERNS
    for s, m, w in itertools.product(range(5), repeat=3):
        assert rule_holds(s, m, w, PATTERNS) == _readme_rule(s, m, w), (s, m, w)
    assert not rule_holds(1, 0, 0, PATTERNS) and not rule_holds(0, 1, 2, PATTERNS) and not rule_holds(0, 0, 4, PATTERNS)


def test_three_valued_combinators():
    t, f, u = Tri.TRUE, Tri.FALSE, Tri.UNKNOWN
    assert any3([f, u, t]) is t and any3([f, f]) is f and any3([f, u]) is u
    assert all3([t, u, f]) is f and all3([t, t]) is t and all3([t, u]) is u
