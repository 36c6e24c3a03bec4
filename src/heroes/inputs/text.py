"""Length caps on one unit of user text (a chat message), so one huge value cannot stall a scan."""

from __future__ import annotations

MAX_MESSAGE = 1 << 16  # characters of one chat message looked at: WhatsApp's own limit is 65,536


def cap_text(text: str, limit: int = MAX_MESSAGE) -> str:
    """The first `limit` characters of `text`."""
    return text if len(text) <= limit else text[:limit]
