"""Public pages, no login: the job-offer checker (page and JSON API) and the grooming-shield demo (a PWA).

Neither keeps anything: the ad (typed, or uploaded as a picture and read by OCR) is scored in memory and
forgotten. The shield page sends nothing at all: it scores the chat in the browser with a JavaScript port of
``GroomingMonitor`` (static/shield/), and a service worker keeps it working offline; ``/api/shield/score`` stays
for other programs.
When an optional part is not installed (the job model, the grooming package), its routes answer 503 and say so.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from heroes.web.deps import TEMPLATES as TEMPLATES_ENV
from heroes.web.deps import render
from heroes.web.static_paths import STATIC, TEMPLATES, worker_headers

router = APIRouter()
MAX_AD = 100_000
MAX_PICTURE = 10 << 20  # bytes: a flyer or a screenshot is far smaller
LANGS = ("auto", "en", "es", "bn")
MAX_MESSAGES, MAX_MESSAGE = 200, 2_000


class JobAd(BaseModel):
    text: str = Field(..., min_length=1, max_length=MAX_AD)
    lang: str = Field("auto", pattern="^(auto|en|es|bn)$")


class ChatMessage(BaseModel):
    author: str = Field(..., min_length=1, max_length=64)
    text: str = Field(..., max_length=MAX_MESSAGE)


class Chat(BaseModel):
    messages: list[ChatMessage] = Field(..., max_length=MAX_MESSAGES)


def _check_job(text: str | bytes, lang: str) -> dict[str, Any]:
    """A typed ad (str) or an uploaded picture (bytes) -> the checker's result; bad input is a 422, a missing part
    (model, OCR) a 503."""
    try:
        from heroes.jobs import BadInput, check, check_picture
        from heroes.jobs.ocr import OcrUnavailable, is_picture
    except ImportError:
        raise HTTPException(503, "the job-offer checker is not installed") from None
    try:
        if isinstance(text, bytes):
            if not is_picture(text):
                raise HTTPException(422, "the upload is not a PNG, JPEG or WebP picture")
            return check_picture(text, lang=lang)
        return check(text, lang=lang)
    except BadInput as exc:
        raise HTTPException(422, str(exc)) from None
    except (FileNotFoundError, OcrUnavailable, ModuleNotFoundError) as exc:  # a part is missing on this server
        raise HTTPException(503, f"the job-offer checker cannot do this here: {exc}") from None


def _upload(picture: StarletteUpload | None) -> bytes | None:
    """The uploaded picture's bytes, or None when the form sent no file."""
    if picture is None or not picture.filename:
        return None
    data = picture.file.read(MAX_PICTURE + 1)
    if len(data) > MAX_PICTURE:
        raise HTTPException(413, f"the picture is larger than {MAX_PICTURE >> 20} MB")
    return data or None


@router.get("/check-job", include_in_schema=False)
def check_job_page(request: Request) -> Response:
    return render(request, "check_job.html", result=None, text="", lang="auto", error=None)


@router.post("/check-job", include_in_schema=False)
def check_job_form(
    request: Request,
    text: str = Form("", max_length=MAX_AD),
    lang: str = Form("auto"),
    picture: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The public job-ad check: a pasted ad or a picture of one, scored for red flags."""
    # public and stateless: no session to protect, so no CSRF token (it would only stop cached pages working)
    if lang not in LANGS:
        lang = "auto"
    try:
        data = _upload(picture)
        if data is None and not text.strip():
            raise HTTPException(422, "paste the ad or choose a picture of it")
        result = _check_job(data if data is not None else text, lang)
    except HTTPException as exc:
        return render(
            request, "check_job.html", status_code=exc.status_code, result=None, text=text, lang=lang, error=exc.detail
        )
    return render(request, "check_job.html", result=result, text=text, lang=lang, error=None)


_PICTURE_FORM = {
    "type": "object",
    "required": ["picture"],
    "properties": {
        "picture": {"type": "string", "format": "binary", "description": "PNG, JPEG or WebP, at most 10 MB"},
        "lang": {"type": "string", "enum": ["auto", "en", "es", "bn"], "default": "auto"},
    },
}
_JOB_CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": JobAd.model_json_schema()},
            "multipart/form-data": {"schema": _PICTURE_FORM},
        },
    }
}


@router.post("/api/jobs/check", openapi_extra=_JOB_CHECK_BODY)
async def check_job_api(request: Request) -> dict[str, Any]:
    """One job ad -> risk (0..1), label, red flags with evidence, and advice for the job seeker.

    JSON ``{"text": ..., "lang": ...}``, or a picture of the ad as multipart form data (``picture``, ``lang``):
    the text read by OCR comes back as ``ocr``, then the same result."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        picture, lang = form.get("picture"), form.get("lang", "auto")
        if not isinstance(picture, StarletteUpload) or lang not in ("auto", "en", "es", "bn"):
            raise HTTPException(422, "send the ad as a file field 'picture' and optionally 'lang' (auto, en, es, bn)")
        data = _upload(picture)
        if data is None:
            raise HTTPException(422, "the picture is empty")
        return await run_in_threadpool(_check_job, data, str(lang))
    try:
        ad = JobAd.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    return await run_in_threadpool(_check_job, ad.text, ad.lang)


@router.post("/api/jobs/check/picture")
def check_job_picture_api(
    picture: Annotated[UploadFile, File(description="The ad as a PNG, JPEG or WebP picture (at most 10 MB).")],
    lang: str = Form("auto", pattern="^(auto|en|es|bn)$"),
) -> dict[str, Any]:
    """One job ad posted as a picture -> the text read by OCR (`ocr`), then the same result as /api/jobs/check."""
    data = _upload(picture)
    if data is None:
        raise HTTPException(422, "the picture is empty")
    return _check_job(data, lang)


SHIELD_SCRIPTS = ("/static/shield/detector.js", "/static/shield/chats.js", "/static/shield/page.js")
# everything the shield page loads: the service worker caches it so the page opens and warns offline
SHIELD_SHELL = (
    "/shield",
    "/static/app.css",
    "/static/shield/shield.css",
    *SHIELD_SCRIPTS,
    "/static/shield/bundle.json",
    "/shield/manifest.webmanifest",
    "/shield/icon-192.png",
    "/shield/icon-512.png",
)
SHIELD_MANIFEST = {
    "id": "/shield",
    "name": "HEROES grooming shield",
    "short_name": "Shield",
    "description": "Warns a child of grooming in a chat, on the phone itself: no message is sent anywhere.",
    "lang": "en",
    "start_url": "/shield",
    "scope": "/shield",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": "#1d4e89",
    "icons": [
        {"src": "/shield/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": "/shield/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    ],
    # Android: "share" a WhatsApp export (without media) or a Telegram JSON to the installed shield
    "share_target": {
        "action": "/shield/share",
        "method": "POST",
        "enctype": "multipart/form-data",
        "params": {"files": [{"name": "chat", "accept": ["text/plain", ".txt", "application/json", ".json"]}]},
    },
}


@lru_cache(maxsize=1)
def shield_version() -> str:
    """A digest of the shield's files: a new version makes browsers fetch the new worker and cache."""
    digest = hashlib.sha256(json.dumps(SHIELD_MANIFEST, sort_keys=True).encode())
    files = [*sorted((STATIC / "shield").iterdir()), STATIC / "app.css"]
    files += [TEMPLATES / "shield.html", TEMPLATES / "shield-sw.js"]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@router.get("/shield", include_in_schema=False)
def shield_page(request: Request) -> Response:
    """The shield: scores the chat in the browser (static/shield/), never sends it; no session, no form token."""
    return TEMPLATES_ENV.TemplateResponse(request, "shield.html", {"scripts": SHIELD_SCRIPTS})


@router.post("/api/shield/score")
def shield_score(chat: Chat) -> dict[str, Any]:
    """For other programs: the conversation so far -> the risk now and, once it crosses the threshold, the warning
    with its signs. The shield page does not call this: it scores on the device and sends nothing."""
    try:
        from heroes.grooming import GroomingMonitor, Message
    except ImportError:
        raise HTTPException(503, "the grooming shield is not installed") from None
    monitor = GroomingMonitor(keep_text=False)
    alert = None
    for m in chat.messages:
        alert = monitor.feed(Message(m.author, m.text)) or alert
    out: dict[str, Any] = {"risk": round(monitor.risk, 3), "alert": None}
    if alert is not None:
        out["alert"] = {
            "suspect": alert.suspect,
            "risk": round(alert.risk, 3),
            "stages": list(alert.stages),
            "at": alert.index,
        }
    return out


@router.post("/shield/share", include_in_schema=False)
def shield_share() -> Response:
    """Reached only when the installed shield's worker is missing (it answers shares itself, on the phone): the
    shared file is not read, and the page says how to install the shield."""
    return RedirectResponse("/shield?shared=unavailable", status_code=303)


@router.get("/shield/manifest.webmanifest", include_in_schema=False)
def manifest() -> Response:
    return JSONResponse(SHIELD_MANIFEST, media_type="application/manifest+json")


@router.get("/shield/sw.js", include_in_schema=False)
def shield_service_worker() -> Response:
    body = TEMPLATES_ENV.get_template("shield-sw.js").render(version=shield_version(), shell=list(SHIELD_SHELL))
    return Response(body, media_type="text/javascript", headers=worker_headers("/shield"))


@lru_cache(maxsize=2)
def _icon(size: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (size, size), "#1d4e89")
    draw = ImageDraw.Draw(img)
    m = size // 5
    draw.polygon(
        [(size // 2, m), (size - m, 2 * m), (size - m, 3 * m), (size // 2, size - m // 2), (m, 3 * m), (m, 2 * m)],
        fill="#ffffff",
    )
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@router.get("/shield/icon-{size}.png", include_in_schema=False)
def icon(size: int) -> Response:
    if size not in (192, 512):
        raise HTTPException(404, "no such icon")
    return Response(_icon(size), media_type="image/png")
