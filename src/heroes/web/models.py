"""Dashboard tables: users, their login sessions, who may open which case, and the append-only audit log.

The per-item facts the item filters and the overview read (``web_items``) are the case store's, written with each
item (heroes.store.facts).

A login session is a row keyed by the SHA-256 of the random id in the browser's cookie (the id itself is never
stored, so reading this table does not let anyone take a session over); deleting the row ends the session.

The audit log is a chain: each entry's ``hash`` covers its own fields and the previous entry's hash, and ``seq``
counts up from 1 without gaps, so an edited, removed or reordered entry breaks the chain; ``mac`` authenticates
the hash with a key kept outside the database (``key_id`` names it), so a rebuilt chain does not verify (see
heroes.web.audit). Entries written before the key existed have no ``mac``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heroes.store.models import Base, BigId, utcnow
from heroes.store.text import JSONText


class User(Base):
    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseAccess(Base):
    __tablename__ = "web_case_access"
    __table_args__ = (UniqueConstraint("user_id", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))


class LoginSession(Base):
    __tablename__ = "web_sessions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the cookie's random id
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[float] = mapped_column(Float)  # POSIX seconds
    last_seen: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(256), default="")


class AuditEntry(Base):
    """One entry of the hash-chained, keyed audit log of the dashboard."""

    __tablename__ = "web_audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC text: hashed as written, no zone round-trips
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))  # HMAC-SHA256 of ``hash`` under the audit key
    key_id: Mapped[str | None] = mapped_column(String(16))
