"""Benchmark of ``jamlik.measures.relatedness`` at national scale (a standalone script, not a test).

Usage::

    PYTHONPATH=src python bench/relatedness.py             # full scale, 3 runs
    PYTHONPATH=src python bench/relatedness.py --runs 5

What is generated (deterministically, fixed seed)
-------------------------------------------------
A synthetic 600 × 600 industry flow matrix, the size of SNI's 4-digit level, for each of 10 years: job
changes per ordered pair drawn as Poisson counts around log-normal means (many small flows, a few large
ones, as in register data), about 60 % of the 359,400 off-diagonal pairs non-zero each year. Employment for
290 municipalities × 600 industries × 10 years, also Poisson around log-normal means, zero cells left out.

What is timed
-------------
``full``: every year's SR, SR̃ and p-values for all observed pairs, the symmetric relatedness, the location
quotients of all municipalities and their relatedness density to every industry — the whole pipeline,
median of ``--runs`` runs after one warm-up.

``one year``: the same pipeline on one year of the full workload (all 290 municipalities, a tenth of the
whole), against a straightforward pandas version of it: SR computed pair by pair (``DataFrame.apply``
over rows, looking the totals up per pair), the symmetric mean by a merge with the reversed pairs, then
one municipality at a time (a loop over ``groupby``) its location quotients and, looping over the
industries and their sets of related industries, its densities. Both give the same densities (checked);
the ratio of their median times is printed. The pandas version takes several seconds per year, so it
runs on one year only; the years are independent, so the ratio holds for the whole.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from jamlik.measures.relatedness import (
    location_quotients,
    relatedness_density,
    skill_relatedness,
    symmetric_relatedness,
)

SEED = 20250123
N_INDUSTRIES = 600
N_YEARS = 10
N_MUNICIPALITIES = 290
FIRST_YEAR = 2014
TARGETS = {"full_s": 5.0, "pandas_ratio": 20.0}


# --------------------------------------------------------------------------------------------------
# data


def generate(n_years: int, n_municipalities: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(SEED)
    codes = np.array([f"{i:04d}" for i in range(N_INDUSTRIES)])
    size = rng.lognormal(0.0, 0.8, N_INDUSTRIES)
    flows, employment = [], []
    municipalities = np.array([f"{1000 + m}" for m in range(n_municipalities)])
    mun_size = rng.lognormal(0.0, 1.0, n_municipalities)
    for year in range(FIRST_YEAR, FIRST_YEAR + n_years):
        means = np.outer(size, size) * rng.lognormal(-0.9, 1.2, (N_INDUSTRIES, N_INDUSTRIES))
        counts = rng.poisson(means)
        np.fill_diagonal(counts, 0)
        i, j = np.nonzero(counts)
        flows.append(
            pl.DataFrame({"year": year, "origin": codes[i], "destination": codes[j], "count": counts[i, j]})
        )
        jobs = rng.poisson(
            np.outer(mun_size, size) * rng.lognormal(2.0, 1.2, (n_municipalities, N_INDUSTRIES))
        )
        r, k = np.nonzero(jobs)
        employment.append(
            pl.DataFrame(
                {"year": year, "region": municipalities[r], "industry": codes[k], "count": jobs[r, k]}
            )
        )
    return pl.concat(flows), pl.concat(employment)


# --------------------------------------------------------------------------------------------------
# ours and the baseline


def ours(flows: pl.DataFrame, employment: pl.DataFrame) -> pl.DataFrame:
    directed = skill_relatedness(flows, by=["year"])
    symmetric = symmetric_relatedness(directed, by=["year"])
    lq = location_quotients(employment, by=["year"])
    return relatedness_density(lq, symmetric, by=["year"])


def pandas_baseline(flows: pd.DataFrame, employment: pd.DataFrame) -> pd.DataFrame:
    """One year, written the straightforward way: a function per pair and per municipality."""
    out_flow = flows.groupby("origin")["count"].sum()
    in_flow = flows.groupby("destination")["count"].sum()
    total = flows["count"].sum()

    def pair_sr(row: pd.Series) -> float:
        return row["count"] * total / (out_flow[row["origin"]] * in_flow[row["destination"]])

    flows = flows.assign(sr=flows.apply(pair_sr, axis=1))
    reverse = flows.rename(columns={"origin": "destination", "destination": "origin", "sr": "sr_back"})
    both = flows.merge(
        reverse[["origin", "destination", "sr_back"]], on=["origin", "destination"], how="outer"
    )
    both = both.fillna({"sr": 0.0, "sr_back": 0.0})
    both = both[both["origin"] < both["destination"]]
    mean = (both["sr"] + both["sr_back"]) / 2
    both = both.assign(sr_norm=(mean - 1) / (mean + 1))
    related: dict[str, set[str]] = {}
    for a, b in both.loc[both["sr_norm"] > 0, ["origin", "destination"]].itertuples(index=False):
        related.setdefault(a, set()).add(b)
        related.setdefault(b, set()).add(a)
    industries = sorted(set(both["origin"]) | set(both["destination"]))
    reference = employment.groupby("industry")["count"].sum()
    ref_share = reference / reference.sum()

    rows = []
    for region, jobs in employment.groupby("region"):  # one municipality at a time
        share = jobs["count"] / jobs["count"].sum()
        lq = share.to_numpy() / ref_share[jobs["industry"]].to_numpy()
        specialised = set(jobs["industry"].to_numpy()[lq >= 1])
        for industry in industries:
            near = related.get(industry, set())
            rows.append((region, industry, len(near & specialised) / len(near) if near else np.nan))
    return pd.DataFrame(rows, columns=["region", "industry", "density"])


# --------------------------------------------------------------------------------------------------
# timing


def median_time(run: Callable[[], Any], runs: int) -> tuple[float, list[float], Any, float]:
    """Median wall time, every run's wall time, the result and the median CPU time (all threads)."""
    result = run()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), times, result, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"polars {pl.__version__} on {pl.thread_pool_size()} threads, pandas {pd.__version__}")

    flows, employment = generate(N_YEARS, N_MUNICIPALITIES)
    print(f"\n== full scale: {N_INDUSTRIES} industries × {N_YEARS} years, {N_MUNICIPALITIES} municipalities")
    print(f"flow rows            {flows.height:,}")
    print(f"employment rows      {employment.height:,}")
    wall, times, density, cpu = median_time(lambda: ours(flows, employment), args.runs)
    print(f"density rows out     {density.height:,}")
    print(f"runs                 {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"CPU time (median)    {cpu:.2f} s   (all threads; the wall time depends on the machine's load)")
    print(f"load average         {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"median               {wall:.2f} s   target < {TARGETS['full_s']:.0f} s: "
        f"{'met' if wall < TARGETS['full_s'] else 'NOT met'}"
    )

    sub_flows = flows.filter(pl.col("year") == FIRST_YEAR)
    sub_employment = employment.filter(pl.col("year") == FIRST_YEAR)
    keep = sub_employment.get_column("region").unique()
    print(
        f"\n== one year against pandas: {sub_flows.height:,} pairs, {len(keep)} municipalities "
        f"({sub_employment.height:,} employment rows)"
    )
    t_ours, _times, mine, _cpu = median_time(lambda: ours(sub_flows, sub_employment), args.runs)
    pd_flows = pd.DataFrame(sub_flows.drop("year").to_dict(as_series=False))
    pd_employment = pd.DataFrame(sub_employment.drop("year").to_dict(as_series=False))
    t_pandas, _times, theirs, _cpu = median_time(
        lambda: pandas_baseline(pd_flows, pd_employment), max(1, args.runs - 2)
    )
    joined = (
        mine.select("region", "industry", "density")
        .join(
            pl.DataFrame(theirs[["region", "industry", "density"]].to_dict("list")).rename(
                {"density": "theirs"}
            ),
            on=["region", "industry"],
        )
        .filter(pl.col("density").is_not_null())
    )
    assert joined.height and np.allclose(joined["density"].to_numpy(), joined["theirs"].to_numpy())
    ratio = t_pandas / t_ours
    print(f"{'jamlik.measures':22s} {t_ours:8.3f} s")
    print(
        f"{'pandas, per pair/mun.':22s} {t_pandas:8.3f} s   "
        f"(same densities: checked on {joined.height:,} cells)"
    )
    print(
        f"ours ÷ pandas          {ratio:8.1f}×   target ≥ {TARGETS['pandas_ratio']:.0f}×: "
        f"{'met' if ratio >= TARGETS['pandas_ratio'] else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
