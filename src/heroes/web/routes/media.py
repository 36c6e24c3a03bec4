"""Images of findings: a blurred grey thumbnail for everyone who may open the case; the real picture only after a
reveal, which is one POST per image (CSRF-checked, audited) answered with a five-minute ticket for that image.
Reveal and view are only for findings whose item is an image: any other finding id is 404, so the log never
records a "reveal" of something that has no picture."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from heroes.web import media, roles
from heroes.web.deps import CaseDep, DbId, OpenCase, Web, WebDep, csrf, render, require

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store, private"}
MEDIA_TYPES = ("image/",)


def _finding(w: Web, case: OpenCase, finding_id: int) -> dict[str, object]:
    found = w.store.finding(case.id, finding_id)
    if found is None:  # another case's finding looks exactly like a missing one
        raise HTTPException(404, "no such finding")
    return found


def _media_finding(w: Web, case: OpenCase, finding_id: int) -> dict[str, object]:
    found = _finding(w, case, finding_id)
    mime = found["file"].get("mime") if isinstance(found["file"], dict) else None
    if not isinstance(mime, str) or not mime.startswith(MEDIA_TYPES):
        raise HTTPException(404, "this finding has no image")
    return found


def _jpeg(found: dict, reveal: bool) -> bytes:
    try:
        loc = media.locate(found["file"])
        return media.render(loc, reveal)
    except media.NotAvailable:
        return media.placeholder()


@router.get("/cases/{case_id}/media/{finding_id}/thumb", include_in_schema=False)
def thumb(*, finding_id: DbId, case: CaseDep, w: WebDep) -> Response:
    return Response(_jpeg(_finding(w, case, finding_id), reveal=False), media_type="image/jpeg", headers=NO_STORE)


@router.post("/cases/{case_id}/media/{finding_id}/reveal", include_in_schema=False, dependencies=[Depends(csrf)])
def reveal(*, request: Request, finding_id: DbId, case: CaseDep, w: WebDep) -> Response:
    """Reveal one blurred image to a user with the right role; the reveal is audited first."""
    require(case.user, roles.REVEAL, "reveal images")
    found = _media_finding(w, case, finding_id)
    seq = w.audit.append(
        case.user.name,
        "media_reveal",
        f"case:{case.id}/finding:{finding_id}",
        case=case.name,
        path=found["path"],
    )
    token = w.signer.media_token(case.user.id, finding_id)
    return render(request, "reveal.html", case=case, finding_id=finding_id, token=token, seq=seq)


@router.get("/cases/{case_id}/media/{finding_id}/view", include_in_schema=False)
def view(*, finding_id: DbId, t: str = Query(..., max_length=300), case: CaseDep, w: WebDep) -> Response:
    if not w.signer.media_ok(t, case.user.id, finding_id):
        raise HTTPException(403, "reveal the image first")
    return Response(_jpeg(_media_finding(w, case, finding_id), reveal=True), media_type="image/jpeg", headers=NO_STORE)
