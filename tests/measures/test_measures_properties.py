"""Hypothesis properties: equality gives no inequality, non-negativity, order and grouping invariance."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.measures import compute_measures

from .helpers import frame, group_rows

PROPS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAVY = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DRAWS = 20


@st.composite
def groups(draw: st.DrawFn, min_k: int = 2, max_k: int = 7, name: str = "G") -> list[dict[str, object]]:
    k = draw(st.integers(min_k, max_k))
    ys = draw(st.lists(st.floats(0.5, 99.0), min_size=k, max_size=k))
    se = draw(st.lists(st.floats(0.0, 5.0), min_size=k, max_size=k))
    pop = draw(st.lists(st.floats(1.0, 5000.0), min_size=k, max_size=k))
    ordered = draw(st.integers(0, 1))
    ref = draw(st.one_of(st.none(), st.integers(0, k - 1))) if not ordered else None
    return group_rows(
        ys,
        se=se,
        pop=pop,
        fav=draw(st.integers(0, 1)),
        ordered=ordered,
        scale=draw(st.sampled_from([100.0, None])),
        ref=ref,
        setting=name,
    )


def _by_key(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort("setting", "year", "indicator", "dimension", "measure")


def _assert_same(a: pl.DataFrame, b: pl.DataFrame) -> None:
    assert a.select("setting", "measure").rows() == b.select("setting", "measure").rows()
    for col in ("estimate", "se", "ci_lb", "ci_ub"):
        left, right = a.get_column(col).to_list(), b.get_column(col).to_list()
        for x, y in zip(left, right, strict=True):
            assert (x is None) == (y is None), col
            if x is not None:
                assert x == pytest.approx(y, rel=1e-9, abs=1e-9), col


@PROPS
@given(
    level=st.floats(1.0, 90.0),
    k=st.integers(2, 8),
    fav=st.integers(0, 1),
    ordered=st.integers(0, 1),
    pops=st.lists(st.floats(1.0, 1000.0), min_size=8, max_size=8),
)
def test_equal_subgroups_mean_no_inequality(
    level: float, k: int, fav: int, ordered: int, pops: list[float]
) -> None:
    rows = group_rows([level] * k, se=[1.0] * k, pop=pops[:k], fav=fav, ordered=ordered)
    out = {
        r["measure"]: r["estimate"] for r in compute_measures(frame(rows), draws=DRAWS).iter_rows(named=True)
    }
    assert out["D"] == pytest.approx(0.0, abs=1e-9)
    assert out["R"] == pytest.approx(1.0, rel=1e-12)
    assert out["PAR"] == pytest.approx(0.0, abs=1e-9)
    if k > 2 and not ordered:
        for code in ("BGV", "BGSD", "MDMU", "MDMW", "MDBU", "MDBW", "TI", "MLD"):
            assert out[code] == pytest.approx(0.0, abs=1e-6), code
    if k > 2 and ordered:
        assert out["ACI"] == pytest.approx(0.0, abs=1e-9)
        assert out["RCI"] == pytest.approx(0.0, abs=1e-9)


@PROPS
@given(rows=groups(min_k=3))
def test_dispersion_measures_are_not_negative(rows: list[dict[str, object]]) -> None:
    for row in rows:
        row["ordered"], row["subgroup_order"] = 0, None
    out = compute_measures(frame(rows), measures=["BGV", "TI", "MLD", "BGSD", "MDMU", "MDMW"], draws=DRAWS)
    for value in out.get_column("estimate").to_list():
        assert value is not None and value >= -1e-9


@HEAVY
@given(rows=groups(), seed=st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows: list[dict[str, object]], seed: object) -> None:
    shuffled = list(rows)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    _assert_same(compute_measures(frame(rows), draws=DRAWS), compute_measures(frame(shuffled), draws=DRAWS))


@HEAVY
@given(data=st.data(), n_groups=st.integers(2, 4))
def test_many_groups_at_once_equal_each_alone(data: st.DataObject, n_groups: int) -> None:
    parts = [data.draw(groups(name=f"S{i}")) for i in range(n_groups)]
    together = _by_key(compute_measures(frame(*parts), draws=DRAWS))
    alone = _by_key(pl.concat([compute_measures(frame(p), draws=DRAWS) for p in parts]))
    _assert_same(together, alone)
