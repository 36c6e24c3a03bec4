"""Users, passwords (argon2id) and case assignments: the only code that reads or writes those tables.

A case is visible only to users assigned to it, whatever their role; the admin role manages users and
assignments but sees case contents only where assigned too, so every look at evidence has a named reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from heroes.store import db
from heroes.store.models import Case
from heroes.web.models import ROLES, CaseAccess, User

_hasher = PasswordHasher()
MIN_PASSWORD = 10
# verified when the user does not exist, so a wrong name costs as much time as a wrong password
_DUMMY_HASH = _hasher.hash("not-a-real-password-0000")


_generation = 0  # bumped by every change to users or assignments made in this process (see heroes.web.access)


def generation() -> int:
    return _generation


def _changed() -> None:
    global _generation
    _generation += 1


class AccountError(ValueError):
    """A user or case that does not exist, a duplicate name, a bad role or a weak password."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str


def add_user(engine: Engine, name: str, role: str, password: str) -> Account:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not name or len(name) > 128 or not name.isprintable():
        raise AccountError("user name must be 1-128 printable characters")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password must have at least {MIN_PASSWORD} characters")
    with Session(db.writer(engine)) as s, s.begin():
        if s.scalar(select(User.id).where(User.name == name)) is not None:
            raise AccountError(f"user {name!r} exists")
        user = User(name=name, role=role, password_hash=_hasher.hash(password))
        s.add(user)
        s.flush()
        made = Account(user.id, user.name, user.role)
    _changed()
    return made


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    with Session(engine) as s:
        user = s.scalar(select(User).where(User.name == name, User.active.is_(True)))
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return Account(user.id, user.name, user.role) if user else None


def get(engine: Engine, user_id: int) -> Account | None:
    """The active user with this id (read on every request: one plain query, no ORM session)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(User.id, User.name, User.role).where(User.id == user_id, User.active.is_(True))
        ).first()
    return Account(row[0], row[1], row[2]) if row else None


def users(engine: Engine) -> list[dict[str, object]]:
    with Session(engine) as s:
        out = []
        for u in s.scalars(select(User).order_by(User.name)):
            cases = s.scalars(
                select(Case.name)
                .join(CaseAccess, CaseAccess.case_id == Case.id)
                .where(CaseAccess.user_id == u.id)
                .order_by(Case.name)
            ).all()
            out.append({"name": u.name, "role": u.role, "active": u.active, "cases": list(cases)})
        return out


def _ids(s: Session, user: str, case: str) -> tuple[int, int]:
    uid = s.scalar(select(User.id).where(User.name == user))
    cid = s.scalar(select(Case.id).where(Case.name == case))
    if uid is None:
        raise AccountError(f"no user {user!r}")
    if cid is None:
        raise AccountError(f"no case {case!r}")
    return uid, cid


def assign(engine: Engine, user: str, case: str, allow: bool = True) -> None:
    with Session(db.writer(engine)) as s, s.begin():
        uid, cid = _ids(s, user, case)
        s.execute(delete(CaseAccess).where(CaseAccess.user_id == uid, CaseAccess.case_id == cid))
        if allow:
            s.add(CaseAccess(user_id=uid, case_id=cid))
    _changed()


def can_open(engine: Engine, user_id: int, case_id: int) -> bool:
    with Session(engine) as s:
        found = s.scalar(select(CaseAccess.id).where(CaseAccess.user_id == user_id, CaseAccess.case_id == case_id))
        return found is not None


def assigned_case_name(engine: Engine, user_id: int, case_id: int) -> str | None:
    """The case's name if the user is assigned to it, else None (a missing case looks the same)."""
    with engine.connect() as conn:
        return conn.scalar(
            select(Case.name)
            .join(CaseAccess, CaseAccess.case_id == Case.id)
            .where(CaseAccess.user_id == user_id, Case.id == case_id)
        )


def assigned_cases(engine: Engine, user_id: int) -> set[int]:
    with Session(engine) as s:
        return set(s.scalars(select(CaseAccess.case_id).where(CaseAccess.user_id == user_id)))
