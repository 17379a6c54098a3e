"""Hypothesis: shifting every value by a constant moves the lines by that constant and changes no signal."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.measures import spc

values = st.lists(st.integers(-100_000, 100_000).map(lambda v: v / 100), min_size=2, max_size=60)
shifts = st.integers(-100_000, 100_000).map(lambda v: v / 100)


@settings(max_examples=150, deadline=None)
@given(values=values, shift=shifts, kind=st.sampled_from(["i", "run"]), rules=st.sampled_from(spc.RULE_SETS))
def test_a_constant_shift_moves_the_lines_and_keeps_the_signals(
    values: list[float], shift: float, kind: str, rules: str
) -> None:
    before = spc.chart(values, kind=kind, rules=rules)
    after = spc.chart([v + shift for v in values], kind=kind, rules=rules)
    for name in ("cl", "ucl", "lcl", "ucl2", "lcl2"):
        old, new = getattr(before, name), getattr(after, name)
        assert np.allclose(new, old + shift, rtol=0, atol=1e-6, equal_nan=True)
    for name in ("outside", "shift", "trend", "two_of_three", "long_run", "high", "low"):
        assert (getattr(before, name) == getattr(after, name)).all(), name
    assert before.runs == after.runs
