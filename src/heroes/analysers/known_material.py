"""Known material: matches every item against the hash banks (digests from the hash pass, PDQ for images, vPDQ for
videos) and emits ``hash_match`` findings with bank, category, signal and distance.

Digest matching reuses ``ctx.hashes`` (no second read). The matcher is the engine's `MATCHER` service, there only
when the scan names a bank database; without one these analysers do nothing. A negative-bank match suppresses the
item's matches (``hash_suppressed``); a known-good (NSRL) match is flagged ``known_good`` and, unless the scan says
otherwise, the engine skips the rest of the item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PIL import UnidentifiedImageError

from heroes.core.analyser import Analyser, Damaged, NotMine, Outcome
from heroes.core.context import ItemContext
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec, Record
from heroes.hashsets.match import MATCHER, Matcher, Screened, screen
from heroes.hashsets.pdq import PREPROCESSING
from heroes.hashsets.signals import PDQ, VPDQ

if TYPE_CHECKING:
    from heroes.hashsets.pdq import PdqResult


def _known_good(record: Record) -> dict[str, bool]:
    return {"known_good": True} if record.get("known_good") is True else {}


HASH_MATCH = KindSpec("hash_match", "Known material match", alert=True, item_facts=_known_good)
HASH_SUPPRESSED = KindSpec("hash_suppressed", "Match suppressed by a negative bank")
HASH_UNHASHABLE = KindSpec("hash_unhashable", "Image too flat to match by PDQ")


def _matcher(ctx: ItemContext) -> Matcher:
    matcher = ctx.services.get(MATCHER)
    if matcher is None:
        raise NotMine
    return matcher


def _outcome(ctx: ItemContext, screened: Screened, analyser: str, **extra: object) -> Outcome:
    if screened.suppressed:
        reason = {"reason": "matches a negative (known-benign) bank"}
        return Outcome([Finding(HASH_SUPPRESSED.name, ctx.item.path, reason, analyser=analyser)])
    findings = [
        Finding(HASH_MATCH.name, ctx.item.path, {**m.data(), **extra}, analyser=analyser) for m in screened.matches
    ]
    return Outcome(findings, skip_rest=screened.known_good and ctx.settings.known_good_skip)


class KnownHashes(Analyser):
    name = "known_material"
    handles = ("*",)
    order = 5  # before every other analyser, so known-good items can be skipped

    def analyse(self, ctx: ItemContext) -> Outcome:
        return _outcome(ctx, screen(_matcher(ctx), ctx.hashes), self.name)


class KnownImages(Analyser):
    """Images matched by PDQ against the hash banks, so near-copies of known material are found without viewing."""

    name = "known_images"
    handles = PDQ.content_types
    order = 6
    requires = ("pdqhash",)

    def analyse(self, ctx: ItemContext) -> Outcome:
        """PDQ-hash the image and screen it (exact digests first); too-plain images give `hash_unhashable`."""
        matcher = _matcher(ctx)
        if not matcher.has_pdq():
            return Outcome()
        try:
            with ctx.open() as stream:
                result: PdqResult = PDQ.hash_stream(stream)
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise Damaged(f"image cannot be decoded for PDQ: {exc}") from None
        if not result.hashable:
            data = {"signal": PDQ.name, "quality": result.quality, "min_quality": PDQ.min_quality}
            return Outcome([Finding(HASH_UNHASHABLE.name, ctx.item.path, data, analyser=self.name)])
        screened = screen(matcher, ctx.hashes, pdq=result, report_digests=False)
        return _outcome(ctx, screened, self.name, pdq=result.hex, quality=result.quality, preprocessing=PREPROCESSING)


class KnownVideos(Analyser):
    """Videos matched by vPDQ against the banks' videos (frame hashes of the decoded video)."""

    name = "known_videos"
    handles = VPDQ.content_types
    order = 6
    requires = ("vpdq",)

    def analyse(self, ctx: ItemContext) -> Outcome:
        matcher = _matcher(ctx)
        if not matcher.has_vpdq():
            return Outcome()
        with ctx.as_file() as path:  # the decoder reads files: a copy outside the evidence when the item is nested
            query = VPDQ.hash_file(path)
        return _outcome(ctx, screen(matcher, ctx.hashes, video=query, report_digests=False), self.name)
