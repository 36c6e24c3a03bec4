"""The responders' screening questionnaire: one question a page (phone-sized), the assessment, and the printable
referral form. The questionnaire state travels in a signed hidden field and nothing is stored on the server:
the responder prints or saves the referral form, as the screening package intends. The signed state is bound to
the screener's login session: another session's state is refused."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from heroes.referrals import text
from heroes.screening import ScreeningInputError, ScreeningSession, knowledge_base, render_html
from heroes.screening.inputs import AGE_GROUPS, PURPOSES
from heroes.web import audit
from heroes.web.deps import Screener, Web, WebDep, csrf, render, session

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


def _bound_to(request: Request) -> str:
    return audit.fingerprint(session(request)["sid"])


def questionnaire(request: Request, w: Web, state: str) -> ScreeningSession:
    """The questionnaire whose signed state the page sent back (400 when damaged, expired or another session's)."""
    data = w.signer.load_state(state, _bound_to(request))
    if not isinstance(data, dict):
        raise HTTPException(400, "the questionnaire state is damaged, expired or from another session: start again")
    try:
        return ScreeningSession.from_state(data)
    except (ScreeningInputError, TypeError) as exc:
        raise HTTPException(400, f"cannot resume the questionnaire: {exc}") from None


def _step(request: Request, w: Web, s: ScreeningSession) -> Response:
    state = w.signer.sign_state(s.to_state(), _bound_to(request))
    q = s.next_question()
    done, total = s.progress()
    if q is not None:
        return render(request, "screening_question.html", q=s.question_view(q), state=state, done=done, total=total)
    refer_label = text.say("refer", s.lang)
    return render(request, "screening_result.html", result=s.result(), state=state, s=s, refer_label=refer_label)


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
    """Start a screening for a sector and a person's group; the state travels signed in the form."""
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
    """Record one answer and show the next question or the result."""
    s = questionnaire(request, w, state)
    try:
        s.answer(question, value)
    except ScreeningInputError as exc:
        raise HTTPException(400, str(exc)) from None
    return _step(request, w, s)


@router.post("/screening/form", include_in_schema=False, dependencies=[Depends(csrf)])
def referral_form(
    *,
    request: Request,
    state: str = Form(..., max_length=20000),
    notes: str = Form("", max_length=2000),
    user: Screener,
    w: WebDep,
) -> Response:
    s = questionnaire(request, w, state)
    return HTMLResponse(render_html(s.record(notes)))
