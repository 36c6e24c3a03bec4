"""Synthetic findings for the exporter tests (fixtures ``records``, ``meta``, ``samples``): every record kind,
a non-UTF-8 (surrogate-escaped) file name, missing times and an HTML-injection file name. Benign content only."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

EVIDENCE = "/cases/demo/usb.dd"
SCRIPT_NAME = "/docs/<script>alert(1)</script>.txt"
SURROGATE_NAME = "/photos/caf\udce9.jpg"  # b"caf\xe9.jpg" read from a Latin-1 file system
MD5, SHA1 = "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def file_record(path: str, **extra: Any) -> dict[str, Any]:
    record = {
        "kind": "file",
        "path": path,
        "deleted": False,
        "size": 100,
        "md5": MD5,
        "sha1": SHA1,
        "sha256": SHA256,
        "mime": "text/plain",
        "extension": path.rsplit(".", 1)[-1],
        "mtime": None,
        "atime": None,
        "ctime": None,
        "crtime": None,
        "depth": 0,
        "analyser": "hash",
        "evidence": EVIDENCE,
    }
    record.update(extra)
    return record


def sample_records() -> list[dict[str, Any]]:
    return [
        file_record(SCRIPT_NAME, mtime=1_600_000_000, atime=1_600_000_100.5, ctime=1_600_000_050, crtime=1_500_000_000),
        {
            "kind": "entity",
            "path": SCRIPT_NAME,
            "type": "email",
            "value": "alice@example.org",
            "confidence": 0.9,
            "count": 2,
            "offset": 42,
            "analyser": "entities",
            "evidence": EVIDENCE,
        },
        {
            "kind": "entity",
            "path": SCRIPT_NAME,
            "type": "url",
            "value": "https://example.org/x?a=<b>",
            "confidence": 0.8,
            "count": 1,
            "offset": 90,
            "analyser": "entities",
            "evidence": EVIDENCE,
        },
        file_record(SURROGATE_NAME, size=2048, mime="image/jpeg", mtime=1_550_000_000),
        {
            "kind": "exif",
            "path": SURROGATE_NAME,
            "make": "Canon",
            "model": "PowerShot",
            "software": None,
            "datetime_original": "2019:02:12 18:40:00",
            "gps_lat": 49.6116,
            "gps_lon": 6.1319,
            "gps_alt": 300.0,
            "analyser": "exif",
            "evidence": EVIDENCE,
        },
        file_record("/deleted/report.pdf", deleted=True, size=5000, mime="application/pdf"),  # no times at all
        {
            "kind": "document",
            "path": "/deleted/report.pdf",
            "title": "Quarterly report",
            "author": "Bob",
            "created": "2018-03-01T10:00:00+02:00",
            "modified": "D:20180302120000Z",
            "pages": 3,
            "chars": 1200,
            "analyser": "pdf",
            "evidence": EVIDENCE,
        },
        file_record("/misc/holiday.txt", mime="image/png", extension="txt", mtime=0, unexpected_key=[1, 2]),
        {
            "kind": "mismatch",
            "path": "/misc/holiday.txt",
            "extension": "txt",
            "mime": "image/png",
            "expected": "text/plain",
            "analyser": "mismatch",
            "evidence": EVIDENCE,
        },
        {
            "kind": "entity",
            "path": "/misc/holiday.txt",
            "type": "email",
            "value": "alice@example.org",
            "confidence": 0.9,
            "count": 1,
            "offset": 7,
            "analyser": "entities",
            "evidence": EVIDENCE,
        },
        {"kind": "symlink", "path": "/link", "target": "/misc/holiday.txt", "evidence": EVIDENCE},
        {
            "kind": "error",
            "path": "/broken.zip",
            "reason": "bad CRC in <member>",
            "analyser": "archive",
            "evidence": EVIDENCE,
        },
    ]


def sample_meta() -> dict[str, Any]:
    return {
        "case": "Demo case 2024/01",
        "version": "0.1.0",
        "started": "2024-05-01T08:00:00Z",
        "finished": "2024-05-01T08:05:00Z",
        "command": ["heroes", "triage", EVIDENCE],
        "evidence": [
            {
                "path": EVIDENCE,
                "kind": "raw",
                "description": "USB stick, exhibit 3",
                "hashes": {"md5": MD5, "sha256": SHA256},
            }
        ],
    }


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return sample_records()


@pytest.fixture
def meta() -> dict[str, Any]:
    return sample_meta()


@pytest.fixture
def samples() -> SimpleNamespace:
    """The names and digests the samples use, and the file-record factory, for assertions."""
    return SimpleNamespace(
        EVIDENCE=EVIDENCE,
        SCRIPT_NAME=SCRIPT_NAME,
        SURROGATE_NAME=SURROGATE_NAME,
        MD5=MD5,
        SHA1=SHA1,
        SHA256=SHA256,
        file_record=file_record,
    )
