"""The case database schema: Case -> Evidence -> Item -> Finding, as typed SQLAlchemy 2 models.

An Item row is the *done mark* of one scanned item: it is written in the same transaction as the item's findings,
so after a crash either both exist or neither does, and a resumed scan skips exactly the keys present here.
Paths are stored twice where needed (display text + exact JSON, see :mod:`heroes.store.text`). Any schema change
needs a new Alembic revision in ``migrations/versions`` (a test compares the models with the migrated schema).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heroes.store.text import JSONText

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
RUNNING = "running"
COMPLETE = "complete"
ERROR = "error"  # an item whose findings include an error finding


# 64-bit ids on servers; on SQLite only INTEGER PRIMARY KEY is the fast rowid alias (and it is 64-bit anyway)
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table (the store's, the hash banks', the dashboard's, the referrals')."""

    metadata = MetaData(naming_convention=NAMING)
    __table__: ClassVar[Table]  # every model here maps one Table (SQLAlchemy types it as any FromClause)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Evidence(Base):
    """One evidence source of a case, with its description, hashes and scan status."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)  # display form of the source path
    path_exact: Mapped[str | None] = mapped_column(Text)  # JSON of the exact path when it differs
    kind: Mapped[str] = mapped_column(String(64))
    description: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    size: Mapped[int | None] = mapped_column(BigInteger)
    md5: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=RUNNING)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("evidence_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(128))  # sha1 of the item's path, made by the engine
    path: Mapped[str] = mapped_column(Text)
    path_exact: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=COMPLETE)
    finished: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Finding(Base):
    """One finding of an item, as docs/findings.md describes it."""

    __tablename__ = "findings"
    __table_args__ = (
        Index(None, "evidence_id", "kind"),
        Index(None, "kind"),
        Index(None, "item_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    path_exact: Mapped[str | None] = mapped_column(Text)
    analyser: Mapped[str] = mapped_column(String(255), default="")
    offset: Mapped[int | None] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)


class ItemFacts(Base):
    """Derived, not evidence: one row per item with the facts the dashboard filters on, written with the item
    (heroes.store.facts). The table keeps its first name, ``web_items``."""

    __tablename__ = "web_items"
    __table_args__ = (
        Index(None, "case_id", "file_id"),
        Index(None, "case_id", "deleted", "file_id"),
        Index(None, "case_id", "mismatch", "file_id"),
        Index(None, "case_id", "known_good", "file_id"),
        Index(None, "case_id", "mime", "file_id"),
    )

    item_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    case_id: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[int | None] = mapped_column(BigInteger)  # the item's ``file`` finding (what a page lists)
    mime: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int | None] = mapped_column(BigInteger)
    month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM of the file's mtime, UTC
    deleted: Mapped[bool] = mapped_column(default=False)
    mismatch: Mapped[bool] = mapped_column(default=False)
    known_good: Mapped[bool] = mapped_column(default=False)
