"""Hypothesis properties of skill relatedness: scale invariance, the range of SR̃, symmetry."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.measures.relatedness import skill_relatedness, symmetric_relatedness

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def flow_tables(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(2, 6))
    cells = draw(st.lists(st.integers(0, 5000), min_size=n * n, max_size=n * n))
    rows = [
        (f"I{i}", f"I{j}", cells[i * n + j])
        for i in range(n)
        for j in range(n)
        if i != j and cells[i * n + j]
    ]
    if not rows:
        rows = [("I0", "I1", 1)]
    return pl.DataFrame(rows, schema=["origin", "destination", "count"], orient="row")


@PROPS
@given(flow_tables(), st.sampled_from([2, 3, 7, 1000]))
def test_scaling_all_flows_leaves_sr_unchanged(flows: pl.DataFrame, factor: int) -> None:
    plain = skill_relatedness(flows)
    scaled = skill_relatedness(flows.with_columns(pl.col("count") * factor))
    assert np.allclose(plain.get_column("sr").to_numpy(), scaled.get_column("sr").to_numpy(), rtol=1e-12)


@PROPS
@given(flow_tables())
def test_normalised_relatedness_stays_in_its_range(flows: pl.DataFrame) -> None:
    result = skill_relatedness(flows)
    for column in (result.get_column("sr_norm"), symmetric_relatedness(result).get_column("sr_norm")):
        values = column.to_numpy()
        assert np.all(values >= -1.0) and np.all(values < 1.0)
    p = result.get_column("p_value").to_numpy()
    assert np.all((p >= 0) & (p <= 1))


@PROPS
@given(flow_tables())
def test_symmetric_relatedness_ignores_the_direction_of_naming(flows: pl.DataFrame) -> None:
    result = skill_relatedness(flows)
    swapped = result.rename({"origin": "destination", "destination": "origin"})
    a = symmetric_relatedness(result)
    b = symmetric_relatedness(swapped)
    assert a.select("a", "b").rows() == b.select("a", "b").rows()
    assert a.get_column("sr_norm").to_list() == pytest.approx(b.get_column("sr_norm").to_list())


@PROPS
@given(flow_tables())
def test_relatedness_weighted_by_expected_flow_gives_the_flows(flows: pl.DataFrame) -> None:
    """SR_ij · E_ij = F_ij pair by pair, so the SR weighted by the expected flows add up to all flows."""
    result = skill_relatedness(flows)
    weighted = (result.get_column("sr") * result.get_column("expected")).sum()
    assert weighted == pytest.approx(result.get_column("count").sum())
