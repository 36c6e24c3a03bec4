"""The referral tables on both backends: a referral sent, accepted, declined and forwarded, listed, counted and
purged against SQLite and a real PostgreSQL server (row locks, time zones and JSON text as each backend has them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from heroes.referrals import handover, orgs, privacy, stats, views
from heroes.referrals.sealing import Sealer
from heroes.store import CaseStore, db
from heroes.web.audit import AuditLog


def test_referral_round_trip(store_url, tmp_path):
    CaseStore(store_url).close()
    engine = db.make_engine(store_url)
    try:
        a = orgs.add(engine, "A", "police", "UK")
        b = orgs.add(engine, "B", "shelter", "UK")
        orgs.add(engine, "C", "ngo", "UK")
        sealer = Sealer.from_file(tmp_path / "k")
        trail = AuditLog.open(engine, tmp_path / "audit-key", tmp_path / "audit-checkpoints")
        t0 = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)
        screened = handover.from_indicators(
            {"age_group": "child", "purpose": "sexual", "answers": {"CL-DR-01": "yes"}}, "UK"
        )
        ref = handover.send(
            engine,
            sealer,
            trail,
            actor="r",
            sender=a,
            to_org="B",
            screened=screened,
            consent="not_possible",
            legal_basis="child protection duty",
            contact={"phone": "07911 123456"},
            now=t0,
        )
        handover.move(engine, sealer, trail, ref, org=b, actor="o", status="accepted", now=t0 + timedelta(hours=2))
        child = handover.move(
            engine,
            sealer,
            trail,
            ref,
            org=b,
            actor="o",
            status="declined",
            code="not_our_service",
            forward_to="C",
            note="needs a child service",
            now=t0 + timedelta(hours=3),
        )["forwarded_to"]
        got = views.show(engine, sealer, ref, b)
        assert got["sealed"]["contact"] == {"phone": "+447911123456"}
        assert got["created"] == "2026-02-01T10:00:00+00:00" and got["events"][-1]["note"] == "needs a child service"
        assert [r["id"] for r in views.listing(engine, b)] == [child, ref]  # the open forward first
        assert stats.compute(engine)["time_to_accept"]["median_hours"] == 2.0
        assert privacy.purge(engine, trail, "cli", timedelta(days=1), now=t0 + timedelta(days=2)) == [ref]
        assert views.show(engine, sealer, ref, a)["sealed"] is None
        assert views.show(engine, sealer, child, orgs.by_name(engine, "C"))["sealed"]["contact"]
    finally:
        engine.dispose()
