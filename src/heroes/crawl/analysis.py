"""Page analysis and image hashing off the Twisted reactor thread, in a few worker processes, so downloading and
analysing overlap and the reactor never waits for an analyser, libmagic or PDQ.

Why processes: the analysers are pure Python and hold the GIL. Why not `ProcessPoolExecutor`: its feeder and
manager threads fight the reactor for the GIL on every page (measured: a millisecond a page, in a crawl whose whole
budget is a few). Here each worker is one ``fork`` with two pipes; the reactor writes jobs without blocking (what
the pipe cannot take waits in memory until the pipe drains) and reads results when the event loop says they are
there. No thread is involved. The workers are forked by `Analysis.start` before the reactor runs, from a parent
that has created nothing that cannot survive a fork; each worker loads the analysers itself (their ONNX sessions,
the bank matcher's connections). Image bytes reach a worker through a pipe, in memory, and are never written.

``workers == 0`` runs everything inline on the caller's thread (where ``fork`` is not available).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import signal
import struct
from collections import deque
from typing import Any

SKIP_ANALYSERS = frozenset({"filetype"})  # a URL has no file extension to compare with the content
WORKERS_ENV = "HEROES_CRAWL_WORKERS"
_LEN = struct.Struct("!I")

_state: dict[str, Any] = {}  # this process's bank database, settings and analysers (loaded on first use)


def default_workers() -> int:
    """$HEROES_CRAWL_WORKERS, else one worker per CPU but one (the reactor's), at least one, at most four."""
    if os.environ.get(WORKERS_ENV, "").strip():
        return max(0, int(os.environ[WORKERS_ENV]))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _loaded() -> dict[str, Any]:
    if "analysers" not in _state:
        from heroes.core.settings import Settings
        from heroes.engine import registry

        _state["settings"] = Settings.from_env(bank_db=_state.get("bank_db", ""))
        _state["analysers"] = registry.enabled(SKIP_ANALYSERS)
    return _state


def warm() -> None:
    """Load the analysers now (a worker does it while Scrapy starts, not on the first page)."""
    _loaded()


def analyse_page(item: Any, mime: str | None) -> list[Any]:
    """Every analyser on one stored page (`mime` from Content-Type when it is plain HTML: no libmagic call)."""
    from heroes.engine.process import process_item

    state = _loaded()
    return process_item(item, state["settings"], state["analysers"], mime=mime)


def hash_media(body: bytes, content_type: str, bank_db: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Hashes and bank matches of one image or video; the bytes die with this call."""
    import dataclasses

    from heroes.crawl.images import image_hashes, match_hashes
    from heroes.engine.services import services_for
    from heroes.hashsets.match import MATCHER

    settings = dataclasses.replace(_loaded()["settings"], bank_db=bank_db)  # the pages' matcher when banks agree
    hashes, pdq = image_hashes(body, content_type)
    return hashes, match_hashes(services_for(settings).get(MATCHER), hashes, pdq)


def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    return _LEN.pack(len(data)) + data


def _read_exactly(fd: int, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _serve(jobs: int, results: int, close: list[int]) -> None:
    """A worker: run each job, answer in order, exit when the parent closes the job pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl; the worker ends when its pipe closes
    for fd in close:  # the parent's pipe ends, so each worker sees the end of its own job pipe
        os.close(fd)
    while (head := _read_exactly(jobs, _LEN.size)) is not None:
        body = _read_exactly(jobs, _LEN.unpack(head)[0])
        if body is None:
            break
        fn, args = pickle.loads(body)  # noqa: S301  # our own parent, through a private pipe
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # the worker boundary: the parent records it as an error finding
            answer = (False, f"{type(exc).__name__}: {exc}")
        data = memoryview(_frame(answer))
        while data:
            data = data[os.write(results, data) :]


class _Worker:
    def __init__(self, close: list[int], jobs: tuple[int, int], results: tuple[int, int]):
        self.jobs, self.results = jobs[1], results[0]
        self.process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(jobs[0], results[1], close), name="heroes-crawl-analysis", daemon=True
        )
        self.process.start()
        os.close(jobs[0])
        os.close(results[1])
        os.set_blocking(self.jobs, False)
        os.set_blocking(self.results, False)
        self.pending: deque[asyncio.Future[Any] | None] = deque()
        self.out = bytearray()
        self.inbuf = bytearray()
        self.loop: asyncio.AbstractEventLoop | None = None

    def send(self, fn: Any, args: tuple[Any, ...], future: asyncio.Future[Any] | None) -> None:
        self.pending.append(future)
        self.out += _frame((fn, args))
        self.flush()

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.loop is None:
            self.loop = loop
            loop.add_reader(self.results, self.readable)
            self.flush()

    def flush(self) -> None:
        """Write what the pipe takes now; the rest when the loop says it is writable (never blocks)."""
        try:
            while self.out:
                del self.out[: os.write(self.jobs, self.out)]
        except BlockingIOError:
            pass
        except OSError:  # the worker is gone
            self.out.clear()
            self.fail("analysis worker exited")
            return
        if self.loop is not None:
            if self.out:
                self.loop.add_writer(self.jobs, self.flush)
            else:
                self.loop.remove_writer(self.jobs)

    def readable(self) -> None:
        try:
            while chunk := os.read(self.results, 1 << 20):
                self.inbuf += chunk
            self.fail("analysis worker exited")  # end of file: the worker is gone
        except BlockingIOError:
            pass
        while len(self.inbuf) >= _LEN.size and self.pending:
            size = _LEN.unpack_from(self.inbuf)[0]
            if len(self.inbuf) < _LEN.size + size:
                break
            ok, value = pickle.loads(self.inbuf[_LEN.size : _LEN.size + size])  # noqa: S301  # our own worker
            del self.inbuf[: _LEN.size + size]
            future = self.pending.popleft()
            if future is not None and not future.done():
                future.set_result(value) if ok else future.set_exception(RuntimeError(value))

    def fail(self, why: str) -> None:
        if self.loop is not None:
            self.loop.remove_reader(self.results)
            self.loop.remove_writer(self.jobs)
        while self.pending:
            future = self.pending.popleft()
            if future is not None and not future.done():
                future.set_exception(RuntimeError(why))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.loop is not None and not self.loop.is_closed():
                self.loop.remove_reader(self.results)
                self.loop.remove_writer(self.jobs)
        for fd in (self.jobs, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


class Analysis:
    """Runs the per-item analysis of crawled pages and images in forked workers, off the crawler's reactor thread."""

    def __init__(self, bank_db: str, workers: int | None = None):
        self.bank_db = bank_db
        self.workers = default_workers() if workers is None else workers
        self._pool: list[_Worker] = []
        _state.setdefault("bank_db", bank_db)

    def start(self) -> None:
        """Fork the workers (call before the reactor starts) and have them load the analysers meanwhile."""
        if self._pool or not self.workers:
            return
        for _ in range(self.workers):
            jobs, results = os.pipe(), os.pipe()
            # the worker closes the parent's ends (its own and the earlier workers'): all open at the fork
            close = [jobs[1], results[0], *(fd for w in self._pool for fd in (w.jobs, w.results))]
            worker = _Worker(close, jobs, results)
            worker.send(warm, (), None)
            self._pool.append(worker)

    async def run(self, fn: Any, *args: Any) -> Any:
        """`fn(*args)` in the least busy worker, awaited without blocking the reactor; inline without workers.
        A failure in the worker is raised here as RuntimeError."""
        if not self._pool:
            return fn(*args)
        loop = asyncio.get_running_loop()
        worker = min(self._pool, key=lambda w: len(w.pending))
        worker.attach(loop)
        future: asyncio.Future[Any] = loop.create_future()
        worker.send(fn, args, future)
        return await future

    def close(self) -> None:
        for worker in self._pool:
            worker.close()
        self._pool = []
