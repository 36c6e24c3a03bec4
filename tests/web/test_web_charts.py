"""The inline SVG bar chart's geometry: whole-number axis, bars scaled to it, one group per row."""

from __future__ import annotations

from heroes.web.charts import grouped_bars


def test_bars_are_scaled_to_a_round_axis_top():
    rows = [{"month": "2026-01", "a": 3, "b": 1}, {"month": "2026-02", "a": 7, "b": 0}]
    chart = grouped_bars(rows, "month", ("a", "b"), width=400, height=200)
    assert [v for _, v in chart["ticks"]] == [0, 2, 4, 6, 8, 10]  # 7 -> an axis to 10, in steps of 2
    bars = {(b.label, b.series): b for b in chart["bars"]}
    assert len(bars) == 4 and bars[("2026-02", 1)].height == 0
    full = chart["base"] - chart["ticks"][-1][0]
    assert abs(bars[("2026-02", 0)].height - full * 0.7) < 0.2
    assert bars[("2026-01", 0)].x < bars[("2026-01", 1)].x < bars[("2026-02", 0)].x
    assert all(b.y + b.height <= chart["base"] + 0.1 for b in chart["bars"])
    assert [label for _, label in chart["labels"]] == ["2026-01", "2026-02"]


def test_small_and_empty_charts():
    assert [v for _, v in grouped_bars([{"m": "x", "a": 2}], "m", ("a",))["ticks"]] == [0, 1, 2]
    empty = grouped_bars([], "m", ("a",))
    assert empty["bars"] == [] and [v for _, v in empty["ticks"]] == [0, 1]
