"""Where the referral functions write their audit entries: anything with ``append(actor, action, target, **detail)``,
as the dashboard's keyed audit log (heroes.web.audit.AuditLog) has. The functions take it as a parameter, so the
dashboard, the commands and the tests each hand over the log they hold, opened with its key."""

from __future__ import annotations

from typing import Any, Protocol


class Trail(Protocol):
    def append(self, actor: str, action: str, target: str = "", **detail: Any) -> int: ...
