"""Person-level data: aggregation to the long subgroup table and distribution measures.

Register and survey microdata have one row per person with a sampling (or calibration) weight. Two things
are computed from them, both for all groups at once:

* ``aggregate_persons`` — subgroup estimates (weighted mean, or weighted rate × scale) with an SE from
  the Kish effective sample size, in the long format that ``compute_measures`` reads;
* ``distribution_measures`` — Gini, Theil T, MLD, Atkinson (ε = 0.5, 1, 2), Palma, S80/S20, P90/P10 and
  a few percentiles of e.g. disposable income, per group, with person weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import polars as pl

Frame = pl.DataFrame | pl.LazyFrame
ATKINSON_EPSILONS: tuple[float, ...] = (0.5, 1.0, 2.0)


def _lazy(frame: Frame) -> pl.LazyFrame:
    return frame.lazy() if isinstance(frame, pl.DataFrame) else frame


def _weight_expr(weight: str | None) -> pl.Expr:
    return pl.lit(1.0) if weight is None else pl.col(weight).cast(pl.Float64)


def aggregate_persons(
    persons: Frame,
    *,
    value: str,
    setting: str,
    dimension: str,
    year: str | int,
    weight: str | None = None,
    indicator: str | None = None,
    kind: Literal["mean", "rate"] = "mean",
    scale: float | None = None,
    favourable: bool = True,
    ordered: bool = False,
    subgroup_order: Mapping[object, int] | None = None,
    reference: object | None = None,
) -> pl.DataFrame:
    """Aggregate persons to subgroup rows of the long table (one row per setting × year × subgroup).

    Args:
        value: the person variable; for ``kind="rate"`` a 0/1 (or boolean) outcome.
        setting, dimension: column names; the dimension column's values become the subgroups and its
            name the ``dimension`` label.
        year: a column name or one constant year for all persons.
        weight: sampling weight column; None gives every person weight 1.
        kind: "mean" → weighted mean (unbounded unless ``scale`` given); "rate" → scale × weighted share
            (``scale`` defaults to 100, i.e. per cent).
        subgroup_order: for ordered dimensions, subgroup value → 1 (most disadvantaged) … k.
        reference: the subgroup value to flag as reference, if any.

    The SE uses the Kish effective sample size n_eff = (Σw)²/Σw² (design effect of unequal weights):
    SE = √(v / (n_eff − 1)) with v the weighted variance; with equal weights this is the textbook s/√n.
    ``population`` is Σw (the estimated number of persons) and ``setting_average`` the weighted mean of
    the whole setting and year, so that PAR/PAF and MDMU also work when populations are dropped later.
    """
    if kind == "rate" and scale is None:
        scale = 100.0
    multiplier = 1.0 if scale is None or kind == "mean" else float(scale)
    w = _weight_expr(weight)
    x = pl.col(value).cast(pl.Float64)
    year_expr = pl.col(year) if isinstance(year, str) else pl.lit(int(year))
    base = (
        _lazy(persons)
        .select(
            pl.col(setting).cast(pl.String).alias("setting"),
            year_expr.cast(pl.Int64).alias("year"),
            pl.col(dimension).alias("subgroup"),
            x.alias("x"),
            w.alias("w"),
        )
        .filter(pl.col("x").is_not_null() & (pl.col("w") > 0))
    )
    sums = [
        pl.col("w").sum().alias("sw"),
        (pl.col("w") ** 2).sum().alias("sw2"),
        (pl.col("w") * pl.col("x")).sum().alias("swx"),
        (pl.col("w") * pl.col("x") ** 2).sum().alias("swx2"),
    ]
    cells = base.group_by("setting", "year", "subgroup").agg(*sums)
    totals = base.group_by("setting", "year").agg(
        ((pl.col("w") * pl.col("x")).sum() / pl.col("w").sum()).alias("setting_average")
    )
    table = (
        cells.join(totals, on=["setting", "year"], how="left")
        .collect(engine="streaming")
        .sort("setting", "year", "subgroup")
    )
    mean = pl.col("swx") / pl.col("sw")
    variance = (pl.col("swx2") / pl.col("sw") - mean**2).clip(lower_bound=0.0)
    n_eff = pl.col("sw") ** 2 / pl.col("sw2")
    se = pl.when(n_eff > 1).then((variance / (n_eff - 1)).sqrt())
    order_expr = (
        pl.col("subgroup").replace_strict(dict(subgroup_order), default=None, return_dtype=pl.Float64)
        if subgroup_order is not None
        else pl.lit(None, dtype=pl.Float64)
    )
    ref_expr = pl.col("subgroup").eq(reference).cast(pl.Int8) if reference is not None else pl.lit(0, pl.Int8)
    return table.select(
        "setting",
        "year",
        pl.lit(indicator or value).alias("indicator"),
        pl.lit(dimension).alias("dimension"),
        pl.col("subgroup").cast(pl.String),
        (mean * multiplier).alias("estimate"),
        (se * multiplier).alias("se"),
        pl.col("sw").alias("population"),
        pl.lit(int(favourable), pl.Int8).alias("favourable"),
        pl.lit(scale, pl.Float64).alias("scale"),
        pl.lit(int(ordered), pl.Int8).alias("ordered"),
        order_expr.alias("subgroup_order"),
        ref_expr.alias("reference"),
        (pl.col("setting_average") * multiplier).alias("setting_average"),
    )


def distribution_measures(
    persons: Frame, *, value: str, by: Sequence[str], weight: str | None = None
) -> pl.DataFrame:
    """Weighted inequality of a distribution (typically income) within every group of ``by``.

    Columns: n, population (Σw), mean, median, p10, p90, gini, theil_t, mld, atkinson_0_5,
    atkinson_1, atkinson_2, palma, s80_s20, p90_p10.

    Definitions (f_i = w_i/Σw, persons sorted by value, F and L the cumulative population and income
    shares): Gini = 1 − Σ f_i (L_i + L_{i−1}); Palma = income share of the top 10 % ÷ bottom 40 %;
    S80/S20 = top 20 % ÷ bottom 20 % (shares of the Lorenz curve, the boundary person split pro rata);
    percentiles are the smallest value whose cumulative weight share reaches p. Theil T, MLD and the
    Atkinson indices need logarithms or negative powers, so they use the persons with a positive value
    only (zero and negative incomes are excluded there, and only there).
    """
    keys = list(by)
    w = _weight_expr(weight)
    rows = (
        _lazy(persons)
        .select(*keys, pl.col(value).cast(pl.Float64).alias("x"), w.alias("w"))
        .filter(pl.col("x").is_not_null() & (pl.col("w") > 0))
        .collect(engine="streaming")
    )
    if rows.is_empty():
        return rows.select(keys)
    rows = _sorted_by_group_and_value(rows, keys)
    rows = rows.with_columns(
        cw=pl.col("w").cum_sum().over("_gid"),
        ct=(pl.col("w") * pl.col("x")).cum_sum().over("_gid"),
        tw=pl.col("w").sum().over("_gid"),
        tt=(pl.col("w") * pl.col("x")).sum().over("_gid"),
    )
    return rows.group_by("_gid", maintain_order=True).agg(*_distribution_exprs(keys)).drop("_gid")


def _sorted_by_group_and_value(rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Rows ordered by group (in key order) and value, with a dense group id ``_gid``.

    The few groups (cells) are numbered by a small sorted ``group_by`` and a join; the rows are then
    ordered with one two-key integer/float ``lexsort``, much cheaper than a multi-column string sort of
    millions of rows.
    """
    if not keys:
        order = np.argsort(rows.get_column("x").to_numpy(), kind="stable")
        return rows[order].with_columns(pl.lit(0, pl.UInt32).alias("_gid"))
    cells = rows.select(keys).unique().sort(keys).with_row_index("_gid")
    rows = rows.join(cells, on=keys, how="left")
    order = np.lexsort((rows.get_column("x").to_numpy(), rows.get_column("_gid").to_numpy()))
    return rows[order]


def _lorenz(q: float) -> pl.Expr:
    """Share of the total held by the poorest fraction q of the (weighted) population."""
    before = pl.col("cw") - pl.col("w")
    fraction = ((q * pl.col("tw") - before) / pl.col("w")).clip(0.0, 1.0)
    return (pl.col("w") * pl.col("x") * fraction).sum() / pl.col("tt").first()


def _percentile(q: float) -> pl.Expr:
    return pl.col("x").filter(pl.col("cw") >= q * pl.col("tw") * (1 - 1e-12)).first()


def _distribution_exprs(keys: list[str]) -> list[pl.Expr]:
    x, w = pl.col("x"), pl.col("w")
    share_now = pl.col("ct") / pl.col("tt")
    share_before = (pl.col("ct") - w * x) / pl.col("tt")
    gini = 1.0 - (w / pl.col("tw") * (share_now + share_before)).sum()
    positive = x > 0
    wp = w.filter(positive)
    xp = x.filter(positive)
    w_pos = wp.sum()
    mean_pos = (wp * xp).sum() / w_pos
    mean_log = (wp * xp.log()).sum() / w_pos
    theil = (wp * xp * xp.log()).sum() / (wp * xp).sum() - mean_pos.log()
    atk = {
        0.5: 1.0 - ((wp * xp.sqrt()).sum() / w_pos) ** 2 / mean_pos,
        1.0: 1.0 - mean_log.exp() / mean_pos,
        2.0: 1.0 - 1.0 / (mean_pos * (wp / xp).sum() / w_pos),
    }
    p10, p90 = _percentile(0.10), _percentile(0.90)
    return [
        *[pl.col(k).first() for k in keys],
        pl.len().alias("n"),
        w.sum().alias("population"),
        ((w * x).sum() / w.sum()).alias("mean"),
        _percentile(0.5).alias("median"),
        p10.alias("p10"),
        p90.alias("p90"),
        gini.alias("gini"),
        theil.alias("theil_t"),
        (mean_pos.log() - mean_log).alias("mld"),
        *[atk[e].alias(f"atkinson_{str(e).replace('.', '_').removesuffix('_0')}") for e in ATKINSON_EPSILONS],
        ((1.0 - _lorenz(0.9)) / _lorenz(0.4)).alias("palma"),
        ((1.0 - _lorenz(0.8)) / _lorenz(0.2)).alias("s80_s20"),
        (p90 / p10).alias("p90_p10"),
    ]


def atkinson(values: Sequence[float], epsilon: float, weights: Sequence[float] | None = None) -> float:
    """Atkinson index of one distribution — a convenience wrapper around ``distribution_measures``.

    Only ε ∈ {0.5, 1, 2} are provided (the ones HEAT-style reports use).
    """
    if epsilon not in ATKINSON_EPSILONS:
        raise ValueError(f"epsilon must be one of {ATKINSON_EPSILONS}")
    frame = pl.DataFrame(
        {"x": list(values), "w": list(weights) if weights is not None else [1.0] * len(values)}
    )
    result = distribution_measures(frame, value="x", by=[], weight="w")
    name = f"atkinson_{str(epsilon).replace('.', '_').removesuffix('_0')}"
    return float(result.get_column(name)[0])


__all__ = ["aggregate_persons", "atkinson", "distribution_measures"]
