from __future__ import annotations

import re

from heroes.export.html import gps_plot, human_bytes, write_report


def _card(html: str, name: str) -> str:
    match = re.search(rf'<b id="count-{name}">([^<]*)</b>', html)
    assert match, name
    return match.group(1)


def test_report_sections_and_numbers(samples, tmp_path, records, meta):
    out = tmp_path / "report.html"
    summary = write_report(iter(records), meta, out)
    html = out.read_text(encoding="utf-8")
    for section in ("summary", "evidence", "types", "mismatches", "deleted", "entities", "gps", "timeline", "errors"):
        assert f'<section id="{section}">' in html
    assert _card(html, "files") == "4"
    assert _card(html, "deleted") == "1"
    assert _card(html, "mismatches") == "1"
    assert _card(html, "errors") == "1"
    assert _card(html, "entities") == "3"
    assert f"{100 + 2048 + 5000 + 100:,} bytes" in html
    assert summary.files == 4 and summary.kinds["entity"] == 3
    assert "Demo case 2024/01" in html and samples.EVIDENCE in html and samples.SHA256 in html
    assert "USB stick, exhibit 3" in html and "heroes triage /cases/demo/usb.dd" in html
    assert "<td>image/png</td><td>txt</td>" not in html  # columns: extension, then detected type
    assert re.search(r"/misc/holiday\.txt</td><td>txt</td><td>image/png</td>\s*<td>text/plain</td>", html)
    assert re.search(r'<h3 id="entities-email">email: 1 distinct, 3 occurrences</h3>', html)
    assert "/misc/holiday.txt @7" in html
    assert html.count("<circle ") == 1 and "49.611600" in html
    assert "bad CRC in &lt;member&gt;" in html
    assert "Timeline (8 events)" in html
    mime_rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">(\d+)</td></tr>", html.split('id="mime-table"')[1])
    assert ("text/plain", "1") in mime_rows and ("image/jpeg", "1") in mime_rows


def test_everything_escaped_and_self_contained(tmp_path, records, meta):
    out = tmp_path / "report.html"
    write_report(records, meta, out)
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in html
    assert "https://example.org/x?a=&lt;b&gt;" in html
    assert "/photos/caf\\xe9.jpg" in html
    for external in ("src=", "<link", "@import", "url(", "<img", "<iframe", "http://", "<object"):
        assert external not in html, external
    assert "https://" not in html.replace("https://example.org/x", "")


def test_tables_are_capped_and_timeline_truncated(samples, tmp_path, meta):
    records = (samples.file_record(f"/gone/{i}.txt", deleted=True, mtime=1_000_000 + i) for i in range(1_250))
    out = tmp_path / "report.html"
    write_report(records, meta, out)
    html = out.read_text(encoding="utf-8")
    deleted = html.split('<section id="deleted">')[1].split("</section>")[0]
    assert deleted.count("<tr>") == 1 + 1_000
    assert "250 more in findings.jsonl" in deleted
    timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert "Showing the earliest 500 of" in timeline and "1,250 events" in timeline
    assert timeline.count("<tr>") == 1 + 500
    assert "/gone/0.txt" in timeline and "/gone/499.txt" in timeline and "/gone/500.txt" not in timeline


def test_empty_case(tmp_path):
    out = tmp_path / "report.html"
    summary = write_report([], {}, out)
    html = out.read_text(encoding="utf-8")
    assert summary.files == 0 and "unnamed case" in html and "No dated events." in html


def test_human_bytes():
    assert human_bytes(512) == "512 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(5 * 1024**4) == "5.0 TiB"


def test_gps_plot_fits_points_in_the_box():
    single = gps_plot([{"lat": 49.6, "lon": 6.1, "path": "a"}])
    assert [(p["x"], p["y"]) for p in single["points"]] == [(320.0, 180.0)]  # mid-plot
    two = gps_plot([{"lat": 0, "lon": 0, "path": "a"}, {"lat": 10, "lon": 20, "path": "b"}])
    assert [(p["x"], p["y"]) for p in two["points"]] == [(30.0, 330.0), (610.0, 30.0)]  # north is up
    assert gps_plot([]) is None


def test_detector_findings_are_listed_as_alerts(tmp_path, meta):
    records = [
        {"kind": "file", "path": "a.jpg", "size": 3, "mime": "image/jpeg", "evidence": "/e"},
        {
            "kind": "hash_match",
            "path": "a.jpg",
            "bank": "agency-list",
            "category": "1",
            "signal": "pdq",
            "distance": 7,
            "evidence": "/e",
        },
        {
            "kind": "job_offer",
            "path": "ad.html",
            "risk": 0.93,
            "red_flags": ["fee_upfront", "passport_held"],
            "evidence": "/e",
        },
    ]
    write_report(records, meta, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text("utf-8")
    alerts = html[html.index('id="alerts"') : html.index('id="mismatches"')]
    assert "agency-list" in alerts and "distance: 7" in alerts
    assert "fee_upfront, passport_held" in alerts and "(2)" in alerts
