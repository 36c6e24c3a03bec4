"""The questionnaire API the dashboard and the CLI share, pseudonymous records and the printable form."""

from __future__ import annotations

import json

import pytest

from heroes.screening import ScreeningInputError, ScreeningRecord, ScreeningSession, render_html, write_form
from heroes.screening.form import render_pdf


def _session(**kw):
    values = {"sector": "law_enforcement", "country": "UK", "lang": "en", "screener": "officer 4711"}
    values.update(kw)
    return ScreeningSession(**values)


def test_questions_skip_what_does_not_apply():
    s = _session(sector="labour_inspection")
    s.set_person("adult", "labour")
    ids = [q.id for q in s.questions()]
    assert "work.registered" in ids and "work.school" not in ids
    s.set_person("child", "labour")
    ids = [q.id for q in s.questions()]
    assert "work.school" in ids and "work.registered" not in ids


def test_next_question_answer_and_state_round_trip():
    s = _session()
    s.set_person("adult", "unknown")
    first = s.next_question()
    assert first is not None and first.id == "safety.injury"
    s.answer(first.id, "no")
    assert s.next_question().id == "safety.leave_now"
    view = s.question_view(s.next_question())
    assert view["options"] == ["yes", "no", "unknown"] and view["danger"] is True
    restored = ScreeningSession.from_state(json.loads(json.dumps(s.to_state())))
    assert restored.answers == {"safety.injury": "no"} and restored.progress() == s.progress()
    assert restored.next_question().id == "safety.leave_now"


def test_session_rejects_bad_values_naming_the_field():
    with pytest.raises(ScreeningInputError, match=r"^sector:"):
        _session(sector="shops")
    with pytest.raises(ScreeningInputError, match=r"^country:"):
        _session(country="FR")
    s = _session()
    with pytest.raises(ScreeningInputError, match=r"^age_group:"):
        s.result()
    s.set_person("adult")
    with pytest.raises(ScreeningInputError, match=r"^answers\.safety\.injury:"):
        s.answer("safety.injury", "perhaps")
    with pytest.raises(ScreeningInputError, match=r"^answers\.child\.missing:"):
        s.answer("child.missing", "yes")  # a child-only question for an adult


def test_record_is_pseudonymous_and_keeps_who_when_where():
    s = _session(subject_ref="CASE-2024-17")
    s.set_person("adult", "labour")
    s.answer("le.locked_in", "yes")
    rec = s.record()
    data = rec.to_dict()
    assert data["screener"] == "officer 4711" and data["sector"] == "law_enforcement" and data["country"] == "UK"
    assert data["created_at"].endswith("+00:00") and data["record_id"].startswith("scr-")
    assert not {"name", "date_of_birth", "address"} & set(data)
    assert rec.result["urgent"]["act_now"] is True
    with pytest.raises(ValueError, match=r"^name:"):
        ScreeningRecord.from_dict({**data, "name": "someone"})


def test_record_save_and_load(tmp_path):
    s = _session()
    s.set_person("unknown")
    rec = s.record()
    path = rec.save(tmp_path / "rec.json")
    assert ScreeningRecord.load(path) == rec


def test_form_puts_urgent_first_and_marks_unverified_numbers():
    s = _session(lang="es", country="ES")
    s.set_person("adult", "sexual")
    s.answer("ctrl.hurt", "yes")
    html = render_html(s.record())
    assert "Formulario de cribado y derivación" in html
    assert html.index("ACTÚE AHORA") < html.index("potential_victim")
    assert "SIN VERIFICAR" in html and "609 589 479" in html and "<script" not in html
    assert "provisional_unverified_strengths" in html


def test_form_escapes_what_the_responder_typed():
    s = _session(screener="<script>alert(1)</script>")
    s.set_person("adult")
    assert "<script>alert" not in render_html(s.record())


def test_form_as_pdf(tmp_path):
    s = _session()
    s.set_person("adult")
    path = write_form(s.record(), tmp_path / "form.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert render_pdf("<p>x</p>").startswith(b"%PDF")
