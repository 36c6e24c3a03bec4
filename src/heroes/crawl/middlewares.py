"""The downloader middleware every request passes (redirects included): Tor routing, circuit isolation, caps.

* An onion host is only ever fetched through the proxy, never resolved locally; an onion whose checksum fails is
  refused before anything is sent (Tor would answer 0xF6).
* With a SOCKS proxy every request carries a SOCKS username derived from its site, so Tor builds one circuit per
  site (IsolateSOCKSAuth, on by default) and sites cannot be correlated through a shared exit or circuit.
* A redirect back to a URL of its own redirect chain is a loop: refused at once and recorded as an error (Scrapy's
  duplicate filter would otherwise drop the repeated URL without a word).
* Page requests are capped in total (`max_pages`) and per host (`per_domain`); capped requests are dropped quietly
  and fetched by a resumed crawl with higher caps.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from urllib.parse import quote, urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

from heroes.crawl.kinds import PAGE
from heroes.crawl.urls import host_of

KIND = "heroes_kind"  # request meta: "page" or "media"


class Refused(IgnoreRequest):
    """A request the crawler will not send (recorded as an error finding)."""


class RedirectLoop(Refused):
    """A redirect to a URL already in the request's redirect chain (recorded as an error)."""


class Capped(IgnoreRequest):
    """A page over the crawl's caps (not an error)."""


def isolation_user(host: str) -> str:
    """The SOCKS username of a site: stable per site, different between sites, and not the host name itself."""
    return "heroes-" + hashlib.sha256(host.encode("utf-8")).hexdigest()[:16]


def proxy_for(proxy: str, host: str) -> str:
    if not proxy.startswith("socks"):
        return proxy  # an HTTP proxy (Privoxy) cannot isolate circuits per site
    parts = urlsplit(proxy)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{quote(isolation_user(host))}:x@{netloc}").geturl()


class GuardMiddleware:
    """Refuses what must never be fetched (onions without a Tor proxy, invalid onion addresses) and routes proxies."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.pages: set[str] = set()
        self.per_host: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Refuse or route one request before Scrapy sends it."""
        cfg = self.crawler.spider.cfg  # type: ignore[union-attr]
        host = host_of(request.url)
        if host.endswith(".onion"):
            if not cfg.proxy:
                raise Refused("onion service without a Tor proxy: not fetched (it must never be resolved locally)")
            from heroes.entities.onion import is_valid_onion  # here: the entities package costs start-up time

            if not is_valid_onion(host):
                raise Refused("invalid onion address (checksum or key): not fetched")
            if not cfg.robots_onion:
                request.meta["dont_obey_robotstxt"] = True
        if cfg.proxy:
            request.meta["proxy"] = proxy_for(cfg.proxy, host)
        return None


class CapMiddleware(GuardMiddleware):
    """Runs after robots.txt (a forbidden page does not use up the caps)."""

    def process_request(self, request: Request) -> None:
        """Count one more page against max_pages and per_domain, or refuse it with Capped."""
        cfg = self.crawler.spider.cfg  # type: ignore[union-attr]
        host = host_of(request.url)
        if request.meta.get(KIND) == PAGE.name:
            url = request.url
            if url not in self.pages:
                seen = self.crawler.spider.done_per_host.get(host, 0)  # type: ignore[union-attr]
                if len(self.pages) + self.crawler.spider.done_pages >= cfg.max_pages:  # type: ignore[union-attr]
                    raise Capped("max_pages")
                if len(self.per_host[host]) + seen >= cfg.per_domain:
                    raise Capped("per_domain")
                self.pages.add(url)
                self.per_host[host].add(url)
        return None


class LoopMiddleware:
    """Sees 3xx responses before Scrapy's RedirectMiddleware (600) and refuses a redirect loop."""

    REDIRECTS = frozenset({301, 302, 303, 307, 308})

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status in self.REDIRECTS and location:
            target = urljoin(request.url, safe_url_string(location)).split("#", 1)[0]
            chain = [*request.meta.get("redirect_urls", ()), request.url]
            if target in chain or target == request.url.split("#", 1)[0]:
                raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}"[:500])
        return response
