"""Users, passwords (argon2id) and case assignments: the only code that reads or writes those tables.

A case is visible only to users assigned to it, whatever their role; the admin role manages users and
assignments but sees case contents only where assigned too, so every look at evidence has a named reviewer.
Passwords follow heroes.web.passwords (NIST SP 800-63B). Disabling or removing a user, changing a password or a
role ends every session of that user in the same transaction (see heroes.web.sessions).
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from heroes.store import db
from heroes.store.models import Case
from heroes.web import passwords
from heroes.web.models import CaseAccess, LoginSession, User
from heroes.web.roles import ROLES, may

_hasher = PasswordHasher()
# verified when the user does not exist, so a wrong name costs as much time as a wrong password
_DUMMY_HASH = _hasher.hash("not-a-real-password-0000")


_generation = 0  # bumped by every change to users, assignments or sessions made in this process (heroes.web.access)


def generation() -> int:
    return _generation


def changed() -> None:
    global _generation
    _generation += 1


class AccountError(ValueError):
    """A user or case that does not exist, a duplicate name, a bad role or a weak password."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str

    def can(self, permission: str) -> bool:
        """Whether this user's role grants ``permission`` (heroes.web.roles)."""
        return may(self.role, permission)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")


def _hash_password(name: str, password: str) -> str:
    problem = passwords.problem(password, name)
    if problem:
        raise AccountError(problem)
    return _hasher.hash(passwords.normalize(password))


def add_user(engine: Engine, name: str, role: str, password: str) -> Account:
    """Create a dashboard user with an Argon2 password hash; AccountError for a taken or bad name."""
    _check_role(role)
    if not name or len(name) > 128 or not name.isprintable():
        raise AccountError("user name must be 1-128 printable characters")
    hashed = _hash_password(name, password)
    with Session(db.writer(engine)) as s, s.begin():
        if s.scalar(select(User.id).where(User.name == name)) is not None:
            raise AccountError(f"user {name!r} exists")
        user = User(name=name, role=role, password_hash=hashed)
        s.add(user)
        s.flush()
        made = Account(user.id, user.name, user.role)
    changed()
    return made


def _update(engine: Engine, name: str, **values: object) -> Account:
    """Change one user's row and end all their sessions, in one transaction."""
    with Session(db.writer(engine)) as s, s.begin():
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"no user {name!r}")
        for column, value in values.items():
            setattr(user, column, value)
        s.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
        made = Account(user.id, user.name, user.role)
    changed()
    return made


def set_active(engine: Engine, name: str, active: bool) -> Account:
    """Enable or disable a user; disabling ends their sessions (enabling ends none: there are none)."""
    return _update(engine, name, active=active)


def set_password(engine: Engine, name: str, password: str) -> Account:
    return _update(engine, name, password_hash=_hash_password(name, password))


def set_role(engine: Engine, name: str, role: str) -> Account:
    _check_role(role)
    return _update(engine, name, role=role)


def remove(engine: Engine, name: str) -> Account:
    """Delete a user with their sessions and case assignments (the audit log keeps their name)."""
    with Session(db.writer(engine)) as s, s.begin():
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"no user {name!r}")
        made = Account(user.id, user.name, user.role)
        s.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
        s.execute(delete(CaseAccess).where(CaseAccess.user_id == user.id))
        s.delete(user)
    changed()
    return made


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    """The active account for this name and password, else None (timing does not tell whether the name exists)."""
    with Session(engine) as s:
        user = s.scalar(select(User).where(User.name == name, User.active.is_(True)))
        stored = user.password_hash if user else _DUMMY_HASH
        normal = passwords.normalize(password)
        for attempt in dict.fromkeys((normal, password)):  # NFKC first; as typed for passwords set before NFKC
            try:
                _hasher.verify(stored, attempt)
            except (VerificationError, InvalidHashError):
                continue
            return Account(user.id, user.name, user.role) if user else None
        return None


def get(engine: Engine, user_id: int) -> Account | None:
    """The active user with this id (read on every request: one plain query, no ORM session)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(User.id, User.name, User.role).where(User.id == user_id, User.active.is_(True))
        ).first()
    return Account(row[0], row[1], row[2]) if row else None


def users(engine: Engine) -> list[dict[str, object]]:
    """Every user with role, state and assigned cases, for the admin command."""
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
    changed()


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
