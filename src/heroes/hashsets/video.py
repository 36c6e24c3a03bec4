"""vPDQ video matching: per-frame PDQ features, matched by the share of unique frames matched on each side.

Frames of quality < 50 are dropped; a frame matches when any frame of the other video is within the PDQ radius;
two videos match when the query's matched share reaches ``query_share`` % and the bank video's reaches
``bank_share`` % (references disagree on which side counts, so both are per-bank settings).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from heroes.hashsets.entries import Entry, ImportFormatError, check_hex, check_quality
from heroes.hashsets.index import brute_force
from heroes.hashsets.pdq import MIN_QUALITY, from_hex

Frame = tuple[int, str, int, float]  # frame number, pdq hex, quality, seconds


def compute(path: str, seconds_per_hash: float = 1.0) -> list[Frame]:
    import vpdq

    return [
        (int(f.frame_number), str(f.hex), int(f.quality), float(f.timestamp))
        for f in vpdq.computeHash(Path(path), seconds_per_hash=seconds_per_hash)
    ]


def unique_hexes(frames: list[Frame]) -> list[str]:
    return sorted({h for _, h, q, _ in frames if q >= MIN_QUALITY})


def shares(query: list[str], bank: list[str], radius: int = 31) -> tuple[float, float]:
    """(% of query's unique frames matched, % of bank video's unique frames matched)."""
    if not query or not bank:
        return 0.0, 0.0
    pairs = brute_force(from_hex(bank), from_hex(query), radius)
    q_hit = {q for q, _, _ in pairs}
    b_hit = {b for _, b, _ in pairs}
    return 100.0 * len(q_hit) / len(query), 100.0 * len(b_hit) / len(bank)


def video_id(hexes: list[str]) -> str:
    return hashlib.sha256("\n".join(hexes).encode()).hexdigest()


def parse_vpdq(path: Path, category: str | None = None) -> Iterator[Entry]:
    """One video per file, vpdq's own output: ``frame,quality,hex,seconds`` per line."""
    frames: list[Frame] = []
    with path.open("r", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = [x.strip() for x in line.split(",")]
            where = f"line {number}"
            if len(fields) != 4:
                raise ImportFormatError(where, f"expected 'frame,quality,hex,seconds', got {len(fields)} fields")
            try:
                frame, seconds = int(fields[0]), float(fields[3])
            except ValueError:
                raise ImportFormatError(where, "frame must be an integer and seconds a number") from None
            frames.append((frame, check_hex("pdq", fields[2], where), check_quality(fields[1], where), seconds))
    hexes = unique_hexes(frames)
    if not hexes:
        raise ImportFormatError("file", "no frame of quality >= 50")
    yield Entry("vpdq", video_id(hexes), category, media_id=path.name, extra={"frames": hexes})


def matches(
    query: list[str], bank_videos: list[tuple[str, list[str]]], radius: int, query_share: float, bank_share: float
) -> list[tuple[str, float, float]]:
    """(bank video id, query %, bank %) of each bank video that matches."""
    out = []
    for vid, frames in bank_videos:
        q, b = shares(query, frames, radius)
        if q >= query_share and b >= bank_share:
            out.append((vid, round(q, 1), round(b, 1)))
    return out
