"""Investigator pages and their JSON twins: cases, overview, items, findings, entities and graph, timeline, GPS,
exports. Every case route goes through ``open_case`` (role and assignment), which writes the audit log's
``case_open`` once per login session and case (see heroes.web.deps); exports are logged each time."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from heroes import __version__
from heroes.analysers.known_material import HASH_MATCH
from heroes.export.html import gps_plot, write_report
from heroes.export.jsonl import dumps, ordered
from heroes.export.timeline import write_timeline_csv
from heroes.web import accounts, roles
from heroes.web.accounts import Account
from heroes.web.deps import After, CaseDep, CaseReader, OpenCase, Web, WebDep, csrf, render, require
from heroes.web.queries import Summary, items_page_async

router = APIRouter()
MEDIA_KINDS = (HASH_MATCH.name,)  # what the findings page lists, each with its picture
EXPORTS = {
    "jsonl": ("findings.jsonl", "application/x-ndjson"),
    "report": ("report.html", "text/html"),
    "timeline": ("timeline.csv", "text/csv"),
}


def _summary(request: Request, case: OpenCase, w: Web) -> Summary:
    return request.app.state.summaries.get(w.store, case.id)


def _visible_cases(w: Web, user: Account) -> list[dict[str, Any]]:
    allowed = accounts.assigned_cases(w.engine, user.id)
    return [c for c in w.store.cases() if c["id"] in allowed]


async def _overview(request: Request, case: OpenCase, w: Web) -> dict[str, Any]:
    """Cached figures straight from memory; a build (GROUP BY queries) or a look for new items runs in a thread."""
    cache = request.app.state.overviews
    figures = cache.cached(case.id)
    if figures is None:
        figures = await run_in_threadpool(cache.get, w.store, case.id)
    return {"case": {"id": case.id, "name": case.name}, **figures}


@router.get("/cases", include_in_schema=False)
def cases_page(*, request: Request, user: CaseReader, w: WebDep) -> Response:
    return render(request, "cases.html", cases=_visible_cases(w, user))


@router.get("/api/cases")
def cases_api(*, user: CaseReader, w: WebDep) -> list[dict[str, Any]]:
    return _visible_cases(w, user)


@router.get("/cases/{case_id}", include_in_schema=False)
async def overview_page(*, request: Request, case: CaseDep, w: WebDep) -> Response:
    return render(request, "overview.html", tab="overview", **await _overview(request, case, w))


@router.get("/api/cases/{case_id}")
async def overview_api(*, request: Request, case: CaseDep, w: WebDep) -> dict[str, Any]:
    return await _overview(request, case, w)


async def _item_filters(
    type: str = Query("", max_length=100), deleted: bool = False, mismatch: bool = False, known_good: bool = False
) -> dict[str, str]:
    """The item filters a page or API call asked for (query parameters), without the empty ones."""
    return {
        k: v
        for k, v in (
            ("type", type),
            ("deleted", "1" if deleted else ""),
            ("mismatch", "1" if mismatch else ""),
            ("known_good", "1" if known_good else ""),
        )
        if v
    }


ItemFilters = Annotated[dict[str, str], Depends(_item_filters)]


@router.get("/cases/{case_id}/items", include_in_schema=False)
async def items_view(*, request: Request, after: After = 0, filters: ItemFilters, case: CaseDep, w: WebDep) -> Response:
    rows, nxt = await items_page_async(w.store, case.id, filters, after)
    template = "items_rows.html" if request.headers.get("hx-request") and after else "items.html"
    return render(request, template, tab="items", case=case, rows=rows, next_after=nxt, filters=filters)


@router.get("/api/cases/{case_id}/items")
async def items_api(*, after: After = 0, filters: ItemFilters, case: CaseDep, w: WebDep) -> dict[str, Any]:
    rows, nxt = await items_page_async(w.store, case.id, filters, after)
    return {"items": rows, "next_after": nxt}


@router.get("/cases/{case_id}/findings", include_in_schema=False)
def findings_view(*, request: Request, after: After = 0, case: CaseDep, w: WebDep) -> Response:
    rows, nxt = w.store.findings_page(case.id, MEDIA_KINDS, after)
    return render(request, "findings.html", tab="findings", case=case, rows=rows, next_after=nxt)


@router.get("/api/cases/{case_id}/findings")
def findings_api(
    *, after: After = 0, kind: str = Query(HASH_MATCH.name, max_length=255), case: CaseDep, w: WebDep
) -> dict[str, Any]:
    rows, nxt = w.store.findings_page(case.id, (kind,), after)
    return {"findings": rows, "next_after": nxt}


@router.get("/cases/{case_id}/entities", include_in_schema=False)
def entities_view(*, request: Request, case: CaseDep, w: WebDep) -> Response:
    s = _summary(request, case, w).summary
    groups = [{"type": t, "occurrences": g.occurrences, "rows": g.top(200)} for t, g in sorted(s.entities.items())]
    return render(request, "entities.html", tab="entities", case=case, groups=groups)


@router.get("/api/cases/{case_id}/graph")
def graph_api(*, request: Request, case: CaseDep, w: WebDep) -> dict[str, Any]:
    return _summary(request, case, w).graph


@router.get("/cases/{case_id}/timeline", include_in_schema=False)
def timeline_view(*, request: Request, case: CaseDep, w: WebDep) -> Response:
    s = _summary(request, case, w).summary
    return render(request, "timeline.html", tab="timeline", case=case, events=s.timeline(), total=s.events)


@router.get("/cases/{case_id}/gps", include_in_schema=False)
def gps_view(*, request: Request, case: CaseDep, w: WebDep) -> Response:
    rows = _summary(request, case, w).summary.gps.rows
    return render(request, "gps.html", tab="gps", case=case, rows=rows, plot=gps_plot(rows))


@router.post("/cases/{case_id}/export/{fmt}", include_in_schema=False, dependencies=[Depends(csrf)])
def export(*, fmt: str, case: CaseDep, w: WebDep) -> Response:
    """Download a case as JSON lines, HTML report or timeline CSV (audited)."""
    if fmt not in EXPORTS:
        raise HTTPException(404, "no such export")
    require(case.user, roles.EXPORT, "export")
    name, media_type = EXPORTS[fmt]
    w.audit.append(case.user.name, "export", f"case:{case.id}", case=case.name, format=fmt)
    headers = {"Content-Disposition": f'attachment; filename="case-{case.id}-{name}"'}
    if fmt == "jsonl":
        lines: Iterator[str] = (dumps(ordered(r)) + "\n" for r in w.store.records(case.id))
        return StreamingResponse(lines, media_type=media_type, headers=headers)
    with tempfile.TemporaryDirectory(prefix="heroes-export-") as tmp:
        out = Path(tmp) / name
        if fmt == "report":
            meta = {
                "case": case.name,
                "version": __version__,
                "evidence": w.store.evidence_list(case.id),
                "examiner": case.user.name,
                "command": "heroes serve (dashboard export)",
            }
            write_report(w.store.records(case.id), meta, out)
        else:
            write_timeline_csv(w.store.records(case.id), out)
        return Response(out.read_bytes(), media_type=media_type, headers=headers)
