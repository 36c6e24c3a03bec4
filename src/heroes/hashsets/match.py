"""Matching against every bank: digests by indexed lookup, PDQ through the radius index, vPDQ videos through the
frame index and then by shares of frames (heroes.hashsets.video), one `Signal` each (heroes.hashsets.signals).

A match in a ``negative`` (known-benign) bank suppresses the item's other matches; a ``known`` bank (NSRL) marks the
item known-good. `screen` is the one place that combines them, for the analysers and the crawler alike. A `Matcher`
reads banks through a `BankReader` and never opens a database itself: the engine builds one per worker process
(the `MATCHER` service) and loads its PDQ and vPDQ indexes on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from heroes.core.services import ServiceKey
from heroes.hashsets import schemes
from heroes.hashsets.banks import KNOWN, NEGATIVE, Bank, BankReader
from heroes.hashsets.index import MAX_EXACT_RADIUS, PdqIndex
from heroes.hashsets.index_file import PdqBankIndex
from heroes.hashsets.pdq import DIHEDRAL, PdqResult
from heroes.hashsets.signals import DIGESTS, PDQ, VPDQ
from heroes.hashsets.video import Video, VpdqIndex, shares


@dataclass(frozen=True)
class Match:
    """One bank entry an item matched, by which signal and how closely."""

    bank: Bank
    signal: str  # md5, sha1, sha256, pdq, vpdq
    distance: int
    category: str | None
    value: str
    media_id: str | None = None
    variant: str = ""  # the dihedral variant of the query that matched (pdq)
    shares: tuple[float, float] | None = None  # % of the query's and of the bank video's frames matched (vpdq)

    def data(self) -> dict[str, Any]:
        """The fields of a ``hash_match`` finding (docs/findings.md)."""
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
    """Every bank's entries, matched against one item's hashes at a time (or a batch of images)."""

    def __init__(self, reader: BankReader):
        self._reader = reader
        self.banks = reader.banks()
        # the signals any bank holds, read once like the banks and the indexes: no query for an absent digest
        self._present = {algo for per_bank in reader.counts().values() for algo in per_bank}
        self._pdq: PdqBankIndex | None = None

    def exact(self, hashes: dict[str, str]) -> list[Match]:
        """The entries equal to one of the item's digests, weakest digest first."""
        out: list[Match] = []
        for digest in DIGESTS:
            value = hashes.get(digest.name)
            if value and digest.name in self._present:
                out.extend(
                    Match(h.bank, digest.name, 0, h.category, h.value, h.media_id)
                    for h in self._reader.lookup(digest.name, [value.lower()])
                )
        return out

    @property
    def pdq_bank(self) -> PdqBankIndex:
        """The PDQ radius index over every bank's PDQ entries with their banks and categories, opened on first use."""
        if self._pdq is None:
            self._pdq = self._reader.pdq_index()
        return self._pdq

    @property
    def index(self) -> PdqIndex:
        """The PDQ radius index over every bank's PDQ entries."""
        return self.pdq_bank.index

    def has_pdq(self) -> bool:
        """Whether any bank holds PDQ hashes (worth hashing an image for)."""
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
        pdq = self.pdq_bank
        for qrow, row, dist in pdq.index.search(np.concatenate(queries), radius):
            image = int(owners[qrow])
            if dist <= self.banks[int(pdq.bank_ids[row])].pdq_threshold and (
                row not in best[image] or dist < best[image][row][0]
            ):
                best[image][row] = (dist, int(variants[qrow]))
        hexes = pdq.index.hashes
        return [
            [
                Match(
                    self.banks[int(pdq.bank_ids[row])],
                    PDQ.name,
                    dist,
                    pdq.category(row),
                    hexes[row].tobytes().hex(),
                    variant=DIHEDRAL[var] if var else "",
                )
                for row, (dist, var) in sorted(found.items())
            ]
            for found in best
        ]

    @cached_property
    def _bank_videos(self) -> tuple[list[tuple[Bank, str, str | None, str | None]], VpdqIndex]:
        """(bank, video id, category, media id) of every bank video, and the frame index over them (same rows),
        decoded once."""
        entries: list[tuple[Bank, str, str | None, str | None]] = []
        clips: list[Video] = []
        for bank_id, vid, cat, media, extra in self._reader.vpdq_rows():
            entries.append((self.banks[bank_id], vid, cat, media))
            clips.append(Video.from_stored(extra))
        return entries, VPDQ.index(clips, [entry[0].pdq_threshold for entry in entries])

    def has_vpdq(self) -> bool:
        """Whether any bank holds videos (worth hashing a video for)."""
        return len(self._bank_videos[1]) > 0

    def vpdq(self, query: Video) -> list[Match]:
        """The bank videos whose shares of matched frames reach their bank's query and index shares; only videos
        with a frame near one of the query's are compared (the index finds them)."""
        entries, index = self._bank_videos
        out = []
        for row in index.candidates(query):
            bank, vid, cat, media = entries[row]
            q, b = shares(query, index.videos[row], bank.pdq_threshold)
            if q > 0 and q >= bank.vpdq_query_share and b >= bank.vpdq_index_share:
                out.append(Match(bank, VPDQ.name, 0, cat, vid, media, shares=(round(q, 1), round(b, 1))))
        return out


MATCHER: ServiceKey[Matcher] = ServiceKey("hash-bank matcher")


@dataclass
class Screened:
    """What one item (or crawled image) reports: its matches, or that a negative bank suppressed them."""

    matches: list[Match]
    suppressed: bool

    @property
    def known_good(self) -> bool:
        """Whether a known-good bank lists it (the engine may then skip the rest of the item)."""
        return any(m.bank.kind == KNOWN for m in self.matches)


def screen(
    matcher: Matcher,
    digests: dict[str, str],
    *,
    pdq: PdqResult | None = None,
    video: Video | None = None,
    report_digests: bool = True,
) -> Screened:
    """Digests, then the PDQ hash of an image or the frames of a video, against every bank; a negative bank's
    match (by any of them) suppresses the rest. ``report_digests=False`` looks digests up only for negative banks
    (when another analyser reports the item's digest matches)."""
    found = matcher.exact(digests)
    if not report_digests:
        found = [m for m in found if m.bank.kind == NEGATIVE]
    if pdq is not None:
        found += matcher.pdq(pdq)
    if video is not None:
        found += matcher.vpdq(video)
    matches, suppressed = split_negative(found)
    return Screened(matches, suppressed)
