"""Chats found in evidence (WhatsApp exports, Telegram JSON, JSON lines, CSV) become conversations and the grooming
detector runs over them; one ``grooming`` finding per conversation that raises an alert, with the suspect, the
stages and the indexes of the messages that raised it (no message text: the examiner opens the chat itself)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from heroes.core.analyser import Analyser, Damaged, NotMine
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec

if TYPE_CHECKING:
    from heroes.core.context import ItemContext


GROOMING = KindSpec("grooming", "Grooming alert", alert=True)


class GroomingAnalyser(Analyser):
    """Chat exports (JSON lines, CSV, Telegram) scanned conversation by conversation for grooming stages."""

    name = "grooming"
    handles = ("text/*", "application/json", "application/x-ndjson", "application/csv", "application/octet-stream")
    order = 60
    requires = ("yaml",)

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        """A `grooming` finding per conversation that raised an alert; NotMine when the item is no chat export."""
        from heroes.grooming.formats import SNIFF_BYTES, read_conversations, sniff
        from heroes.grooming.model import ChatFormatError
        from heroes.grooming.scan import scan_conversation

        fmt = sniff(ctx.read(SNIFF_BYTES), ctx.item.name)
        if fmt is None:
            raise NotMine
        try:
            with ctx.open() as stream:
                for conv in read_conversations(stream, fmt, ctx.item.name):
                    result = scan_conversation(conv)
                    if not result.alert:
                        continue
                    data = {
                        "format": fmt,
                        "conversation": result.id,
                        "messages": result.messages,
                        "risk": round(result.risk, 3),
                        "alert": True,
                        "first_alert_index": result.first_alert_index,
                        "suspect": result.suspect,
                        "stages": list(result.stages),
                        "evidence_index": [e.index for e in result.evidence],
                        "evidence_stage": [e.stage for e in result.evidence],
                        "evidence_score": [round(e.score, 3) for e in result.evidence],
                    }
                    yield Finding(GROOMING.name, ctx.item.path, data, analyser=self.name)
        except ChatFormatError as exc:
            raise Damaged(f"chat export: {exc}") from None
