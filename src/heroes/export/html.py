"""report.html: a self-contained case summary an investigator can open offline and attach to a file.

Inline CSS and inline SVG only: no scripts, fonts, map tiles or images (media are never shown in a report;
the ground rule is that they appear blurred, on request, in the viewer). Jinja2 autoescaping is on, so file
names such as ``<script>...`` are shown, never run. Tables are capped so a large case stays a small file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from heroes.export.aggregate import ROW_CAP, TIMELINE_CAP, CaseSummary, summarise
from heroes.export.meta import read_meta

MIME_BARS = 25
BAR_WIDTH = 320  # px of the longest bar
PLOT_W, PLOT_H, PLOT_PAD = 640, 360, 30


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("heroes.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def mime_bars(summary: CaseSummary) -> list[dict[str, Any]]:
    """The most common MIME types as bar widths for the report."""
    top = summary.mimes.most_common(MIME_BARS)
    peak = top[0][1] if top else 1
    return [
        {
            "mime": mime,
            "count": count,
            "width": max(1, round(BAR_WIDTH * count / peak)),
            "share": 100.0 * count / max(summary.files, 1),
        }
        for mime, count in top
    ]


def gps_plot(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Points scaled into the box of their own extent (equirectangular), with the extent for the axis labels."""
    if not rows:
        return None
    lats, lons = [r["lat"] for r in rows], [r["lon"] for r in rows]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    span_lat, span_lon = max(north - south, 0.01), max(east - west, 0.01)
    # a single place (or one street) is widened around its centre, so it is drawn mid-plot, not in a corner
    north, west = (north + south + span_lat) / 2, (west + east - span_lon) / 2
    south, east = north - span_lat, west + span_lon
    inner_w, inner_h = PLOT_W - 2 * PLOT_PAD, PLOT_H - 2 * PLOT_PAD
    points = [
        {
            "x": round(PLOT_PAD + (r["lon"] - west) / span_lon * inner_w, 1),
            "y": round(PLOT_PAD + (north - r["lat"]) / span_lat * inner_h, 1),
            "label": f"{r['path']} ({r['lat']:.5f}, {r['lon']:.5f})",
        }
        for r in rows
    ]
    return {
        "width": PLOT_W,
        "height": PLOT_H,
        "pad": PLOT_PAD,
        "points": points,
        "south": south,
        "north": north,
        "west": west,
        "east": east,
    }


def report_context(summary: CaseSummary, meta: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the report template shows, computed from the summary and the run's metadata."""
    entity_groups = [
        {
            "type": kind,
            "occurrences": group.occurrences,
            "distinct": len(group.values),
            "untracked": group.untracked,
            "rows": group.top(ROW_CAP),
            "more": max(len(group.values) - ROW_CAP, 0),
        }
        for kind, group in sorted(summary.entities.items())
    ]
    return {
        "meta": read_meta(meta),
        "generated": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "s": summary,
        "kinds": sorted(summary.kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "bytes_human": human_bytes(summary.bytes),
        "mime_table": summary.mimes.most_common(ROW_CAP),
        "mime_more": max(len(summary.mimes) - ROW_CAP, 0),
        "bars": mime_bars(summary),
        "bar_width": BAR_WIDTH,
        "entity_groups": entity_groups,
        "plot": gps_plot(summary.gps.rows),
        "timeline": summary.timeline(),
        "timeline_cap": TIMELINE_CAP,
        "row_cap": ROW_CAP,
    }


def write_report(records: Iterable[Mapping[str, Any]], meta: Mapping[str, Any], path: str | Path) -> CaseSummary:
    """Aggregate ``records`` in one pass and write report.html to ``path``; returns the summary it shows."""
    summary = summarise(records)
    template = _environment().get_template("report.html.j2")
    with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
        for chunk in template.generate(**report_context(summary, meta)):
            out.write(chunk)
    return summary
