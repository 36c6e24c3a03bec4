"""The kinds of finding the crawler emits, declared once (heroes.core.kinds); the spider's records carry the same
names as their ``type``, so a record becomes findings of its own kind."""

from __future__ import annotations

from heroes.core.kinds import KindSpec

PAGE = KindSpec("page", "Crawled page")  # its text is analysed like any item
MEDIA = KindSpec("media", "Crawled image or video")  # hashed in memory, never stored
SKIPPED = KindSpec("skipped", "URL not fetched")
WATCH = KindSpec("watch", "Watched identifier seen")
