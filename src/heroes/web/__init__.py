"""The dashboard: one FastAPI application for investigators, responders and the public pages (issue 7).

`heroes.web.app.create_app(db_url)` builds it; `heroes serve` runs it on loopback. Users, case assignments and the
hash-chained audit log live in the case database next to the cases (tables in :mod:`heroes.web.models`). Nothing
is imported here, so the store's migrations and the CLI can use the models without loading FastAPI.
"""
