"""Statistics: routes by kind, time to acceptance (median and 90th percentile), outcomes, months, and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from heroes.referrals import handover, stats

T0 = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_statistics_by_route_time_outcome_and_month(world, send, move):
    refs = [send(now=T0 + timedelta(days=i)) for i in range(4)]  # 30 Mar, 31 Mar, 1 Apr, 2 Apr
    for i, hours in enumerate((2, 4, 10)):
        move(refs[i], "accepted", now=T0 + timedelta(days=i, hours=hours))
    move(refs[0], "closed", now=T0 + timedelta(days=5), code="support_provided")
    move(refs[1], "closed", now=T0 + timedelta(days=5), code="not_reachable")
    move(refs[3], "declined", now=T0 + timedelta(days=5), code="no_capacity")
    from_c = handover.send(
        world.engine,
        world.sealer,
        world.trail,
        actor="c",
        sender=world.c,
        to_org=world.b.name,
        screened=world.screened(world.CALM_ADULT),
        consent="refused",
        now=T0 + timedelta(days=3),
    )
    result = stats.compute(world.engine)
    assert result["total"] == 5 and result["open"] == 2 and result["urgent"] == 4
    assert result["time_to_accept"] == {"accepted": 3, "median_hours": 4.0, "p90_hours": 10.0}
    routes = {(r["from_kind"], r["to_kind"]): r for r in result["routes"]}
    assert routes[("labour_inspection", "shelter")]["referrals"] == 4
    assert routes[("ngo", "shelter")]["referrals"] == 1 and routes[("ngo", "shelter")]["accepted"] == 0
    assert result["outcomes"]["support_provided"] == 1 and result["outcomes"]["not_reachable"] == 1
    assert result["decline_reasons"]["no_capacity"] == 1
    assert [(m["month"], m["referrals"]) for m in result["months"]] == [("2026-03", 2), ("2026-04", 3)]
    assert result["months"][0]["median_hours_to_accept"] == 3.0
    only_c = stats.compute(world.engine, world.c)
    assert only_c["total"] == 1 and only_c["routes"][0]["from_kind"] == "ngo"
    assert from_c


def test_csv_has_one_row_per_month_and_route_with_outcome_columns(world, send, move):
    ref = send(now=T0)
    move(ref, "accepted", now=T0 + timedelta(hours=1, minutes=30))
    move(ref, "closed", now=T0 + timedelta(days=1), code="support_provided")
    send(now=T0 + timedelta(days=5))
    rows = list(csv.DictReader(io.StringIO(stats.to_csv(world.engine))))
    assert [(r["month"], r["from_kind"], r["to_kind"], r["referrals"]) for r in rows] == [
        ("2026-03", "labour_inspection", "shelter", "1"),
        ("2026-04", "labour_inspection", "shelter", "1"),
    ]
    assert rows[0]["median_hours_to_accept"] == "1.5" and rows[0]["outcome_support_provided"] == "1"
    assert rows[1]["median_hours_to_accept"] == "" and rows[1]["accepted"] == "0"
    text = stats.to_csv(world.engine)
    assert "Ana" not in text and "R-" not in text


def test_empty_database_statistics(world):
    result = stats.compute(world.engine)
    assert result["total"] == 0 and result["time_to_accept"]["median_hours"] is None
    assert stats.to_csv(world.engine).splitlines()[0].startswith("month,from_kind,to_kind,referrals")
