"""WhatsApp "Export chat" text files, Android and iOS flavours, in any of the date orders phones use.

Android: ``31/12/2020, 22:15 - Ana: hola`` (or ``12/31/20, 10:15 PM - ...``); iOS: ``[31/12/2020, 22:15:03] Ana:
hola``. Lines that do not start with a date continue the previous message. Lines with a date but no author
(``Messages are end-to-end encrypted``) are system events and are skipped. Day/month order is decided per file
from the first unambiguous date (a field above 12); until then day-first is assumed, as most locales write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from heroes.grooming.model import ChatFormatError, Message
from heroes.inputs.text import MAX_MESSAGE, cap_text

_DATE = r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})"
_TIME = r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[\s\u202f\u00a0]*([AaPp])\.?\s?[Mm]\.?)?"
_ANDROID = re.compile(rf"^\u200e?{_DATE},?\s+{_TIME}\s+[-\u2013]\s+(.*)$")
_IOS = re.compile(rf"^\u200e?\[{_DATE},?\s+{_TIME}\]\s+(.*)$")
_AUTHOR = re.compile(r"^([^:]{1,80}?):\s?(.*)$")
_INVISIBLE = str.maketrans("", "", "\u200e\u200f\ufeff")


def is_whatsapp_line(line: str) -> bool:
    line = line.translate(_INVISIBLE)
    return bool(_ANDROID.match(line) or _IOS.match(line))


class _DateOrder:
    def __init__(self) -> None:
        self.day_first: bool | None = None

    def resolve(self, a: int, b: int, c: int) -> tuple[int, int, int]:
        """(year, month, day) from the three date fields as written."""
        if a > 31:  # ISO-like 2020-12-31
            return a, b, c
        if self.day_first is None:
            if a > 12:
                self.day_first = True
            elif b > 12:
                self.day_first = False
        day, month = (a, b) if self.day_first in (True, None) else (b, a)
        year = c + 2000 if c < 100 else c
        return year, month, day


def _timestamp(groups: tuple[str | None, ...], order: _DateOrder) -> float:
    a, b, c, hour, minute, second, ampm = groups[:7]
    year, month, day = order.resolve(int(a), int(b), int(c))  # type: ignore[arg-type]
    h = int(hour)  # type: ignore[arg-type]
    if ampm:
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    return datetime(year, month, day, h, int(minute), int(second or 0), tzinfo=UTC).timestamp()  # type: ignore[arg-type]


class _Text:
    """A message's lines, joined once at the end and capped: a huge message costs linear time, not quadratic."""

    def __init__(self, first: str) -> None:
        self.parts, self.length = [cap_text(first)], len(first)

    def add(self, line: str) -> None:
        if self.length < MAX_MESSAGE:
            self.parts.append(line[: MAX_MESSAGE - self.length])
            self.length += len(line) + 1

    def text(self) -> str:
        return cap_text("\n".join(self.parts))


def parse_whatsapp(lines: Iterable[str], source: str = "") -> Iterator[Message]:
    """Stream the messages of one exported chat; raises ChatFormatError at the first line that cannot belong."""
    order = _DateOrder()
    author: str | None = None
    text = _Text("")
    t: float | None = None
    seen_any = False
    for number, raw in enumerate(lines, 1):
        line = raw[: MAX_MESSAGE + 200].translate(_INVISIBLE)  # a date, an author and a capped message
        match = _ANDROID.match(line) or _IOS.match(line)
        if match is None:
            if author is not None:
                text.add(line)
            elif line.strip() and not seen_any:
                raise ChatFormatError("not a WhatsApp export line (expected a date and time)", number, source)
            continue
        seen_any = True
        if author is not None:
            yield Message(author, text.text(), t)
            author = None
        try:
            stamp = _timestamp(match.groups(), order)
        except (ValueError, OverflowError, OSError) as exc:
            raise ChatFormatError(f"bad date or time: {exc}", number, source) from None
        who = _AUTHOR.match(match.group(8))
        if who is None:
            continue  # a system event: no author
        author, text, t = who.group(1).strip(), _Text(who.group(2)), stamp
    if author is not None:
        yield Message(author, text.text(), t)
