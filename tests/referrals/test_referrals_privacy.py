"""Retention purge (per organisation or --older-than), the access export, erasure and finding a person's
references: personal fields go, the anonymous statistics stay, and each run is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from heroes.referrals import orgs, privacy, stats, views
from heroes.referrals.errors import NotVisible
from heroes.web import audit

T0 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _close(move, ref, when, code="support_provided"):
    for status, at in (("accepted", when - timedelta(hours=3)), ("closed", when)):
        move(ref, status, code=code if status == "closed" else None, note=f"{status} note", now=at)


def test_purge_follows_the_shorter_retention_and_keeps_statistics(world, send, move):
    old = send(now=T0)
    _close(move, old, T0 + timedelta(days=1))
    recent = send(now=T0 + timedelta(days=100))
    _close(move, recent, T0 + timedelta(days=101))
    still_open = send(now=T0)
    now = T0 + timedelta(days=200)  # old closed 199 days ago, recent 99 days ago
    assert privacy.due_for_purge(world.engine, now=now) == [old]
    orgs.configure(world.engine, world.a.name, retention_days=90)  # the sender keeps less: the shorter wins
    assert privacy.due_for_purge(world.engine, now=now) == sorted([old, recent])
    before = stats.compute(world.engine)
    assert privacy.purge(world.engine, world.trail, "cli", now=now, dry_run=True) == sorted([old, recent])
    assert views.show(world.engine, world.sealer, old, world.b)["sealed"] is not None  # a dry run changes nothing
    assert privacy.purge(world.engine, world.trail, "cli", now=now) == sorted([old, recent])
    for ref in (old, recent):
        got = views.show(world.engine, world.sealer, ref, world.b)
        assert got["sealed"] is None and got["purged"] and all(e["note"] == "" for e in got["events"])
        assert got["status"] == "closed" and got["outcome"] == "support_provided"
    assert views.show(world.engine, world.sealer, still_open, world.b)["sealed"]["contact"]
    assert stats.compute(world.engine) == before
    assert privacy.purge(world.engine, world.trail, "cli", now=now) == []
    last = audit.entries(world.engine, 1)[0]  # one entry for the run that purged, none for the empty one
    assert last["action"] == "referral_purge" and last["detail"]["refs"] == sorted([old, recent])
    assert world.trail.verify().problems == []


def test_older_than_overrides_the_organisations_retention(world, send, move):
    ref = send(now=T0)
    _close(move, ref, T0 + timedelta(days=1))
    now = T0 + timedelta(days=11)
    assert privacy.due_for_purge(world.engine, timedelta(days=30), now) == []
    assert privacy.purge(world.engine, world.trail, "cli", timedelta(days=7), now) == [ref]


def test_export_gives_the_whole_chain_with_every_note(world, send, move):
    ref = send()
    move(ref, "accepted", actor="o1", note="spoke to her")
    child = move(ref, "declined", actor="o1", code="no_capacity", forward_to="ong-norte")["forwarded_to"]
    move(child, "accepted", org=world.c, actor="c1", note="bed found")
    data = privacy.export(world.engine, world.sealer, world.trail, child, "cli")
    assert [link["id"] for link in data["referrals"]] == [ref, child]
    notes = [e["note"] for link in data["referrals"] for e in link["events"] if e["note"]]
    assert notes == ["spoke to her", "bed found"]
    assert data["referrals"][0]["sealed"]["contact"]["phone"] == "+34612345678"
    assert audit.entries(world.engine, 1)[0]["action"] == "referral_export"
    with pytest.raises(NotVisible):
        privacy.export(world.engine, world.sealer, world.trail, "R-0000-0000", "cli")


def test_erase_removes_the_personal_fields_of_the_whole_chain_at_once(world, send, move):
    ref = send()
    child = move(ref, "declined", actor="o1", code="other", forward_to="ong-norte")["forwarded_to"]
    assert privacy.erase(world.engine, world.trail, child, "cli") == [ref, child]
    for r, org in ((ref, world.a), (child, world.c)):
        got = views.show(world.engine, world.sealer, r, org)
        assert got["sealed"] is None and got["purged"]
    assert privacy.export(world.engine, world.sealer, world.trail, ref, "cli")["referrals"][0]["sealed"] is None


def test_find_matches_name_phone_or_email_within_the_organisation(world, send):
    ref = send()
    other = send(contact={"name": "Someone Else"})
    assert privacy.find(world.engine, world.sealer, world.trail, world.b, "+34 612 34 56 78", "cli") == [ref]
    assert privacy.find(world.engine, world.sealer, world.trail, world.a, "ana example", "cli") == [ref]
    assert privacy.find(world.engine, world.sealer, world.trail, world.b, "ana@example.org", "cli") == [ref]
    assert privacy.find(world.engine, world.sealer, world.trail, world.b, "Someone Else", "cli") == [other]
    assert privacy.find(world.engine, world.sealer, world.trail, world.c, "Ana Example", "cli") == []
    assert privacy.find(world.engine, world.sealer, world.trail, world.b, "", "cli") == []
