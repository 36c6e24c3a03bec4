"""Byte-to-text decoding for chat exports of unknown encoding: BOMs first, then UTF-8, then the legacy code page
that old Windows and Android exports use. Never fails: the last resort maps every byte to a character."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def guess_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes (a few KiB are enough)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if len(head) >= 4 and head[1:4:2] == b"\0\0" and head[0:4:2] != b"\0\0":
        return "utf-16-le"  # BOM-less UTF-16 text: every other byte of ASCII is zero
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a real error, not a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def text_lines(stream: BinaryIO, head_size: int = 1 << 16) -> Iterator[str]:
    """Lines of a binary stream, decoded with the guessed encoding; undecodable bytes are replaced, not fatal."""
    # typeshed asks BufferedReader for a raw stream; any binary file with readinto() works
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    encoding = guess_encoding(buffered.peek(head_size)[:head_size])
    if encoding == "cp1252":
        reader = io.TextIOWrapper(buffered, encoding="cp1252", errors="replace", newline=None)
    else:
        reader = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline=None)
    for line in reader:
        yield line.rstrip("\n")


def decode_bytes(data: bytes) -> str:
    return data.decode(guess_encoding(data[: 1 << 16]), errors="replace")
