"""Matching an item's hashes against every bank: exact digests by indexed lookup, PDQ through the radius index,
vPDQ videos frame by frame (heroes.hashsets.video).

A match in a ``negative`` (known-benign) bank suppresses the item's other matches of the same kind of evidence;
a ``known`` bank (NSRL) marks the item known-good. One :class:`Matcher` per process and bank URL is cached, and
its PDQ index and its bank videos are loaded on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np

from heroes.hashsets import schemes
from heroes.hashsets.entries import EXACT
from heroes.hashsets.index import MAX_EXACT_RADIUS, PdqIndex
from heroes.hashsets.models import KNOWN, NEGATIVE
from heroes.hashsets.pdq import DIHEDRAL, PdqResult
from heroes.hashsets.store import Bank, BankStore
from heroes.hashsets.video import Video, shares


@dataclass(frozen=True)
class Match:
    bank: Bank
    signal: str  # md5, sha1, sha256, pdq, vpdq
    distance: int
    category: str | None
    value: str
    media_id: str | None = None
    variant: str = ""  # the dihedral variant of the query that matched (pdq)
    shares: tuple[float, float] | None = None  # % of the query's and of the bank video's frames matched (vpdq)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "bank": self.bank.name,
            "bank_kind": self.bank.kind,
            "signal": self.signal,
            "distance": self.distance,
            "category": self.category,
            "category_label": schemes.label(self.bank.scheme, self.category),
            "scheme": self.bank.scheme,
            "value": self.value,
        }
        if self.media_id:
            out["media_id"] = self.media_id
        if self.variant:
            out["variant"] = self.variant
        if self.shares is not None:
            out["query_share"], out["index_share"] = self.shares
        if self.bank.kind == KNOWN:
            out["known_good"] = True
        return out


def split_negative(matches: list[Match]) -> tuple[list[Match], bool]:
    """The matches to report, and whether a negative bank suppressed them."""
    if any(m.bank.kind == NEGATIVE for m in matches):
        return [], True
    return matches, False


class Matcher:
    def __init__(self, store: BankStore):
        self.store = store
        self.banks = store.banks()
        # the digests any bank holds, read once like the banks and the PDQ index: no query for an absent algorithm
        self._exact_algos = {algo for per_algo in store.counts().values() for algo in per_algo}
        self._index: PdqIndex | None = None
        self._bank_ids = np.zeros(0, dtype=np.int32)
        self._cats: list[str | None] = []

    def exact(self, hashes: dict[str, str]) -> list[Match]:
        out: list[Match] = []
        for algo in EXACT:
            if hashes.get(algo) and algo in self._exact_algos:
                out.extend(
                    Match(h.bank, algo, 0, h.category, h.value, h.media_id)
                    for h in self.store.lookup(algo, [hashes[algo].lower()])
                )
        return out

    @property
    def index(self) -> PdqIndex:
        if self._index is None:
            raw, self._bank_ids, self._cats = self.store.pdq_arrays()
            self._index = PdqIndex(raw)
        return self._index

    def has_pdq(self) -> bool:
        return self.index.size > 0

    def pdq(self, result: PdqResult) -> list[Match]:
        """Matches of any dihedral variant of one image, the closest per bank entry."""
        return self.pdq_batch([result.hashes])[0]

    def pdq_batch(self, queries: list[np.ndarray]) -> list[list[Match]]:
        """Batched form: each element is an (8, 32) or (1, 32) array of one image's variants."""
        if not queries or not self.has_pdq():
            return [[] for _ in queries]
        radius = min(MAX_EXACT_RADIUS, max(b.pdq_threshold for b in self.banks.values()))
        owners = np.concatenate([np.full(len(q), i) for i, q in enumerate(queries)])
        variants = np.concatenate([np.arange(len(q)) for q in queries])
        best: list[dict[int, tuple[int, int]]] = [{} for _ in queries]
        for qrow, row, dist in self.index.search(np.concatenate(queries), radius):
            image = int(owners[qrow])
            if dist <= self.banks[int(self._bank_ids[row])].pdq_threshold and (
                row not in best[image] or dist < best[image][row][0]
            ):
                best[image][row] = (dist, int(variants[qrow]))
        hexes = self.index.hashes
        return [
            [
                Match(
                    self.banks[int(self._bank_ids[row])],
                    "pdq",
                    dist,
                    self._cats[row],
                    hexes[row].tobytes().hex(),
                    variant=DIHEDRAL[var] if var else "",
                )
                for row, (dist, var) in sorted(found.items())
            ]
            for found in best
        ]

    @cached_property
    def videos(self) -> list[tuple[Bank, str, str | None, str | None, Video]]:
        """(bank, video id, category, media id, frames) of every bank video, decoded once."""
        return [
            (self.banks[b], vid, cat, media, Video.from_stored(extra))
            for b, vid, cat, media, extra in self.store.vpdq_rows()
        ]

    def vpdq(self, query: Video) -> list[Match]:
        """The bank videos whose shares of matched frames reach their bank's query and index shares."""
        out = []
        for bank, vid, cat, media, clip in self.videos:
            q, b = shares(query, clip, bank.pdq_threshold)
            if q > 0 and q >= bank.vpdq_query_share and b >= bank.vpdq_index_share:
                out.append(Match(bank, "vpdq", 0, cat, vid, media, shares=(round(q, 1), round(b, 1))))
        return out


@cache
def matcher_for(url: str) -> Matcher:
    """One matcher per process and bank database: workers load the banks once, not per item."""
    return Matcher(BankStore(url))
