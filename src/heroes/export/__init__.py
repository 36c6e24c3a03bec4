"""Exporters: findings.jsonl, timeline.csv, report.html and CASE/UCO JSON-LD, each streamed from the case store."""

from __future__ import annotations

from heroes.export.caseuco import write_case_jsonld
from heroes.export.html import write_report
from heroes.export.jsonl import write_jsonl
from heroes.export.timeline import timeline_events, write_timeline_csv

__all__ = ["timeline_events", "write_case_jsonld", "write_jsonl", "write_report", "write_timeline_csv"]
