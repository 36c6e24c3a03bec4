"""A questionnaire in progress: the state the terminal prompts and the dashboard's web form both drive.

The state is plain JSON (`to_state` / `from_state`), so an interrupted screening resumes where it stopped,
from a file (CLI) or a form field or database row (dashboard). Questions that do not apply (child questions for
an adult, adult questions for a child) are skipped; danger questions come first in every flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heroes.screening.engine import assess
from heroes.screening.inputs import AGE_GROUPS, ANSWERS, PURPOSES, ScreeningInputError, parse_flow_answers
from heroes.screening.kb import KnowledgeBase, Question, load
from heroes.screening.record import ScreeningRecord, now_utc


def check_choice(field_name: str, value: str | None, allowed: tuple[str, ...] | list[str]) -> None:
    if value is not None and value not in allowed:
        raise ScreeningInputError(field_name, f"{value!r} is not one of {', '.join(allowed)}")


@dataclass
class ScreeningSession:
    """One screening in progress: the person's group and purpose, and the answers so far."""

    sector: str
    country: str = ""
    lang: str = "en"
    screener: str = ""
    age_group: str | None = None
    purpose: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    subject_ref: str = ""
    started_at: str = field(default_factory=now_utc)

    def __post_init__(self) -> None:
        kb = self.kb
        check_choice("sector", self.sector, list(kb.flows))
        check_choice("lang", self.lang, kb.languages)
        check_choice("age_group", self.age_group, AGE_GROUPS)
        check_choice("purpose", self.purpose, PURPOSES)
        if self.country:
            self.country = normalise_country(self.country, kb)

    @property
    def kb(self) -> KnowledgeBase:
        return load()

    def questions(self) -> list[Question]:
        """The flow's questions that apply to this person (all of them until the age group is known)."""
        flow = self.kb.flows[self.sector]
        if self.age_group is None:
            return list(flow.questions)
        return [q for q in flow.questions if q.applies_to(self.age_group)]

    def next_question(self) -> Question | None:
        return next((q for q in self.questions() if q.id not in self.answers), None)

    def question_view(self, q: Question) -> dict[str, Any]:
        """What a form shows for one question, in the session's language."""
        return {
            "id": q.id,
            "text": self.kb.text(q.text, self.lang),
            "options": list(ANSWERS),
            "danger": bool(q.danger),
            "answered": self.answers.get(q.id),
        }

    def progress(self) -> tuple[int, int]:
        qs = self.questions()
        return sum(q.id in self.answers for q in qs), len(qs)

    def set_person(self, age_group: str, purpose: str = "unknown") -> None:
        check_choice("age_group", age_group, AGE_GROUPS)
        check_choice("purpose", purpose, PURPOSES)
        self.age_group, self.purpose = age_group, purpose
        applicable = {q.id for q in self.questions()}
        self.answers = {k: v for k, v in self.answers.items() if k in applicable}

    def answer(self, question_id: str, value: str) -> None:
        if question_id not in {q.id for q in self.questions()}:
            raise ScreeningInputError(
                f"answers.{question_id}", f"not a question of the {self.sector} flow for this person"
            )
        check_choice(f"answers.{question_id}", value, ANSWERS)
        self.answers[question_id] = value

    def payload(self) -> dict[str, Any]:
        if self.age_group is None:
            raise ScreeningInputError("age_group", "missing; give one of adult, child, unknown")
        return {
            "sector": self.sector,
            "age_group": self.age_group,
            "purpose": self.purpose or "unknown",
            "answers": dict(self.answers),
        }

    def result(self) -> dict[str, Any]:
        inp = parse_flow_answers(self.payload(), self.kb, self.sector)
        return assess(self.kb, inp, self.country or None, self.lang, self.questions(), dict(self.answers))

    def record(self, notes: str = "") -> ScreeningRecord:
        """The finished screening as a record, with `notes`."""
        payload = self.payload()
        return ScreeningRecord(
            screener=self.screener,
            sector=self.sector,
            country=self.country,
            lang=self.lang,
            mode="flow",
            age_group=payload["age_group"],
            purpose=payload["purpose"],
            answers=payload["answers"],
            result=self.result(),
            subject_ref=self.subject_ref,
            notes=notes,
        )

    def to_state(self) -> dict[str, Any]:
        return {"version": 1, **{k: getattr(self, k) for k in self.__dataclass_fields__}}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ScreeningSession:
        values = {k: v for k, v in state.items() if k in cls.__dataclass_fields__}
        session = cls(**values)
        for qid, value in dict(session.answers).items():  # re-check: the flow may have changed since
            session.answer(qid, value)
        return session


COUNTRY_ALIASES = {"GB": "UK", "SPAIN": "ES", "COLOMBIA": "CO", "BANGLADESH": "BD", "UNITED KINGDOM": "UK"}


def normalise_country(country: str, kb: KnowledgeBase) -> str:
    code = COUNTRY_ALIASES.get(country.strip().upper(), country.strip().upper())
    known = sorted({r.country for r in kb.referrals})
    if code not in known:
        raise ScreeningInputError("country", f"{country!r} is not one of {', '.join(known)}")
    return code
