"""Fuzzing the job CSV reader: any CSV gives rows (some with an error) or one ValueError naming the line."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from heroes.jobs.data import iter_rows

CELL = (
    st.text(alphabet=st.sampled_from('ab,"\n\r \ufeff\x00'), max_size=12)
    | st.text(max_size=12)
    | st.integers(100_000, 1_500_000).map(lambda n: "x" * n)  # around the field size limits
)


@settings(max_examples=200)
@given(st.lists(CELL, min_size=1, max_size=4), st.lists(st.lists(CELL, max_size=5), max_size=8))
def test_job_csv(header, rows):
    text = ",".join(["title", *header]) + "\n" + "\n".join(",".join(r) for r in rows)
    try:
        out = list(iter_rows(io.StringIO(text)))
    except ValueError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert [r.number for r in out] == list(range(1, len(out) + 1))
    assert all(isinstance(v, str) for r in out for v in r.cells.values())
