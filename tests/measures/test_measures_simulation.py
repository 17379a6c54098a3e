"""The simulation machinery: normal helpers, truncation, reproducibility, agreement with a direct
per-group computation using the same common random numbers."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import special, stats

from jamlik.measures import compute_measures
from jamlik.measures._normal import norm_cdf, norm_ppf
from jamlik.measures._simulation import SIM_RTOL, CommonNormals, _truncated, summarise

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
    # the library reduces the draws in single precision (_simulation.WORK_DTYPE): agreement within
    # SIM_RTOL, far below the Monte-Carlo error, and any formula or draw mix-up would be far larger
    for code, values in (("MDMW", mdmw), ("BGSD", bgsd)):
        assert got[code]["ci_lb"] == pytest.approx(np.quantile(values, 0.025), rel=SIM_RTOL)
        assert got[code]["ci_ub"] == pytest.approx(np.quantile(values, 0.975), rel=SIM_RTOL)
        assert got[code]["se"] == pytest.approx(np.std(values, ddof=1), rel=SIM_RTOL)


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
    assert sd == pytest.approx([np.std(r, ddof=1) for r in finite], rel=SIM_RTOL)


def _direct_draws(y: list[float], s: list[float], scale: float | None, draws: int, seed: int) -> np.ndarray:
    """Subgroup draws the plain way: y + s·z from round 0 of the common numbers, every draw outside the
    admissible range replaced by ``_truncated`` (the library finds those draws without scanning)."""
    normals = CommonNormals(draws=draws, seed=seed)
    normals.reserve(len(y))
    ya, sa = np.array(y), np.array(s)
    lo = np.where(ya >= 0, 0.0, -np.inf)
    top = np.inf if scale is None else scale
    hi = np.where(ya <= top, top, np.inf)
    first = ya[:, None] + sa[:, None] * normals.round(0)[: len(y)]
    return _truncated(ya, sa, np.arange(len(y)), lo, hi, first, normals)


def _interval(values: np.ndarray) -> tuple[float, float, float]:
    return float(np.std(values, ddof=1)), float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))


# (estimates, SEs, populations, favourable, ordered, reference, scale, setting average): PAR and PAF
# get a simulated interval (no populations or no scale); several draws fall below 0 and are redrawn
PAR_GROUPS = [
    ([0.4, 3.0], [1.0, 1.5], [300.0, 280.0], 1, 0, None, None, None),  # two subgroups, best = higher
    ([2.5, 0.3], [1.2, 0.9], [150.0, 420.0], 0, 0, None, None, None),  # adverse: best = lower
    ([0.5, 4.0, 9.0], [0.8, 1.0, 2.0], [200.0, 100.0, 50.0], 0, 1, None, None, None),  # ordered
    ([30.0, 34.0, 41.0], [2.0, 1.5, 3.0], [90.0, 60.0, 50.0], 1, 1, None, None, None),  # ordered, fav.
    ([5.0, 1.0, 8.0], [1.0, 0.7, 2.0], [80.0, 90.0, 70.0], 1, 0, 1, None, None),  # reference subgroup
    ([0.6, 2.0], [0.8, 1.0], None, 1, 0, None, 100.0, 1.5),  # no populations: μ = setting average
    ([4.0, 0.2, 6.0], [1.0, 0.5, 1.5], [50.0, 60.0, 70.0], 1, 0, None, None, None),  # best of three
]


@pytest.mark.parametrize("case", range(len(PAR_GROUPS)))
def test_par_paf_interval_equals_direct_computation(case: int) -> None:
    """PAR/PAF-only groups are simulated from linear forms of the common numbers without drawing every
    subgroup (``_linear_par_paf``); the intervals must be those of the draws computed directly."""
    y, s, pop, fav, ordered, ref, scale, savg = PAR_GROUPS[case]
    draws, seed = 400, 5
    rows = group_rows(y, se=s, pop=pop, fav=fav, ordered=ordered, ref=ref, scale=scale, savg=savg)
    out = compute_measures(frame(rows), ["PAR", "PAF"], draws=draws, seed=seed)
    got = {r["measure"]: r for r in out.iter_rows(named=True)}
    sims = _direct_draws(y, s, scale, draws, seed)
    mu = np.array(pop) / sum(pop) @ sims if pop is not None else np.full(draws, savg)
    if ordered:
        chosen = sims[-1]  # the most advantaged subgroup: the highest subgroup_order
    elif ref is not None:
        chosen = sims[ref]
    else:
        chosen = sims.max(axis=0) if fav else sims.min(axis=0)
    par = np.maximum(chosen - mu, 0) if fav else np.minimum(chosen - mu, 0)
    for code, values in (("PAR", par), ("PAF", 100 * par / mu)):
        width = float(np.ptp(values)) or 1.0
        for column, expected in zip(("se", "ci_lb", "ci_ub"), _interval(values), strict=True):
            assert got[code][column] == pytest.approx(expected, rel=SIM_RTOL, abs=SIM_RTOL * width), (
                code,
                column,
            )


def test_truncated_interval_equals_direct_computation() -> None:
    """Subgroups near 0 with large SEs: the draws below 0 are found among the sorted common numbers and
    redrawn; every other measure sees exactly the draws of a direct computation."""
    ys, ses, pops = [0.3, 2.0, 5.0, 1.0], [0.5, 1.0, 2.0, 0.8], [300.0, 120.0, 500.0, 80.0]
    draws, seed = 500, 11
    out = compute_measures(
        frame(group_rows(ys, se=ses, pop=pops)), ["MDMW", "BGSD", "MDBU"], draws=draws, seed=seed
    )
    sims = _direct_draws(ys, ses, 100.0, draws, seed)
    assert (sims >= 0).all() and (sims < ys[0] - 3 * ses[0]).sum() == 0
    p = np.array(pops) / sum(pops)
    mu = p @ sims
    expected = {
        "MDMW": (p[:, None] * np.abs(sims - mu)).sum(axis=0),
        "BGSD": np.sqrt((p[:, None] * (sims - mu) ** 2).sum(axis=0)),
        "MDBU": sims.max(axis=0) - sims.mean(axis=0),
    }
    got = {r["measure"]: r for r in out.iter_rows(named=True)}
    for code, values in expected.items():
        for column, value in zip(("se", "ci_lb", "ci_ub"), _interval(values), strict=True):
            assert got[code][column] == pytest.approx(value, rel=SIM_RTOL), (code, column)


def test_summary_quantiles_exact_when_one_chunk_holds_a_whole_tail() -> None:
    """The second sort takes only a few values of every chunk; rows where one chunk holds more of the
    tail (sorted rows, ties) must fall back to enough values and stay exact."""
    rng = np.random.default_rng(3)
    base = rng.standard_normal((6, 1000))
    sims = np.vstack(
        [
            np.sort(base[:2], axis=1),  # ascending: the first chunk holds the whole lower tail
            -np.sort(base[2:4], axis=1),  # descending
            np.maximum(base[4:], 0.3),  # many ties at the lower end
        ]
    ).astype(np.float32)
    sd, lo, hi = summarise(sims.copy())
    wide = sims.astype(np.float64)
    assert lo == pytest.approx(np.quantile(wide, 0.025, axis=1), rel=1e-12)
    assert hi == pytest.approx(np.quantile(wide, 0.975, axis=1), rel=1e-12)
    assert sd == pytest.approx(np.std(wide, axis=1, ddof=1), rel=SIM_RTOL)
