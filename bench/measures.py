"""National-scale benchmark of ``jamlik.measures`` (a standalone script, not a test).

Usage::

    PYTHONPATH=src python bench/measures.py                # full scale (≈19.5 M long rows, 10 M persons)
    PYTHONPATH=src python bench/measures.py --scale 0.05   # 5 % of the municipalities, areas and persons

What is generated (deterministically, fixed seed) and why
----------------------------------------------------------
A Swedish-like country: 290 municipalities holding 6,000 small areas (like SCB's RegSO areas; about 20
per municipality, log-normally spread so that a few large municipalities have 30–100+ areas and get the
percentile extras), 100 indicators (60 percentages, 20 rates per 1,000, 20 unbounded such as life
expectancy or income; favourable and adverse mixed), 10 years and 3 sex values (total, women, men):
6,000 × 100 × 10 × 3 = 18 M area estimates, each with an SE and a population.

They become one long table (the input format of docs/measures.md) with three dimensions, each a sensible
analysis and together exercising all 21 measures:

* ``area`` — setting = municipality, subgroups = its areas (sex = total rows): geographical inequality
  inside a municipality; non-ordered, the first area (the main town) is the reference subgroup.
  ≈6 M rows, 290 × 100 × 10 = 290,000 groups of ~20 subgroups (D, R, BGV … MLD, PAR, PAF; simulation CIs).
* ``sex`` — setting = area, subgroups = women and men: the sex gap in every area. 12 M rows,
  6 M groups of 2 subgroups (D, R, PAR, PAF).
* ``area_type`` — setting = municipality, subgroups = the socioeconomic area type 1 (most deprived) … 5
  of the areas (like SCB's "områdestyp"), each the population-weighted mean of its areas: a social
  gradient; ordered. ≈1.4 M rows, 290,000 groups of ≤5 (D, R, ACI, RCI, SII, RII, PAR, PAF).

The table is written to Parquet (sorted by setting) in a temporary folder and computed through
``pl.scan_parquet`` in a *fresh child process*, so that the child's peak resident memory measures the
computation alone. Peak memory is the child's ``VmHWM`` from /proc (its peak resident set size; not
``ru_maxrss``, which on Linux survives ``exec`` and would report the parent's peak, and not tracemalloc,
which cannot see Polars' native allocations). It is compared with the in-memory size of the input
(``DataFrame.estimated_size()`` after reading the whole file). Wall time and the child's CPU time (all
threads) are both printed: on a shared machine the wall time depends on the load.

Then 10 M person rows (municipality, sex, education, disposable income, weight) are aggregated to
municipality × sex × education with the distribution measures, and to the ordered education dimension
and the sex dimension per municipality, whose summary measures are computed too.

Finally, on the same 1 % subset of groups (one year and ten indicators), the library is timed against a
straightforward pandas ``groupby().apply()`` and a per-group NumPy loop computing the same measures with
the same number of simulation draws; medians of a few repeats and throughput ratios are printed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

SEED = 20240601
N_MUNICIPALITIES = 290
N_AREAS = 6000
N_INDICATORS = 100
N_YEARS = 10
N_PERSONS = 10_000_000
FIRST_YEAR = 2015

# Targets of issue 6 and the figures measured before the simulation was reworked (commit a10679a, the same
# 2-core machine, otherwise idle, 1000 draws), printed beside the new figures for comparison.
TARGETS = {"wall_s": 60.0, "peak_over_input": 3.0, "pandas_ratio": 50.0}
BEFORE = {
    "commit": "a10679a",
    "wall_s": 188.0,
    "cpu_s": 310.0,
    "peak_over_input": "1.0–1.3",
    "pandas_ratio": 63.6,
}


# --------------------------------------------------------------------------------------------------
# data generation
# --------------------------------------------------------------------------------------------------


def _area_layout(scale: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Municipality of every area (sorted) and the number of areas per municipality."""
    n_mun = max(2, round(N_MUNICIPALITIES * scale))
    n_areas = max(3 * n_mun, round(N_AREAS * scale))
    weights = rng.lognormal(0.0, 0.9, n_mun)
    sizes = np.maximum(3, np.round(weights / weights.sum() * n_areas)).astype(int)
    return np.repeat(np.arange(n_mun), sizes), sizes


def _indicator_table() -> pl.DataFrame:
    """Kind, scale, direction and level of the 100 indicators."""
    idx = np.arange(N_INDICATORS)
    kind = np.where(idx < 60, "pct", np.where(idx < 80, "per1000", "unbounded"))
    scale = np.where(kind == "pct", 100.0, np.where(kind == "per1000", 1000.0, np.nan))
    level = np.where(
        kind == "pct",
        0.05 + 0.75 * (idx % 60) / 59,
        np.where(kind == "per1000", 0.002 + 0.05 * (idx % 20) / 19, 0),
    )
    unbounded_level = np.where(idx % 2 == 0, 82.0, 300_000.0)
    return pl.DataFrame(
        {
            "ind": idx,
            "indicator": [f"ind{i:03d}" for i in idx],
            "kind": kind,
            "scale": scale,
            "favourable": (idx % 3 != 0).astype(np.int8),
            "level": np.where(kind == "unbounded", unbounded_level, level),
            "gradient": 0.05 + 0.25 * ((idx * 7) % 10) / 9,
        }
    )


def generate_long_table(scale: float, path: Path) -> int:
    """Write the long table to ``path`` (Parquet, sorted by setting); returns the number of rows."""
    rng = np.random.default_rng(SEED)
    mun_of_area, sizes = _area_layout(scale, rng)
    n_areas = len(mun_of_area)
    mun_codes = np.array([f"{1000 + m}" for m in range(len(sizes))])
    area_rank = np.concatenate([np.arange(s) for s in sizes])
    area_codes = np.array([f"{mun_codes[m]}-{r:03d}" for m, r in zip(mun_of_area, area_rank, strict=True)])
    deprivation = rng.normal(0, 1, n_areas) + rng.normal(0, 0.5, len(sizes))[mun_of_area]
    area_type = 5 - np.searchsorted(np.quantile(deprivation, [0.2, 0.4, 0.6, 0.8]), deprivation)
    area_pop = np.round(rng.lognormal(7.5, 0.5, n_areas)).astype(np.int64)
    ind = _indicator_table()

    frames = [
        _area_sex_rows(ind, year, mun_codes, mun_of_area, area_codes, area_rank, deprivation, area_pop, rng)
        for year in range(FIRST_YEAR, FIRST_YEAR + N_YEARS)
    ]
    areas = pl.concat(frames)
    area_meta = pl.DataFrame({"subgroup": area_codes, "area_type": area_type})
    long = pl.concat([_area_dimension(areas), _sex_dimension(areas), _area_type_dimension(areas, area_meta)])
    long = long.sort("setting", "year", "indicator", "dimension", "subgroup")
    long.write_parquet(path, row_group_size=200_000, statistics=True)
    return long.height


def _area_sex_rows(
    ind: pl.DataFrame,
    year: int,
    mun_codes: np.ndarray,
    mun_of_area: np.ndarray,
    area_codes: np.ndarray,
    area_rank: np.ndarray,
    deprivation: np.ndarray,
    area_pop: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Area × indicator × sex estimates of one year, from a logit (or log) model with area deprivation."""
    n_areas, n_ind = len(area_codes), ind.height
    level = ind.get_column("level").to_numpy()
    gradient = ind.get_column("gradient").to_numpy()
    kind = ind.get_column("kind").to_numpy()
    trend = 0.01 * (year - FIRST_YEAR)
    rows = []
    for sex, sex_effect, pop_share in (("total", 0.0, 1.0), ("women", 0.08, 0.5), ("men", -0.08, 0.5)):
        pop = np.maximum(1, np.round(area_pop * pop_share)).astype(np.float64)
        lin = (
            gradient[None, :] * deprivation[:, None]
            + sex_effect
            + trend
            + rng.normal(0, 0.15, (n_areas, n_ind))
        )
        bounded = kind != "unbounded"
        p = np.where(
            bounded[None, :],
            1 / (1 + np.exp(-(np.log(level / (1 - np.where(bounded, level, 0.5))) + lin))),
            0,
        )
        est_bounded = p * ind.get_column("scale").fill_nan(1).to_numpy()[None, :]
        se_bounded = (
            np.sqrt(p * (1 - p) / pop[:, None]) * ind.get_column("scale").fill_nan(1).to_numpy()[None, :]
        )
        est_unb = level[None, :] * np.exp(0.05 * lin)
        se_unb = est_unb * 0.3 / np.sqrt(pop[:, None])
        est = np.where(bounded[None, :], est_bounded, est_unb)
        se = np.where(bounded[None, :], se_bounded, se_unb)
        rows.append(
            pl.DataFrame(
                {
                    "municipality": np.repeat(mun_codes[mun_of_area], n_ind),
                    "area": np.repeat(area_codes, n_ind),
                    "area_rank": np.repeat(area_rank, n_ind).astype(np.int32),
                    "ind": np.tile(np.arange(n_ind), n_areas),
                    "sex": sex,
                    "estimate": est.ravel(),
                    "se": se.ravel(),
                    "population": np.repeat(pop, n_ind),
                }
            )
        )
    frame = pl.concat(rows).with_columns(year=pl.lit(year, pl.Int64))
    return frame.join(ind.select("ind", "indicator", "favourable", "scale"), on="ind").drop("ind")


def _long(
    frame: pl.DataFrame, setting: str, dimension: str, subgroup: pl.Expr, **extra: pl.Expr
) -> pl.DataFrame:
    columns = {
        "setting": pl.col(setting),
        "year": pl.col("year"),
        "indicator": pl.col("indicator"),
        "dimension": pl.lit(dimension),
        "subgroup": subgroup,
        "estimate": pl.col("estimate"),
        "se": pl.col("se"),
        "population": pl.col("population"),
        "favourable": pl.col("favourable"),
        "scale": pl.col("scale").fill_nan(None),
        "ordered": pl.lit(0, pl.Int8),
        "subgroup_order": pl.lit(None, pl.Int32),
        "reference": pl.lit(0, pl.Int8),
    }
    columns.update(extra)
    return frame.select(**columns)


def _area_dimension(areas: pl.DataFrame) -> pl.DataFrame:
    total = areas.filter(pl.col("sex") == "total")
    return _long(
        total, "municipality", "area", pl.col("area"), reference=(pl.col("area_rank") == 0).cast(pl.Int8)
    )


def _sex_dimension(areas: pl.DataFrame) -> pl.DataFrame:
    return _long(areas.filter(pl.col("sex") != "total"), "area", "sex", pl.col("sex"))


def _area_type_dimension(areas: pl.DataFrame, meta: pl.DataFrame) -> pl.DataFrame:
    """Population-weighted means of the areas of each socioeconomic type (SE of a weighted mean)."""
    total = areas.filter(pl.col("sex") == "total").join(meta, left_on="area", right_on="subgroup")
    w = pl.col("population")
    typed = total.group_by("municipality", "year", "indicator", "area_type").agg(
        ((w * pl.col("estimate")).sum() / w.sum()).alias("estimate"),
        ((w**2 * pl.col("se") ** 2).sum().sqrt() / w.sum()).alias("se"),
        w.sum().alias("population"),
        pl.col("favourable").first(),
        pl.col("scale").first(),
    )
    return _long(
        typed,
        "municipality",
        "area_type",
        pl.col("area_type").cast(pl.String),
        ordered=pl.lit(1, pl.Int8),
        subgroup_order=pl.col("area_type").cast(pl.Int32),
    )


def generate_persons(scale: float, path: Path) -> int:
    """10 M persons × scale: municipality, sex, education (1 low … 3 high), disposable income, weight."""
    rng = np.random.default_rng(SEED + 1)
    n = max(10_000, round(N_PERSONS * scale))
    n_mun = max(2, round(N_MUNICIPALITIES * scale))
    size = rng.lognormal(0.0, 1.0, n_mun)
    municipality = rng.choice(n_mun, size=n, p=size / size.sum())
    sex = rng.integers(0, 2, n)
    high_share = 0.25 + 0.3 * (municipality % 7) / 6
    u = rng.random(n)
    education = np.where(u < 0.2, 1, np.where(u < 1 - high_share, 2, 3))
    log_income = 12.2 + 0.25 * (education - 2) + 0.08 * sex + rng.normal(0, 0.55, n)
    income = np.where(rng.random(n) < 0.02, 0.0, np.exp(log_income))
    frame = pl.DataFrame(
        {
            "municipality": pl.Series([f"{1000 + m}" for m in range(n_mun)]).gather(municipality),
            "sex": np.where(sex == 0, "women", "men"),
            "education": education.astype(np.int8),
            "income": income,
            "weight": rng.uniform(0.5, 1.5, n),
        }
    )
    median = float(np.median(income))
    frame = frame.with_columns(low_income=(pl.col("income") < 0.6 * median).cast(pl.Int8))
    frame.write_parquet(path, row_group_size=500_000)
    return n


# --------------------------------------------------------------------------------------------------
# a straightforward per-group implementation (for the pandas and NumPy comparisons)
# --------------------------------------------------------------------------------------------------

Z = 1.959963984540054


def _ci(est: float, se: float) -> tuple[float, float, float, float]:
    return est, se, est - Z * se, est + Z * se


def _sim_ci(values: np.ndarray) -> tuple[float, float, float]:
    return float(np.std(values, ddof=1)), float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))


def _draws(y: np.ndarray, s: np.ndarray, scale: float, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Normal draws truncated to [0, scale] by redrawing, as healthequal does."""
    hi = scale if np.isfinite(scale) else np.inf
    out = y[:, None] + s[:, None] * rng.standard_normal((len(y), draws))
    bad = (out < 0) | (out > hi)
    while bad.any():
        out[bad] = (y[:, None] + s[:, None] * rng.standard_normal((len(y), draws)))[bad]
        bad = (out < 0) | (out > hi)
    return out


def group_measures(g: dict[str, np.ndarray], draws: int, rng: np.random.Generator) -> list[tuple]:
    """All applicable measures of one group, the way one would write it for a single group."""
    y, s, n_pop = g["estimate"], g["se"], g["population"]
    fav, ordered, scale = bool(g["favourable"][0]), bool(g["ordered"][0]), float(g["scale"][0])
    if ordered:
        order = np.argsort(g["subgroup_order"])
        y, s, n_pop = y[order], s[order], n_pop[order]
    p = n_pop / n_pop.sum()
    mu = float(p @ y)
    k = len(y)
    out: list[tuple] = []
    if ordered:
        a, b = (k - 1, 0) if fav else (0, k - 1)
        ref_idx = k - 1
    else:
        refs = np.flatnonzero(g["reference"] == 1)
        a, b = int(np.argmax(y)), int(np.argmin(y))
        best = a if fav else b
        ref_idx = int(refs[0]) if refs.size else best
    out.append(("D", *_ci(y[a] - y[b], float(np.hypot(s[a], s[b])))))
    ratio = y[a] / y[b]
    se_r = float(np.sqrt((s[a] ** 2 + ratio**2 * s[b] ** 2) / y[b] ** 2))
    out.append(("R", ratio, se_r, ratio * np.exp(-Z * se_r / ratio), ratio * np.exp(Z * se_r / ratio)))
    par = y[ref_idx] - mu
    par = 0.0 if (fav and par < 0) or (not fav and par > 0) else par
    if np.isfinite(scale):
        c = y[ref_idx] / scale * n_pop[ref_idx]
        d = n_pop[ref_idx] - c
        aa = mu / scale * n_pop.sum() - c
        bb = n_pop.sum() - aa - n_pop[ref_idx]
        nt = n_pop.sum()
        se_f = np.sqrt(c * nt * (aa * d * (nt - c) + bb * c**2) / ((aa + c) ** 3 * (c + d) ** 3))
        out += [("PAR", *_ci(par, mu * se_f)), ("PAF", *_ci(100 * par / mu, 100 * se_f))]
    else:
        sims = _draws(y, s, scale, draws, rng)
        mus = p @ sims
        ref_sims = sims[ref_idx] if ordered or not np.isfinite(scale) else sims.max(0)
        pars = np.where(fav, np.maximum(ref_sims - mus, 0), np.minimum(ref_sims - mus, 0))
        out += [("PAR", par, *_sim_ci(pars)), ("PAF", 100 * par / mu, *_sim_ci(100 * pars / mus))]
    if k > 2 and ordered:
        out += _ordered_group(y, n_pop, scale)
    elif k > 2:
        out += _nonordered_group(y, s, p, mu, fav, g["reference"], scale, draws, rng)
    return out


def _ordered_group(y: np.ndarray, n_pop: np.ndarray, scale: float) -> list[tuple]:
    p = n_pop / n_pop.sum()
    x = np.cumsum(p) - p / 2
    mu = p @ y
    aci = float(np.sum(p * (2 * x - 1) * y))
    sig2 = float(np.sum(p * (x - 0.5) ** 2))
    rss = float(np.sum(n_pop * (2 * sig2 * (y - mu) - aci * (x - 0.5)) ** 2))
    se = np.sqrt(rss / (len(y) - 2) / (n_pop.sum() * sig2))
    out = [("ACI", *_ci(aci, se)), ("RCI", *_ci(aci / mu, se / mu))]
    trials = np.ceil(n_pop)
    xc = np.cumsum(trials / trials.sum()) - trials / trials.sum() / 2
    design = np.column_stack([np.ones_like(xc), xc])
    if np.isfinite(scale):
        q = np.round(y / scale * trials) / trials
        w = trials**2
        beta = np.zeros(2)
        for _ in range(25):
            pi = 1 / (1 + np.exp(-(design @ beta)))
            h = design.T @ (design * (w * pi * (1 - pi))[:, None])
            beta = beta + np.linalg.solve(h, design.T @ (w * (q - pi)))
        pi = 1 / (1 + np.exp(-(design @ beta)))
        bread = np.linalg.inv(design.T @ (design * (w * pi * (1 - pi))[:, None]))
        score = design * (w * (q - pi))[:, None]
        v = len(y) / (len(y) - 2) * bread @ (score.T @ score) @ bread
        p1, p0 = 1 / (1 + np.exp(-beta.sum())), 1 / (1 + np.exp(-beta[0]))
        grad = np.array([p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)])
        grad_ln = np.array([p0 - p1, 1 - p1])
        sii, sii_se, rii = scale * (p1 - p0), scale * np.sqrt(grad @ v @ grad), p1 / p0
        ln_se = np.sqrt(grad_ln @ v @ grad_ln)
    else:
        wls = design * trials[:, None]
        beta = np.linalg.solve(design.T @ wls, wls.T @ y)
        bread = np.linalg.inv(design.T @ wls)
        score = design * (trials * (y - design @ beta))[:, None]
        v = len(y) / (len(y) - 2) * bread @ (score.T @ score) @ bread
        sii, sii_se, rii = beta[1], np.sqrt(v[1, 1]), beta.sum() / beta[0]
        grad_ln = np.array([1 / beta.sum() - 1 / beta[0], 1 / beta.sum()])
        ln_se = np.sqrt(grad_ln @ v @ grad_ln)
    out.append(("SII", *_ci(sii, sii_se)))
    out.append(("RII", rii, rii * ln_se, rii * np.exp(-Z * ln_se), rii * np.exp(Z * ln_se)))
    return out


def _nonordered_group(
    y: np.ndarray, s: np.ndarray, p: np.ndarray, mu: float, fav: bool, ref: np.ndarray, scale: float,
    draws: int, rng: np.random.Generator,
) -> list[tuple]:  # fmt: skip
    n = len(y)
    bgv = float(p @ (y - mu) ** 2)
    se2, s2 = np.sum(p**2 * s**2 * (y - mu) ** 2), np.sum(p**2 * s**2)
    bgv_se = np.sqrt(4 * se2 + 2 * (s2**2 - np.sum(p**4 * s**4) + np.sum(p**2 * (1 - p) ** 2 * s**4)))
    r = np.where(y == 0, 1e-6, y) / (p @ np.where(y == 0, 1e-6, y))
    ti = float(p @ (r * np.log(r)))
    mu0 = p @ np.where(y == 0, 1e-6, y)
    ti_se = np.sqrt(np.sum((1 + np.log(r) - (1 + ti)) ** 2 * p**2 * s**2 / mu0**2))
    mld_se = np.sqrt(np.sum(s**2 * p**2 / mu0**2 * (1 - 1 / r) ** 2))
    sims = _draws(y, s, scale, draws, rng)
    mus = p @ sims
    best_s = sims.max(0) if fav else sims.min(0)
    refs = np.flatnonzero(ref == 1)

    def both(
        centre: np.ndarray | float, sim_centre: np.ndarray
    ) -> tuple[float, float, np.ndarray, np.ndarray]:
        dev, sdev = np.abs(y - centre), np.abs(sims - sim_centre)
        return dev.mean(), float(p @ dev), sdev.mean(0), p @ sdev

    mdmu, mdmw, smdmu, smdmw = both(mu, mus)
    best = y.max() if fav else y.min()
    mdbu, mdbw, smdbu, smdbw = both(best, best_s)
    bgsd_s = np.sqrt(p @ (sims - mus) ** 2)
    out = [
        ("BGV", *_ci(bgv, bgv_se)),
        ("BGSD", np.sqrt(bgv), *_sim_ci(bgsd_s)),
        ("COV", 100 * np.sqrt(bgv) / mu, *_sim_ci(100 * bgsd_s / mus)),
        ("MDMU", mdmu, *_sim_ci(smdmu)),
        ("MDMW", mdmw, *_sim_ci(smdmw)),
        ("MDBU", mdbu, *_sim_ci(smdbu)),
        ("MDBW", mdbw, *_sim_ci(smdbw)),
        ("IDISU", 100 * mdmu / mu, *_sim_ci(100 * smdmu / mus)),
        ("IDISW", 100 * mdmw / mu, *_sim_ci(100 * smdmw / mus)),
        ("TI", *_ci(1000 * ti, 1000 * ti_se)),
        ("MLD", *_ci(1000 * float(p @ -np.log(r)), 1000 * mld_se)),
    ]
    if refs.size:
        mdru, mdrw, smdru, smdrw = both(y[refs[0]], sims[refs[0]])
        out += [("MDRU", mdru, *_sim_ci(smdru)), ("MDRW", mdrw, *_sim_ci(smdrw))]
    if n > 30:
        lo, hi = np.quantile(sims, [0.2, 0.8], axis=0)
        out += [
            ("D_P80_P20", float(np.quantile(y, 0.8) - np.quantile(y, 0.2)), *_sim_ci(hi - lo)),
            ("R_P80_P20", float(np.quantile(y, 0.8) / np.quantile(y, 0.2)), *_sim_ci(hi / lo)),
        ]
    return out


NUMERIC = ("estimate", "se", "population", "favourable", "scale", "ordered", "subgroup_order", "reference")
KEYS = ["setting", "year", "indicator", "dimension"]


def pandas_apply(frame: pd.DataFrame, draws: int) -> pd.DataFrame:
    """The straightforward pandas way: ``groupby().apply()`` with a per-group function."""
    rng = np.random.default_rng(SEED)

    def one(g: pd.DataFrame) -> pd.DataFrame:
        arrays = {c: g[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in NUMERIC}
        return pd.DataFrame(
            group_measures(arrays, draws, rng), columns=["measure", "estimate", "se", "ci_lb", "ci_ub"]
        )

    return frame.groupby(KEYS, sort=False).apply(one, include_groups=False)


def numpy_loop(frame: pl.DataFrame, draws: int) -> list[tuple]:
    """Per-group NumPy loop: sort once, slice each group, call the same per-group function."""
    rng = np.random.default_rng(SEED)
    frame = frame.sort(KEYS)
    arrays = {c: frame.get_column(c).cast(pl.Float64).to_numpy() for c in NUMERIC}
    new = frame.select(pl.any_horizontal([pl.col(k) != pl.col(k).shift(1) for k in KEYS]).fill_null(True))
    change = np.flatnonzero(np.r_[new.to_series().to_numpy(), True])
    out = []
    for a, b in itertools.pairwise(change.tolist()):
        out.append(group_measures({c: v[a:b] for c, v in arrays.items()}, draws, rng))
    return out


# --------------------------------------------------------------------------------------------------
# timing
# --------------------------------------------------------------------------------------------------


def _child_compute(path: Path, out: Path, draws: int, batch_rows: int) -> None:
    """Runs in a fresh interpreter: lazy scan → all measures → streamed output file; prints JSON."""
    from jamlik.measures import write_measures

    start, cpu_start = time.perf_counter(), time.process_time()
    rows = write_measures(pl.scan_parquet(path), out, draws=draws, batch_rows=batch_rows)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({"wall": wall, "cpu": cpu, "rows_out": rows, "peak_rss": _peak_rss()}))


def _peak_rss() -> int:
    """Peak resident memory of this process in bytes.

    ``VmHWM`` from /proc is used where available: on Linux ``getrusage().ru_maxrss`` survives ``exec`` and
    would report the parent's peak (the parent just generated the table) for a fresh child.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_child(path: Path, out: Path, draws: int, batch_rows: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", str(path), str(out), str(draws), str(batch_rows)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=os.environ.copy())
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_time(func: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _gib(n_bytes: float) -> str:
    return f"{n_bytes / 2**30:.2f} GiB"


def national(args: argparse.Namespace, tmp: Path) -> Path:
    path = tmp / "long.parquet"
    start = time.perf_counter()
    n_rows = generate_long_table(args.scale, path)
    print(
        f"generated {n_rows:,} long rows in {time.perf_counter() - start:.1f} s "
        f"({path.stat().st_size / 1e6:.0f} MB parquet)"
    )
    load_before = os.getloadavg()[0]
    runs = [run_child(path, tmp / "measures.parquet", args.draws, args.batch_rows) for _ in range(args.runs)]
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    peak = max(r["peak_rss"] for r in runs)
    input_size = pl.read_parquet(path).estimated_size()
    ratio = peak / input_size
    what = f"median of {args.runs} runs" if args.runs > 1 else "one run"
    each = ", ".join(f"{r['wall']:.1f}" for r in runs)
    print("\n== summary measures, national table (fresh child process, scan_parquet → write_measures)")
    print(f"input rows           {n_rows:,}")
    print(f"output rows          {int(runs[0]['rows_out']):,}  (one per group × applicable measure)")
    print(f"simulation draws     {args.draws}")
    print(
        f"wall time            {wall:.1f} s   ({what}: {each}; "
        f"1-minute load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, "
        f"on {os.cpu_count()} cores)"
    )
    print(f"CPU time             {cpu:.1f} s   (all threads of the child)")
    print(f"throughput           {n_rows / wall:,.0f} input rows/s")
    print(f"peak memory          {_gib(peak)}  (VmHWM, peak resident set of the child process)")
    print(f"input in memory      {_gib(input_size)}  (DataFrame.estimated_size of the whole table)")
    print(f"peak / input         {ratio:.2f}")
    if args.scale == 1.0:
        print(
            f"before ({BEFORE['commit']})     {BEFORE['wall_s']:.0f} s wall, {BEFORE['cpu_s']:.0f} s CPU, "
            f"peak/input {BEFORE['peak_over_input']} (1000 draws)"
        )
        busy = max(load_before, os.getloadavg()[0]) > (os.cpu_count() or 1)
        print(
            f"speed-up             {BEFORE['cpu_s'] / cpu:.1f}× CPU time, {BEFORE['wall_s'] / wall:.1f}× wall"
            + ("  (wall not comparable: other processes were using the cores)" if busy else "")
        )
        print(f"target wall < {TARGETS['wall_s']:.0f} s   {'met' if wall < TARGETS['wall_s'] else 'NOT met'}")
        print(
            f"target peak < {TARGETS['peak_over_input']:.0f}×    "
            f"{'met' if ratio < TARGETS['peak_over_input'] else 'NOT met'}"
        )
    return path


def persons(args: argparse.Namespace, tmp: Path) -> None:
    from jamlik.measures import aggregate_persons, compute_measures, distribution_measures

    path = tmp / "persons.parquet"
    n = generate_persons(args.scale, path)
    print(f"\n== person level ({n:,} persons, lazy scan of Parquet)")
    start = time.perf_counter()
    dist = distribution_measures(
        pl.scan_parquet(path), value="income", by=["municipality", "sex", "education"], weight="weight"
    )
    t_dist = time.perf_counter() - start
    print(f"distribution measures  {dist.height:,} cells (municipality × sex × education) in {t_dist:.1f} s "
          f"= {n / t_dist:,.0f} persons/s")  # fmt: skip
    start = time.perf_counter()
    common = {"setting": "municipality", "year": 2024, "weight": "weight"}
    ordered = {"dimension": "education", "ordered": True, "subgroup_order": {1: 1, 2: 2, 3: 3}}
    long = pl.concat(
        [
            aggregate_persons(pl.scan_parquet(path), value="income", **common, **ordered),
            aggregate_persons(
                pl.scan_parquet(path), value="low_income", kind="rate", favourable=False, **common, **ordered
            ),
            aggregate_persons(pl.scan_parquet(path), value="income", dimension="sex", **common),
        ],
        how="vertical_relaxed",
    )
    t_agg = time.perf_counter() - start
    start = time.perf_counter()
    measures = compute_measures(long, draws=args.draws)
    t_measures = time.perf_counter() - start
    print(
        f"aggregation            {long.height:,} subgroup rows in {t_agg:.1f} s "
        f"= {3 * n / t_agg:,.0f} person-rows/s (3 aggregations)"
    )
    print(f"summary measures       {measures.height:,} rows in {t_measures:.2f} s")


def comparison(args: argparse.Namespace, path: Path) -> None:
    from jamlik.measures import compute_measures

    wanted = [f"ind{i:03d}" for i in range(0, N_INDICATORS, 10)]
    subset = pl.read_parquet(path).filter(pl.col("year") == FIRST_YEAR, pl.col("indicator").is_in(wanted))
    n_groups = subset.select(pl.struct(KEYS).n_unique()).item()
    print(f"\n== 1 % subset: {subset.height:,} rows, {n_groups:,} groups, {args.draws} draws, "
          f"median of {args.repeats} runs")  # fmt: skip
    as_pandas = pd.DataFrame({c: subset.get_column(c).to_numpy() for c in subset.columns})  # no pyarrow
    ours = _median_time(lambda: compute_measures(subset, draws=args.draws), args.repeats)
    loop = _median_time(lambda: numpy_loop(subset, args.draws), args.repeats)
    pd_time = _median_time(lambda: pandas_apply(as_pandas, args.draws), max(1, args.repeats - 1))
    for name, t in (
        ("jamlik.measures", ours),
        ("per-group NumPy loop", loop),
        ("pandas groupby.apply", pd_time),
    ):
        print(f"{name:22s} {t:8.2f} s  {subset.height / t:12,.0f} rows/s")
    print(
        f"ours ÷ pandas          {pd_time / ours:8.1f}×   (target ≥ {TARGETS['pandas_ratio']:.0f}×: "
        f"{'met' if pd_time / ours >= TARGETS['pandas_ratio'] else 'NOT met'}; "
        f"before ({BEFORE['commit']}): {BEFORE['pandas_ratio']}×)"
    )
    print(f"ours ÷ numpy loop      {loop / ours:8.1f}×")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_compute(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the national size (default 1.0)"
    )
    parser.add_argument("--draws", type=int, default=1000, help="simulation draws (library default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of the comparison timings")
    parser.add_argument(
        "--runs", type=int, default=1, help="runs of the national computation (median wall/CPU, max peak)"
    )
    parser.add_argument(
        "--batch-rows", type=int, default=1_000_000, help="input rows per batch (library default)"
    )
    parser.add_argument("--skip", default="", help="comma list of parts to skip: persons,compare")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="jamlik-bench-") as tmp:
        path = national(args, Path(tmp))
        if "persons" not in skip:
            persons(args, Path(tmp))
        if "compare" not in skip:
            comparison(args, path)


if __name__ == "__main__":
    main()
