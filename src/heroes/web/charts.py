"""Grouped bar charts as inline SVG geometry, drawn by the templates with no script and no library.

Why not a chart library: the dashboard's CSP allows no inline script, nothing may load from a CDN, and a bar chart
is a few rectangles; the same numbers are always in a table next to the chart for screen readers and printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

PAD_LEFT, PAD_BOTTOM, PAD_TOP = 36, 34, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int  # index into the chart's series (its colour and legend entry)
    label: str


def _nice_max(value: int) -> int:
    """The top of the axis: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def grouped_bars(
    groups: list[dict[str, Any]], label_key: str, series: tuple[str, ...], width: int = 720, height: int = 220
) -> dict[str, Any]:
    """One group of bars per row of ``groups`` (a bar per key in ``series``), scaled to the largest value."""
    top = _nice_max(max((int(g[s] or 0) for g in groups for s in series), default=0))
    plot_w, plot_h = width - PAD_LEFT - 4, height - PAD_BOTTOM - PAD_TOP
    slot = plot_w / max(len(groups), 1)
    bar_w = min(28.0, slot * 0.8 / len(series))
    bars, labels = [], []
    for i, g in enumerate(groups):
        left = PAD_LEFT + i * slot + (slot - bar_w * len(series)) / 2
        for j, key in enumerate(series):
            value = int(g[key] or 0)
            h = plot_h * value / top
            bars.append(
                Bar(
                    round(left + j * bar_w, 1),
                    round(PAD_TOP + plot_h - h, 1),
                    round(bar_w - 1, 1),
                    round(h, 1),
                    value,
                    j,
                    str(g[label_key]),
                )
            )
        labels.append((round(PAD_LEFT + i * slot + slot / 2, 1), str(g[label_key])))
    steps = top if top <= 5 else 5 if top % 5 == 0 else 4  # whole numbers on the axis: these are counts
    ticks = [(round(PAD_TOP + plot_h - plot_h * k / steps, 1), top * k // steps) for k in range(steps + 1)]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "base": PAD_TOP + plot_h,
        "left": PAD_LEFT,
    }
