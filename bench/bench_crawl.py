"""Crawler throughput: our crawler (pages through the engine's analysers, entities, images hashed MD5/SHA-1/PDQ and
matched against a bank) against a plain Scrapy spider (links only, no extraction) on the same generated 2,000-page
loopback site, interleaved in one run, with the same politeness settings. Both crawls must fetch every page once
(checked by the server and by each crawler's output), or the bench stops: a baseline that fetched 11 pages once
passed for the plain spider. Run: .venv/bin/python bench/bench_crawl.py [--pages N] [--rounds R]"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
from PIL import Image

#: politeness, the same for both crawlers (Scrapy settings; ours gets them as the matching `heroes crawl` options)
POLITENESS = {
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_DELAY": 0,
    "ROBOTSTXT_OBEY": False,
    "COOKIES_ENABLED": False,
    "RETRY_TIMES": 2,
    "DOWNLOAD_TIMEOUT": 30,
}
OUR_FLAGS = [
    "--concurrency",
    "32",
    "--per-site",
    "32",
    "--delay",
    "0",
    "--no-robots",
    "--retries",
    "2",
    "--timeout",
    "30",
]  # cookies are always off in ours

# A file, not `python -c`: Scrapy reads a callback's source (inspect.getsource) and fails on code given with -c,
# which once left this baseline fetching 11 pages and looking 20 times faster than it is.
PLAIN = r"""
import json, sys, scrapy
from scrapy.crawler import CrawlerProcess
pages = []
class Plain(scrapy.Spider):
    name = "plain"
    async def start(self):
        yield scrapy.Request(sys.argv[1])
    def parse(self, response):
        pages.append((response.url, response.status))
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)
p = CrawlerProcess({"LOG_LEVEL": "WARNING", "REMOTE_CONTROL_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
                    **json.loads(sys.argv[2])})
crawler = p.create_crawler(Plain)
p.crawl(crawler)
p.start()
stats = crawler.stats.get_stats()
print(json.dumps({"pages": len({u for u, s in pages if s == 200}), "responses": len(pages),
                  "errors": stats.get("spider_exceptions/count", 0)}))
"""
BTC = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
WORDS = (
    "market",
    "delivery",
    "contact",
    "shipping",
    "order",
    "payment",
    "escrow",
    "forum",
    "thread",
    "reply",
    "member",
    "rules",
    "vendor",
    "review",
    "price",
    "listing",
    "category",
    "support",
    "guide",
    "news",
    "update",
    "account",
    "wallet",
)


def make_site(n: int, n_images: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    rng = np.random.default_rng(7)
    pages = {}
    for i in range(n):
        links = "".join(f'<li><a href="/p/{(i * 7 + k * 131 + 1) % n}">page {k}</a></li>' for k in range(10))
        text = " ".join(rng.choice(WORDS, 700))
        extra = f" Contact seller{i % 50}@mail.example.com or pay {BTC}." if i % 5 == 0 else ""
        pages[f"/p/{i}"] = (
            f"<html><head><title>Page {i}</title></head><body><h1>Page {i}</h1><p>{text}{extra}</p>"
            f'<ul>{links}</ul><img src="/img/{i % n_images}.png"></body></html>'
        ).encode()
    pages["/"] = pages["/p/0"]
    images = {}
    for k in range(n_images):
        arr = np.random.default_rng(100 + k).integers(0, 256, (12, 12, 3), dtype=np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr).resize((240, 240), Image.Resampling.NEAREST).save(buf, "PNG")
        images[f"/img/{k}.png"] = buf.getvalue()
    return pages, images


def serve(pages: dict[str, bytes], images: dict[str, bytes]) -> tuple[ThreadingHTTPServer, Counter[str]]:
    """The site on loopback, and a count of the requests per path (reset before each crawl)."""
    hits: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            hits[self.path] += 1
            body = pages.get(self.path) or images.get(self.path)
            ctype = "image/png" if self.path.startswith("/img/") else "text/html; charset=utf-8"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the process and all its children (our analysis workers), and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc.stdout


def check_hits(who: str, hits: Counter[str], pages: dict[str, bytes]) -> None:
    """Every page of the site fetched, and none twice."""
    missing = [p for p in pages if hits[p] == 0]
    twice = [p for p in pages if hits[p] > 1]
    if missing or twice:
        raise SystemExit(f"{who}: {len(missing)} pages not fetched, {len(twice)} fetched twice")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--images", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from heroes.crawl.analysis import default_workers

    workers = default_workers()
    pages, images = make_site(args.pages, args.images)
    server, hits = serve(pages, images)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    tmp = Path(tempfile.mkdtemp(prefix="heroes-bench-crawl-"))
    from heroes.hashsets.entries import Entry
    from heroes.hashsets.store import BankStore

    bank = f"sqlite:///{tmp / 'bank.sqlite'}"
    with BankStore(bank) as store:
        store.import_entries("bench", [Entry("md5", hashlib.md5(images["/img/3.png"]).hexdigest(), "B")])
    (tmp / "seeds.txt").write_text(base + "\n")
    (tmp / "plain.py").write_text(PLAIN)
    n = len(pages)  # "/" and /p/0 are the same page under two URLs: both are fetched, both count
    plain, ours = [], []
    for r in range(args.rounds):
        hits.clear()
        wall, cpu, stdout = timed([sys.executable, str(tmp / "plain.py"), base, json.dumps(POLITENESS)])
        got = json.loads(stdout.strip().splitlines()[-1])
        if got["pages"] != n or got["errors"]:
            raise SystemExit(f"plain spider fetched {got['pages']} of {n} pages, {got['errors']} callback errors")
        check_hits("plain spider", hits, pages)
        plain.append((wall, cpu))
        hits.clear()
        out = tmp / f"out{r}"
        wall, cpu, _ = timed(
            [
                sys.executable,
                "-m",
                "heroes.cli.crawl",
                str(tmp / "seeds.txt"),
                "--case",
                "bench",
                "--out",
                str(out),
                "--quiet",
                *OUR_FLAGS,
                "--depth",
                "1000",
                "--max-pages",
                str(n + 10),
                "--per-domain",
                str(n + 10),
                "--bank-db",
                bank,
            ]
        )
        recs = [json.loads(x) for x in (out / "findings.jsonl").read_text().splitlines()]
        n_pages = len({x["url"] for x in recs if x["kind"] == "page" and x["status"] == 200 and x["parsed"]})
        n_media = sum(x["kind"] == "media" and x["hashed"] for x in recs)
        n_match = sum(x["kind"] == "hash_match" for x in recs)
        n_entities = sum(x["kind"] == "entity" for x in recs)
        if n_pages != n or n_media != len(images):
            raise SystemExit(f"heroes crawl stored {n_pages} of {n} pages and {n_media} of {len(images)} images")
        check_hits("heroes crawl", hits, pages)
        ours.append((wall, cpu))
    server.shutdown()
    rows = []
    for name, runs in (
        ("plain Scrapy spider (links only)", plain),
        (f"heroes crawl (all analysers, images; {workers} analysis worker(s))", ours),
    ):
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows.append((name, n / wall, 1000 * cpu / n, wall))
    ratios = [p_wall / o_wall for (p_wall, _), (o_wall, _) in zip(plain, ours, strict=True)]  # pages/s ratio
    ratio = statistics.median(ratios)  # per round: plain and ours ran back to back, under the same load
    polite = ", ".join(f"{k}={v}" for k, v in POLITENESS.items())
    print("## crawl\n")
    print(
        f"Generated loopback site (one generator, one server, both crawlers): {args.pages} pages + `/` "
        f"(= {n} URLs, ~{statistics.mean(map(len, pages.values())) / 1000:.1f} KB each, 10 links each, one image "
        f"each from {args.images} distinct PNGs). Both crawlers are checked every round: each fetched all {n} "
        f"pages, none twice (counted by the server, and by each crawler's own output). Ours also stored them "
        f"through every analyser ({n_entities} entities), hashed {n_media} images (MD5, SHA-1, PDQ; the plain "
        f"spider fetches no images) and found {n_match} bank match(es).\n"
    )
    print(
        f"Same politeness for both: {polite} (ours: `{' '.join(OUR_FLAGS)}`). Separate processes, start-up "
        f"included; CPU is user+system of the crawler and its children (our analysis workers); median of "
        f"{args.rounds} interleaved rounds. Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with "
        f"other work: absolute figures vary, the ratio is the figure).\n"
    )
    print(f"Command: `.venv/bin/python bench/bench_crawl.py --pages {args.pages} --rounds {args.rounds}`\n")
    print("| crawler | pages | pages/s | CPU ms/page | wall s |\n|---|---|---|---|---|")
    for name, rate, cpu, wall in rows:
        print(f"| {name} | {n} | {rate:.1f} | {cpu:.2f} | {wall:.1f} |")
    verdict = "reached" if ratio >= 0.8 else "NOT reached"
    print(
        f"\nThroughput ratio heroes/plain: **{ratio:.2f}x** (median of the rounds' ratios: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; target >= 0.8x: {verdict})."
    )


if __name__ == "__main__":
    main()
