"""Crawler throughput: our crawler (pages through the engine's analysers, entities, images hashed MD5/SHA-1/PDQ and
matched against a bank) against a plain Scrapy spider (links only, no extraction) on the same generated 2,000-page
loopback site, interleaved in one run. Run: .venv/bin/python bench/bench_crawl.py [--pages N] [--rounds R]"""

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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
from PIL import Image

PLAIN = r"""
import sys, scrapy
from scrapy.crawler import CrawlerProcess
class Plain(scrapy.Spider):
    name = "plain"
    async def start(self):
        yield scrapy.Request(sys.argv[1])
    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)
p = CrawlerProcess({"LOG_LEVEL": "WARNING", "REMOTE_CONTROL_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
                    "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "ROBOTSTXT_OBEY": False,
                    "COOKIES_ENABLED": False})
p.crawl(Plain)
p.start()
"""
BTC = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
WORDS = (
    "market", "delivery", "contact", "shipping", "order", "payment", "escrow", "forum", "thread", "reply",
    "member", "rules", "vendor", "review", "price", "listing", "category", "support", "guide", "news",
    "update", "account", "wallet",
)


def make_site(n: int, n_images: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    rng = np.random.default_rng(7)
    pages = {}
    for i in range(n):
        links = "".join(f'<li><a href="/p/{(i * 7 + k * 131 + 1) % n}">page {k}</a></li>' for k in range(10))
        text = " ".join(rng.choice(WORDS, 700))
        extra = f" Contact seller{i % 50}@mail.example.com or pay {BTC}." if i % 5 == 0 else ""
        pages[f"/p/{i}"] = (f"<html><head><title>Page {i}</title></head><body><h1>Page {i}</h1><p>{text}{extra}</p>"
                            f"<ul>{links}</ul><img src=\"/img/{i % n_images}.png\"></body></html>").encode()
    pages["/"] = pages["/p/0"]
    images = {}
    for k in range(n_images):
        arr = np.random.default_rng(100 + k).integers(0, 256, (12, 12, 3), dtype=np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr).resize((240, 240), Image.Resampling.NEAREST).save(buf, "PNG")
        images[f"/img/{k}.png"] = buf.getvalue()
    return pages, images


def serve(pages: dict[str, bytes], images: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
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
    return server


def timed(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--images", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    pages, images = make_site(args.pages, args.images)
    server = serve(pages, images)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    tmp = Path(tempfile.mkdtemp(prefix="heroes-bench-crawl-"))
    from heroes.hashsets.entries import Entry
    from heroes.hashsets.store import BankStore

    bank = f"sqlite:///{tmp / 'bank.sqlite'}"
    with BankStore(bank) as store:
        store.import_entries("bench", [Entry("md5", hashlib.md5(images["/img/3.png"]).hexdigest(), "B")])
    (tmp / "seeds.txt").write_text(base + "\n")
    plain, ours = [], []
    for r in range(args.rounds):
        plain.append(timed([sys.executable, "-c", PLAIN, base]))
        out = tmp / f"out{r}"
        ours.append(timed([sys.executable, "-m", "heroes.crawl.run", str(tmp / "seeds.txt"), "--case", "bench",
                           "--out", str(out), "--quiet", "--delay", "0", "--concurrency", "32", "--per-site", "32",
                           "--depth", "1000", "--max-pages", str(args.pages + 10), "--per-domain",
                           str(args.pages + 10), "--no-robots", "--bank-db", bank]))
        recs = [json.loads(x) for x in (out / "findings.jsonl").read_text().splitlines()]
        n_pages = sum(r["kind"] == "page" for r in recs)
        n_media = sum(r["kind"] == "media" for r in recs)
        n_match = sum(r["kind"] == "hash_match" for r in recs)
    server.shutdown()
    n = args.pages + 1  # "/" and /p/0 are the same page under two URLs
    rows = []
    for name, runs in (("plain Scrapy spider (links only)", plain), ("heroes crawl (all analysers, images)", ours)):
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows.append((name, n / wall, 1000 * cpu / n, wall))
    ratio = rows[1][1] / rows[0][1]
    print("## crawl\n")
    print(f"Generated loopback site: {args.pages} pages (~{statistics.mean(map(len, pages.values())) / 1000:.1f} KB, "
          f"10 links each, one image each from {args.images} distinct PNGs); our crawl stored {n_pages} pages, "
          f"hashed {n_media} images (MD5, SHA-1, PDQ), {n_match} bank match(es). Both crawlers: 32 requests in "
          f"flight, no delay, separate processes, start-up included; median of {args.rounds} interleaved rounds. "
          f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared).\n")
    print("Command: `.venv/bin/python bench/bench_crawl.py`\n")
    print("| crawler | pages/s | CPU ms/page | wall s |\n|---|---|---|---|")
    for name, rate, cpu, wall in rows:
        print(f"| {name} | {rate:.1f} | {cpu:.2f} | {wall:.1f} |")
    print(f"\nThroughput ratio heroes/plain: **{ratio:.2f}x** (target >= 0.8x).")


if __name__ == "__main__":
    main()
