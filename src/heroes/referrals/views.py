"""What an organisation may see: the referrals it sent or received, and one of them in full.

Every read is scoped to one organisation: a referral it neither sent nor received is ``NotVisible``, exactly like
one that does not exist. The sender sees the status of what it sent and the chain it went along, never the
receiver's notes; a note is shown only to the organisation that wrote it. Open referrals come first, urgent ones
first among them, then overdue ones, then the newest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from heroes.referrals import states
from heroes.referrals.errors import NotVisible
from heroes.referrals.models import Referral, ReferralEvent
from heroes.referrals.orgs import Org, by_ids
from heroes.referrals.sealing import Sealer

DIRECTIONS = ("sent", "received")


def _iso(moment: datetime | None) -> str | None:
    return states.aware(moment).isoformat(timespec="seconds") if moment else None


def summary(row: Referral, orgs: dict[int, Org], now: datetime, viewer: int | None = None) -> dict[str, Any]:
    """The non-personal facts of one referral (what lists, the JSON lines and the statistics show)."""
    to = orgs[row.to_org_id]
    return {
        "id": row.ref,
        "from_org": orgs[row.from_org_id].name,
        "to_org": to.name,
        "direction": None if viewer is None else ("received" if row.to_org_id == viewer else "sent"),
        "status": row.status,
        "urgent": row.urgent,
        "overdue": states.overdue(row.status, row.urgent, row.created, to.accept_hours, to.urgent_accept_hours, now),
        "anonymous": row.anonymous,
        "consent": row.consent,
        "age_group": row.age_group,
        "purpose": row.purpose,
        "potential_victim": row.potential_victim,
        "outcome": row.outcome,
        "decline_reason": row.decline_reason,
        "created": _iso(row.created),
        "updated": _iso(row.updated),
        "purged": row.purged_at is not None,
    }


def _sort_key(item: dict[str, Any]) -> tuple[bool, bool, bool, float]:
    created = datetime.fromisoformat(item["created"]).timestamp()
    return (item["status"] not in states.OPEN, not item["urgent"], not item["overdue"], -created)


def listing(
    engine: Engine,
    org: Org | None = None,
    *,
    direction: str | None = None,
    status: str | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The referrals ``org`` sent or received (every referral when ``org`` is None), best first."""
    now = now or datetime.now(UTC)
    stmt = select(Referral)
    if org is not None:
        if direction == "sent":
            stmt = stmt.where(Referral.from_org_id == org.id)
        elif direction == "received":
            stmt = stmt.where(Referral.to_org_id == org.id)
        else:
            stmt = stmt.where(or_(Referral.from_org_id == org.id, Referral.to_org_id == org.id))
    if status:
        stmt = stmt.where(Referral.status == status)
    with Session(engine) as s:
        rows = list(s.scalars(stmt))
    orgs = by_ids(engine, {r.from_org_id for r in rows} | {r.to_org_id for r in rows})
    out = [summary(r, orgs, now, org.id if org else None) for r in rows]
    out.sort(key=_sort_key)
    return out


def chain_of(s: Session, row: Referral) -> list[Referral]:
    """The whole chain this referral is part of, from the first sending to the last forward."""
    first = row
    while first.parent_id is not None:
        first = s.get(Referral, first.parent_id)  # type: ignore[assignment]
    chain, link = [first], first
    while True:
        nxt = s.scalar(select(Referral).where(Referral.parent_id == link.id))
        if nxt is None:
            return chain
        chain.append(nxt)
        link = nxt


def visible_row(s: Session, ref: str, org_id: int) -> Referral:
    row = s.scalar(select(Referral).where(Referral.ref == ref))
    if row is None or org_id not in (row.from_org_id, row.to_org_id):
        raise NotVisible(ref)
    return row


def detail(s: Session, sealer: Sealer | None, row: Referral, viewer: int | None, now: datetime) -> dict[str, Any]:
    """The summary, what was sealed (when the key is given and it was not purged), the status history and the
    chain's links, as organisation ``viewer`` may see them; ``viewer`` None (a data subject's access request):
    every organisation's notes and actors."""
    chain = chain_of(s, row)
    events = list(
        s.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == row.id).order_by(ReferralEvent.id))
    )
    ids = {r.from_org_id for r in chain} | {r.to_org_id for r in chain} | {e.org_id for e in events}
    orgs = by_ids(s.get_bind(), ids)  # type: ignore[arg-type]
    out = summary(row, orgs, now, viewer)
    out["legal_basis"] = row.legal_basis
    out["sealed"] = sealer.open(row.sealed, row.ref) if sealer is not None and row.sealed else None

    def own(e: ReferralEvent) -> bool:
        return viewer is None or e.org_id == viewer

    out["events"] = [
        {
            "at": _iso(e.at),
            "org": orgs[e.org_id].name,
            "actor": e.actor if own(e) else "",
            "status": e.status,
            "code": e.code,
            "note": sealer.open(e.sealed_note, f"{row.ref}#note") if sealer and e.sealed_note and own(e) else "",
        }
        for e in events
    ]
    out["chain"] = [
        {
            "id": r.ref,
            "from_org": orgs[r.from_org_id].name,
            "to_org": orgs[r.to_org_id].name,
            "status": r.status,
            "current": r.id == row.id,
        }
        for r in chain
    ]
    return out


def show(
    engine: Engine,
    sealer: Sealer | None,
    ref: str,
    org: Org,
    now: datetime | None = None,
    sides: tuple[str, ...] = DIRECTIONS,
) -> dict[str, Any]:
    """One referral as ``org`` may see it: ``NotVisible`` if it neither sent nor received it, or if its side
    (``sent``, ``received``) is not in ``sides``."""
    with Session(engine) as s:
        row = visible_row(s, ref, org.id)
        if ("received" if row.to_org_id == org.id else "sent") not in sides:
            raise NotVisible(ref)
        return detail(s, sealer, row, org.id, now or datetime.now(UTC))
