"""A 200,000-finding case goes through the streaming exporters with bounded memory."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from heroes.export.caseuco import write_case_jsonld
from heroes.export.html import write_report
from heroes.export.jsonl import write_jsonl
from heroes.export.timeline import write_timeline_csv

RECORDS = 200_000
PEAK_LIMIT = 100 * 1024 * 1024


def generated(n: int = RECORDS) -> Iterator[dict[str, Any]]:
    for i in range(n):
        path = f"/home/user/dir{i % 500}/file\udcff{i}.txt"  # every name non-UTF-8
        match i % 10:
            case 0 | 1 | 2 | 3 | 4:
                yield {
                    "kind": "file",
                    "path": path,
                    "deleted": i % 7 == 0,
                    "size": i,
                    "md5": f"{i:032x}",
                    "sha1": f"{i:040x}",
                    "sha256": f"{i:064x}",
                    "mime": f"type/{i % 40}",
                    "extension": "txt",
                    "mtime": 1_000_000_000 + i,
                    "atime": 1_100_000_000 - i,
                    "ctime": None,
                    "crtime": None,
                    "depth": 0,
                    "evidence": "/e.dd",
                }
            case 5 | 6:
                yield {
                    "kind": "entity",
                    "path": path,
                    "type": f"type{i % 4}",
                    "value": f"user{i}@example.org",
                    "confidence": 0.5,
                    "count": 1,
                    "offset": i,
                    "evidence": "/e.dd",
                }
            case 7:
                yield {
                    "kind": "exif",
                    "path": path,
                    "make": "Make",
                    "gps_lat": (i % 180) - 90.0,
                    "gps_lon": (i % 360) - 180.0,
                    "datetime_original": "2020:01:01 00:00:00",
                    "evidence": "/e.dd",
                }
            case 8:
                yield {
                    "kind": "mismatch",
                    "path": path,
                    "extension": "txt",
                    "mime": "image/png",
                    "expected": "text/plain",
                    "evidence": "/e.dd",
                }
            case _:
                yield {"kind": "error", "path": path, "reason": f"failure {i}", "analyser": "x", "evidence": "/e.dd"}


def _peak(run: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_jsonl_streams(tmp_path):
    out = tmp_path / "findings.jsonl"
    count, peak = _peak(lambda: write_jsonl(generated(), out))
    assert count == RECORDS
    assert peak < PEAK_LIMIT, peak
    with open(out, encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == RECORDS


@pytest.mark.slow
def test_report_aggregates_in_bounded_memory(tmp_path):
    out = tmp_path / "report.html"
    summary, peak = _peak(lambda: write_report(generated(), {"case": "big"}, out))
    assert peak < PEAK_LIMIT, peak
    assert summary.files == RECORDS // 2 and summary.kinds["entity"] == RECORDS // 5
    assert out.stat().st_size < 5 * 1024 * 1024
    html = out.read_text(encoding="utf-8")
    assert "19,000 more in findings.jsonl" in html  # mismatches: 20,000, 1,000 shown
    assert "Showing the earliest 500 of" in html


@pytest.mark.slow
def test_case_jsonld_and_timeline_stream(tmp_path):
    n = RECORDS // 10  # the two other streaming exporters, on a tenth of the case to keep the suite quick
    out = tmp_path / "case.jsonld"
    _, peak = _peak(lambda: write_case_jsonld(generated(n), {"case": "big", "evidence": [{"path": "/e.dd"}]}, out))
    assert peak < PEAK_LIMIT, peak
    with open(out, encoding="utf-8") as f:
        assert len(json.load(f)["@graph"]) > n
    csv_out = tmp_path / "timeline.csv"
    count, peak = _peak(lambda: write_timeline_csv(generated(n), csv_out))
    assert count == n // 10 * 5 * 2 + n // 10  # mtime and atime of each file, one EXIF time each
    assert peak < PEAK_LIMIT, peak
