"""Where the referral functions write their audit entries: anything with ``append(actor, action, target, **detail)``,
as the dashboard's audit log has. The functions take it as a parameter, so the dashboard, the commands and the
tests each hand over the log they hold."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine

from heroes.web import audit


class Trail(Protocol):
    def append(self, actor: str, action: str, target: str = "", **detail: Any) -> int: ...


class EngineTrail:
    """The audit log of the database behind ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(self, actor: str, action: str, target: str = "", **detail: Any) -> int:
        return audit.append(self.engine, actor, action, target, **detail)
