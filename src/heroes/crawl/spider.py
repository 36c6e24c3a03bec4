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

from heroes.core.finding import ERROR
from heroes.crawl.config import CrawlConfig
from heroes.crawl.kinds import MEDIA, PAGE, SKIPPED
from heroes.crawl.middlewares import KIND, Capped, Refused
from heroes.crawl.urls import host_of

FOLLOW_SCHEMES = ("http://", "https://")
LINK_TAGS = frozenset({"a", "area"})  # href
MEDIA_TAGS = frozenset({"img", "video"})  # src, and <source src> inside <video>
MAX_LINKS = 500  # per page: kept with the page for resume and the graph
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class HeroesSpider(scrapy.Spider):
    """The crawler: follows links from the seeds up to the depth, fetches pages and their images, records failures."""

    name = "heroes"

    def __init__(
        self,
        cfg: CrawlConfig,
        frontier: list[tuple[str, int]],
        done: set[str],
        done_per_host: dict[str, int],
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.cfg = cfg
        self.frontier = frontier  # (url, depth): the seeds, and on resume the links of stored pages not yet fetched
        self.done = done  # URLs already in the case store: never fetched again
        self.done_pages = len(done)
        self.done_per_host = done_per_host
        # URLs already asked for: most links of a site point to pages already queued, and dropping them here costs
        # a set look-up, where Scrapy's duplicate filter drops them only after every spider middleware has run
        self.requested: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url, depth in self.frontier:
            if url not in self.done and url not in self.requested:
                self.requested.add(url)
                yield self.page_request(url, depth)

    def page_request(self, url: str, depth: int, referer: str | None = None) -> scrapy.Request:
        return scrapy.Request(
            url,
            self.parse_page,
            errback=self.failed,
            priority=-depth,
            meta={KIND: PAGE.name, "page_depth": depth, "referer_page": referer},
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        """The page record (status, headers, body of HTML pages), then requests for its links and media."""
        depth = response.meta["page_depth"]
        ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        record: dict[str, Any] = {
            "type": PAGE.name,
            "url": response.url,
            "status": response.status,
            "depth": depth,
            "referer": response.meta.get("referer_page"),
            "crawled": time.time(),
            "content_type": ctype.decode(),
            "headers": {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            "requested": response.request.url if response.request else response.url,
        }
        if ctype not in HTML_TYPES or not isinstance(response, scrapy.http.TextResponse):
            record["parsed"] = False  # only text/HTML is parsed and kept
            yield record
            return
        links, media = self.links_and_media(response)
        record.update(body=response.body, links=links, parsed=True)
        yield record
        if depth < self.cfg.depth:
            for url in links:
                if url in self.done or url in self.requested:
                    continue
                self.requested.add(url)
                if self.cfg.proxy or not host_of(url).endswith(".onion"):
                    yield self.page_request(url, depth + 1, response.url)
                else:
                    yield {
                        "type": ERROR.name,
                        "url": url,
                        "page": response.url,
                        "reason": "onion service without a Tor proxy: not fetched",
                    }
        for url in media[: self.cfg.max_images]:
            if url not in self.requested:
                self.requested.add(url)
                yield scrapy.Request(
                    url,
                    self.parse_media,
                    errback=self.failed,
                    priority=1,
                    meta={KIND: MEDIA.name, "page": response.url},
                )

    @staticmethod
    def links_and_media(response: scrapy.http.TextResponse) -> tuple[list[str], list[str]]:
        """Absolute http(s) URLs of the page's links (<a>, <area>) and media (<img>, <video>, <source> in a
        <video>), in page order, without fragments or repeats: one walk over the parsed tree, no XPath."""
        links: dict[str, None] = {}
        media: dict[str, None] = {}
        for el in response.selector.root.iter("a", "area", "img", "video", "source"):
            tag = el.tag
            if tag in LINK_TAGS:
                ref, into = el.get("href"), links
            elif tag in MEDIA_TAGS or (el.getparent() is not None and el.getparent().tag == "video"):
                ref, into = el.get("src"), media
            else:
                continue
            if ref is None or (into is links and len(links) >= MAX_LINKS):
                continue
            url = response.urljoin(ref.strip())
            if into is links:
                url = url.split("#", 1)[0]
            if url.startswith(FOLLOW_SCHEMES):
                into[url] = None
        return list(links), list(media)

    def parse_media(self, response: Response) -> Iterator[dict[str, Any]]:
        ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower().decode()
        yield {
            "type": MEDIA.name,
            "url": response.url,
            "page": response.meta["page"],
            "status": response.status,
            "content_type": ctype,
            "body": response.body,
            "crawled": time.time(),
        }

    def failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        """A failed request as an `error` record (or `skipped` when robots.txt forbids it); capped requests vanish."""
        if failure.check(Capped):
            return
        request = getattr(failure, "request", None) or getattr(failure.value, "request", None)
        url = request.url if request is not None else ""
        reason = str(failure.value) or type(failure.value).__name__
        kind = ERROR.name
        if failure.check(IgnoreRequest) and "robots.txt" in reason:
            kind = SKIPPED.name  # forbidden by robots.txt: not an error
        elif not failure.check(Refused):
            reason = f"{type(failure.value).__name__}: {reason}"
        yield {
            "type": kind,
            "url": url,
            "page": request.meta.get("page") if request is not None else None,
            "reason": reason[:500],
            "crawled": time.time(),
        }
