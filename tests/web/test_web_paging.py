"""Keyset paging over 100,000 items (made directly in the store), with filters, through the query and the API."""

from __future__ import annotations

from heroes.store import CaseStore, db
from heroes.web import accounts

N = 100_000


def _big_case(url, kit):
    with CaseStore(url) as store:
        case = store.case("big")
        ev = store.evidence(case, "/nonexistent/big", "directory", {})
        for start in range(0, N, 10_000):
            batch = []
            for i in range(start, start + 10_000):
                path = f"d{i // 1000}/f{i}.{'jpg' if i % 10 == 0 else 'txt'}"
                batch.append(
                    (
                        kit.key(path),
                        path,
                        [kit.file_finding(path, "image/jpeg" if i % 10 == 0 else "text/plain", deleted=i % 100 == 0)],
                    )
                )
            store.save_items(ev, batch)
    return case


def test_paging_reaches_every_item_once(site, kit, client_for):
    case = _big_case(site["url"], kit)
    engine = db.make_engine(site["url"])
    seen, after, pages = [], 0, 0
    with CaseStore(site["url"]) as store:
        while after is not None:
            rows, after = store.items_page(case, {}, after, limit=5000)
            seen.extend(r["path"] for r in rows)
            pages += 1
        assert len(seen) == N and len(set(seen)) == N and pages == 20
        images, after = [], 0
        while after is not None:
            rows, after = store.items_page(case, {"type": "image/", "deleted": "1"}, after, limit=500)
            images.extend(rows)
    assert len(images) == N // 100 and all(r["deleted"] and r["mime"] == "image/jpeg" for r in images)
    accounts.assign(engine, "inv1", "big")
    engine.dispose()
    c = client_for("inv1")
    first = c.get(f"/api/cases/{case}/items").json()
    assert len(first["items"]) == 50 and first["next_after"] == first["items"][-1]["id"]
    deep = c.get(f"/api/cases/{case}/items", params={"after": first["next_after"] + 99_000}).json()
    assert len(deep["items"]) == 50, deep
    page = c.get(f"/cases/{case}/items", params={"type": "image/", "deleted": "true"})
    assert page.status_code == 200 and page.text.count("image/jpeg") == 50 and "More items" in page.text
    more = c.get(f"/cases/{case}/items", params={"after": first["next_after"]}, headers={"HX-Request": "true"})
    assert "<html" not in more.text and more.text.count("<tr>") == 50  # an HTMX fragment: rows only
