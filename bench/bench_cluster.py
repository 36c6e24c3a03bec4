"""Benchmark: `heroes triage` on a Dask cluster of separate processes (`dask scheduler`, then 1 or 2 `dask worker`
processes on loopback, one thread each) with the case store on PostgreSQL, against a one-process run into SQLite
in the same run (the anchor); findings compared. Tree: `bench/make_tree.py` at BENCH_CLUSTER_SCALE (default 0.05)."""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import distributed
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCALE = float(os.environ.get("BENCH_CLUSTER_SCALE", "0.05"))
REPEATS = 3


def findings(out: Path) -> list[str]:
    rows = (json.loads(line) for line in (out / "findings.jsonl").read_text("utf-8").splitlines())
    return sorted(
        json.dumps({k: v for k, v in r.items() if k not in {"evidence", "locator"}}, sort_keys=True) for r in rows
    )


def triage(tree: Path, out: Path, *extra: str) -> float:
    t = time.perf_counter()
    subprocess.run([BIN / "heroes", "triage", str(tree), "--out", str(out), *extra], check=True, capture_output=True)
    return time.perf_counter() - t


def on_cluster(tree: Path, tmp: Path, workers: int, db_url: str) -> tuple[list[float], list[str]]:
    with load("engine").dask_processes(tmp, workers) as address:
        times = []
        for i in range(REPEATS):
            out = tmp / f"cluster{workers}-{i}"
            times.append(triage(tree, out, "--db", f"{db_url}_{workers}_{i}", "--scheduler", address))
    return times, findings(out)


def load(folder: str):
    """tests/<folder>/conftest.py as a module: the store tests' PostgreSQL server, the engine tests' cluster."""
    spec = importlib.util.spec_from_file_location(f"{folder}_conftest", REPO / "tests" / folder / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        tree = tmp / "tree"
        subprocess.run([sys.executable, REPO / "bench" / "make_tree.py", str(tree), "--scale", str(SCALE)], check=True)
        files = sum(1 for p in tree.rglob("*") if p.is_file())
        mb = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file()) / 1e6
        server = load("store").PostgresServer()
        try:
            base = server.create_database()
            admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for w in (1, 2):
                    for i in range(REPEATS):
                        conn.execute(text(f'CREATE DATABASE "{base.rsplit("/", 1)[1]}_{w}_{i}"'))
            admin.dispose()
            triage(tree, tmp / "warm", "--workers", "1")  # page cache and imports warm
            one = [triage(tree, tmp / f"one-{i}", "--workers", "1") for i in range(REPEATS)]
            want = findings(tmp / "one-0")
            runs = {w: on_cluster(tree, tmp, w, base) for w in (1, 2)}
        finally:
            server.stop()
    print("## cluster\n")
    print(
        "`heroes triage` on a Dask cluster of separate processes: `dask scheduler` and 1 or 2 `dask worker` "
        "processes (one thread each) on loopback, the case store on PostgreSQL 15, against a one-process run into "
        f"SQLite in the same run. Median of {REPEATS} runs each, start-up included; the machine's CPUs are shared "
        "with the scheduler, the database server and the CLI.\n"
    )
    print(
        f"Command: `.venv/bin/python bench/bench_cluster.py` (BENCH_CLUSTER_SCALE={SCALE}: {files} files, "
        f"{mb:.0f} MB); {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"distributed {distributed.__version__}.\n"
    )
    print("| run | seconds (median) | files/s | vs one process | findings identical |\n|---|---:|---:|---:|---|")
    anchor = statistics.median(one)
    print(f"| one process, SQLite (`--workers 1`) | {anchor:.1f} | {files / anchor:.0f} | 1.00x | (reference) |")
    for w, (times, got) in runs.items():
        t = statistics.median(times)
        print(f"| {w} dask worker(s), PostgreSQL | {t:.1f} | {files / t:.0f} | {anchor / t:.2f}x | {got == want} |")


if __name__ == "__main__":
    main()
