"""Known material: matches every item against the hash banks (exact digests from the hash pass, PDQ for images,
vPDQ for videos) and emits ``hash_match`` findings with bank, category, signal and distance.

Exact matching reuses ``ctx.hashes`` (no second read). The bank database is ``settings.bank_db``; without one
these analysers do nothing. A negative-bank match suppresses the item's matches; a known-good (NSRL) match is
flagged ``known_good`` and ``ctx.known_good`` is set, so the engine can skip the other analysers.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable

from PIL import UnidentifiedImageError

from heroes.core.analyser import Analyser, Damaged, NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding
from heroes.hashsets.match import Match, Matcher, matcher_for, split_negative
from heroes.hashsets.models import NEGATIVE

SECONDS_PER_HASH = 1.0  # a query frame a second (python-threatexchange's default); bank lists may use any rate


def _matcher(ctx: ItemContext) -> Matcher:
    if not ctx.settings.bank_db:
        raise NotMine
    return matcher_for(ctx.settings.bank_db)


def _findings(ctx: ItemContext, matches: list[Match], analyser: str, **extra: object) -> list[Finding]:
    matches, suppressed = split_negative(matches)
    if suppressed:
        return [
            Finding(
                "hash_suppressed",
                ctx.item.path,
                {"reason": "matches a negative (known-benign) bank"},
                analyser=analyser,
            )
        ]
    if any(m.data().get("known_good") for m in matches):
        ctx.known_good = True  # read by the engine (known-good skip)
    return [Finding("hash_match", ctx.item.path, {**m.data(), **extra}, analyser=analyser) for m in matches]


def _negative_exact(matcher: Matcher, ctx: ItemContext) -> list[Match]:
    return [m for m in matcher.exact(ctx.hashes) if m.bank.kind == NEGATIVE]


class KnownHashes(Analyser):
    name = "known_material"
    handles = ("*",)
    order = 5  # before every other analyser, so known-good items can be skipped

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        matcher = _matcher(ctx)
        return _findings(ctx, matcher.exact(ctx.hashes), self.name)


class KnownImages(Analyser):
    name = "known_images"
    handles = ("image/*",)
    order = 6
    requires = ("pdqhash",)

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        from heroes.hashsets.pdq import MIN_QUALITY, PREPROCESSING, hash_image

        matcher = _matcher(ctx)
        if not matcher.has_pdq():
            return []
        try:
            with ctx.open() as stream:
                result = hash_image(stream)
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise Damaged(f"image cannot be decoded for PDQ: {exc}") from None
        if not result.hashable:
            return [
                Finding(
                    "hash_unhashable",
                    ctx.item.path,
                    {"signal": "pdq", "quality": result.quality, "min_quality": MIN_QUALITY},
                    analyser=self.name,
                )
            ]
        matches = _negative_exact(matcher, ctx) + matcher.pdq(result)
        return _findings(ctx, matches, self.name, pdq=result.hex, quality=result.quality, preprocessing=PREPROCESSING)


class KnownVideos(Analyser):
    name = "known_videos"
    handles = ("video/*",)
    order = 6
    requires = ("vpdq",)

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        from heroes.hashsets.video import Video, compute

        matcher = _matcher(ctx)
        if not matcher.videos:
            return []
        with tempfile.TemporaryDirectory(prefix="heroes-vpdq-") as tmp:  # never next to the evidence
            if len(ctx.item.locator) == 1:
                path = ctx.item.locator[0]["path"]
            else:  # inside an image or archive: the decoder needs a file
                path = f"{tmp}/video"
                with ctx.open() as src, open(path, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            query = Video.of(compute(path, SECONDS_PER_HASH))
        return _findings(ctx, _negative_exact(matcher, ctx) + matcher.vpdq(query), self.name)
