"""Benchmark: a 1,000,000-hash PDQ bank (import, index build, memory, radius-31 queries with recall) against faiss
IndexBinaryFlat and numpy brute force in the same run, and PDQ hashing of JPEGs against a bare pdqhash loop."""

from __future__ import annotations

import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np
import pdqhash
from PIL import Image

from heroes.hashsets.formats import parse
from heroes.hashsets.index import PdqIndex, brute_force
from heroes.hashsets.pdq import hash_image
from heroes.hashsets.store import BankStore

N = int(os.environ.get("BENCH_PDQ_N", 1_000_000))
BATCH = 10_000
SINGLE = 300
RADIUS = 31
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hashsets"))


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def main() -> None:
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(2026)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        bank = rng.integers(0, 256, (N, 32), dtype=np.uint8)
        lst = Path(tmp) / "bank.pdq"
        lst.write_text("\n".join(h.tobytes().hex() + ",100" for h in bank) + "\n")
        t = time.perf_counter()
        with BankStore(f"sqlite:///{tmp}/banks.sqlite") as store:
            store.import_entries("bench", parse(lst, "pdq")[1])
            t_import = time.perf_counter() - t
            t = time.perf_counter()
            raw, _, _ = store.pdq_arrays()
            t_load = time.perf_counter() - t
        assert np.array_equal(raw, bank)
        rss0 = rss_mib()
        t = time.perf_counter()
        index = PdqIndex(raw)
        t_build = time.perf_counter() - t
        t = time.perf_counter()
        flat = faiss.IndexBinaryFlat(256)
        flat.add(raw)
        t_flat = time.perf_counter() - t
        near, truth = planted(rng, bank, BATCH // 2)
        queries = np.vstack([near, rng.integers(0, 256, (BATCH - len(near), 32), dtype=np.uint8)])
        perm = rng.permutation(BATCH)
        queries, owner = queries[perm], np.concatenate([truth, np.full(BATCH - len(near), -1)])[perm]

        def per_query(fn, k):
            t0 = time.perf_counter()
            for q in queries[:k]:
                fn(q[None, :])
            return (time.perf_counter() - t0) / k * 1e3

        ms_ours = per_query(index.search, SINGLE)
        ms_flat = per_query(lambda q: flat.range_search(q, RADIUS + 1), SINGLE)
        ms_brute = per_query(lambda q: brute_force(raw, q, RADIUS), 30)
        t = time.perf_counter()
        ours = index.search(queries, RADIUS)
        b_ours = time.perf_counter() - t
        t = time.perf_counter()
        theirs = faiss_search(flat, queries)
        b_flat = time.perf_counter() - t
        check = brute_force(raw, queries[:200], RADIUS)
        found = {(q, r) for q, r, _ in ours}
        want = [(q, int(owner[q])) for q in range(BATCH) if owner[q] >= 0]
        recall = 100.0 * sum(p in found for p in want) / len(want)
        same_flat = ours == theirs
        same_brute = [x for x in ours if x[0] < 200] == check
    rows = [
        ("bank size", f"{N:,} PDQ hashes (random), {len(want):,} planted near-duplicates (10 and 31 bits)"),
        ("import (text list -> SQLite bank, one transaction)", f"{t_import:.1f} s ({N / t_import:,.0f} /s)"),
        ("load hashes from the bank", f"{t_load:.1f} s"),
        ("index build: ours (16 x 16-bit multi-index)", f"{t_build:.2f} s"),
        ("index build: faiss IndexBinaryFlat", f"{t_flat:.2f} s"),
        ("index memory: ours / flat", f"{index.nbytes / 2**20:.0f} MiB / {raw.nbytes / 2**20:.0f} MiB"),
        ("process peak RSS", f"{rss_mib():.0f} MiB (before index {rss0:.0f} MiB)"),
        ("single query, ours", f"{ms_ours:.3f} ms ({1e3 / ms_ours:,.0f} q/s)"),
        ("single query, faiss IndexBinaryFlat (1 thread)", f"{ms_flat:.3f} ms ({1e3 / ms_flat:,.0f} q/s)"),
        ("single query, numpy brute force", f"{ms_brute:.1f} ms ({1e3 / ms_brute:,.0f} q/s)"),
        (f"batched {BATCH:,} queries, ours", f"{b_ours:.2f} s ({BATCH / b_ours:,.0f} q/s)"),
        (f"batched {BATCH:,} queries, faiss IndexBinaryFlat (1 thread)", f"{b_flat:.2f} s ({BATCH / b_flat:,.0f} q/s)"),
        ("recall of planted near-duplicates (ours)", f"{recall:.1f}%"),
        ("result pairs identical to faiss (all) / brute force (first 200)", f"{same_flat} / {same_brute}"),
    ]
    rows += jpeg_rows()
    print("## hashsets\n")
    print(
        "Known-material matching: PDQ radius search at scale and PDQ hashing cost. Random 256-bit hashes (no "
        "real material); every figure comes from one run on one machine, faiss pinned to one thread.\n"
    )
    cpu = platform.processor() or platform.machine()
    print(
        f"Command: `.venv/bin/python bench/bench_hashsets.py` (BENCH_PDQ_N={N}); {cpu}, {os.cpu_count()} CPUs, "
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
