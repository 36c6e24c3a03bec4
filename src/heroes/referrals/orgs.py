"""Organisations that send and receive referrals, who belongs to each, and which ones to suggest.

The shipped referral directories (heroes.screening, ``referrals.yaml``) are the seed list: ``import_directory``
turns each entry into an organisation named by its directory id (``es.policia_trata``), with its display name
in every language the directory has; importing again refreshes names and numbers and never touches an
organisation's own settings (retention, acceptance times). ``suggest`` orders the receiving organisations for a
screening: by country, then the kind of service the situation needs first (police when someone is in danger,
child protection for a child), the responder's own kind of service last.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heroes.referrals.models import (
    DEFAULT_ACCEPT_HOURS,
    DEFAULT_RETENTION_DAYS,
    DEFAULT_URGENT_ACCEPT_HOURS,
    Membership,
    Organisation,
)
from heroes.store import db

KINDS = ("ngo", "police", "labour_inspection", "health", "shelter", "child_protection", "helpline", "nrm")
AUDIENCES = ("any", "adult", "child")
# the directory's kinds of contact -> the kind of organisation behind them
DIRECTORY_KINDS = {
    "emergency": "police",
    "police_line": "police",
    "helpline": "helpline",
    "child_helpline": "child_protection",
    "nrm": "nrm",
}
# the kind of service a responder of each screening sector works for (suggested last: they are it already)
SECTOR_KINDS = {"law_enforcement": "police", "labour_inspection": "labour_inspection", "health": "health"}
BASE_ORDER = ("nrm", "shelter", "ngo", "helpline", "child_protection", "police", "health", "labour_inspection")
CSV_FIELDS = ("name", "kind", "country", "title", "audience", "phone", "email", "url")


class OrgError(ValueError):
    """An unknown organisation, a duplicate name or a bad value."""


@dataclass(frozen=True)
class Org:
    """An organisation as the commands and pages see it."""

    id: int
    name: str
    kind: str
    country: str
    titles: dict[str, str]
    audience: str
    phone: str
    email: str
    url: str
    verified: bool
    retention_days: int
    accept_hours: int
    urgent_accept_hours: int

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.name

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "id"}


def _org(row: Organisation) -> Org:
    return Org(
        row.id,
        row.name,
        row.kind,
        row.country,
        dict(row.titles or {}),
        row.audience,
        row.phone,
        row.email,
        row.url,
        row.verified,
        row.retention_days,
        row.accept_hours,
        row.urgent_accept_hours,
    )


def _check(name: str, kind: str, country: str, audience: str) -> None:
    if not name or len(name) > 128 or not name.isprintable() or name != name.strip():
        raise OrgError("organisation name must be 1-128 printable characters without outer spaces")
    if kind not in KINDS:
        raise OrgError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if not (2 <= len(country) <= 8 and country.isalpha() and country.isupper()):
        raise OrgError(f"country {country!r} must be a code in capitals, such as ES, CO, BD or UK")
    if audience not in AUDIENCES:
        raise OrgError(f"audience {audience!r} is not one of {', '.join(AUDIENCES)}")


def _positive(label: str, value: int) -> int:
    if value < 1:
        raise OrgError(f"{label} must be at least 1")
    return value


def add(
    engine: Engine,
    name: str,
    kind: str,
    country: str,
    *,
    title: str = "",
    audience: str = "any",
    phone: str = "",
    email: str = "",
    url: str = "",
    retention_days: int = DEFAULT_RETENTION_DAYS,
    accept_hours: int = DEFAULT_ACCEPT_HOURS,
    urgent_accept_hours: int = DEFAULT_URGENT_ACCEPT_HOURS,
) -> Org:
    """Register an organisation after checking its name, kind, country and audience."""
    country = country.upper()
    _check(name, kind, country, audience)
    row = Organisation(
        name=name,
        kind=kind,
        country=country,
        titles={"en": title or name},
        audience=audience,
        phone=phone,
        email=email,
        url=url,
        retention_days=_positive("retention", retention_days),
        accept_hours=_positive("acceptance time", accept_hours),
        urgent_accept_hours=_positive("urgent acceptance time", urgent_accept_hours),
    )
    with Session(db.writer(engine)) as s, s.begin():
        if s.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
            raise OrgError(f"organisation {name!r} exists")
        s.add(row)
        s.flush()
        return _org(row)


def configure(
    engine: Engine,
    name: str,
    *,
    retention_days: int | None = None,
    accept_hours: int | None = None,
    urgent_accept_hours: int | None = None,
) -> Org:
    """Changes an organisation's retention and acceptance times (None leaves one as it is)."""
    with Session(db.writer(engine)) as s, s.begin():
        row = s.scalar(select(Organisation).where(Organisation.name == name))
        if row is None:
            raise OrgError(f"no organisation {name!r}")
        if retention_days is not None:
            row.retention_days = _positive("retention", retention_days)
        if accept_hours is not None:
            row.accept_hours = _positive("acceptance time", accept_hours)
        if urgent_accept_hours is not None:
            row.urgent_accept_hours = _positive("urgent acceptance time", urgent_accept_hours)
        s.flush()
        return _org(row)


def all_orgs(engine: Engine, country: str | None = None) -> list[Org]:
    stmt = select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.country, Organisation.name)
    if country:
        stmt = stmt.where(Organisation.country == country.upper())
    with Session(engine) as s:
        return [_org(r) for r in s.scalars(stmt)]


def by_name(engine: Engine, name: str) -> Org:
    with Session(engine) as s:
        row = s.scalar(select(Organisation).where(Organisation.name == name, Organisation.active.is_(True)))
        if row is None:
            raise OrgError(f"no organisation {name!r} (see `heroes orgs list`)")
        return _org(row)


def by_ids(engine: Engine, ids: set[int]) -> dict[int, Org]:
    with Session(engine) as s:
        return {r.id: _org(r) for r in s.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def import_directory(engine: Engine, country: str | None = None) -> tuple[int, int]:
    """The shipped referral directories as organisations; returns (added, refreshed)."""
    from heroes.screening import knowledge_base

    entries = [r for r in knowledge_base().referrals if not country or r.country == country.upper()]
    if country and not entries:
        known = sorted({r.country for r in knowledge_base().referrals})
        raise OrgError(f"the shipped directories have no country {country!r} (they have {', '.join(known)})")
    added = refreshed = 0
    with Session(db.writer(engine)) as s, s.begin():
        for e in entries:
            fields = dict(
                kind=DIRECTORY_KINDS[e.kind],
                country=e.country,
                titles=dict(e.name),
                audience=e.audience,
                phone=e.phone,
                email=e.email,
                url=e.url,
                verified=e.status == "verified",
                source=f"directory:{e.id}",
            )
            row = s.scalar(select(Organisation).where(Organisation.name == e.id))
            if row is None:
                s.add(Organisation(name=e.id, **fields))
                added += 1
            elif any(getattr(row, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(row, k, v)
                refreshed += 1
    return added, refreshed


def import_csv(engine: Engine, path: Path) -> tuple[int, list[str]]:
    """Organisations from a CSV file with a header (name, kind, country, title, audience, phone, email, url);
    returns how many were added and one line per row that was not (the others are still added)."""
    problems: list[str] = []
    count = 0
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"name", "kind", "country"} - set(reader.fieldnames or [])
        if missing:
            raise OrgError(
                f"{path}: the header must name {', '.join(CSV_FIELDS)} (missing {', '.join(sorted(missing))})"
            )
        for row in reader:
            values = {k: (row.get(k) or "").strip() for k in CSV_FIELDS}
            try:
                add(
                    engine,
                    values["name"],
                    values["kind"],
                    values["country"],
                    title=values["title"],
                    audience=values["audience"] or "any",
                    phone=values["phone"],
                    email=values["email"],
                    url=values["url"],
                )
                count += 1
            except OrgError as exc:
                problems.append(f"{path}:{reader.line_num}: {exc}")
    return count, problems


def join(engine: Engine, user_id: int, org_name: str) -> Org:
    """Makes a dashboard user a member of one organisation (replacing any earlier one)."""
    org = by_name(engine, org_name)
    with Session(db.writer(engine)) as s, s.begin():
        row = s.get(Membership, user_id)
        if row is None:
            s.add(Membership(user_id=user_id, org_id=org.id))
        else:
            row.org_id = org.id
    return org


def of_user(engine: Engine, user_id: int) -> Org | None:
    with Session(engine) as s:
        row = s.scalar(
            select(Organisation)
            .join(Membership, Membership.org_id == Organisation.id)
            .where(Membership.user_id == user_id, Organisation.active.is_(True))
        )
        return _org(row) if row else None


def suggest(
    engine: Engine,
    country: str,
    *,
    age_group: str,
    urgent: bool,
    sector: str = "",
    exclude: int | None = None,
) -> list[Org]:
    """The country's organisations that serve this person, in the order a responder should consider them."""
    order = list(BASE_ORDER)
    own = SECTOR_KINDS.get(sector)
    if own:
        order.remove(own)
        order.append(own)
    child = age_group in ("child", "unknown")
    if child:
        order.remove("child_protection")
        order.insert(0, "child_protection")
    if urgent:
        order.remove("police")
        order.insert(0, "police")
    fits = {"adult": ("any", "adult"), "child": ("any", "child")}.get(age_group, AUDIENCES)  # unknown: all
    picked = [o for o in all_orgs(engine, country) if o.audience in fits and o.id != exclude]
    picked.sort(key=lambda o: (order.index(o.kind), not o.verified, o.name))
    return picked
