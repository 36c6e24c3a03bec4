"""Training records: which lessons a dashboard user completed, with the quiz score, visible to their organisation.

Optional and explicit: the quiz is scored in the browser and nothing is sent unless a logged-in user presses
"save to my training record". One row per user and lesson (the latest attempt), in ``learn_completions`` next to
the dashboard's users (one dashboard database is one organisation; its admins see everyone's records).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, Engine, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from heroes.store import db
from heroes.store.models import Base, utcnow
from heroes.web.models import User


class Completion(Base):
    __tablename__ = "learn_completions"
    __table_args__ = (UniqueConstraint("user_id", "lesson"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    lesson: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    score: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    completed: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True)
class Record:
    user: str
    lesson: str
    lang: str
    score: int
    total: int
    completed: datetime


def save(engine: Engine, user_id: int, lesson: str, lang: str, score: int, total: int) -> None:
    """Records (or updates) the user's completion of `lesson`."""
    if not 0 <= score <= total:
        raise ValueError(f"score {score} is not between 0 and {total}")
    with Session(db.writer(engine)) as s, s.begin():
        row = s.scalar(select(Completion).where(Completion.user_id == user_id, Completion.lesson == lesson))
        if row is None:
            s.add(Completion(user_id=user_id, lesson=lesson, lang=lang, score=score, total=total))
        else:
            row.lang, row.score, row.total, row.completed = lang, score, total, utcnow()


def listing(engine: Engine, user_id: int | None = None) -> list[Record]:
    """Every user's records (`user_id` None: the organisation's view), or one user's, by user then lesson."""
    query = (
        select(User.name, Completion.lesson, Completion.lang, Completion.score, Completion.total, Completion.completed)
        .join(User, User.id == Completion.user_id)
        .order_by(User.name, Completion.lesson)
    )
    if user_id is not None:
        query = query.where(Completion.user_id == user_id)
    with engine.connect() as conn:
        return [Record(*row) for row in conn.execute(query)]
