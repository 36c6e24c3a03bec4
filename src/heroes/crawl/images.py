"""Images and videos seen by the crawler: hashed in memory (MD5, SHA-1, PDQ), matched against the hash banks, and
dropped. Only the URL, hashes, size and matches are kept; the bytes never touch the disk (a test proves it).

The signals and the matching are those of triage (heroes.hashsets.signals, `heroes.hashsets.match.screen`). vPDQ
is not computed: its decoder needs a file on disk, which this module refuses to write. Videos get digests only.
"""

from __future__ import annotations

import importlib.util
import io
from typing import Any

from heroes.hashsets.match import Matcher, screen
from heroes.hashsets.pdq import PdqResult
from heroes.hashsets.signals import MD5, PDQ, SHA1

HAS_PDQ = importlib.util.find_spec("pdqhash") is not None
DIGESTS = (MD5, SHA1)  # what a crawled file is hashed with


def image_hashes(body: bytes, mime: str) -> tuple[dict[str, Any], PdqResult | None]:
    """The digests and size of the bytes and, for images, the PDQ hash and quality (``pdq_error`` when it cannot be
    decoded); with the PDQ result itself for matching."""
    out: dict[str, Any] = {d.name: d.hash_bytes(body) for d in DIGESTS}
    out["size"] = len(body)
    if not (HAS_PDQ and PDQ.applies_to(mime)):
        return out, None
    from PIL import UnidentifiedImageError

    try:
        result = PDQ.hash_stream(io.BytesIO(body))
    except (UnidentifiedImageError, OSError, ValueError):
        out["pdq_error"] = "cannot be decoded"
        return out, None
    out["pdq"], out["pdq_quality"] = result.hex, result.quality
    return out, result


def match_hashes(matcher: Matcher | None, hashes: dict[str, Any], pdq: PdqResult | None) -> list[dict[str, Any]]:
    """The bank matches of one image or video, as ``hash_match`` finding data (empty without a matcher); a negative
    bank's match suppresses them, as in triage."""
    if matcher is None:
        return []
    digests = {d.name: hashes[d.name] for d in DIGESTS if d.name in hashes}
    hashable = pdq if pdq is not None and pdq.hashable and matcher.has_pdq() else None
    return [m.data() for m in screen(matcher, digests, pdq=hashable).matches]
