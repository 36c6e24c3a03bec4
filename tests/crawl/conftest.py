"""A generated "dark web" on loopback for the crawler tests: onion and clear sites served by one threaded HTTP
server that answers for any Host header, a fake Tor SOCKS5 server that maps every valid ``*.onion`` name to it (and
answers 0xF6 for a bad checksum, as Tor does) and records every CONNECT, a test hash bank, and a helper that runs a
crawl in a fresh process under an audit hook recording local name look-ups and every file opened for writing."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from Crypto.PublicKey import ECC
from PIL import Image

from heroes.entities.onion import is_valid_onion

BTC = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
TELEGRAM = "t.me/harbour_jobs_desk"
EMAIL = "bookings@mailbox.example.com"


def onion(seed: int) -> str:
    key = ECC.construct(curve="Ed25519", seed=bytes([seed]) * 32).public_key().export_key(format="raw")
    checksum = hashlib.sha3_256(b".onion checksum" + key + b"\x03").digest()[:2]
    return base64.b32encode(key + checksum + b"\x03").decode().lower() + ".onion"


A, B, C = onion(11), onion(12), onion(13)
BAD = A[:10] + ("a" if A[10] != "a" else "b") + A[11:]  # one character off: the checksum fails
CLEAR = "news.example.test"


def picture(seed: int, fmt: str = "PNG") -> bytes:
    """A benign synthetic picture (random blocks), detailed enough for a good PDQ quality."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (12, 12, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize((240, 240), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, fmt, quality=80) if fmt == "JPEG" else img.save(buf, fmt)
    return buf.getvalue()


IMG_EXACT = picture(1)  # its MD5 is in the bank
IMG_SIMILAR_ORIGINAL = picture(2)  # its PDQ is in the bank ...
IMG_SIMILAR = picture(2, "JPEG")  # ... and this re-encoded copy is what the site shows
IMG_OTHER = picture(3)  # in no bank
IMAGES = {"exact.png": IMG_EXACT, "similar.jpg": IMG_SIMILAR, "other.png": IMG_OTHER}


def html(title: str, body: str, links: list[str] = (), imgs: list[str] = ()) -> bytes:
    a = "".join(f'<p><a href="{u}">link {i}</a></p>' for i, u in enumerate(links))
    im = "".join(f'<img src="{u}" alt="">' for u in imgs)
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>{a}{im}"
        f"<script>document.write('never run')</script></body></html>"
    ).encode()


def site_pages() -> dict[str, dict[str, tuple[int, str, bytes, float]]]:
    ok = "text/html; charset=utf-8"
    a = {
        "/": (
            200,
            ok,
            html(
                "Market A",
                f"Payments to {BTC} only. Contact {EMAIL}.",
                ["/about", "/slow", "/broken", "/huge", "/loop", f"http://{B}/", f"http://{BAD}/", "/data.json"],
                ["/img/exact.png", "/img/other.png"],
            ),
            0,
        ),
        "/about": (200, ok, html("About A", "We sell nothing here. Opening hours 9-17.", ["/"]), 0),
        "/slow": (200, ok, html("Slow", "late"), 3.0),
        "/broken": (500, ok, b"<html>error</html>", 0),
        "/huge": (200, ok, b"<html>" + b"x" * (300 << 10) + b"</html>", 0),
        "/loop": (302, ok, b"", 0),
        "/data.json": (200, "application/json", b'{"a": 1}', 0),
    }
    b = {
        "/": (
            200,
            ok,
            html(
                "Forum B",
                f"Send the fee to {BTC}. Recruiters write to https://{TELEGRAM} today.",
                ["/thread/1", f"http://{C}/"],
                ["/img/similar.jpg"],
            ),
            0,
        ),
        "/thread/1": (200, ok, html("Thread", f"Questions? {EMAIL}", ["/"]), 0),
    }
    c = {
        "/": (200, ok, html("Board C", f"Driver jobs abroad, ask https://{TELEGRAM}", [f"http://{CLEAR}/"]), 0),
    }
    clear = {
        "/": (200, ok, html("News", "A local news page.", ["/public", "/private/x"]), 0),
        "/public": (200, ok, html("Public", "Public page.", ["/"]), 0),
        "/private/x": (200, ok, html("Private", "Should not be fetched."), 0),
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n", 0),
    }
    return {A: a, B: b, C: c, CLEAR: clear, "127.0.0.1": clear}


class Web:
    """The fixture web: one loopback HTTP server for every host, with a log of (host, path) hits."""

    def __init__(self, sites: dict):
        self.sites, self.hits, self.headers = sites, [], []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                host = (self.headers.get("Host") or "").split(":")[0]
                web.hits.append((host, self.path))
                web.headers.append(dict(self.headers))
                if self.path.startswith("/img/") and self.path[5:] in IMAGES:
                    data = IMAGES[self.path[5:]]
                    return self._send(200, "image/jpeg" if data[:2] == b"\xff\xd8" else "image/png", data)
                status, ctype, body, delay = web.sites.get(host, {}).get(self.path, (404, "text/html", b"nf", 0))
                if delay:
                    time.sleep(delay)
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return self._send(status, ctype, body)

            def _send(self, status, ctype, body):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FakeTor:
    """RFC 1928 SOCKS5 with RFC 1929 username/password, about as Tor answers: every valid onion (and every other
    host name) is connected to the fixture web; an onion with a bad checksum gets 0xF6. Records each CONNECT as
    (address type, host, port, username)."""

    def __init__(self, web_port: int):
        self.web_port, self.connects = web_port, []
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def serve():
            self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()

        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(serve(), self.loop)
        ready.wait(5)

    async def handle(self, reader, writer):
        try:
            _ver, n = await reader.readexactly(2)
            methods = await reader.readexactly(n)
            user = None
            if 2 in methods:
                writer.write(b"\x05\x02")
                await reader.readexactly(1)
                user = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
                await reader.readexactly((await reader.readexactly(1))[0])
                writer.write(b"\x01\x00")
            else:
                writer.write(b"\x05\x00")
            _, _cmd, _, atyp = await reader.readexactly(4)
            if atyp == 3:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
            elif atyp == 1:
                host = socket.inet_ntoa(await reader.readexactly(4))
            else:
                host = socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
            port = int.from_bytes(await reader.readexactly(2), "big")
            self.connects.append((atyp, host, port, user))
            if host.endswith(".onion") and not is_valid_onion(host):
                writer.write(b"\x05\xf6\x00\x01" + bytes(6))
                await writer.drain()
                writer.close()
                return
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.web_port)
            writer.write(b"\x05\x00\x00\x01" + bytes(6))
            await writer.drain()

            async def pipe(r, w):
                try:
                    while data := await r.read(65536):
                        w.write(data)
                        await w.drain()
                except (ConnectionError, asyncio.IncompleteReadError):
                    pass
                finally:
                    w.close()

            await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer))
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def close(self):
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture(scope="module")
def web():
    w = Web(site_pages())
    yield w
    w.close()


@pytest.fixture(scope="module")
def tor(web):
    t = FakeTor(web.port)
    yield t
    t.close()


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    from heroes.engine.services import services_for
    from heroes.hashsets.entries import Entry
    from heroes.hashsets.pdq import hash_image
    from heroes.hashsets.store import BankStore

    url = f"sqlite:///{tmp_path_factory.mktemp('bank') / 'banks.sqlite'}"
    with BankStore(url) as store:
        store.import_entries("testbank", [Entry("md5", hashlib.md5(IMG_EXACT).hexdigest(), "B")])
        pdq = hash_image(io.BytesIO(IMG_SIMILAR_ORIGINAL))
        store.import_entries("testbank", [Entry("pdq", pdq.hex, "B", quality=pdq.quality)])
    services_for.cache_clear()
    return url


HOOK = r"""
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
def hook(event, args):
    if event == "socket.getaddrinfo":
        os.write(log, ("resolve\t%s\n" % (args[0],)).encode())
    elif event == "open" and args[0] is not None and not isinstance(args[0], int):
        mode, flags = args[1], args[2] or 0
        if (mode and any(c in mode for c in "wax+")) or flags & (os.O_WRONLY | os.O_RDWR):
            os.write(log, ("write\t%s\n" % (os.fsdecode(args[0]),)).encode())
sys.addaudithook(hook)
from heroes.cli.crawl import main
main(sys.argv[2:])
"""


def run_crawl(tmp_path: Path, seeds: list[str], *args: str, name: str = "case") -> dict:
    """Crawl in a fresh process (Scrapy's reactor runs once per process); returns records, hits and the log."""
    seeds_file = tmp_path / "seeds.txt"
    seeds_file.write_text("\n".join(seeds) + "\n")
    audit = tmp_path / f"audit-{time.monotonic_ns()}.log"
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            HOOK,
            str(audit),
            str(seeds_file),
            "--case",
            name,
            "--out",
            str(out),
            "--quiet",
            "--delay",
            "0",
            "--timeout",
            "1.5",
            "--retries",
            "0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = audit.read_text().splitlines() if audit.exists() else []
    records = [json.loads(x) for x in (out / "findings.jsonl").read_text().splitlines()]
    return {
        "records": records,
        "stderr": proc.stderr,
        "out": out,
        "resolved": [x.split("\t", 1)[1] for x in lines if x.startswith("resolve\t")],
        "written": sorted({x.split("\t", 1)[1] for x in lines if x.startswith("write\t")}),
    }


@pytest.fixture
def crawl(tmp_path):
    return lambda seeds, *args, **kw: run_crawl(tmp_path, seeds, *args, **kw)


@pytest.fixture(scope="session")
def names():
    """The fixture web's constants (test modules cannot import conftest under --import-mode=importlib)."""
    import types

    return types.SimpleNamespace(
        A=A,
        B=B,
        C=C,
        BAD=BAD,
        CLEAR=CLEAR,
        BTC=BTC,
        EMAIL=EMAIL,
        TELEGRAM=TELEGRAM,
        IMAGES=IMAGES,
        IMG_EXACT=IMG_EXACT,
        IMG_SIMILAR=IMG_SIMILAR,
        IMG_OTHER=IMG_OTHER,
        IMG_SIMILAR_ORIGINAL=IMG_SIMILAR_ORIGINAL,
        html=html,
        Web=Web,
        run=run_crawl,
    )
