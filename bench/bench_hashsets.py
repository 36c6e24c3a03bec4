"""Benchmark: a 1,000,000-hash PDQ bank (import, index build, memory, radius-31 queries with recall) against faiss
IndexBinaryFlat and numpy brute force in the same run, and PDQ hashing of JPEGs against a bare pdqhash loop."""

from __future__ import annotations

import importlib.util
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np
import pdqhash
from PIL import Image

from heroes.hashsets.formats import parse
from heroes.hashsets.index import PdqIndex, _flip_masks, brute_force
from heroes.hashsets.pdq import hash_image
from heroes.hashsets.store import BankStore

N = int(os.environ.get("BENCH_PDQ_N", 1_000_000))
BACKENDS = os.environ.get("BENCH_PDQ_BACKENDS", "SQLite,PostgreSQL").split(",")  # which bank databases to measure
BATCH = 10_000
SINGLE = 300
RADIUS = 31
REPO = Path(__file__).resolve().parents[1]
MASKS_31 = _flip_masks(RADIUS // 16)
sys.path.insert(0, str(REPO / "tests" / "hashsets"))


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return rss_mib()


def planted(rng, bank, n):
    rows = rng.choice(len(bank), n, replace=False)
    bits = np.unpackbits(bank[rows], axis=1)
    flips = np.where(np.arange(n) % 2 == 0, 10, 31)
    for row, k in zip(bits, flips, strict=True):
        row[rng.choice(256, k, replace=False)] ^= 1
    return np.packbits(bits, axis=1), rows


def faiss_search(index, queries):
    lims, dist, ids = index.range_search(queries, RADIUS + 1)  # strictly below r
    return sorted((q, int(ids[j]), int(dist[j])) for q in range(len(queries)) for j in range(lims[q], lims[q + 1]))


def write_list(path: Path, bank: np.ndarray) -> None:
    with path.open("w") as f:
        for start in range(0, len(bank), 100_000):
            f.write("".join(h.tobytes().hex() + ",100\n" for h in bank[start : start + 100_000]))


def open_in_child(url: str) -> tuple[float, float]:
    """(seconds, peak MiB) of opening the bank's PDQ index in a fresh process, as a triage start does."""
    done = subprocess.run(
        [sys.executable, __file__, "--open", url], check=True, capture_output=True, text=True, env=os.environ
    )
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def child_open(url: str) -> None:
    t = time.perf_counter()
    with BankStore(url) as store:
        found = store.pdq_index()
        found.index.search(np.zeros((1, 32), np.uint8), RADIUS)  # usable: one query through the mapped files
    print(time.perf_counter() - t, peak_mib())


def postgres_server():
    spec = importlib.util.spec_from_file_location("store_conftest", REPO / "tests" / "store" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PostgresServer()


def bank_rows(lst: Path, tmp: str) -> tuple[list[tuple[str, str]], str]:
    """Import and open figures for a SQLite and a PostgreSQL bank; returns them and the SQLite URL."""
    rows = []
    server = postgres_server() if "PostgreSQL" in BACKENDS else None
    try:
        urls = {"SQLite": f"sqlite:///{tmp}/banks.sqlite"}
        if server is not None:
            urls["PostgreSQL"] = server.create_database()
        for name, url in urls.items():
            with BankStore(url) as store:
                t = time.perf_counter()
                store.import_entries("bench", parse(lst, "pdq")[1])
                t_import = time.perf_counter() - t
            first, first_peak = open_in_child(url)
            again = sorted(open_in_child(url) for _ in range(3))[1]  # median of three
            rows += [
                (f"import (text list -> {name} bank, one transaction)", f"{t_import:.1f} s ({N / t_import:,.0f} /s)"),
                (
                    f"first open, {name}: read rows, build and save the index",
                    f"{first:.1f} s, peak {first_peak:.0f} MiB",
                ),
                (
                    f"open, {name}: saved index memory-mapped (median of 3)",
                    f"{again[0]:.2f} s, peak {again[1]:.0f} MiB",
                ),
            ]
    finally:
        if server is not None:
            server.stop()
    return rows, urls["SQLite"]


def main() -> None:
    if sys.argv[1:2] == ["--open"]:
        child_open(sys.argv[2])
        return
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(2026)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_STATE_HOME"] = tmp  # the PostgreSQL bank's index folder
        bank = rng.integers(0, 256, (N, 32), dtype=np.uint8)
        lst = Path(tmp) / "bank.pdq"
        write_list(lst, bank)
        rows, url = bank_rows(lst, tmp)
        with BankStore(url) as store:
            opened = store.pdq_index()
        index, raw = opened.index, np.asarray(opened.index.hashes)
        order = lambda a: a[np.lexsort(a.view(">u8").T[::-1])]  # noqa: E731
        assert np.array_equal(order(raw), order(bank))  # one import's rows follow their values, not the list
        del bank
        t = time.perf_counter()
        PdqIndex(raw)
        t_build = time.perf_counter() - t
        t = time.perf_counter()
        flat = faiss.IndexBinaryFlat(256)
        flat.add(raw)
        t_flat = time.perf_counter() - t
        near, truth = planted(rng, raw, BATCH // 2)
        queries = np.vstack([near, rng.integers(0, 256, (BATCH - len(near), 32), dtype=np.uint8)])
        perm = rng.permutation(BATCH)
        queries, owner = queries[perm], np.concatenate([truth, np.full(BATCH - len(near), -1)])[perm]

        def per_query(fn, k):
            t0 = time.perf_counter()
            for q in queries[:k]:
                fn(q[None, :])
            return (time.perf_counter() - t0) / k * 1e3

        def batched(**kw):
            t0 = time.perf_counter()
            out = index.search(queries, RADIUS, **kw)
            return time.perf_counter() - t0, out

        index.search(queries[:200], RADIUS)  # warm the mapped pages
        ms_ours = sorted(per_query(index.search, SINGLE) for _ in range(3))[1]
        ms_flat = per_query(lambda q: flat.range_search(q, RADIUS + 1), SINGLE)
        ms_brute = per_query(lambda q: brute_force(raw, q, RADIUS), 30)
        b_ours, ours = sorted((batched() for _ in range(3)), key=lambda x: x[0])[1]
        per_probe = len(MASKS_31) * 16 * N // 65536
        b_old, old = batched(budget=64 * per_probe)  # the former fixed 64 queries per pass
        t = time.perf_counter()
        theirs = faiss_search(flat, queries)
        b_flat = time.perf_counter() - t
        check = brute_force(raw, queries[:200], RADIUS)
        found = {(q, r) for q, r, _ in ours}
        want = [(q, int(owner[q])) for q in range(BATCH) if owner[q] >= 0]
        recall = 100.0 * sum(p in found for p in want) / len(want)
        same_flat = ours == theirs == old
        same_brute = [x for x in ours if x[0] < 200] == check
    rows = [
        ("bank size", f"{N:,} PDQ hashes (random), {len(want):,} planted near-duplicates (10 and 31 bits)"),
        *rows,
        ("index build in memory: ours (16 x 16-bit multi-index)", f"{t_build:.2f} s"),
        ("index build: faiss IndexBinaryFlat", f"{t_flat:.2f} s"),
        ("index size: ours / flat", f"{index.nbytes / 2**20:.0f} MiB / {raw.nbytes / 2**20:.0f} MiB"),
        ("bench process peak RSS (holds its own copies of the hashes)", f"{rss_mib():.0f} MiB"),
        ("single query, ours (median of 3 loops)", f"{ms_ours:.3f} ms ({1e3 / ms_ours:,.0f} q/s)"),
        ("single query, faiss IndexBinaryFlat (1 thread)", f"{ms_flat:.3f} ms ({1e3 / ms_flat:,.0f} q/s)"),
        ("single query, numpy brute force", f"{ms_brute:.1f} ms ({1e3 / ms_brute:,.0f} q/s)"),
        (
            f"batched {BATCH:,} queries, ours (median of 3)",
            f"{b_ours:.2f} s ({BATCH / b_ours:,.0f} q/s, {BATCH / b_ours * ms_ours / 1e3:.2f}x the single-query loop)",
        ),
        (
            f"batched {BATCH:,} queries, ours with 64 queries a pass (before)",
            f"{b_old:.2f} s ({BATCH / b_old:,.0f} q/s)",
        ),
        (f"batched {BATCH:,} queries, faiss IndexBinaryFlat (1 thread)", f"{b_flat:.2f} s ({BATCH / b_flat:,.0f} q/s)"),
        ("recall of planted near-duplicates (ours)", f"{recall:.1f}%"),
        ("result pairs identical to faiss (all) / brute force (first 200)", f"{same_flat} / {same_brute}"),
    ]
    rows += jpeg_rows()
    print("## hashsets\n")
    print(
        "Known-material matching: bank import and open on SQLite and PostgreSQL, PDQ radius search at scale and PDQ "
        "hashing cost. Random 256-bit hashes (no real material); every figure comes from one run on one machine, "
        "faiss pinned to one thread; opens run in a fresh process each, as a triage start does.\n"
    )
    cpu = platform.processor() or platform.machine()
    print(
        f"Command: `.venv/bin/python bench/bench_hashsets.py` (BENCH_PDQ_N={N}, "
        f"BENCH_PDQ_BACKENDS={','.join(BACKENDS)}); {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, faiss {faiss.__version__}, numpy {np.__version__}.\n"
    )
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


def jpeg_rows() -> list[tuple[str, str]]:
    from conftest import scene  # the tests' benign generated pictures

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(40):
            p = Path(tmp) / f"{i}.jpg"
            scene(i, (1600, 1200)).save(p, quality=90)
            paths.append(str(p))

        def bare():
            for p in paths:
                pdqhash.compute(np.asarray(Image.open(p).convert("RGB")))

        def ours():
            for p in paths:
                hash_image(p, dihedral=False)

        def ours_dihedral():
            for p in paths:
                hash_image(p)

        out = {}
        for name, fn in (("bare", bare), ("ours", ours), ("dihedral", ours_dihedral)):
            fn()
            t = time.perf_counter()
            fn()
            out[name] = (time.perf_counter() - t) / len(paths) * 1e3
    return [
        ("PDQ of a 1600x1200 JPEG: bare `pdqhash.compute` loop (full decode)", f"{out['bare']:.1f} ms"),
        (
            "PDQ of a 1600x1200 JPEG: ours (draft decode + 512 px)",
            f"{out['ours']:.1f} ms ({out['ours'] / out['bare']:.2f}x bare)",
        ),
        (
            "PDQ of a 1600x1200 JPEG: ours with 8 dihedral hashes",
            f"{out['dihedral']:.1f} ms ({out['dihedral'] / out['bare']:.2f}x bare)",
        ),
    ]


if __name__ == "__main__":
    main()
