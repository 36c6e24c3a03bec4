"""The spider: follows links from the seeds breadth-first to a depth, hands HTML pages, media and failures to the
pipeline as plain dicts, and never runs JavaScript (Scrapy does not execute it)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from heroes.crawl.config import CrawlConfig
from heroes.crawl.middlewares import KIND, Capped, Refused, host_of

FOLLOW_SCHEMES = ("http://", "https://")
MEDIA_XPATH = "//img/@src | //video/@src | //video/source/@src"
MAX_LINKS = 500  # per page: kept with the page for resume and the graph
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class HeroesSpider(scrapy.Spider):
    name = "heroes"

    def __init__(self, cfg: CrawlConfig, frontier: list[tuple[str, int]], done: set[str],
                 done_per_host: dict[str, int], **kwargs: Any):
        super().__init__(**kwargs)
        self.cfg = cfg
        self.frontier = frontier  # (url, depth): the seeds, and on resume the links of stored pages not yet fetched
        self.done = done  # URLs already in the case store: never fetched again
        self.done_pages = len(done)
        self.done_per_host = done_per_host

    async def start(self) -> AsyncIterator[Any]:
        for url, depth in self.frontier:
            if url not in self.done:
                yield self.page_request(url, depth)

    def page_request(self, url: str, depth: int, referer: str | None = None) -> scrapy.Request:
        return scrapy.Request(url, self.parse_page, errback=self.failed, priority=-depth,
                              meta={KIND: "page", "page_depth": depth, "referer_page": referer})

    def parse_page(self, response: Response) -> Iterator[Any]:
        depth = response.meta["page_depth"]
        ctype = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
        record: dict[str, Any] = {
            "type": "page", "url": response.url, "status": response.status, "depth": depth,
            "referer": response.meta.get("referer_page"), "crawled": time.time(), "content_type": ctype.decode(),
            "headers": {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            "requested": response.request.url if response.request else response.url,
        }
        if ctype not in HTML_TYPES or not isinstance(response, scrapy.http.TextResponse):
            record["parsed"] = False  # only text/HTML is parsed and kept
            yield record
            return
        links: list[str] = []
        for href in response.xpath("//a/@href | //area/@href").getall()[:MAX_LINKS * 2]:
            url = response.urljoin(href.strip()).split("#", 1)[0]
            if url.startswith(FOLLOW_SCHEMES) and url not in links:
                links.append(url)
        record.update(body=response.body, links=links[:MAX_LINKS], parsed=True)
        yield record
        if depth < self.cfg.depth:
            for url in record["links"]:
                if url not in self.done and (self.cfg.proxy or not host_of(url).endswith(".onion")):
                    yield self.page_request(url, depth + 1, response.url)
                elif url not in self.done:
                    yield {"type": "error", "url": url, "page": response.url,
                           "reason": "onion service without a Tor proxy: not fetched"}
        media = []
        for src in response.xpath(MEDIA_XPATH).getall():
            url = response.urljoin(src.strip())
            if url.startswith(FOLLOW_SCHEMES) and url not in media:
                media.append(url)
        for url in media[: self.cfg.max_images]:
            yield scrapy.Request(url, self.parse_media, errback=self.failed, priority=1,
                                 meta={KIND: "media", "page": response.url})

    def parse_media(self, response: Response) -> Iterator[dict[str, Any]]:
        ctype = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower().decode()
        yield {"type": "media", "url": response.url, "page": response.meta["page"], "status": response.status,
               "content_type": ctype, "body": response.body, "crawled": time.time()}

    def failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        if failure.check(Capped):
            return
        request = getattr(failure, "request", None) or getattr(failure.value, "request", None)
        url = request.url if request is not None else ""
        reason = str(failure.value) or type(failure.value).__name__
        kind = "error"
        if failure.check(IgnoreRequest) and "robots.txt" in reason:
            kind = "skipped"  # forbidden by robots.txt: not an error
        elif not failure.check(Refused):
            reason = f"{type(failure.value).__name__}: {reason}"
        yield {"type": kind, "url": url, "page": request.meta.get("page") if request is not None else None,
               "reason": reason[:500], "crawled": time.time()}
