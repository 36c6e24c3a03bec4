"""What one crawl is asked to do, and the Scrapy settings that follow from it (one place, like every setting)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HTTPX_HANDLER = "scrapy.core.downloader.handlers._httpx.HttpxDownloadHandler"


@dataclass
class CrawlConfig:
    """What a crawl fetches and how politely: seeds, store, proxy, limits, delays and time-outs."""

    seeds: list[str]
    case: str
    out_dir: Path
    db_url: str = ""  # the case store; empty: SQLite in out_dir
    bank_db: str = ""  # hash-bank database; empty: hashes recorded, nothing matched
    proxy: str = ""  # socks5h://127.0.0.1:9050 (Tor) or http://127.0.0.1:8118 (Privoxy); empty: direct, no onions
    depth: int = 3  # links followed from a seed
    max_pages: int = 1000
    per_domain: int = 200  # pages per host
    robots: bool = True  # obey robots.txt on the clear web
    robots_onion: bool = False  # and on onion services
    delay: float = 0.5  # seconds between requests to one host
    concurrency: int = 16
    per_site_concurrency: int = 4
    timeout: float = 30.0
    retries: int = 2
    max_bytes: int = 5 << 20  # a larger response is cancelled (huge pages, images)
    max_images: int = 20  # per page
    watch: frozenset[str] = field(default_factory=frozenset)  # identifiers or hashes to alert on (lower case)
    user_agent: str = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"  # Tor Browser's
    workers: int | None = None  # analysis processes; None: $HEROES_CRAWL_WORKERS or CPUs - 1 (0: inline)

    @property
    def socks(self) -> bool:
        return self.proxy.startswith("socks")


def scrapy_settings(cfg: CrawlConfig) -> dict[str, Any]:
    """The Scrapy settings for `cfg`: no cookies or control servers, our guard and cap middlewares, polite delays."""
    settings: dict[str, Any] = {
        "BOT_NAME": "heroes",
        "REMOTE_CONTROL_ENABLED": False,  # no control server listening during a crawl
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": cfg.user_agent,
        "ROBOTSTXT_OBEY": cfg.robots,
        "COOKIES_ENABLED": False,  # no session: every page is fetched as a stranger
        "DEPTH_LIMIT": 0,  # depth is the spider's own rule (images on the last level are still fetched)
        "DOWNLOAD_DELAY": cfg.delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if cfg.delay > 0 else 0,  # 0.5x to 1.5x the delay, as Scrapy's default
        "CONCURRENT_REQUESTS": cfg.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": cfg.per_site_concurrency,
        "DOWNLOAD_TIMEOUT": cfg.timeout,
        "RETRY_TIMES": cfg.retries,
        "DOWNLOAD_MAXSIZE": cfg.max_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "REDIRECT_MAX_TIMES": 5,
        "HTTPERROR_ALLOW_ALL": True,  # a 404 or 500 page is recorded with its status
        "DOWNLOADER_MIDDLEWARES": {
            "heroes.crawl.middlewares.GuardMiddleware": 50,  # before robots.txt (100)
            "heroes.crawl.middlewares.CapMiddleware": 150,
            "heroes.crawl.middlewares.LoopMiddleware": 650,
        },  # sees 3xx before 600
        # depth is the spider's own (page_depth); the meta-copy check is a development aid: two fewer generator
        # layers around everything a callback yields
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
        },
        "ITEM_PIPELINES": {"heroes.crawl.pipelines.CasePipeline": 300},
        "EXTENSIONS": {"scrapy.extensions.memusage.MemoryUsage": None},
    }
    if cfg.socks:  # the default handler cannot speak SOCKS; httpx sends host names unresolved (socks5h)
        settings["DOWNLOAD_HANDLERS"] = {"http": HTTPX_HANDLER, "https": HTTPX_HANDLER}
    return settings
