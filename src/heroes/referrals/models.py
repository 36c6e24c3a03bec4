"""Referral tables: organisations, who belongs to which, referrals and their status history.

Only what the inbox, the overdue rule and the statistics need is kept in clear: the organisations, the status,
urgency, age group, purpose, sector, consent and the times. Everything about the person (the contact fields they
agreed to share, the screening answers, the responder's and the receiver's notes) is in ``sealed`` columns,
encrypted with a key kept outside the database (heroes.referrals.sealing). Purging a referral empties the sealed
columns and keeps the rest as anonymous statistics.

A referral is known outside the database only by ``ref``, a random pseudonymous number (``R-7F3K-9QX2``); the
integer ``id`` never leaves the server. A forwarded referral is a new row whose ``parent_id`` points at the one
the forwarding organisation declined, so the chain can be followed either way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heroes.store.models import Base, BigId, utcnow
from heroes.store.text import JSONText
from heroes.web import models as _web_models  # noqa: F401  (web_users, which memberships point at)

DEFAULT_RETENTION_DAYS = 180
DEFAULT_ACCEPT_HOURS = 48
DEFAULT_URGENT_ACCEPT_HOURS = 4


class Organisation(Base):
    """A service that sends or receives referrals: contacts, audience and retention."""

    __tablename__ = "ref_orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)  # what commands and the API call it
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(8))
    titles: Mapped[dict[str, str]] = mapped_column(JSONText, default=dict)  # display name per language
    audience: Mapped[str] = mapped_column(String(8), default="any")  # any | adult | child
    phone: Mapped[str] = mapped_column(String(64), default="")  # the service's own public contact
    email: Mapped[str] = mapped_column(String(255), default="")
    url: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(String(255), default="")  # directory:<id> for imported entries
    verified: Mapped[bool] = mapped_column(default=True)
    retention_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_DAYS)
    accept_hours: Mapped[int] = mapped_column(Integer, default=DEFAULT_ACCEPT_HOURS)
    urgent_accept_hours: Mapped[int] = mapped_column(Integer, default=DEFAULT_URGENT_ACCEPT_HOURS)
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    """A dashboard user belongs to at most one organisation (``user_id`` is unique)."""

    __tablename__ = "ref_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("ref_orgs.id"), index=True)


class Referral(Base):
    """A referral of a person from one organisation to another; personal fields are sealed."""

    __tablename__ = "ref_referrals"
    __table_args__ = (
        Index(None, "to_org_id", "status"),
        Index(None, "from_org_id", "status"),
        Index(None, "closed_at"),
        Index(None, "parent_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("ref_referrals.id"))
    from_org_id: Mapped[int] = mapped_column(ForeignKey("ref_orgs.id"))
    to_org_id: Mapped[int] = mapped_column(ForeignKey("ref_orgs.id"))
    created_by: Mapped[str] = mapped_column(String(128))  # the responder's account, never the person
    status: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(default=False)
    age_group: Mapped[str] = mapped_column(String(8))
    purpose: Mapped[str] = mapped_column(String(8))
    sector: Mapped[str] = mapped_column(String(32), default="")
    country: Mapped[str] = mapped_column(String(8), default="")
    potential_victim: Mapped[str] = mapped_column(String(8))  # yes | no | unknown, over every set screened
    consent: Mapped[str] = mapped_column(String(16))  # given | refused | not_possible
    legal_basis: Mapped[str] = mapped_column(String(255), default="")
    anonymous: Mapped[bool] = mapped_column(default=False)  # an alert without consent: nothing that identifies
    sealed: Mapped[str | None] = mapped_column(Text)  # contact, screening answers, notes: encrypted JSON
    key_id: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))  # when closed
    decline_reason: Mapped[str | None] = mapped_column(String(32))  # when declined
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # closed or declined
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReferralEvent(Base):
    """One status change; its note is sealed and shown only to the organisation that wrote it."""

    __tablename__ = "ref_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("ref_referrals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    org_id: Mapped[int] = mapped_column(ForeignKey("ref_orgs.id"))
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(32))  # the outcome or decline reason
    sealed_note: Mapped[str | None] = mapped_column(Text)
