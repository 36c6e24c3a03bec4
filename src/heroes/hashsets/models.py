"""Hash-bank tables, kept in the case store database (same Base and migrations) or in a bank database of its own.

A bank is a named list with a kind: ``notable`` (report matches), ``known`` (known-good, e.g. NSRL: mark and skip)
or ``negative`` (known-benign: a match suppresses the item's other matches). Each entry is one hash value of one
algorithm (md5, sha1, sha256, pdq, photodna, vpdq); the unique key (bank, algorithm, value) makes re-importing a
list a no-op. Categories are plain text codes whose meaning comes from the bank's scheme (``schemes.yaml``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heroes.hashsets.banks import NOTABLE, VPDQ_INDEX_SHARE, VPDQ_QUERY_SHARE
from heroes.store.models import Base, BigId, utcnow
from heroes.store.text import JSONText


class HashBank(Base):
    __tablename__ = "hash_banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=NOTABLE)
    scheme: Mapped[str] = mapped_column(String(64), default="plain")
    pdq_threshold: Mapped[int] = mapped_column(Integer, default=31)
    vpdq_query_share: Mapped[int] = mapped_column(Integer, default=VPDQ_QUERY_SHARE)  # % of the query frames matched
    vpdq_index_share: Mapped[int] = mapped_column(Integer, default=VPDQ_INDEX_SHARE)  # % of the bank frames matched
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HashEntry(Base):
    """One hash of a bank: algorithm, value and the bank's category for it."""

    __tablename__ = "hash_entries"
    __table_args__ = (
        UniqueConstraint("bank_id", "algo", "value"),
        Index(None, "algo", "value"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("hash_banks.id", ondelete="CASCADE"))
    algo: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(128))  # lower-case hex; vpdq: sha256 of its unique frame hashes
    category: Mapped[str | None] = mapped_column(String(64))
    media_id: Mapped[str | None] = mapped_column(String(255))
    quality: Mapped[int | None] = mapped_column(Integer)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
