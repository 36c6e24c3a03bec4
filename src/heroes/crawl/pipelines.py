"""The item pipeline: pages become case items analysed by the engine, media are hashed and matched in memory, and
everything lands in the case store in batches (one transaction each, so a killed crawl resumes cleanly).

A page's findings: one ``page`` finding (url, status, crawl time, response headers, digests, links) and whatever
the analysers find in its text (``entity``, ``hash_match``, job offers...). Media: one ``media`` finding (url, page,
hashes, size) and ``hash_match`` findings with the media ``url``. Failures: ``error`` with ``url`` and ``reason``.
Watched identifiers or hashes add a ``watch`` finding and a log warning.

Analysis and hashing run in `heroes.crawl.analysis` workers and are awaited, so the reactor downloads meanwhile;
a page's mime comes from its Content-Type when that says text/html (libmagic is not run on every page).
After a kill -9, what was not committed is fetched again by the resumed crawl: the pages of the open batch (at most
200 items or one second of crawling, `heroes.engine.run.BatchWriter`) and those still in the workers; their bytes
stay in the page file, unreferenced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from heroes.analysers.known_material import HASH_MATCH
from heroes.core.finding import ERROR, FILE, Finding
from heroes.core.item import item_key
from heroes.crawl.analysis import Analysis, analyse_page, hash_media
from heroes.crawl.kinds import MEDIA, PAGE, SKIPPED, WATCH
from heroes.crawl.pagestore import PageStore
from heroes.crawl.urls import host_of
from heroes.engine.run import BatchWriter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
MEDIA_TYPES = ("image/", "video/")
WATCH_FIELDS = ("value", "md5", "sha1", "sha256", "pdq")

Progress = Callable[[dict[str, Any], list[Finding]], None]


def iso(ts: float) -> str:
    """A crawl time as ISO 8601 UTC (seconds)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def record_key(kind: str, url: str) -> str:
    """Store key of one crawled thing: a page's is its item's (its path is the URL); the others say their kind."""
    return item_key(url) if kind == PAGE.name else item_key(kind, url)


class CasePipeline:
    """Scrapy item pipeline: each crawled record becomes findings, written to the case in batches."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CasePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.cfg = spider.cfg  # type: ignore[union-attr]
        self.run = spider.run  # type: ignore[union-attr]  # heroes.crawl.run.CrawlRun: store, ids, progress
        self.pages = PageStore(self.cfg.out_dir)
        self.analysis: Analysis = self.run.analysis or Analysis(self.cfg.bank_db, workers=0)
        self.batch: BatchWriter = self.run.case.writer()

    def close_spider(self) -> None:
        self.batch.flush()
        self.pages.close()

    async def process_item(self, record: dict[str, Any]) -> dict[str, Any]:
        """Pages and media are analysed in the worker pool (awaited: the reactor goes on downloading)."""
        kind = record["type"]
        if kind in (PAGE.name, MEDIA.name):
            findings = await getattr(self, f"_{kind}")(record)
        else:
            findings = getattr(self, f"_{kind}")(record)
        self._watch(record, findings)
        self.batch.add(record_key(kind, record["url"]), record["url"], findings)
        if self.run.progress:
            self.run.progress(record, findings)
        return {"type": kind, "url": record["url"]}  # the body is dropped here, not carried further

    async def _page(self, rec: dict[str, Any]) -> list[Finding]:
        url = rec["url"]
        data = {
            "url": url,
            "site": host_of(url),
            "status": rec["status"],
            "crawled": iso(rec["crawled"]),
            "depth": rec["depth"],
            "referer": rec["referer"],
            "content_type": rec["content_type"],
            "headers": rec["headers"],
            "parsed": rec["parsed"],
        }
        if rec["requested"] != url:
            data["redirected_from"] = rec["requested"]
        if not rec["parsed"]:
            return [Finding(PAGE.name, url, data, analyser="crawl")]
        data["links"] = rec["links"]
        item = self.pages.add(url, rec["body"], rec["crawled"])
        del rec["body"]
        mime = "text/html" if rec["content_type"] == "text/html" else None  # else libmagic decides
        out: list[Finding] = []
        try:
            found = await self.analysis.run(analyse_page, item, mime)
        except RuntimeError as exc:  # the worker failed or died: the page is stored, its analysis is not
            found = [Finding(ERROR.name, url, {"url": url, "reason": f"analysis: {exc}"[:500]}, analyser="crawl")]
        for f in found:
            if f.kind == FILE.name and f.analyser == "hash":  # the page finding carries the file record's facts
                data.update({k: f.data[k] for k in ("md5", "sha1", "sha256", "mime", "size") if k in f.data})
            else:
                out.append(f)
        return [Finding(PAGE.name, url, data, analyser="crawl"), *out]

    async def _media(self, rec: dict[str, Any]) -> list[Finding]:
        url, body = rec["url"], rec.pop("body")
        data = {
            "url": url,
            "page": rec["page"],
            "site": host_of(rec["page"]),
            "status": rec["status"],
            "content_type": rec["content_type"],
            "crawled": iso(rec["crawled"]),
        }
        if not rec["content_type"].startswith(MEDIA_TYPES) or rec["status"] != 200:
            return [Finding(MEDIA.name, url, {**data, "hashed": False, "size": len(body)}, analyser="crawl")]
        # hashed in a worker: the bytes travel through a pipe, in memory, and nothing of them outlives the call
        try:
            hashes, matches = await self.analysis.run(hash_media, body, rec["content_type"], self.cfg.bank_db)
        except RuntimeError as exc:
            return [
                Finding(MEDIA.name, url, {**data, "hashed": False, "size": len(body)}, analyser="crawl"),
                Finding(
                    ERROR.name,
                    url,
                    {"url": url, "page": data["page"], "reason": f"hashing: {exc}"[:500]},
                    analyser="crawl",
                ),
            ]
        finally:
            del body
        data.update(hashes, hashed=True, matched=bool(matches))
        out = [Finding(MEDIA.name, url, data, analyser="crawl")]
        out += [
            Finding(
                HASH_MATCH.name, url, {**m, "url": url, "page": data["page"], "site": data["site"]}, analyser="crawl"
            )
            for m in matches
        ]
        return out

    def _error(self, rec: dict[str, Any]) -> list[Finding]:
        data = {"url": rec["url"], "reason": rec["reason"], "page": rec.get("page")}
        return [Finding(ERROR.name, rec["url"], data, analyser="crawl")]

    def _skipped(self, rec: dict[str, Any]) -> list[Finding]:
        return [Finding(SKIPPED.name, rec["url"], {"url": rec["url"], "reason": rec["reason"]}, analyser="crawl")]

    def _watch(self, rec: dict[str, Any], findings: list[Finding]) -> None:
        if not self.cfg.watch:
            return
        hits: list[tuple[str, str]] = []
        for f in findings:
            for name in WATCH_FIELDS:
                value = f.data.get(name)
                if isinstance(value, str) and value.lower() in self.cfg.watch and (name, value) not in hits:
                    hits.append((name, value))
        for name, value in hits:
            log.warning("watched %s seen: %s at %s", name, value, rec["url"])
            findings.append(
                Finding(WATCH.name, rec["url"], {"url": rec["url"], "field": name, "value": value}, analyser="crawl")
            )
