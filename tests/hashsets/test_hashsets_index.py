"""The multi-index PDQ index is exact: the same pairs as numpy brute force and faiss IndexBinaryFlat."""

from __future__ import annotations

import faiss
import numpy as np

from heroes.hashsets.index import PdqIndex, brute_force


def _planted(rng, base, flips):
    bits = np.unpackbits(base, axis=1)
    for row, k in zip(bits, flips, strict=True):
        row[rng.choice(256, k, replace=False)] ^= 1
    return np.packbits(bits, axis=1)


def test_radius_search_equals_brute_force_and_faiss():
    rng = np.random.default_rng(7)
    bank = rng.integers(0, 256, (20_000, 32), dtype=np.uint8)
    flips = [0, 1, 10, 15, 16, 17, 30, 31, 32, 40] * 5
    queries = np.vstack([_planted(rng, bank[:50], flips), rng.integers(0, 256, (50, 32), dtype=np.uint8)])
    index = PdqIndex(bank)
    for radius in (31, 15, 47):
        got = index.search(queries, radius)
        assert got == brute_force(bank, queries, radius)
        flat = faiss.IndexBinaryFlat(256)
        flat.add(bank)
        lims, dist, ids = flat.range_search(queries, radius + 1)  # faiss keeps distances strictly below r
        want = sorted((q, int(ids[j]), int(dist[j])) for q in range(len(queries)) for j in range(lims[q], lims[q + 1]))
        assert got == want
        assert index.search(queries, radius, budget=1) == got  # one query per pass: the same pairs
    planted = {q for q, r, d in index.search(queries, 31) if r == q}
    assert planted == {i for i, k in enumerate(flips) if k <= 31}  # every near-duplicate within 31, none beyond


def test_single_query_and_empty_index():
    rng = np.random.default_rng(1)
    bank = rng.integers(0, 256, (100, 32), dtype=np.uint8)
    assert PdqIndex(bank).search(bank[5]) == [(0, 5, 0)]
    assert PdqIndex(np.zeros((0, 32), np.uint8)).search(bank[:3]) == []


def test_large_radius_falls_back_to_brute_force():
    rng = np.random.default_rng(2)
    bank = rng.integers(0, 256, (500, 32), dtype=np.uint8)
    q = rng.integers(0, 256, (5, 32), dtype=np.uint8)
    assert PdqIndex(bank).search(q, 120) == brute_force(bank, q, 120) != []
