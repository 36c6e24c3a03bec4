"""The async items query: inline on SQLite when the facts table is fresh, in the thread pool otherwise, same rows."""

from __future__ import annotations

import asyncio

from heroes.store import db
from heroes.web import facts
from heroes.web.queries import items_page, items_page_async

FILTERS = ({}, {"type": "image/"}, {"deleted": "1"}, {"type": "image/", "deleted": "1"}, {"type": "video/"})


def test_inline_and_threaded_pages_agree(site, monkeypatch):
    engine = db.make_engine(site["url"])
    try:
        a = site["case_a"]
        assert facts.facts_due(engine)  # never checked: the first call must go to a thread and fill
        threaded = [asyncio.run(items_page_async(engine, a, f)) for f in FILTERS]
        assert not facts.facts_due(engine)  # checked just now: the next calls run inline
        calls: list[bool] = []
        real = facts.Facts.ensure
        monkeypatch.setattr(facts.Facts, "ensure", lambda self: calls.append(True) or real(self))
        inline = [asyncio.run(items_page_async(engine, a, f)) for f in FILTERS]
        assert calls == []  # the inline path did no facts work
        assert inline == threaded == [items_page(engine, a, f) for f in FILTERS]
        assert [len(rows) for rows, _ in inline][:2] != [0, 0] and inline[-1] == ([], None)
    finally:
        engine.dispose()


def test_paging_with_bound_parameters(site):
    engine = db.make_engine(site["url"])
    try:
        a = site["case_a"]
        everything, _ = items_page(engine, a, {})
        first, nxt = items_page(engine, a, {}, limit=1)
        assert first == everything[:1] and nxt == everything[0]["id"]
        second, _ = items_page(engine, a, {}, after=nxt, limit=1)
        assert second == everything[1:2]
    finally:
        engine.dispose()


def test_overview_served_from_memory_only_when_fresh(site, monkeypatch):
    from heroes.store import CaseStore
    from heroes.web.overview import OverviewCache

    engine, cache = db.make_engine(site["url"]), OverviewCache()
    try:
        a = site["case_a"]
        assert cache.cached(engine, a) is None  # nothing built yet
        with CaseStore(site["url"]) as store:
            built = cache.get(store, engine, a)
        assert cache.cached(engine, a) == built and built["files"] > 0
        monkeypatch.setattr(facts, "CHECK_EVERY", -1.0)  # a facts check is due: memory alone may not answer
        assert cache.cached(engine, a) is None
    finally:
        engine.dispose()
