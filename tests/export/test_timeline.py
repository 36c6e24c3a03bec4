from __future__ import annotations

import csv

from heroes.export.timeline import iter_timeline, parse_time, timeline_events, write_timeline_csv


def test_events_sorted_sourced_and_untimed_skipped(samples, records):
    events = timeline_events(iter(records))
    assert [e.ts for e in events] == sorted(e.ts for e in events)
    sources = [e.source for e in events]
    assert sources.count("fs:mtime") == 2  # mtime 0 and None are not events
    assert {"fs:atime", "fs:ctime", "fs:crtime", "exif:original", "doc:created", "doc:modified"} <= set(sources)
    assert not [e for e in events if e.path == "/link"]
    assert not [e for e in events if e.path == "/misc/holiday.txt"]  # its only time is 0
    first = events[0]
    assert (first.time, first.source, first.path) == ("2017-07-14T02:40:00Z", "fs:crtime", samples.SCRIPT_NAME)
    assert events[-1].time == "2020-09-13T12:28:20.500000Z"  # the atime, fractions kept


def test_exif_local_time_and_document_zones(records):
    events = {e.source: e for e in timeline_events(records)}
    exif = events["exif:original"]
    assert exif.time == "2019-02-12T18:40:00"  # no zone in EXIF: no Z
    assert "Canon PowerShot" in exif.description and "zone unknown" in exif.description
    assert events["doc:created"].time == "2018-03-01T08:00:00Z"  # +02:00 converted to UTC
    assert events["doc:modified"].time == "2018-03-02T12:00:00Z"  # PDF date
    assert "Quarterly report" in events["doc:created"].description


def test_ordering_across_kinds(samples):
    records = [
        samples.file_record("/c", mtime=300),
        {"kind": "exif", "path": "/a", "datetime_original": "1970:01:01 00:03:20"},  # 200 s
        {"kind": "document", "path": "/b", "created": "1970-01-01T00:01:40Z"},  # 100 s
        samples.file_record("/d", crtime=250, mtime=None),
    ]
    assert [(e.path, e.source) for e in timeline_events(records)] == [
        ("/b", "doc:created"),
        ("/a", "exif:original"),
        ("/d", "fs:crtime"),
        ("/c", "fs:mtime"),
    ]


def test_parse_time_rejects_garbage():
    for bad in (None, "", "not a date", "0000:00:00 00:00:00", 1e30, float("nan"), True, [1]):
        assert parse_time(bad) is None, bad
    assert parse_time(86400) == (86400.0, "1970-01-02T00:00:00Z")
    assert parse_time("2020-01-01T00:00:00Z") == (1577836800.0, "2020-01-01T00:00:00Z")


def test_spilled_sort_equals_in_memory_sort(samples, records):
    many = [samples.file_record(f"/f{i}", mtime=(i * 7919) % 1000 + 1, atime=(i * 104729) % 997 + 1) for i in range(50)]
    merged = list(iter_timeline(iter(many + records), spill_events=7))
    assert merged == timeline_events(many + records)
    assert len(merged) == 100 + len(timeline_events(records))


def test_csv(samples, tmp_path, records):
    records.append(samples.file_record("/x/=HYPERLINK(evil)", mtime=5))
    out = tmp_path / "timeline.csv"
    count = write_timeline_csv(iter(records), out)
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["time", "source", "path", "description", "evidence"]
    assert len(rows) == count + 1 == len(timeline_events(records)) + 1
    assert rows[1][:3] == ["1970-01-01T00:00:05Z", "fs:mtime", "/x/=HYPERLINK(evil)"]
    assert any(r[2] == "/photos/caf\\xe9.jpg" for r in rows)
    formula = [samples.file_record("=cmd", mtime=5)]
    write_timeline_csv(formula, out)
    assert "'=cmd" in out.read_text(encoding="utf-8")
