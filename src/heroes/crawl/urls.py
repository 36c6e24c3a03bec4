"""Site identity of a URL, shared by the crawler and the link graph (which must work without Scrapy installed)."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The lower-case host name of `url` ('' when it has none): one site in the crawl and in the graph."""
    return (urlsplit(url).hostname or "").lower()
