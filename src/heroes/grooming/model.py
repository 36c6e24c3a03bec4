"""The conversation model every chat parser produces and the detector reads: messages with time, author and text.

Messages are streamed (a conversation holds an iterator, not a list) so a 100,000-message export is scanned in
constant memory; parsers raise `ChatFormatError` naming the line of a broken export.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Message:
    author: str
    text: str
    t: float | None = None  # POSIX seconds, or None where the export has no times


@dataclass
class Conversation:
    id: str
    messages: Iterable[Message]

    def __iter__(self) -> Iterator[Message]:
        return iter(self.messages)


class ChatFormatError(ValueError):
    """A chat export that is its format but broken; `line` is the 1-based line of the problem, where known."""

    def __init__(self, reason: str, line: int | None = None, source: str = ""):
        self.reason, self.line, self.source = reason, line, source
        where = f"{source}: " if source else ""
        where += f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{reason}")
