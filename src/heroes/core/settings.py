"""One settings object for a scan; every value can be set from the environment with a HEROES_ prefix."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


def _parse(raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.strip().lower() not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise ValueError(f"not a yes/no value: {raw!r}")
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int | float | str):
        return type(default)(raw)
    raise TypeError(f"no parser for a {type(default).__name__} setting")


@dataclass(frozen=True)
class Settings:
    """Limits and options of a scan, shared by the engine, the sources and the analysers; each can be set from the
    environment."""

    chunk_size: int = 1 << 20  # bytes read at a time by the hash pass
    archive_max_depth: int = 3  # archives inside archives inside ... evidence
    archive_max_members: int = 10_000  # per archive
    archive_max_total: int = 2 << 30  # bytes, uncompressed, per archive
    archive_max_ratio: float = 200.0  # uncompressed / compressed, per member and per archive
    archive_max_member: int = 1 << 30  # bytes, one member uncompressed
    text_max_bytes: int = 32 << 20  # documents larger than this are not parsed for text
    text_max_chars: int = 5_000_000  # extracted text kept for entity extraction
    default_region: str = ""  # phonenumbers region hint; empty means "+" or keyword required
    bank_db: str = ""  # hash-bank database URL (the case store by default); empty: no known-material matching
    known_good_skip: bool = True  # items in a known-good bank (NSRL) are marked and skipped by other analysers
    classifier: str = ""  # ONNX image classifier (heroes.classify); empty: no image classification
    classifier_labels: str = ""  # its labels file; empty: the model path with a .labels suffix
    ocr_jobs: bool = False  # read pictures (PNG, JPEG, WebP) with OCR and check them as job ads: about 1-5 s each

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"HEROES_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(raw, f.default)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
