"""Plain text (text/*, JSON, XML, CSV, e-mail): decoded with a BOM, a caller's hint, UTF-8, UTF-16 without a BOM,
then Windows-1252 / Latin-1, so every byte string becomes searchable text and the encoding is recorded.

``clean_text`` is the stricter question asked of bytes whose libmagic type is not text (a text file that starts
like an HP-GL plot, UTF-16 without a BOM typed as data): do they decode to text with almost no control characters?
Binary formats fail it by far (compressed bytes are about a quarter control characters, executables full of NULs).
"""

from __future__ import annotations

import codecs
import re

from heroes.text import Extracted

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _try(data: bytes, encoding: str, partial: bool) -> str | None:
    """Strict decode; a partial read may end inside a multi-byte character, which is then dropped."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        return decoder.decode(data, final=not partial)
    except (UnicodeError, LookupError):  # UnicodeError: "utf-16" without a BOM, named by a charset hint
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII characters has a NUL in every other byte (Windows logs, registry exports)."""
    sample = data[:512]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes, partial: bool = False, hint: str | None = None) -> tuple[str, str]:
    """Text and the name of the encoding used; never fails (Latin-1 maps every byte)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding, partial)
            if text is not None:
                return text, encoding
    candidates = [hint] if hint else []
    utf16 = _utf16_without_bom(data)
    candidates += [utf16] if utf16 else []
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        text = _try(data, encoding, partial)
        if text is not None:
            return text, encoding
    return data.decode("latin-1"), "latin-1"


# C0 and C1 control characters, less the ones text uses (tab, line feed, vertical tab, form feed, carriage return)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ALNUM = re.compile(r"[^\W_]")
MAX_CONTROL_SHARE = 0.01


def clean_text(data: bytes, partial: bool = False) -> tuple[str, str] | None:
    """(text, encoding) when ``data`` decodes as text (a BOM, UTF-16 without one, UTF-8, Windows-1252 or Latin-1)
    with at most 1 % control characters and some letters or digits; None for anything else."""
    text, encoding = decode(data, partial)
    if len(text) - len(_CONTROL.sub("", text)) > MAX_CONTROL_SHARE * len(text) or not _ALNUM.search(text):
        return None
    return text, encoding


def extract(data: bytes, *, max_chars: int, partial: bool) -> Extracted:
    text, encoding = decode(data, partial)
    return Extracted(text=text, metadata={"encoding": encoding})
