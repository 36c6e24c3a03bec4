"""Where the dashboard's bundled files live (templates and vendored scripts are package data), and how a service
worker script among them is served."""

from pathlib import Path

from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def worker_headers(scope: str) -> dict[str, str]:
    """A service worker may control `scope` (wider than its own folder) and is never served stale."""
    return {"Service-Worker-Allowed": scope, "Cache-Control": "no-cache"}


def service_worker(script: str, scope: str) -> FileResponse:
    """The worker `script` from static/, allowed to control `scope`."""
    return FileResponse(STATIC / script, media_type="text/javascript", headers=worker_headers(scope))
