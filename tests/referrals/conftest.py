"""Referral fixtures: a migrated database with three organisations (A sends, B receives, C is a bystander),
a key file of its own per test, and screenings in the `heroes screen --indicators` form."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from heroes.referrals import orgs
from heroes.referrals.handover import from_indicators
from heroes.referrals.sealing import Sealer
from heroes.store import CaseStore, db
from heroes.web.audit import AuditLog

# an adult in labour exploitation who reports violence: the rule is met and it is urgent
URGENT_ADULT = {
    "age_group": "adult",
    "purpose": "labour",
    "default": "no",
    "answers": {
        "AL-DR-01": "yes",
        "AL-DR-02": "yes",
        "AL-EX-01": "yes",
        "AL-EX-02": "yes",
        "AL-CD-01": "yes",
        "AL-CD-04": "yes",
    },
}
CALM_ADULT = {"age_group": "adult", "purpose": "labour", "default": "no", "answers": {"AL-DR-01": "yes"}}
CHILD = {"age_group": "child", "purpose": "labour", "default": "unknown", "answers": {"CL-DR-01": "yes"}}
CONTACT = {"name": "Ana Example", "phone": "612 345 678", "email": "Ana@Example.org", "safe_contact": "mornings"}


@pytest.fixture
def world(tmp_path):
    url = f"sqlite:///{tmp_path / 'refs.sqlite'}"
    CaseStore(url).close()
    engine = db.make_engine(url)
    a = orgs.add(engine, "inspeccion-madrid", "labour_inspection", "ES", title="Inspección de Trabajo, Madrid")
    b = orgs.add(engine, "refugio-sur", "shelter", "ES", title="Refugio Sur")
    c = orgs.add(engine, "ong-norte", "ngo", "ES")
    sealer = Sealer.from_file(tmp_path / "keys" / "referrals.key")
    yield SimpleNamespace(
        url=url,
        engine=engine,
        a=a,
        b=b,
        c=c,
        sealer=sealer,
        trail=AuditLog.open(engine, tmp_path / "audit-key", tmp_path / "audit-checkpoints"),
        key=tmp_path / "keys" / "referrals.key",
        screened=lambda data=URGENT_ADULT: from_indicators(data, "ES"),
        URGENT_ADULT=URGENT_ADULT,
        CALM_ADULT=CALM_ADULT,
        CHILD=CHILD,
        CONTACT=CONTACT,
    )
    engine.dispose()


@pytest.fixture
def send(world):
    """Sends a referral from A to B (or as told) with consent and the contact fields; returns its reference."""
    from heroes.referrals import handover

    def _send(**kw):
        args = dict(
            actor="resp1",
            sender=world.a,
            to_org=world.b.name,
            screened=world.screened(),
            consent="given",
            contact=dict(CONTACT),
            notes="works at the greenhouse on the coast road",
        )
        args.update(kw)
        return handover.send(world.engine, world.sealer, world.trail, **args)

    return _send


@pytest.fixture
def move(world):
    """Moves a referral on as B's officer (or as told); returns what heroes.referrals.handover.move answers."""
    from heroes.referrals import handover

    def _move(ref, status, org=None, actor="officer1", **kw):
        return handover.move(
            world.engine, world.sealer, world.trail, ref, org=org or world.b, actor=actor, status=status, **kw
        )

    return _move
