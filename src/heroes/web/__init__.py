"""The dashboard: one FastAPI application for investigators, responders and the public pages (issue 7).

`create_app(db_url)` builds it; `heroes serve` runs it on loopback. Users, case assignments and the hash-chained
audit log live in the case database next to the cases (tables in :mod:`heroes.web.models`).
"""

from __future__ import annotations

from heroes.web.app import create_app

__all__ = ["create_app"]
