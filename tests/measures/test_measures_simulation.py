"""The simulation machinery: normal helpers, truncation, reproducibility, agreement with a direct
per-group computation using the same common random numbers."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import special, stats

from jamlik.measures import compute_measures
from jamlik.measures._normal import norm_cdf, norm_ppf
from jamlik.measures._simulation import CommonNormals, _truncated, summarise

from .helpers import frame, group_rows


def test_normal_cdf_and_quantile_against_scipy() -> None:
    x = np.linspace(-30, 8, 2001)
    assert np.allclose(norm_cdf(x), special.ndtr(x), rtol=2e-7, atol=0)
    u = np.concatenate([np.linspace(1e-12, 1 - 1e-12, 2001), 10.0 ** -np.arange(1, 200)])
    assert np.allclose(norm_ppf(u), special.ndtri(u), rtol=2e-9, atol=1e-12)


def test_truncated_draws_stay_in_range_and_follow_the_truncated_normal() -> None:
    normals = CommonNormals(draws=4000, seed=7)
    normals.reserve(3)
    y, s = np.array([0.5, 99.0, 50.0]), np.array([1.0, 2.0, 400.0])
    lo, hi = np.zeros(3), np.full(3, 100.0)
    first = y[:, None] + s[:, None] * normals.round(0)[:3]
    out = _truncated(y, s, np.arange(3), lo, hi, first.copy(), normals)
    assert (out >= 0).all() and (out <= 100).all()
    for j in range(3):
        a, b = (lo[j] - y[j]) / s[j], (hi[j] - y[j]) / s[j]
        expected = stats.truncnorm(a, b, loc=y[j], scale=s[j]).mean()
        sd = stats.truncnorm(a, b, loc=y[j], scale=s[j]).std()
        assert abs(out[j].mean() - expected) < 5 * sd / np.sqrt(4000)


def test_common_normals_are_a_stable_prefix() -> None:
    small, large = CommonNormals(draws=50, seed=3), CommonNormals(draws=50, seed=3)
    small.reserve(4)
    large.reserve(40)
    assert np.array_equal(small.round(0)[:4], large.round(0)[:4])
    assert np.array_equal(small.round(2)[:4], large.round(2)[:4])


def test_same_seed_same_interval_other_seed_other_interval() -> None:
    df = frame(group_rows([10.0, 20.0, 40.0, 35.0], se=[1.0, 2.0, 4.0, 3.0], pop=[1.0, 2.0, 1.0, 3.0]))
    a = compute_measures(df, ["MDMU"], draws=200, seed=1)
    b = compute_measures(df, ["MDMU"], draws=200, seed=1)
    c = compute_measures(df, ["MDMU"], draws=200, seed=2)
    assert a.equals(b)
    assert a.get_column("ci_lb")[0] != c.get_column("ci_lb")[0]


def test_interval_equals_direct_computation_with_the_same_draws() -> None:
    ys, ses, pops = [30.0, 45.0, 52.0, 61.0], [1.5, 2.0, 1.0, 2.5], [300.0, 120.0, 500.0, 80.0]
    draws = 500
    out = compute_measures(frame(group_rows(ys, se=ses, pop=pops)), ["MDMW", "BGSD"], draws=draws, seed=11)
    normals = CommonNormals(draws=draws, seed=11)
    normals.reserve(4)
    sims = np.array(ys)[:, None] + np.array(ses)[:, None] * normals.round(0)[:4]  # far from 0 and 100
    p = np.array(pops) / sum(pops)
    mu = p @ sims
    mdmw = (p[:, None] * np.abs(sims - mu)).sum(axis=0)
    bgsd = np.sqrt((p[:, None] * (sims - mu) ** 2).sum(axis=0))
    got = {r["measure"]: r for r in out.iter_rows(named=True)}
    # the library reduces the draws in single precision (_simulation.WORK_DTYPE): agreement to 1e-6
    # relative, far below the Monte-Carlo error, and any formula or draw mix-up would be far larger
    for code, values in (("MDMW", mdmw), ("BGSD", bgsd)):
        assert got[code]["ci_lb"] == pytest.approx(np.quantile(values, 0.025), rel=1e-6)
        assert got[code]["ci_ub"] == pytest.approx(np.quantile(values, 0.975), rel=1e-6)
        assert got[code]["se"] == pytest.approx(np.std(values, ddof=1), rel=1e-6)


def test_interval_covers_estimate_for_well_measured_groups() -> None:
    df = frame(group_rows([10.0, 20.0, 40.0, 35.0, 22.0], se=[0.5] * 5, pop=[100.0] * 5))
    out = compute_measures(df, draws=300).filter(pl.col("ci_lb").is_not_null())
    inside = out.filter((pl.col("ci_lb") <= pl.col("estimate")) & (pl.col("estimate") <= pl.col("ci_ub")))
    assert inside.height == out.height


@pytest.mark.parametrize("draws", [1000, 500, 103, 20])
def test_summary_quantiles_are_exactly_those_of_a_full_sort(draws: int) -> None:
    """The quantiles are picked from sorted chunks of each row, not from a full sort: the result must be
    the type-7 quantile of all draws exactly; rows with a NaN or an infinite draw use their finite draws."""
    rng = np.random.default_rng(draws)
    sims = (rng.standard_normal((40, draws)) ** 3 * 5 + 20).astype(np.float32)  # skewed, heavy-tailed
    sims[3, 7], sims[5, 0] = np.nan, np.inf
    finite = [row[np.isfinite(row)].astype(np.float64) for row in sims]
    sd, lo, hi = summarise(sims.copy())
    assert lo == pytest.approx([np.quantile(r, 0.025) for r in finite], rel=1e-12)
    assert hi == pytest.approx([np.quantile(r, 0.975) for r in finite], rel=1e-12)
    assert sd == pytest.approx([np.std(r, ddof=1) for r in finite], rel=1e-5)
