"""The async items query: inline on SQLite, the same rows either way; the overview is answered from memory only
while no look for new items is due."""

from __future__ import annotations

import asyncio

from heroes.store import CaseStore
from heroes.web import overview
from heroes.web.queries import items_page_async

FILTERS = ({}, {"type": "image/"}, {"deleted": "1"}, {"type": "image/", "deleted": "1"}, {"type": "video/"})


def test_async_pages_agree_with_the_store(site):
    with CaseStore(site["url"]) as store:
        a = site["case_a"]
        pages = [asyncio.run(items_page_async(store, a, f)) for f in FILTERS]
        assert pages == [store.items_page(a, f) for f in FILTERS]
        assert [len(rows) for rows, _ in pages][:2] != [0, 0] and pages[-1] == ([], None)


def test_paging_with_bound_parameters(site):
    with CaseStore(site["url"]) as store:
        a = site["case_a"]
        everything, _ = store.items_page(a, {})
        first, nxt = store.items_page(a, {}, limit=1)
        assert first == everything[:1] and nxt == everything[0]["id"]
        second, _ = store.items_page(a, {}, after=nxt, limit=1)
        assert second == everything[1:2]


def test_overview_served_from_memory_only_when_fresh(site, kit, monkeypatch):
    cache = overview.OverviewCache()
    a = site["case_a"]
    assert cache.cached(a) is None  # nothing built yet
    with CaseStore(site["url"]) as store:
        built = cache.get(store, a)
        assert cache.cached(a) == built and built["files"] > 0
        monkeypatch.setattr(overview, "CHECK_EVERY", -1.0)  # a look for new items is due: memory may not answer
        assert cache.cached(a) is None
        ev = store.evidence(a, "/more", "directory", {})
        store.save_items(ev, [(kit.key("new.txt"), "new.txt", [kit.file_finding("new.txt")])])
        assert cache.get(store, a)["files"] == built["files"] + 1  # new items: rebuilt before the TTL ran out
