"""Retention, access and erasure (GDPR Art. 5(1)(e), 15 and 17) for the people referred.

- ``purge``: once a referral has been closed or declined for longer than the retention time (each organisation's
  ``retention_days``, the shorter of sender's and receiver's; or ``older_than`` for all), its sealed fields and
  notes are removed; what stays (organisations, kinds, times, status, outcome) is anonymous and still counts in
  the statistics.
- ``export``: everything held about the person behind one referral, along its whole chain, opened, as JSON.
- ``erase``: the same removal as a purge, at once, for the whole chain, whatever its status.
- ``find``: the references whose sealed contact matches a name, phone number or e-mail address, for a request
  from someone who does not know their reference (the sealed fields are opened one by one: nothing about the
  person can be searched in the database itself).
Each run is in the audit trail, with the references it touched and nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from heroes.referrals import states
from heroes.referrals.consent import phone_e164
from heroes.referrals.errors import NotVisible, ReferralError
from heroes.referrals.models import Organisation, Referral, ReferralEvent
from heroes.referrals.orgs import Org
from heroes.referrals.sealing import Sealer
from heroes.referrals.trail import Trail
from heroes.referrals.views import chain_of, detail
from heroes.store import db


def _wipe(s: Session, ids: list[int], now: datetime) -> None:
    s.execute(update(Referral).where(Referral.id.in_(ids)).values(sealed=None, key_id=None, purged_at=now))
    s.execute(update(ReferralEvent).where(ReferralEvent.referral_id.in_(ids)).values(sealed_note=None))


def due_for_purge(engine: Engine, older_than: timedelta | None = None, now: datetime | None = None) -> list[str]:
    """References of finished referrals past their retention time whose personal fields are still there."""
    now = now or datetime.now(UTC)
    with Session(engine) as s:
        rows = s.execute(
            select(Referral.ref, Referral.closed_at, Referral.from_org_id, Referral.to_org_id).where(
                Referral.closed_at.is_not(None), Referral.purged_at.is_(None)
            )
        ).all()
        keep = {oid: days for oid, days in s.execute(select(Organisation.id, Organisation.retention_days))}
    due = []
    for ref, closed_at, from_id, to_id in rows:
        limit = older_than if older_than is not None else timedelta(days=min(keep[from_id], keep[to_id]))
        if closed_at is not None and now - states.aware(closed_at) > limit:
            due.append(ref)
    return sorted(due)


def purge(
    engine: Engine,
    trail: Trail,
    actor: str,
    older_than: timedelta | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> list[str]:
    """Removes the personal fields of every referral due (see ``due_for_purge``); returns their references."""
    now = now or datetime.now(UTC)
    refs = due_for_purge(engine, older_than, now)
    if refs and not dry_run:
        with Session(db.writer(engine)) as s, s.begin():
            ids = list(s.scalars(select(Referral.id).where(Referral.ref.in_(refs), Referral.purged_at.is_(None))))
            _wipe(s, ids, now)
        days = None if older_than is None else older_than.total_seconds() / 86400
        trail.append(actor, "referral_purge", "referrals", count=len(refs), older_than_days=days, refs=refs)
    return refs


def _chain_rows(s: Session, ref: str) -> list[Referral]:
    row = s.scalar(select(Referral).where(Referral.ref == ref))
    if row is None:
        raise NotVisible(ref)
    return chain_of(s, row)


def export(engine: Engine, sealer: Sealer, trail: Trail, ref: str, actor: str) -> dict[str, Any]:
    """Everything held about the person referred as ``ref``: every link of its chain with every note."""
    now = datetime.now(UTC)
    with Session(engine) as s:
        links = [detail(s, sealer, row, None, now) for row in _chain_rows(s, ref)]
    trail.append(actor, "referral_export", f"referral:{ref}", links=[link["id"] for link in links])
    return {"request": ref, "exported": now.isoformat(timespec="seconds"), "referrals": links}


def erase(engine: Engine, trail: Trail, ref: str, actor: str, now: datetime | None = None) -> list[str]:
    """Removes the personal fields of the whole chain ``ref`` belongs to; returns the references erased."""
    now = now or datetime.now(UTC)
    with Session(db.writer(engine)) as s, s.begin():
        chain = _chain_rows(s, ref)
        _wipe(s, [r.id for r in chain], now)
        refs = [r.ref for r in chain]
    trail.append(actor, "referral_erase", f"referral:{ref}", links=refs)
    return refs


def _matches(contact: dict[str, str], query: str, country: str) -> bool:
    q = query.strip().casefold()
    if not q:
        return False
    if contact.get("email", "").casefold() == q or contact.get("name", "").casefold() == q:
        return True
    if "phone" in contact:
        try:
            return phone_e164(query, country) == contact["phone"]
        except ReferralError:
            return False
    return False


def find(engine: Engine, sealer: Sealer, trail: Trail, org: Org, query: str, actor: str) -> list[str]:
    """References ``org`` sent or received whose contact name, phone or e-mail equals ``query``."""
    with Session(engine) as s:
        rows = s.execute(
            select(Referral.ref, Referral.sealed, Referral.country).where(
                or_(Referral.from_org_id == org.id, Referral.to_org_id == org.id), Referral.sealed.is_not(None)
            )
        ).all()
    found = [
        ref
        for ref, sealed, country in rows
        if sealed is not None and _matches(sealer.open(sealed, ref).get("contact", {}), query, country)
    ]
    trail.append(actor, "referral_find", f"org:{org.name}", found=found)
    return sorted(found)
