"""Referrals in the dashboard: the sending step after a screening, the inbox at /referrals, one referral's page,
the statistics page, and the same as JSON under /api/referrals.

Who sees what: every user belongs to one organisation (heroes.referrals.orgs). Responders and investigators send
referrals and follow what their organisation sent; a referral officer also handles what it received (the inbox)
and may send or forward. A referral the user's organisation neither sent nor received, or one it received when
the user does not handle the inbox, is 404, like one that does not exist. The sender sees the status, the history
and the chain, never the receiver's notes nor (once sent) the sealed contact; the receiving officer sees what was
shared. Every change goes to the audit trail (heroes.referrals.handover), and the receiver opening a referral's
personal fields is logged once per login session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from heroes.referrals import handover, orgs, states, stats, text, views
from heroes.referrals.consent import CONSENTS, CONTACT_FIELDS
from heroes.referrals.errors import NotReceiver, NotVisible, ReferralError
from heroes.referrals.sealing import Sealer, SealError, for_database
from heroes.referrals.trail import Trail
from heroes.screening import knowledge_base
from heroes.web import audit, roles
from heroes.web.accounts import Account
from heroes.web.charts import grouped_bars
from heroes.web.deps import CurrentUser, Web, WebDep, csrf, permitted, render, session
from heroes.web.routes.screening import questionnaire

router = APIRouter()

LANG_COOKIE = "heroes_lang"
Box = Annotated[str | None, Query(pattern="^(sent|received)$")]
StatusFilter = Annotated[str | None, Query(pattern="^(" + "|".join(states.STATUSES) + ")$")]
Ref = Annotated[str, PathParam(max_length=16)]


@dataclass(frozen=True)
class Member:
    """A logged-in user with their organisation and the page's language."""

    user: Account
    org: orgs.Org
    lang: str

    @property
    def officer(self) -> bool:
        return self.user.can(roles.INBOX)

    @property
    def boxes(self) -> tuple[str, ...]:
        return views.DIRECTIONS if self.officer else ("sent",)


def page_lang(request: Request, offered: tuple[str, ...] = text.LANGS) -> str:
    return text.choose(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language", ""),
        offered,
    )


async def _member(request: Request, w: Web, user: Account) -> Member:
    lang = page_lang(request)
    if not user.can(roles.REFER):
        raise HTTPException(403, f"the {user.role} role may not use referrals")
    org = await run_in_threadpool(orgs.of_user, w.engine, user.id)
    if org is None:
        raise HTTPException(403, text.say("no_org", lang))
    return Member(user, org, lang)


async def member_dep(request: Request, w: WebDep, user: CurrentUser) -> Member:
    return await _member(request, w, user)


MemberDep = Annotated[Member, Depends(member_dep)]
Coordinator = Annotated[Account, Depends(permitted(roles.REFERRAL_STATS))]
Csrf = Annotated[None, Depends(csrf)]  # after the login check: an API call without a login is 401, not 403


def _sealer(request: Request, w: Web) -> Sealer:
    """The referral key, read once per server (made on first use while nothing is sealed)."""
    state = request.app.state
    if getattr(state, "referral_sealer", None) is None:
        key: Path | None = getattr(state, "referral_key", None)
        try:
            state.referral_sealer = for_database(w.engine, key)
        except SealError as exc:
            raise HTTPException(503, f"referrals are unavailable: {exc}") from None
    return state.referral_sealer


def _trail(w: Web) -> Trail:
    return w.audit


def _show(w: Web, request: Request, m: Member, ref: str) -> dict[str, Any]:
    """One referral as this member may see it (404 otherwise); the receiver's opening is logged once a session."""
    try:
        summary = views.show(w.engine, None, ref, m.org, sides=m.boxes)
    except NotVisible:
        raise HTTPException(404, "no such referral") from None
    if summary["direction"] != "received":
        return summary
    got = views.show(w.engine, _sealer(request, w), ref, m.org)
    sid = str(session(request).get("sid") or session(request)["csrf"])
    key = (f"{sid}:{ref}", 0)
    if key not in w.opened:
        _trail(w).append(
            m.user.name, "referral_open", f"referral:{ref}", org=m.org.name, session=audit.fingerprint(sid)
        )
        w.opened.add(key)
    return got


def _remember_lang(request: Request, response: Response, lang: str) -> Response:
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict", httponly=True, path="/")
    return response


def _page(request: Request, m: Member | None, name: str, lang: str, status_code: int = 200, **context: Any) -> Response:
    def t(key: str) -> str:
        return text.say(key, lang)

    response = render(request, name, status_code=status_code, t=t, lang=lang, member=m, **context)
    return _remember_lang(request, response, lang)


def _titles(w: Web, names: set[str], lang: str) -> dict[str, str]:
    found = {o.name: o.title(lang) for o in orgs.all_orgs(w.engine) if o.name in names}
    return {n: found.get(n, n) for n in names}


# ---- the inbox and one referral ------------------------------------------------------------------------------


@router.get("/referrals", include_in_schema=False)
def inbox(*, request: Request, box: Box = None, status: StatusFilter = None, m: MemberDep, w: WebDep) -> Response:
    """The organisation's referrals, received or sent, filtered by status."""
    if box not in m.boxes:
        box = "received" if m.officer else "sent"
    items = views.listing(w.engine, m.org, direction=box, status=status)
    names = {i["from_org"] for i in items} | {i["to_org"] for i in items}
    lang = m.lang if box == "sent" else page_lang(request, text.COORDINATION_LANGS)
    return _page(
        request,
        m,
        "referrals.html",
        lang,
        items=items,
        box=box,
        status=status,
        statuses=states.STATUSES,
        titles=_titles(w, names, lang),
    )


def _stats_scope(w: Web, user: Account, lang: str) -> orgs.Org | None:
    """A referral officer's organisation; None (every referral) for a coordinator outside the inbox (admin)."""
    if not user.can(roles.INBOX):
        return None
    scope = orgs.of_user(w.engine, user.id)
    if scope is None:
        raise HTTPException(403, text.say("no_org", lang))
    return scope


@router.get("/referrals/stats", include_in_schema=False)
def stats_page(*, request: Request, user: Coordinator, w: WebDep) -> Response:
    lang = page_lang(request, text.COORDINATION_LANGS)
    scope = _stats_scope(w, user, lang)
    result = stats.compute(w.engine, scope)
    chart = grouped_bars(result["months"], "month", ("referrals", "accepted", "closed"))
    return _page(request, None, "referral_stats.html", lang, result=result, chart=chart, scope=scope)


@router.get("/referrals/stats.csv", include_in_schema=False)
def stats_csv(*, request: Request, user: Coordinator, w: WebDep) -> Response:
    scope = _stats_scope(w, user, page_lang(request, text.COORDINATION_LANGS))
    return Response(
        stats.to_csv(w.engine, scope),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="referral-statistics.csv"'},
    )


@router.get("/referrals/{ref}", include_in_schema=False)
def referral_page(*, request: Request, ref: str, sent: bool = False, m: MemberDep, w: WebDep) -> Response:
    return _referral_view(request, w, m, ref[:16], just_sent=sent)


def _referral_view(
    request: Request, w: Web, m: Member, ref: str, just_sent: bool = False, error: str | None = None
) -> Response:
    got = _show(w, request, m, ref)
    received = got["direction"] == "received"
    lang = page_lang(request, text.COORDINATION_LANGS) if received else m.lang
    names = {link["from_org"] for link in got["chain"]} | {link["to_org"] for link in got["chain"]}
    return _page(
        request,
        m,
        "referral.html",
        lang,
        status_code=422 if error else 200,
        r=got,
        just_sent=just_sent,
        titles=_titles(w, names, lang),
        moves=states.NEXT[got["status"]] if received and m.officer else (),
        outcomes=states.OUTCOMES,
        reasons=states.DECLINE_REASONS,
        forward=[o for o in orgs.all_orgs(w.engine) if o.id != m.org.id],
        kb=knowledge_base(),
        error=error,
    )


@router.post("/referrals/{ref}/status", include_in_schema=False, dependencies=[Depends(csrf)])
def move_form(
    *,
    ref: str,
    status: str = Form(..., max_length=20),
    code: str = Form("", max_length=40),
    note: str = Form("", max_length=2000),
    forward_to: str = Form("", max_length=128),
    request: Request,
    m: MemberDep,
    w: WebDep,
) -> Response:
    """Move a referral to a new status (accept, decline, forward, close)."""
    try:
        _move(request, w, m, ref[:16], status, code or None, note, forward_to or None)
    except ReferralError as exc:
        return _referral_view(request, w, m, ref[:16], error=str(exc))
    return RedirectResponse(f"/referrals/{ref[:16]}", status_code=303)


def _move(
    request: Request, w: Web, m: Member, ref: str, status: str, code: str | None, note: str, forward_to: str | None
) -> dict[str, Any]:
    """The move, or 404 (not theirs), 403 (not the receiving officer) or ReferralError (a move not allowed)."""
    if not m.officer:
        _show(w, request, m, ref)  # 404 when it is not theirs at all
        raise HTTPException(403, "only a referral officer of the receiving organisation moves a referral on")
    try:
        return handover.move(
            w.engine,
            _sealer(request, w),
            _trail(w),
            ref,
            org=m.org,
            actor=m.user.name,
            status=status,
            code=code,
            note=note,
            forward_to=forward_to,
        )
    except NotVisible:
        raise HTTPException(404, "no such referral") from None
    except NotReceiver as exc:
        raise HTTPException(403, str(exc)) from None


# ---- the sending step after a screening ----------------------------------------------------------------------


def _screened(request: Request, w: Web, state: str) -> tuple[Any, handover.Screened]:
    s = questionnaire(request, w, state)
    return s, handover.Screened("flow", s.sector, dict(s.answers), s.result())


def _flow_lang(request: Request, s: Any) -> str:
    """The language chosen on these pages, else the questionnaire's."""
    return text.choose(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), s.lang)


def _suggested(w: Web, m: Member, s: Any, screened: handover.Screened) -> list[orgs.Org]:
    return orgs.suggest(
        w.engine,
        s.country or m.org.country,
        age_group=screened.age_group,
        urgent=screened.urgent,
        sector=s.sector,
        exclude=m.org.id,
    )


@router.post("/referrals/prepare", include_in_schema=False, dependencies=[Depends(csrf)])
def prepare(*, request: Request, state: str = Form(..., max_length=20000), m: MemberDep, w: WebDep) -> Response:
    s, _ = _screened(request, w, state)
    lang = _flow_lang(request, s)
    return _page(request, m, "referral_consent.html", lang, state=state, consents=CONSENTS, error=None, chosen=None)


def _details(request: Request, w: Web, m: Member, state: str, values: dict[str, str], error: str | None) -> Response:
    s, screened = _screened(request, w, state)
    return _page(
        request,
        m,
        "referral_send.html",
        _flow_lang(request, s),
        status_code=400 if error else 200,
        state=state,
        values=values,
        error=error,
        anonymous=values.get("consent") == "refused",
        suggested=_suggested(w, m, s, screened),
        contact_fields=CONTACT_FIELDS,
        urgent=screened.urgent,
    )


@router.post("/referrals/details", include_in_schema=False, dependencies=[Depends(csrf)])
def details(
    *,
    request: Request,
    state: str = Form(..., max_length=20000),
    consent: str = Form("", max_length=16),
    legal_basis: str = Form("", max_length=255),
    m: MemberDep,
    w: WebDep,
) -> Response:
    """The referral form's consent step: with a valid consent or legal basis, on to the contact details."""
    from heroes.referrals.consent import decide

    s, screened = _screened(request, w, state)
    try:
        decide(consent, legal_basis, {}, age_group=screened.age_group, urgent=screened.urgent)
    except ReferralError as exc:
        return _page(
            request,
            m,
            "referral_consent.html",
            _flow_lang(request, s),
            status_code=400,
            state=state,
            consents=CONSENTS,
            error=str(exc),
            chosen=consent,
        )
    return _details(request, w, m, state, {"consent": consent, "legal_basis": legal_basis}, None)


@router.post("/referrals/send", include_in_schema=False, dependencies=[Depends(csrf)])
async def send_form(*, request: Request, m: MemberDep, w: WebDep) -> Response:
    """Send a referral from a finished screening, with the person's contact sealed."""
    form = await request.form()
    values = {k: str(v)[:2000] for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    state = values.pop("state", "")
    contact = {f: values.get(f"contact_{f}", "") for f in CONTACT_FIELDS}
    refused = values.get("consent") == "refused"
    s, screened = await run_in_threadpool(_screened, request, w, state)
    try:
        ref = await run_in_threadpool(
            lambda: handover.send(
                w.engine,
                _sealer(request, w),
                _trail(w),
                actor=m.user.name,
                sender=m.org,
                to_org=values.get("to_org", ""),
                screened=screened,
                consent=values.get("consent"),
                legal_basis=values.get("legal_basis", ""),
                contact=None if refused else contact,
                notes="" if refused else values.get("notes", ""),
                subject_ref="" if refused else s.subject_ref,
            )
        )
    except ReferralError as exc:
        return await run_in_threadpool(_details, request, w, m, state, values, str(exc))
    return RedirectResponse(f"/referrals/{ref}?sent=1", status_code=303)


# ---- JSON ------------------------------------------------------------------------------------------------------


class ReferralIn(BaseModel):
    """A referral from a program: the screening is the `heroes screen --indicators` input."""

    model_config = ConfigDict(extra="forbid")
    to_org: str = Field(..., min_length=1, max_length=128)
    screening: dict[str, Any]
    consent: str = Field(..., max_length=16)
    legal_basis: str = Field("", max_length=255)
    contact: dict[str, Any] | None = Field(None, max_length=len(CONTACT_FIELDS))
    notes: str = Field("", max_length=2000)


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(..., max_length=20)
    outcome: str | None = Field(None, max_length=40)
    reason: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=2000)
    forward_to: str | None = Field(None, max_length=128)


@router.post("/api/referrals", status_code=201)
def api_send(*, body: ReferralIn, request: Request, m: MemberDep, w: WebDep, _csrf: Csrf) -> dict[str, str]:
    """Send a referral; answers its pseudonymous reference as `id`. 422 names the field at fault."""
    try:
        screened = handover.from_indicators(body.screening, m.org.country)
        ref = handover.send(
            w.engine,
            _sealer(request, w),
            _trail(w),
            actor=m.user.name,
            sender=m.org,
            to_org=body.to_org,
            screened=screened,
            consent=body.consent,
            legal_basis=body.legal_basis,
            contact=body.contact,
            notes=body.notes,
        )
    except ReferralError as exc:
        raise HTTPException(422, str(exc)) from None
    return {"id": ref}


@router.get("/api/referrals")
def api_list(*, box: Box = None, status: StatusFilter = None, m: MemberDep, w: WebDep) -> list[dict[str, Any]]:
    """What the caller's organisation sent or received (a referral officer) or sent (other roles); no personal
    fields. Open first, urgent first among them, then overdue."""
    if box is not None and box not in m.boxes:
        return []
    return views.listing(w.engine, m.org, direction=box or (None if m.officer else "sent"), status=status)


@router.get("/api/referrals/{ref}")
def api_show(*, ref: Ref, request: Request, m: MemberDep, w: WebDep) -> dict[str, Any]:
    """One referral: status, history and chain; the receiving officer also gets the sealed fields and its notes."""
    return _show(w, request, m, ref)


@router.post("/api/referrals/{ref}/status")
def api_move(*, ref: Ref, body: StatusIn, request: Request, m: MemberDep, w: WebDep, _csrf: Csrf) -> dict[str, Any]:
    """Move a received referral on: `{"status": "accepted"}`, `{"status": "closed", "outcome": ...}`,
    `{"status": "declined", "reason": ..., "forward_to": ORG}`; a note is seen only by your organisation."""
    code = body.outcome if body.status == states.CLOSED else body.reason if body.status == states.DECLINED else None
    try:
        return _move(request, w, m, ref, body.status, code, body.note, body.forward_to)
    except ReferralError as exc:
        raise HTTPException(422, str(exc)) from None
