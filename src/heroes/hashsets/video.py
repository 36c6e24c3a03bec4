"""vPDQ video matching as the hash-sharing world does it (python-threatexchange's rules), compared by time.

A video is a list of frames: frame number, PDQ hex, quality, seconds. Meta's reference CLI and the lists it makes
hash every frame; triage hashes one frame a second. Before two videos are compared, the list hashed more densely is
reduced to the frames nearest the other list's sampling times (the grid of the coarser interval from its first
frame), so a query hashed at any rate meets a list made at any rate on the same moments, not on frame counts. Then,
as python-threatexchange: frames of quality < 50 are dropped, identical hashes count once, a frame matches when a
frame of the other video is within the PDQ distance (31 by default), and two videos match when the query share (% of
the query's frames matched) and the index share (% of the bank video's frames matched) reach the bank's settings,
80 % and 0 % by default. When both lists share one rate, nothing is reduced and the result is python-threatexchange's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from heroes.hashsets.index import PdqIndex, brute_force
from heroes.hashsets.pdq import MIN_QUALITY, from_hex

Frame = tuple[int, str, int, float]  # frame number, pdq hex, quality, seconds
DENSER = 0.9  # a list whose interval is below 90 % of the other's is reduced to the other's grid


@dataclass(frozen=True)
class Video:
    """A video's frames in time order and its sampling interval (median seconds between hashed frames; 0 when the
    list carries no times, so it is compared frame by frame)."""

    frames: tuple[Frame, ...]
    interval: float

    @classmethod
    def of(cls, frames: list[Frame] | tuple[Frame, ...]) -> Video:
        ordered = tuple(sorted(frames, key=lambda f: (f[3], f[0])))
        gaps = np.diff([f[3] for f in ordered])
        gaps = gaps[gaps > 0]
        return cls(ordered, float(np.median(gaps)) if len(gaps) else 0.0)

    def on_grid(self, step: float) -> tuple[Frame, ...]:
        """The frames nearest ``first frame + k * step`` (k = 0, 1, ...): this video as if hashed every ``step``
        seconds. A video already that sparse (or without times) is returned whole."""
        if self.interval <= 0 or self.interval >= DENSER * step:
            return self.frames
        times = np.asarray([f[3] for f in self.frames])
        grid = times[0] + step * np.arange(int((times[-1] - times[0] + self.interval / 2) // step) + 1)
        right = np.clip(np.searchsorted(times, grid), 1, len(times) - 1)
        nearest = np.where(np.abs(times[right - 1] - grid) <= np.abs(times[right] - grid), right - 1, right)
        return tuple(self.frames[i] for i in sorted(set(nearest.tolist())))

    def unique_hexes(self, step: float = 0.0, min_quality: int = MIN_QUALITY) -> list[str]:
        """The distinct hashes of quality >= ``min_quality`` among the frames on the ``step`` grid."""
        return sorted({h for _, h, q, _ in self.on_grid(step) if q >= min_quality})

    def stored(self) -> dict[str, Any]:
        """What a bank keeps of the video (``HashEntry.extra``): every frame, low-quality ones for their times."""
        return {"frames": [[h, q, t, n] for n, h, q, t in self.frames]}

    @classmethod
    def from_stored(cls, extra: dict[str, Any]) -> Video:
        """The inverse of :meth:`stored`; a bank imported before times were kept holds bare hashes (no times)."""
        rows = extra.get("frames", [])
        if rows and isinstance(rows[0], str):
            return cls(tuple((i, h, 100, 0.0) for i, h in enumerate(rows)), 0.0)
        return cls.of([(int(n), str(h), int(q), float(t)) for h, q, t, n in rows])


def compute(path: str, seconds_per_hash: float = 1.0) -> list[Frame]:
    """vPDQ frames of a video file; ``seconds_per_hash`` 0 hashes every frame (the reference CLI's default)."""
    import vpdq

    return [
        (int(f.frame_number), str(f.hex), int(f.quality), float(f.timestamp))
        for f in vpdq.computeHash(Path(path), seconds_per_hash=seconds_per_hash)
    ]


def shares(query: Video, bank: Video, radius: int = 31) -> tuple[float, float]:
    """(% of the query's unique frames matched, % of the bank video's), both compared on the coarser grid."""
    step = max(query.interval, bank.interval)
    q_hexes, b_hexes = query.unique_hexes(step), bank.unique_hexes(step)
    if not q_hexes or not b_hexes:
        return 0.0, 0.0
    pairs = brute_force(from_hex(b_hexes), from_hex(q_hexes), radius)
    q_hit = {q for q, _, _ in pairs}
    b_hit = {b for _, b, _ in pairs}
    return 100.0 * len(q_hit) / len(q_hexes), 100.0 * len(b_hit) / len(b_hexes)


def video_id(hexes: list[str]) -> str:
    return hashlib.sha256("\n".join(hexes).encode()).hexdigest()


class VpdqIndex:
    """Bank videos behind one PDQ radius index of all their frames, so a query video is compared (`shares`) only
    with the bank videos that have a frame within their radius of one of its frames: a video with none cannot
    reach a query share above 0 on any grid (the frames compared are always a subset of these)."""

    def __init__(self, videos: Sequence[Video], radii: Sequence[int]):
        """``radii[i]``: the PDQ distance within which frames of ``videos[i]`` match (its bank's threshold)."""
        self.videos = list(videos)
        self._radii = np.asarray(radii, dtype=np.int32)
        hexes: list[str] = []
        owners: list[int] = []
        for row, clip in enumerate(self.videos):
            frames = clip.unique_hexes()
            hexes += frames
            owners += [row] * len(frames)
        self._owners = np.asarray(owners, dtype=np.int32)
        self._frames = PdqIndex(from_hex(hexes))

    def __len__(self) -> int:
        return len(self.videos)

    def candidates(self, query: Video) -> list[int]:
        """Rows of the bank videos sharing a frame with ``query`` within their radius, in row order."""
        hexes = query.unique_hexes()
        if not hexes or not len(self._owners):
            return []
        found = self._frames.search(from_hex(hexes), int(self._radii.max()))
        rows = {int(self._owners[row]) for _, row, dist in found if dist <= self._radii[self._owners[row]]}
        return sorted(rows)
