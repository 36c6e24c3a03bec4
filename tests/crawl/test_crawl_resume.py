"""Clear-web crawls without a proxy: robots.txt, per-domain caps, onions refused without Tor, and a stopped crawl
that resumes without fetching a stored page twice."""

from __future__ import annotations

from collections import Counter


def _pages(res):
    return {r["url"] for r in res["records"] if r["kind"] == "page"}


def test_robots_caps_and_no_onion_without_tor(crawl, web, names, tmp_path):
    web.hits.clear()
    seeds = [f"http://127.0.0.1:{web.port}/", f"http://{names.A}/"]
    res = crawl(seeds, "--per-domain", "2", "--depth", "5")
    assert len(_pages(res)) == 2  # the cap: "/", "/public" (the private page is forbidden anyway)
    skipped = [r for r in res["records"] if r["kind"] == "skipped"]
    assert [r["url"].rsplit("/", 2)[-2:] for r in skipped] == [["private", "x"]]
    assert ("127.0.0.1", "/private/x") not in web.hits and ("127.0.0.1", "/robots.txt") in web.hits
    errors = [r for r in res["records"] if r["kind"] == "error"]
    assert [r["url"] for r in errors] == [f"http://{names.A}/"] and "without a Tor proxy" in errors[0]["reason"]
    assert not [h for h in res["resolved"] if str(h).endswith(".onion")]
    assert not [h for h, _ in web.hits if h.endswith(".onion")]


def test_stopped_crawl_resumes_without_refetching(crawl, web):
    web.hits.clear()
    seeds = [f"http://127.0.0.1:{web.port}/"]
    first = crawl(seeds, "--max-pages", "1", "--no-robots")
    assert _pages(first) == {f"http://127.0.0.1:{web.port}/"}
    second = crawl(seeds, "--no-robots")
    base = f"http://127.0.0.1:{web.port}"
    assert _pages(second) == {f"{base}/", f"{base}/public", f"{base}/private/x"}
    fetched = Counter(p for h, p in web.hits if h == "127.0.0.1")
    assert fetched == {"/": 1, "/public": 1, "/private/x": 1}  # nothing fetched twice
    assert sum(1 for r in second["records"] if r["kind"] == "page") == 3  # nor stored twice
