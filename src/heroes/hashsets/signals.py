"""The hash algorithms of known-material matching, each declared once (after python-threatexchange's SignalType):
the name a bank stores, how a value is checked on import, which content it is computed for, how it is computed and
the index a matcher keeps for it. Importers, the matcher, the analysers, the crawler and the CLI help read these,
so adding an algorithm is one declaration here (and its index), not an edit in each of them.

VICS PhotoDNA values are kept in banks as opaque ``photodna`` entries for exchange only: they cannot be computed
without Microsoft's licence, so PhotoDNA is not a signal here.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from heroes.hashsets.entries import ImportFormatError
from heroes.hashsets.index import PdqIndex
from heroes.hashsets.pdq import MIN_QUALITY, PdqResult, hash_image
from heroes.hashsets.video import Video, VpdqIndex, compute

HEX = re.compile(r"^[0-9a-fA-F]+$")


@dataclass(frozen=True)
class Signal:
    """One algorithm: ``name`` as stored in banks and findings, ``label`` for people, the length of a value in hex
    digits, and the MIME patterns of the content it is computed for."""

    name: str
    label: str
    hex_digits: int
    content_types: tuple[str, ...] = ("*",)

    def validate(self, value: object, where: str) -> str:
        """The lower-case hex of ``value``, or an ImportFormatError naming the place and what is wrong."""
        if not isinstance(value, str):
            raise ImportFormatError(where, f"{self.name} must be a string, not {type(value).__name__}")
        text = value.strip().lower()
        if len(text) != self.hex_digits or not HEX.match(text):
            raise ImportFormatError(where, f"not a {self.name} hash ({self.hex_digits} hex digits): {value[:80]!r}")
        return text

    def applies_to(self, mime: str) -> bool:
        """Whether this signal is computed for content of type ``mime``."""
        return any(fnmatch.fnmatchcase(mime, pattern) for pattern in self.content_types)


@dataclass(frozen=True)
class Digest(Signal):
    """A cryptographic digest, matched by equal value (an indexed lookup in the bank)."""

    def hash_bytes(self, data: bytes) -> str:
        """The hex digest of ``data``."""
        return hashlib.new(self.name, data).hexdigest()


@dataclass(frozen=True)
class Pdq(Signal):
    """Meta's PDQ perceptual hash of an image, matched within a Hamming distance (each bank's threshold); hashes of
    quality below ``min_quality`` are not matched."""

    min_quality: int = MIN_QUALITY

    def hash_stream(self, stream: BinaryIO) -> PdqResult:
        """The hash (with its eight dihedral variants) and quality of one image."""
        return hash_image(stream)

    def index(self, hashes: np.ndarray) -> PdqIndex:
        """The radius index over (N, 32) uint8 hashes."""
        return PdqIndex(hashes)


@dataclass(frozen=True)
class Vpdq(Signal):
    """Meta's vPDQ: a video as its frames' PDQ hashes with their times, matched by shares of frames (see
    `heroes.hashsets.video`). A bank value is the video's id: the SHA-256 of its distinct frame hashes."""

    seconds_per_hash: float = 1.0  # a query frame a second (python-threatexchange's default); lists may use any rate

    def hash_file(self, path: str) -> Video:
        """The frames of the video file at ``path``, one a ``seconds_per_hash``."""
        return Video.of(compute(path, self.seconds_per_hash))

    def index(self, videos: Sequence[Video], radii: Sequence[int]) -> VpdqIndex:
        """The index over bank videos, each matched within its own radius (its bank's PDQ threshold)."""
        return VpdqIndex(videos, radii)


MD5 = Digest("md5", "MD5", 32)
SHA1 = Digest("sha1", "SHA-1", 40)
SHA256 = Digest("sha256", "SHA-256", 64)
PDQ = Pdq("pdq", "PDQ", 64, ("image/*",))
VPDQ = Vpdq("vpdq", "vPDQ", 64, ("video/*",))

DIGESTS: tuple[Digest, ...] = (MD5, SHA1, SHA256)  # weakest first: the order matches are looked up and listed
SIGNALS: tuple[Signal, ...] = (*DIGESTS, PDQ, VPDQ)
BY_NAME: dict[str, Signal] = {s.name: s for s in SIGNALS}


def digest_for_length(text: str, where: str) -> Digest:
    """Plain lists: the digest follows from the length (64 hex digits is SHA-256; PDQ lists use --format pdq)."""
    for digest in DIGESTS:
        if len(text) == digest.hex_digits and HEX.match(text):
            return digest
    names = ", ".join(d.label for d in DIGESTS[:-1]) + f" or {DIGESTS[-1].label}"
    raise ImportFormatError(where, f"not an {names} hash: {text[:80]!r}")


def described() -> str:
    """The signals for help texts: "MD5, SHA-1, SHA-256, PDQ (image/*), vPDQ (video/*)"."""
    return ", ".join(
        s.label + (f" ({', '.join(s.content_types)})" if s.content_types != ("*",) else "") for s in SIGNALS
    )
