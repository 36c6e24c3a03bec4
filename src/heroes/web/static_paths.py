"""Where the dashboard's bundled files live (templates and vendored scripts are package data), and how a service
worker script among them is served."""

from pathlib import Path

from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def service_worker(script: str, scope: str) -> FileResponse:
    """The worker `script` from static/, allowed to control `scope` (wider than its own folder), never stale."""
    return FileResponse(
        STATIC / script,
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": scope, "Cache-Control": "no-cache"},
    )
