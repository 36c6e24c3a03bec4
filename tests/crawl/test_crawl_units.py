"""Pieces of the crawler without a crawl: settings, isolation names, the page file and its locator, in-memory image
hashing and matching, seeds, the graph's ranking, the analysis workers, redirect loops and link extraction."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from heroes.core.opener import open_item
from heroes.crawl.analysis import Analysis, hash_media
from heroes.crawl.config import CrawlConfig, scrapy_settings
from heroes.crawl.graph import build, shared, to_graphml
from heroes.crawl.images import image_hashes
from heroes.crawl.middlewares import LoopMiddleware, RedirectLoop, isolation_user, proxy_for
from heroes.crawl.pagestore import PageStore
from heroes.crawl.run import read_seeds
from heroes.crawl.spider import HeroesSpider


def test_settings_disable_remote_control_and_use_socks_handler(tmp_path):
    s = scrapy_settings(CrawlConfig(["http://x/"], "c", tmp_path, proxy="socks5h://127.0.0.1:9050"))
    assert s["REMOTE_CONTROL_ENABLED"] is False and s["TELNETCONSOLE_ENABLED"] is False
    assert s["DOWNLOAD_HANDLERS"]["http"].endswith("HttpxDownloadHandler") and s["ROBOTSTXT_OBEY"] is True
    assert "DOWNLOAD_HANDLERS" not in scrapy_settings(CrawlConfig(["http://x/"], "c", tmp_path))


def test_isolation_user_per_site():
    assert isolation_user("a.onion") == isolation_user("a.onion") != isolation_user("b.onion")
    assert "a.onion" not in isolation_user("a.onion")
    url = proxy_for("socks5h://127.0.0.1:9050", "a.onion")
    assert url.startswith("socks5h://heroes-") and url.endswith("@127.0.0.1:9050")
    assert proxy_for("http://127.0.0.1:8118", "a.onion") == "http://127.0.0.1:8118"


def test_page_file_round_trip(tmp_path):
    store = PageStore(tmp_path)
    first = store.add("http://a/", b"<html>one</html>", 1.0)
    second = store.add("http://a/2", b"<html>two!</html>", 2.0)
    store.close()
    with open_item(second) as s:
        assert s.read() == b"<html>two!</html>"
    with open_item(first) as s:
        assert s.read() == b"<html>one</html>"
    assert second.locator[1]["t"] == "page" and second.path == "http://a/2"


def test_image_hashes_and_bank_match(bank, names):
    h, matches = hash_media(names.IMG_EXACT, "image/png", bank)
    assert h["md5"] == hashlib.md5(names.IMG_EXACT).hexdigest() and len(h["pdq"]) == 64
    assert [m["signal"] for m in matches] == ["md5"]
    assert [m["signal"] for m in hash_media(names.IMG_SIMILAR, "image/jpeg", bank)[1]] == ["pdq"]
    assert hash_media(names.IMG_OTHER, "image/png", bank)[1] == []
    assert hash_media(names.IMG_EXACT, "image/png", "")[1] == []
    assert image_hashes(b"not an image", "image/png")[0]["pdq_error"]


def test_read_seeds(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("# seeds\nhttp://a.example/\n\nb.example  # bare host\n")
    assert read_seeds(f) == ["http://a.example/", "http://b.example/"]


def test_graph_ranks_identifiers_by_sites():
    recs = [
        {"kind": "page", "url": f"http://{h}/", "site": h, "crawled": t, "links": []}
        for h, t in (("a", "2026-01-01"), ("b", "2026-01-03"), ("c", "2026-01-02"))
    ]
    recs += [
        {"kind": "entity", "path": "http://a/", "type": "email", "value": "x@y.org"},
        {"kind": "entity", "path": "http://b/", "type": "email", "value": "x@y.org"},
        {"kind": "entity", "form": "base58", "path": "http://a/", "type": "bitcoin", "value": "1W"},
        {"kind": "entity", "form": "base58", "path": "http://b/", "type": "bitcoin", "value": "1W"},
        {"kind": "entity", "form": "base58", "path": "http://c/", "type": "bitcoin", "value": "1W"},
        {"kind": "entity", "path": "http://c/", "type": "url", "value": "http://z/"},
        {"kind": "entity", "path": "http://a/", "type": "url", "value": "http://z/"},
    ]
    rows = shared(build(recs))
    assert [(r["type"], r["sites"]) for r in rows] == [("bitcoin", ["a", "b", "c"]), ("email", ["a", "b"])]
    assert (rows[0]["first_seen"], rows[0]["last_seen"]) == ("2026-01-01", "2026-01-03")
    assert "<graphml" in to_graphml(build(recs))


def test_analysis_workers_answer_in_order_and_report_failures(names):
    big = bytes(range(256)) * 8192  # 2 MiB: more than a pipe holds, so writes go out in parts
    analysis = Analysis("", workers=2)
    analysis.start()
    try:

        async def go():
            pids = await asyncio.gather(*(analysis.run(os.getpid) for _ in range(4)))
            assert os.getpid() not in pids
            found = await asyncio.gather(
                *(
                    analysis.run(hash_media, body, ctype, "")
                    for body, ctype in [(names.IMG_OTHER, "image/png"), (big, "video/mp4")] * 3
                )
            )
            with pytest.raises(RuntimeError, match="ZeroDivisionError"):
                await analysis.run(divmod, 1, 0)
            return found

        found = asyncio.run(go())
    finally:
        analysis.close()
    assert [h["md5"] for h, _ in found] == [hashlib.md5(b).hexdigest() for b in (names.IMG_OTHER, big)] * 3
    assert found[0] == hash_media(names.IMG_OTHER, "image/png", "") and len(found[0][0]["pdq"]) == 64
    assert "pdq" not in found[1][0] and all(m == [] for _, m in found)


def test_redirect_loop_is_refused():
    mw = LoopMiddleware()
    req = Request("http://a.test/x")
    with pytest.raises(RedirectLoop, match=re.escape("http://a.test/x -> http://a.test/x")):
        mw.process_response(req, Response(req.url, status=302, headers={"Location": "/x"}, request=req))
    req = Request("http://a.test/y", meta={"redirect_urls": ["http://a.test/x"]})
    with pytest.raises(RedirectLoop):
        mw.process_response(req, Response(req.url, status=301, headers={"Location": "x"}, request=req))
    fine = Response(req.url, status=302, headers={"Location": "/z"}, request=req)
    assert mw.process_response(req, fine) is fine


def test_links_and_media_in_page_order():
    body = (
        b'<a href="/b#top">b</a><a href="/a">a</a><a href="/b">again</a><a href="mailto:x@y.org">m</a>'
        b'<map><area href="http://o.test/m"></map><img src="/i.png"><video src="/v.mp4">'
        b'<source src="/s.webm"></video><audio><source src="/no.ogg"></audio><img src="/i.png">'
    )
    page = HtmlResponse("http://h.test/p/", body=body, encoding="utf-8")
    links, media = HeroesSpider.links_and_media(page)
    assert links == ["http://h.test/b", "http://h.test/a", "http://o.test/m"]
    assert media == ["http://h.test/i.png", "http://h.test/v.mp4", "http://h.test/s.webm"]
