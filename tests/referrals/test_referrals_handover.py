"""Sending, following up and forwarding: who sees what, which moves are allowed, notes kept to their writer,
the overdue rule, the order of the inbox, and every change in the audit trail (with nothing about the person)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from heroes.referrals import handover, views
from heroes.referrals.errors import NotReceiver, NotVisible, ReferralError
from heroes.web import audit


def test_a_sent_referral_is_seen_by_sender_and_receiver_only(world, send):
    ref = send()
    assert re.fullmatch(r"R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", ref)
    sent = views.listing(world.engine, world.a)
    received = views.listing(world.engine, world.b)
    assert [r["id"] for r in sent] == [r["id"] for r in received] == [ref]
    assert sent[0]["direction"] == "sent" and received[0]["direction"] == "received"
    assert views.listing(world.engine, world.c) == []
    with pytest.raises(NotVisible):
        views.show(world.engine, world.sealer, ref, world.c)
    with pytest.raises(NotVisible):
        views.show(world.engine, world.sealer, "R-0000-0000", world.a)


def test_the_receiver_sees_the_screening_and_the_shared_contact(world, send):
    ref = send()
    got = views.show(world.engine, world.sealer, ref, world.b)
    assert got["urgent"] and got["potential_victim"] == "yes" and got["consent"] == "given"
    sealed = got["sealed"]
    assert sealed["contact"] == {
        "name": "Ana Example",
        "phone": "+34612345678",
        "email": "Ana@example.org",
        "safe_contact": "mornings",
    }
    assert sealed["screening"]["urgent"] == ["violence"]
    assert sealed["screening"]["sets"]["adults_labour"]["potential_victim"] is True
    assert "AL-CD-04" in sealed["screening"]["sets"]["adults_labour"]["indicators"]


def test_an_alert_without_consent_carries_no_contact_fields(world, send, move):
    with pytest.raises(ReferralError, match="anonymous alert"):
        send(consent="refused")
    with pytest.raises(ReferralError, match="no notes or reference"):
        send(consent="refused", contact=None)
    ref = send(consent="refused", contact=None, notes="")
    got = views.show(world.engine, world.sealer, ref, world.b)
    assert got["anonymous"] and set(got["sealed"]) == {"screening"}
    assert move(ref, "accepted", actor="off")
    with pytest.raises(ReferralError, match="no contact details"):
        move(ref, "contacted", actor="off")


def test_bad_screening_and_unknown_receiver_name_the_field(world, send):
    with pytest.raises(ReferralError) as err:
        handover.from_indicators({"age_group": "adult", "answers": {"AL-DR-99": "yes"}})
    assert err.value.field == "screening.answers.AL-DR-99"
    with pytest.raises(ReferralError) as err:
        send(to_org="nowhere")
    assert err.value.field == "to_org"
    with pytest.raises(ReferralError, match="another organisation"):
        send(to_org=world.a.name)


def test_the_journey_to_closed_and_what_the_sender_sees(world, send, move):
    ref = send()
    with pytest.raises(ReferralError, match="a new referral can move to accepted, declined"):
        move(ref, "closed", code="support_provided")
    move(ref, "accepted", note="bed free from Monday")
    move(ref, "contacted")
    move(ref, "support_started")
    with pytest.raises(ReferralError) as err:
        move(ref, "closed")
    assert err.value.field == "outcome"
    move(ref, "closed", code="support_provided", note="moved to the shelter's flat")
    with pytest.raises(ReferralError, match="finished"):
        move(ref, "accepted")
    with pytest.raises(NotReceiver):
        move(ref, "accepted", org=world.a, actor="resp1")
    with pytest.raises(NotVisible):
        move(ref, "accepted", org=world.c, actor="x")
    sender_view = views.show(world.engine, world.sealer, ref, world.a)
    receiver_view = views.show(world.engine, world.sealer, ref, world.b)
    assert sender_view["status"] == "closed" and sender_view["outcome"] == "support_provided"
    assert [e["status"] for e in sender_view["events"]] == ["new", "accepted", "contacted", "support_started", "closed"]
    assert all(e["note"] == "" for e in sender_view["events"])
    assert all(e["actor"] == "" for e in sender_view["events"] if e["org"] == world.b.name)
    notes = [e["note"] for e in receiver_view["events"]]
    assert notes == ["", "bed free from Monday", "", "", "moved to the shelter's flat"]


def test_declined_and_forwarded_keeps_the_chain(world, send, move):
    ref = send()
    with pytest.raises(ReferralError, match="only a declined referral is forwarded"):
        move(ref, "accepted", actor="o", forward_to="ong-norte")
    with pytest.raises(ReferralError) as err:
        move(ref, "declined", actor="o")
    assert err.value.field == "reason"
    done = move(ref, "declined", actor="o", code="no_capacity", forward_to="ong-norte")
    child = done["forwarded_to"]
    assert child and child != ref
    seen_by_c = views.show(world.engine, world.sealer, child, world.c)
    assert seen_by_c["from_org"] == world.b.name and seen_by_c["sealed"]["contact"]["name"] == "Ana Example"
    assert [link["id"] for link in seen_by_c["chain"]] == [ref, child]
    seen_by_a = views.show(world.engine, world.sealer, ref, world.a)
    assert seen_by_a["status"] == "declined" and seen_by_a["decline_reason"] == "no_capacity"
    assert [(link["to_org"], link["status"]) for link in seen_by_a["chain"]] == [
        ("refugio-sur", "declined"),
        ("ong-norte", "new"),
    ]
    with pytest.raises(NotVisible):  # A sees the chain's links, not C's referral itself
        views.show(world.engine, world.sealer, child, world.a)


def test_overdue_is_shown_to_both_sides_and_urgent_sorts_first(world, send, move):
    t0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    calm = send(screened=world.screened(world.CALM_ADULT), now=t0)
    urgent = send(now=t0 + timedelta(minutes=5))
    late = t0 + timedelta(hours=5)  # past the urgent 4 h, within the 48 h
    for org in (world.a, world.b):
        listed = {r["id"]: r for r in views.listing(world.engine, org, now=late)}
        assert listed[urgent]["overdue"] and not listed[calm]["overdue"]
    assert views.listing(world.engine, world.b, now=t0 + timedelta(hours=49))[1]["overdue"]
    newer = send(screened=world.screened(world.CALM_ADULT), now=t0 + timedelta(hours=1))
    assert [r["id"] for r in views.listing(world.engine, world.b, now=late)] == [urgent, newer, calm]
    move(urgent, "accepted", actor="o", now=late)
    after = {r["id"]: r for r in views.listing(world.engine, world.b, now=late)}
    assert not after[urgent]["overdue"]
    move(urgent, "declined", actor="o", code="duplicate", now=late)
    assert views.listing(world.engine, world.b, now=late)[-1]["id"] == urgent  # finished ones last
    assert [r["id"] for r in views.listing(world.engine, world.b, direction="sent")] == []
    assert [r["id"] for r in views.listing(world.engine, world.b, status="declined")] == [urgent]


def test_every_change_is_in_the_audit_trail_without_personal_data(world, send, move):
    ref = send()
    move(ref, "accepted", note="call at 9")
    move(ref, "declined", code="other", forward_to="ong-norte")
    entries = audit.entries(world.engine)
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["referral_send", "referral_status", "referral_status", "referral_forward"]
    assert all(e["target"].startswith("referral:R-") for e in entries)
    text = json.dumps([dict(e) for e in entries], default=str)
    # the whole number: "612" alone turns up by chance in hex hashes
    for secret in ("Ana", "612345678", "greenhouse", "call at 9"):
        assert secret not in text
    assert world.trail.verify().problems == []
