"""Pseudonymous screening records: who screened, when, where and what was answered, never the person's name.

A record is identified by a random id; `subject_ref` is an optional reference the agency already uses (a case or
file number), so that no name or date of birth is needed. The record keeps the answers and the assessment so the
referral form can be printed again and a second screening compared with the first.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORBIDDEN_KEYS = ("name", "full_name", "first_name", "surname", "date_of_birth", "dob", "address")


def new_record_id() -> str:
    return "scr-" + secrets.token_hex(6)


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class ScreeningRecord:
    """A finished screening as stored and exported: who screened, the answers and the result."""

    screener: str  # who screened: the responder's name, badge or account
    sector: str
    country: str
    lang: str
    mode: str  # flow | indicators
    age_group: str
    purpose: str
    answers: dict[str, str]
    result: dict[str, Any]
    record_id: str = field(default_factory=new_record_id)
    created_at: str = field(default_factory=now_utc)
    subject_ref: str = ""  # an existing case or file number, never a name
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningRecord:
        extra = [k for k in data if k in FORBIDDEN_KEYS]
        if extra:
            raise ValueError(
                f"{extra[0]}: screening records are pseudonymous and do not hold personal names or identifying details"
            )
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> ScreeningRecord:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
