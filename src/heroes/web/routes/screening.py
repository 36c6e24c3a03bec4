"""The responders' screening questionnaire: one question a page (phone-sized), the assessment, and the printable
referral form. The questionnaire state travels in a signed hidden field and nothing is stored on the server:
the responder prints or saves the referral form, as the screening package intends."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from heroes.screening import ScreeningInputError, ScreeningSession, knowledge_base, render_html
from heroes.screening.inputs import AGE_GROUPS, PURPOSES
from heroes.web.deps import Screener, Web, WebDep, csrf, render

router = APIRouter()


def _choices() -> dict[str, Any]:
    kb = knowledge_base()
    return {
        "sectors": list(kb.flows),
        "languages": list(kb.languages),
        "age_groups": list(AGE_GROUPS),
        "purposes": list(PURPOSES),
        "countries": sorted({r.country for r in kb.referrals}),
    }


def _session(w: Web, state: str) -> ScreeningSession:
    data = w.sessions.load_state(state)
    if not isinstance(data, dict):
        raise HTTPException(400, "the questionnaire state is damaged or expired: start again")
    try:
        return ScreeningSession.from_state(data)
    except (ScreeningInputError, TypeError) as exc:
        raise HTTPException(400, f"cannot resume the questionnaire: {exc}") from None


def _step(request: Request, w: Web, s: ScreeningSession) -> Response:
    state = w.sessions.sign_state(s.to_state())
    q = s.next_question()
    done, total = s.progress()
    if q is not None:
        return render(request, "screening_question.html", q=s.question_view(q), state=state, done=done, total=total)
    return render(request, "screening_result.html", result=s.result(), state=state, s=s)


@router.get("/screening", include_in_schema=False)
def start_form(*, request: Request, user: Screener) -> Response:
    return render(request, "screening_start.html", error=None, **_choices())


@router.post("/screening/start", include_in_schema=False, dependencies=[Depends(csrf)])
def start(
    *,
    request: Request,
    sector: str = Form(...),
    age_group: str = Form(...),
    purpose: str = Form("unknown"),
    country: str = Form(""),
    lang: str = Form("en"),
    subject_ref: str = Form("", max_length=64),
    user: Screener,
    w: WebDep,
) -> Response:
    try:
        s = ScreeningSession(sector=sector, country=country, lang=lang, screener=user.name, subject_ref=subject_ref)
        s.set_person(age_group, purpose)
    except ScreeningInputError as exc:
        return render(request, "screening_start.html", status_code=400, error=str(exc), **_choices())
    return _step(request, w, s)


@router.post("/screening/answer", include_in_schema=False, dependencies=[Depends(csrf)])
def answer(
    *,
    request: Request,
    state: str = Form(..., max_length=20000),
    question: str = Form(..., max_length=200),
    value: str = Form(..., max_length=20),
    user: Screener,
    w: WebDep,
) -> Response:
    s = _session(w, state)
    try:
        s.answer(question, value)
    except ScreeningInputError as exc:
        raise HTTPException(400, str(exc)) from None
    return _step(request, w, s)


@router.post("/screening/form", include_in_schema=False, dependencies=[Depends(csrf)])
def referral_form(
    *, state: str = Form(..., max_length=20000), notes: str = Form("", max_length=2000), user: Screener, w: WebDep
) -> Response:
    s = _session(w, state)
    return HTMLResponse(render_html(s.record(notes)))
