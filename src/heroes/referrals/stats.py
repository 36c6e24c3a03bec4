"""Statistics for coordinators: referrals by route (kind of sender -> kind of receiver), time to acceptance,
outcomes and months, computed from the columns kept in clear, so purged referrals still count and nothing about
a person is read. ``to_csv`` writes one row per month and route, with the outcomes as columns, for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, aliased

from heroes.referrals import states
from heroes.referrals.models import Organisation, Referral
from heroes.referrals.orgs import Org

CSV_HEAD = ["month", "from_kind", "to_kind", "referrals", "urgent", "accepted", "median_hours_to_accept", "declined"]


def _hours(rows: list[dict[str, Any]]) -> list[float]:
    return sorted(
        (states.aware(r["accepted_at"]) - states.aware(r["created"])).total_seconds() / 3600
        for r in rows
        if r["accepted_at"] is not None
    )


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _p90(values: list[float]) -> float | None:  # nearest rank: a value that happened
    return round(values[math.ceil(0.9 * len(values)) - 1], 2) if values else None


def _rows(engine: Engine, org: Org | None) -> list[dict[str, Any]]:
    sender, receiver = aliased(Organisation), aliased(Organisation)
    stmt = (
        select(
            sender.kind.label("from_kind"),
            receiver.kind.label("to_kind"),
            Referral.created,
            Referral.accepted_at,
            Referral.status,
            Referral.outcome,
            Referral.decline_reason,
            Referral.urgent,
        )
        .join(sender, sender.id == Referral.from_org_id)
        .join(receiver, receiver.id == Referral.to_org_id)
    )
    if org is not None:
        stmt = stmt.where(or_(Referral.from_org_id == org.id, Referral.to_org_id == org.id))
    with Session(engine) as s:
        out = [dict(r._mapping) for r in s.execute(stmt)]
    for r in out:
        r["month"] = states.aware(r["created"]).strftime("%Y-%m")
    return out


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    hours = _hours(rows)
    return {
        "referrals": len(rows),
        "urgent": sum(r["urgent"] for r in rows),
        "accepted": len(hours),
        "median_hours_to_accept": _median(hours),
        "declined": sum(r["status"] == states.DECLINED for r in rows),
        "closed": sum(r["status"] == states.CLOSED for r in rows),
    }


def compute(engine: Engine, org: Org | None = None) -> dict[str, Any]:
    """Every referral's statistics (``org``: only what it sent or received)."""
    rows = _rows(engine, org)
    routes: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    months: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        routes[(r["from_kind"], r["to_kind"])].append(r)
        months[r["month"]].append(r)
    hours = _hours(rows)
    return {
        "total": len(rows),
        "open": sum(r["status"] in states.OPEN for r in rows),
        "urgent": sum(r["urgent"] for r in rows),
        "status": dict(Counter(r["status"] for r in rows)),
        "routes": [{"from_kind": f, "to_kind": t, **_group(g)} for (f, t), g in sorted(routes.items())],
        "time_to_accept": {"accepted": len(hours), "median_hours": _median(hours), "p90_hours": _p90(hours)},
        "outcomes": {o: sum(r["outcome"] == o for r in rows) for o in states.OUTCOMES},
        "decline_reasons": {d: sum(r["decline_reason"] == d for r in rows) for d in states.DECLINE_REASONS},
        "months": [{"month": m, **_group(g)} for m, g in sorted(months.items())],
    }


def to_csv(engine: Engine, org: Org | None = None) -> str:
    """One row per month and route: counts, the median time to acceptance, and one column per outcome."""
    cells: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(engine, org):
        cells[(r["month"], r["from_kind"], r["to_kind"])].append(r)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEAD + [f"outcome_{o}" for o in states.OUTCOMES])
    for (month, f, t), group in sorted(cells.items()):
        g = _group(group)
        writer.writerow(
            [month, f, t, g["referrals"], g["urgent"], g["accepted"], g["median_hours_to_accept"], g["declined"]]
            + [sum(r["outcome"] == o for r in group) for o in states.OUTCOMES]
        )
    return out.getvalue()
