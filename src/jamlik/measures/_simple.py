"""Pairwise measures (D, R), the attributable measures (PAR, PAF) and the percentile extras.

All of them compare a few chosen subgroups, so the work is one aggregation that picks the extreme,
reference and best subgroups of every group at once, followed by column arithmetic on the group frame.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ._common import PERCENTILE_PAIRS, Z, emit
from ._prepare import Prepared, nulls
from ._segments import Segments, pick


def extremes(prep: Prepared) -> pl.DataFrame:
    """Highest/lowest active estimate per group, overall and among non-reference subgroups, with their SE
    and population (needed for D, R, PAR, PAF and the best-subgroup measures). One row per group."""
    seg, act = prep.act_seg, prep.act
    y = act.get_column("y").to_numpy()
    s = act.get_column("s").cast(pl.Float64).to_numpy()
    pop = act.get_column("N").cast(pl.Float64).to_numpy()
    ref = act.get_column("ref").to_numpy()
    y_others = np.where(ref, np.nan, y)
    columns: dict[str, pl.Series] = {}
    for name, values, reduce in (
        ("max", y, seg.max),
        ("min", y, seg.min),
        ("omax", y_others, seg.max),
        ("omin", y_others, seg.min),
    ):
        extreme = reduce(values)
        row = seg.first_row(values == seg.repeat(extreme))
        for field, source in (("y", y), ("s", s), ("N", pop)):
            columns[f"{name}_{field}"] = nulls(align_full(prep.n_groups, seg, pick(source, row)))
    return pl.DataFrame(columns).with_columns(pl.int_range(prep.n_groups, dtype=pl.UInt32).alias("_gid"))


def align_full(n_groups: int, seg: Segments, values: np.ndarray) -> np.ndarray:
    """Segment values placed at their gid in a length-``n_groups`` array (NaN for absent groups)."""
    out = np.full(n_groups, np.nan)
    out[seg.gid] = values
    return out


def _pair(g: pl.DataFrame) -> pl.DataFrame:
    """Choose subgroups a and b of D = y_a − y_b and R = y_a / y_b, as docs/measures.md prescribes."""
    fav, ordered, has_ref = pl.col("fav"), pl.col("ordered"), pl.col("n_ref") > 0

    def choose(field: str) -> tuple[pl.Expr, pl.Expr]:
        a = (
            pl.when(ordered & fav).then(pl.col(f"hi_{field}"))
            .when(ordered).then(pl.col(f"lo_{field}"))
            .when(has_ref & fav).then(pl.col(f"ref_{field}"))
            .when(has_ref).then(pl.col(f"omax_{field}"))
            .otherwise(pl.col(f"max_{field}"))
        )  # fmt: skip
        b = (
            pl.when(ordered & fav).then(pl.col(f"lo_{field}"))
            .when(ordered).then(pl.col(f"hi_{field}"))
            .when(has_ref & fav).then(pl.col(f"omin_{field}"))
            .when(has_ref).then(pl.col(f"ref_{field}"))
            .otherwise(pl.col(f"min_{field}"))
        )  # fmt: skip
        return a, b

    ya, yb = choose("y")
    sa, sb = choose("s")
    return g.with_columns(ya=ya, yb=yb, sa=sa, sb=sb)


def difference_ratio(prep: Prepared, ext: pl.DataFrame, wanted: set[str]) -> list[pl.LazyFrame]:
    """D and R for every group with at least two subgroups."""
    g = _pair(pl.concat([prep.groups, ext.drop("_gid")], how="horizontal")).filter(pl.col("k") >= 2)
    ya, yb, sa, sb = pl.col("ya"), pl.col("yb"), pl.col("sa"), pl.col("sb")
    out = []
    if "D" in wanted:
        out.append(emit(g, "D", ya - yb, (sa**2 + sb**2).sqrt()))
    if "R" in wanted:
        ratio = pl.when(yb != 0).then(ya / yb)
        se_r = ((sa**2 + ratio**2 * sb**2) / yb**2).sqrt()
        log_half = Z * se_r / ratio
        ci = (
            pl.when(ratio > 0).then((ratio.log() - log_half).exp()),
            pl.when(ratio > 0).then((ratio.log() + log_half).exp()),
        )
        out.append(emit(g, "R", ratio, se_r, ci))
    return out


def reference_for_par(g: pl.DataFrame) -> pl.DataFrame:
    """Add ``pr_y``, ``pr_s``, ``pr_N``: the subgroup PAR/PAF compare with the mean.

    Ordered: the most advantaged subgroup. Non-ordered: the flagged reference, else the best subgroup
    (highest estimate when favourable, lowest when adverse).
    """

    def pick(field: str) -> pl.Expr:
        return (
            pl.when(pl.col("ordered")).then(pl.col(f"hi_{field}"))
            .when(pl.col("n_ref") > 0).then(pl.col(f"ref_{field}"))
            .when(pl.col("fav")).then(pl.col(f"max_{field}"))
            .otherwise(pl.col(f"min_{field}"))
            .alias(f"pr_{field}")
        )  # fmt: skip

    return g.with_columns(pick("y"), pick("s"), pick("N"))


def truncate_par(raw: pl.Expr, fav: pl.Expr) -> pl.Expr:
    """PAR is 0 when the reference is not better than the mean (no improvement possible)."""
    wrong_way = (fav & (raw < 0)) | (~fav & (raw > 0))
    return pl.when(wrong_way).then(0.0).otherwise(raw)


def par_paf(prep: Prepared, ext: pl.DataFrame, wanted: set[str]) -> list[pl.LazyFrame]:
    """PAR and PAF with Walter's (1978) SE when populations and a scale are known.

    Walter's SE is for the attributable *fraction*; PAF reports it ×100 (its own scale — healthequal leaves
    it as a fraction) and PAR as μ·SE. Groups lacking populations or a scale get a simulation CI later.
    """
    g = reference_for_par(pl.concat([prep.groups, ext.drop("_gid")], how="horizontal"))
    g = g.filter(pl.col("k") >= 2)
    mu, yr, fav = pl.col("mu"), pl.col("pr_y"), pl.col("fav")
    usable = pl.col("cov_ok") & mu.is_not_null() & yr.is_not_null()
    par = pl.when(usable).then(truncate_par(yr - mu, fav))
    paf = pl.when(mu != 0).then(100.0 * par / mu)
    se_frac = _walter_se(g)
    out = []
    if "PAR" in wanted:
        out.append(emit(g, "PAR", par, mu.abs() * se_frac))
    if "PAF" in wanted:
        out.append(emit(g, "PAF", paf, 100.0 * se_frac))
    return out


def _walter_se(g: pl.DataFrame) -> pl.Expr:
    """SE of the attributable fraction from the implied 2×2 table (Walter 1978), as healthequal builds it."""
    scale, n_total, n_ref = pl.col("scale"), pl.col("sumN"), pl.col("pr_N")
    c = pl.col("pr_y") / scale * n_ref
    d = n_ref - c
    a = pl.col("mu") / scale * n_total - c
    b = n_total - a - n_ref
    var = (c * n_total * (a * d * (n_total - c) + b * c**2)) / ((a + c) ** 3 * (c + d) ** 3)
    return pl.when(pl.col("has_pop") & scale.is_not_null() & (var >= 0)).then(var.sqrt())


def percentile_extras(prep: Prepared, wanted: set[str]) -> list[pl.LazyFrame]:
    """P80/P20, P90/P10 and P95/P5 differences and ratios for dimensions with >30, >60, >100 subgroups.

    Percentiles are unweighted over the subgroup estimates with linear interpolation (R's default).
    """
    needed = [p for p in PERCENTILE_PAIRS if f"D_{p[0]}" in wanted or f"R_{p[0]}" in wanted]
    if not needed or prep.groups.filter(pl.col("k") > PERCENTILE_PAIRS[0][3]).is_empty():
        return []
    big = prep.groups.filter(pl.col("k") > PERCENTILE_PAIRS[0][3])
    rows = prep.act.filter(pl.col("_gid").is_in(big.get_column("_gid").implode()))
    y = pl.col("y")
    qs = rows.group_by("_gid", maintain_order=True).agg(
        *[y.quantile(q, "linear").alias(f"q{q}") for _, hi, lo, _ in needed for q in (hi, lo)]
    )
    g = big.join(qs, on="_gid", how="left")
    out = []
    for sfx, hi, lo, threshold in needed:
        sub = g.filter(pl.col("k") > threshold)
        upper, lower = pl.col(f"q{hi}"), pl.col(f"q{lo}")
        if f"D_{sfx}" in wanted:
            out.append(emit(sub, f"D_{sfx}", upper - lower))
        if f"R_{sfx}" in wanted:
            out.append(emit(sub, f"R_{sfx}", pl.when(lower != 0).then(upper / lower)))
    return out
