"""One settings object for a scan; every value can be set from the environment with a HEROES_ prefix."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Settings:
    chunk_size: int = 1 << 20  # bytes read at a time by the hash pass
    archive_max_depth: int = 3  # archives inside archives inside ... evidence
    archive_max_members: int = 10_000  # per archive
    archive_max_total: int = 2 << 30  # bytes, uncompressed, per archive
    archive_max_ratio: float = 200.0  # uncompressed / compressed, per member and per archive
    archive_max_member: int = 1 << 30  # bytes, one member uncompressed
    text_max_bytes: int = 32 << 20  # documents larger than this are not parsed for text
    text_max_chars: int = 5_000_000  # extracted text kept for entity extraction
    default_region: str = ""  # phonenumbers region hint; empty means "+" or keyword required

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"HEROES_{f.name.upper()}")
            if raw is not None:
                values[f.name] = type(f.default)(raw)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
