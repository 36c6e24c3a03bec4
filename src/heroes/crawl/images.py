"""Images and videos seen by the crawler: hashed in memory (MD5, SHA-1, PDQ), matched against the hash banks, and
dropped. Only the URL, hashes, size and matches are kept; the bytes never touch the disk (a test proves it).

vPDQ is not computed: its decoder needs a file on disk, which this module refuses to write. Videos get exact
digests only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
from typing import Any

HAS_PDQ = importlib.util.find_spec("pdqhash") is not None


def image_hashes(body: bytes, mime: str) -> dict[str, Any]:
    """MD5 and SHA-1 of the bytes, and for images the PDQ hash and quality (None when it cannot be decoded)."""
    out: dict[str, Any] = {
        "md5": hashlib.md5(body).hexdigest(),
        "sha1": hashlib.sha1(body).hexdigest(),
        "size": len(body),
    }
    if HAS_PDQ and mime.startswith("image/"):
        from PIL import UnidentifiedImageError

        from heroes.hashsets.pdq import hash_image

        try:
            result = hash_image(io.BytesIO(body))
        except (UnidentifiedImageError, OSError, ValueError):
            out["pdq_error"] = "cannot be decoded"
        else:
            out["pdq"], out["pdq_quality"], out["_pdq"] = result.hex, result.quality, result
    return out


def match_hashes(hashes: dict[str, Any], bank_db: str) -> list[dict[str, Any]]:
    """The bank matches of one image or video, as ``hash_match`` finding data (empty without a bank database).

    The one place the crawler calls the hash banks (`heroes.hashsets.match`), negative banks included."""
    if not bank_db:
        return []
    from heroes.hashsets.match import matcher_for, split_negative

    matcher = matcher_for(bank_db)
    matches = matcher.exact({k: hashes[k] for k in ("md5", "sha1") if k in hashes})
    pdq = hashes.get("_pdq")
    if pdq is not None and pdq.hashable and matcher.has_pdq():
        matches += matcher.pdq(pdq)
    matches, _suppressed = split_negative(matches)
    return [m.data() for m in matches]
