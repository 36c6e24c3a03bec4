"""Sending a referral, moving it on, and forwarding it: the writes, each in one transaction and in the audit trail.

A referral carries the screening result (the sets, the indicators answered, the urgent reasons) and, with consent,
the contact fields the person agreed to share; all of it sealed (heroes.referrals.sealing). The audit entries name
the referral by its pseudonymous reference and the organisations, never anything about the person.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heroes.referrals import consent as consent_rules
from heroes.referrals import states
from heroes.referrals.errors import NotReceiver, NotVisible, ReferralError
from heroes.referrals.models import Organisation, Referral, ReferralEvent
from heroes.referrals.orgs import Org, OrgError, by_name
from heroes.referrals.sealing import Sealer
from heroes.referrals.trail import Trail
from heroes.store import db

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: read aloud and typed without mix-ups
MAX_NOTE = 2000


@dataclass(frozen=True)
class Screened:
    """A finished screening: what was answered and what the engine made of it."""

    mode: str  # indicators | flow
    sector: str
    answers: dict[str, str]
    result: dict[str, Any]

    @property
    def urgent(self) -> bool:
        return bool(self.result["urgent"]["act_now"])

    @property
    def age_group(self) -> str:
        return str(self.result["age_group"])

    def potential_victim(self) -> str:
        found = [s["potential_victim"] for s in self.result["sets"].values()]
        return "yes" if True in found else "unknown" if "insufficient_information" in found else "no"

    def summary(self) -> dict[str, Any]:
        """What travels: the sets' results and the indicator ids answered yes, the answers, the urgent reasons."""
        sets = {
            sid: {
                "potential_victim": s["potential_victim"],
                "dimensions_met": list(s["dimensions_met"]),
                "indicators": sorted(i["id"] for dim in s["indicators"].values() for i in dim["items"]),
            }
            for sid, s in self.result["sets"].items()
        }
        return {
            "mode": self.mode,
            "sector": self.sector,
            "age_group": self.age_group,
            "purpose": self.result["purpose"],
            "answers": dict(self.answers),
            "sets": sets,
            "urgent": [r["code"] for r in self.result["urgent"]["reasons"]],
            "child_protection": bool(self.result["child_protection"]["refer"]),
        }


def from_indicators(data: Any, country: str = "") -> Screened:
    """The ``heroes screen --indicators`` input, screened (errors name the field under ``screening.``)."""
    from heroes.screening import ScreeningInputError, screen_indicators

    try:
        result = screen_indicators(data, country or None)
    except ScreeningInputError as exc:
        raise ReferralError(f"screening.{exc.field}", exc.message) from None
    return Screened("indicators", "", dict(data.get("answers", {})), result)


def new_ref() -> str:
    code = "".join(secrets.choice(CROCKFORD) for _ in range(8))
    return f"R-{code[:4]}-{code[4:]}"


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ReferralError("note", f"at most {MAX_NOTE} characters")
    return note


def _receiver(s: Session, name: str, sender: Org) -> Organisation:
    row = s.scalar(select(Organisation).where(Organisation.name == name, Organisation.active.is_(True)))
    if row is None:
        raise ReferralError("to_org", f"no organisation {name!r}")
    if row.id == sender.id:
        raise ReferralError("to_org", "a referral goes to another organisation")
    return row


def _unique_ref(s: Session) -> str:
    while True:
        ref = new_ref()
        if s.scalar(select(Referral.id).where(Referral.ref == ref)) is None:
            return ref


def send(
    engine: Engine,
    sealer: Sealer,
    trail: Trail,
    *,
    actor: str,
    sender: Org,
    to_org: str,
    screened: Screened,
    consent: Any,
    legal_basis: Any = None,
    contact: Any = None,
    notes: str = "",
    subject_ref: str = "",
    now: datetime | None = None,
) -> str:
    """Records consent, seals what may travel and sends the referral; returns its reference number."""
    now = now or datetime.now(UTC)
    notes, subject_ref = _note(notes), consent_rules.plain_text("subject_ref", subject_ref)
    with Session(db.writer(engine)) as s, s.begin():
        receiver = _receiver(s, to_org, sender)
        contact = consent_rules.clean_contact(contact, receiver.country)
        agreed = consent_rules.decide(
            consent, legal_basis, contact, age_group=screened.age_group, urgent=screened.urgent
        )
        payload: dict[str, Any] = {"screening": screened.summary()}
        if agreed.anonymous:
            if notes or subject_ref:
                raise ReferralError("notes", "consent was refused: an anonymous alert carries no notes or reference")
        else:
            payload.update(contact=contact, notes=notes, subject_ref=subject_ref)
        clear = {
            "urgent": screened.urgent,
            "age_group": screened.age_group,
            "purpose": str(screened.result["purpose"]),
            "sector": screened.sector,
            "potential_victim": screened.potential_victim(),
            "consent": agreed.value,
            "legal_basis": agreed.legal_basis,
            "anonymous": agreed.anonymous,
        }
        ref = _insert(s, sealer, sender, receiver, actor, now, payload, clear)
        to_name = receiver.name
    trail.append(
        actor,
        "referral_send",
        f"referral:{ref}",
        from_org=sender.name,
        to_org=to_name,
        consent=agreed.value,
        urgent=screened.urgent,
        anonymous=agreed.anonymous,
    )
    return ref


def _insert(
    s: Session,
    sealer: Sealer,
    sender: Org,
    receiver: Organisation,
    actor: str,
    now: datetime,
    payload: dict[str, Any] | None,
    clear: dict[str, Any],
    parent_id: int | None = None,
) -> str:
    """A new referral row (and its first event) with a fresh reference; returns the reference."""
    ref = _unique_ref(s)
    row = Referral(
        ref=ref,
        parent_id=parent_id,
        from_org_id=sender.id,
        to_org_id=receiver.id,
        created_by=actor,
        status=states.NEW,
        country=receiver.country,
        sealed=sealer.seal(payload, ref) if payload is not None else None,
        key_id=sealer.key_id if payload is not None else None,
        created=now,
        updated=now,
        **clear,
    )
    s.add(row)
    s.flush()
    s.add(ReferralEvent(referral_id=row.id, at=now, actor=actor, org_id=sender.id, status=states.NEW))
    return ref


COPIED = ("urgent", "age_group", "purpose", "sector", "potential_victim", "consent", "legal_basis", "anonymous")


def _forward(
    s: Session, sealer: Sealer, parent: Referral, sender: Org, to_org: str, actor: str, now: datetime
) -> tuple[str, str]:
    """A new referral from the declining organisation, with what the declined one carried, linked to it."""
    receiver = _receiver(s, to_org, sender)
    payload = sealer.open(parent.sealed, parent.ref) if parent.sealed else None
    clear = {k: getattr(parent, k) for k in COPIED}
    return _insert(s, sealer, sender, receiver, actor, now, payload, clear, parent.id), receiver.name


def move(
    engine: Engine,
    sealer: Sealer,
    trail: Trail,
    ref: str,
    *,
    org: Org,
    actor: str,
    status: str,
    code: str | None = None,
    note: str = "",
    forward_to: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Moves a received referral to ``status`` (``code``: the outcome when closing, the reason when declining);
    a declined one may be forwarded. Returns ``{"id", "status", "forwarded_to"}``."""
    now = now or datetime.now(UTC)
    note = _note(note)
    if forward_to and status != states.DECLINED:
        raise ReferralError("forward_to", "only a declined referral is forwarded")
    with Session(db.writer(engine)) as s, s.begin():
        row = s.scalar(select(Referral).where(Referral.ref == ref).with_for_update())
        if row is None or org.id not in (row.from_org_id, row.to_org_id):
            raise NotVisible(ref)
        if row.to_org_id != org.id:
            raise NotReceiver("only the receiving organisation moves a referral on")
        states.check_move(row.status, status, anonymous=row.anonymous, code=code)
        row.status, row.updated = status, now
        if status == states.ACCEPTED:
            row.accepted_at = now
        if status == states.CLOSED:
            row.outcome = code
        if status == states.DECLINED:
            row.decline_reason = code
        if status in (states.CLOSED, states.DECLINED):
            row.closed_at = now
        s.add(
            ReferralEvent(
                referral_id=row.id,
                at=now,
                actor=actor,
                org_id=org.id,
                status=status,
                code=code,
                sealed_note=sealer.seal(note, f"{ref}#note") if note else None,
            )
        )
        forwarded = _forward(s, sealer, row, org, forward_to, actor, now) if forward_to else None
    trail.append(actor, "referral_status", f"referral:{ref}", org=org.name, status=status, code=code)
    if forwarded:
        trail.append(
            actor,
            "referral_forward",
            f"referral:{forwarded[0]}",
            parent=ref,
            from_org=org.name,
            to_org=forwarded[1],
        )
    return {"id": ref, "status": status, "forwarded_to": forwarded[0] if forwarded else None}


def sender_org(engine: Engine, name: str) -> Org:
    """The sending organisation by name, as a ReferralError when it does not exist."""
    try:
        return by_name(engine, name)
    except OrgError as exc:
        raise ReferralError("from_org", str(exc)) from None
