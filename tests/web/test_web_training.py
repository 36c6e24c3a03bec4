"""Training records: one row per user and lesson (the latest attempt), gone with the user."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from heroes.store import CaseStore, db
from heroes.web import accounts
from heroes.web import training as records
from heroes.web.models import User


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'case.sqlite'}"
    CaseStore(url).close()  # migrations, including the learn_completions table
    engine = db.make_engine(url)
    yield engine
    engine.dispose()


def test_save_update_and_list(engine):
    ann = accounts.add_user(engine, "ann", "responder", "a long password")
    bob = accounts.add_user(engine, "bob", "investigator", "a long password")
    records.save(engine, ann.id, "referral", "en", 1, 3)
    records.save(engine, ann.id, "referral", "es", 3, 3)
    records.save(engine, bob.id, "first-contact", "bn", 2, 3)
    mine = records.listing(engine, ann.id)
    assert [(r.user, r.lesson, r.lang, r.score, r.total) for r in mine] == [("ann", "referral", "es", 3, 3)]
    assert [(r.user, r.lesson) for r in records.listing(engine)] == [("ann", "referral"), ("bob", "first-contact")]
    with pytest.raises(ValueError, match="not between"):
        records.save(engine, ann.id, "referral", "en", 4, 3)
    with Session(engine) as s, s.begin():
        s.execute(delete(User).where(User.id == bob.id))
    assert [r.user for r in records.listing(engine)] == ["ann"]
