"""Crash safety and concurrent writers, with real processes: kill -9 mid-scan, two scans racing on one case."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import text

from heroes.store import CaseStore, db

WRITER = textwrap.dedent("""
    import sys
    from heroes.core.finding import Finding
    from heroes.store import CaseStore

    url, first, count, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    store = CaseStore(url)
    case = store.case("crash")
    ev = store.evidence(case, "/ev", "directory", {})
    for start in range(first, first + count, batch):
        items = []
        for i in range(start, min(start + batch, first + count)):
            path = f"dir/{i:06d}.bin"
            items.append((f"k{i}", path, [Finding("file", path, {"i": i, "n": j}, "hash") for j in range(i % 5 + 1)]))
        store.save_items(ev, items)
        print(start, flush=True)
    store.close()
""")


def spawn(url: str, first: int, count: int, batch: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(first), str(count), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def expected(i: int) -> int:
    return i % 5 + 1


def check_consistent(url: str) -> set[int]:
    """Every done item has all of its findings, no finding lacks its item; returns the done item numbers."""
    with CaseStore(url) as store:
        case = store.case("crash")
        ev = store.evidence(case, "/ev", "directory", {})
        done = {int(k[1:]) for k in store.done_keys(ev)}
        per_item: dict[int, list[int]] = {}
        for rec in store.records(case):
            per_item.setdefault(rec["i"], []).append(rec["n"])
    assert set(per_item) <= done
    for i in done:
        assert per_item.get(i, []) == list(range(expected(i))), f"item {i} is half-written or duplicated"
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            orphans = conn.execute(
                text("SELECT count(*) FROM findings f LEFT JOIN items i ON f.item_id = i.id WHERE i.id IS NULL")
            ).scalar()
            assert orphans == 0
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        engine.dispose()
    return done


def test_kill_9_mid_scan_leaves_whole_items_and_resume_completes(store_url):
    CaseStore(store_url).close()  # schema in place before the clock starts
    proc = spawn(store_url, 0, 100_000, 7)
    assert proc.stdout is not None
    for _ in range(20):  # let it commit a few batches, then kill it while it keeps writing
        if not proc.stdout.readline():
            raise AssertionError(proc.stderr.read() if proc.stderr else "writer died")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert proc.stderr is not None
    proc.stderr.close()
    done = check_consistent(store_url)
    assert len(done) >= 20 * 7
    assert done == set(range(len(done)))  # batches are committed in order: a prefix survived
    with CaseStore(store_url) as store:  # the resumed scan: only what is missing
        ev = store.evidence(store.case("crash"), "/ev", "directory", {})
        assert store.save_items(ev, [(f"k{i}", "x", []) for i in range(len(done) + 5)]) == 5


def test_concurrent_writers_saving_the_same_keys_never_duplicate(store_url):
    CaseStore(store_url).close()
    started = time.monotonic()
    procs = [spawn(store_url, 0, 300, 10) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split()[-1] == "290"
    assert time.monotonic() - started < 120
    assert check_consistent(store_url) == set(range(300))
