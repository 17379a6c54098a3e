"""Measures for non-ordered dimensions with more than two subgroups.

BGV, BGSD, COV, the mean-difference family (MDM, MDB, MDR, unweighted and weighted), IDIS, TI and MLD.
Everything is two passes of segment sums over all groups: the first finds μ for TI/MLD (zeros replaced),
the second all deviations at once.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ._common import emit
from ._prepare import Prepared, align, nulls
from ._segments import Segments

TINY = 1e-6  # TI/MLD replace zero estimates by this, as healthequal does


def _group_frame(prep: Prepared, ext: pl.DataFrame) -> pl.DataFrame:
    g = pl.concat([prep.groups, ext.drop("_gid")], how="horizontal")
    return g.with_columns(best=pl.when(pl.col("fav")).then(pl.col("max_y")).otherwise(pl.col("min_y")))


def _deviation_sums(prep: Prepared, g: pl.DataFrame) -> pl.DataFrame:
    """Per applicable group: all sums over subgroups the non-ordered measures are built from.

    Row-level terms are Polars expressions; their per-group sums are segment reductions.
    """
    g = g.filter(~pl.col("ordered") & (pl.col("k") > 2))
    rows = prep.act.filter(pl.col("_gid").is_in(g.get_column("_gid").implode()))
    seg = Segments.of(rows)
    rows = rows.with_columns(
        _gather(g, "mu", rows),
        _gather(g, "best", rows),
        _gather(g, "ref_y", rows),
        pl.col("y").replace(0.0, TINY).alias("y0"),
    )
    mu0 = seg.sum((rows.get_column("p") * rows.get_column("y0")).to_numpy())
    rows = rows.with_columns(pl.Series("mu0", seg.repeat(mu0)))
    y, p, s, mu = pl.col("y"), pl.col("p"), pl.col("s"), pl.col("mu")
    ps2 = p**2 * s**2
    r = pl.col("y0") / pl.col("mu0")
    log_r = r.log()
    w_ti = ps2 / pl.col("mu0") ** 2
    terms = rows.select(
        (p * (y - mu) ** 2).alias("bgv"),
        (ps2 * (y - mu) ** 2).alias("bgv_se2"),
        ps2.alias("bgv_s2"),
        (p**4 * s**4).alias("bgv_s4"),
        (p**2 * (1 - p) ** 2 * s**4).alias("bgv_se4"),
        (y - mu).abs().alias("adm_u"),
        (p * (y - mu).abs()).alias("adm_w"),
        (y - pl.col("best")).abs().alias("adb_u"),
        (p * (y - pl.col("best")).abs()).alias("adb_w"),
        (y - pl.col("ref_y")).abs().alias("adr_u"),
        (p * (y - pl.col("ref_y")).abs()).alias("adr_w"),
        (p * r * log_r).alias("ti"),
        (-p * log_r).alias("mld"),
        (w_ti * (1 + log_r) ** 2).alias("ti_a2"),
        (w_ti * (1 + log_r)).alias("ti_a1"),
        w_ti.alias("ti_a0"),
        (w_ti * (1 - 1 / r) ** 2).alias("mld_v"),
    )
    target = g.get_column("_gid").to_numpy()
    sums = {
        c: nulls(align(target, seg, seg.sum(terms.get_column(c).cast(pl.Float64).to_numpy())))
        for c in terms.columns
    }
    return g.with_columns(**sums)


def _gather(g: pl.DataFrame, column: str, rows: pl.DataFrame) -> pl.Series:
    """Group value (``g`` holds a sorted subset of gids) for every row of ``rows``."""
    pos = np.searchsorted(g.get_column("_gid").to_numpy(), rows.get_column("_gid").to_numpy())
    return g.get_column(column).gather(pos).alias(column)


def nonordered(prep: Prepared, ext: pl.DataFrame, wanted: set[str]) -> list[pl.LazyFrame]:
    """Point estimates (and analytic SE for BGV, TI, MLD); the other CIs come from the simulation."""
    g = _deviation_sums(prep, _group_frame(prep, ext))
    ok = pl.col("cov_ok") & (pl.col("n") > 2)
    weighted = ok & pl.col("has_pop")
    with_mu = ok & pl.col("mu").is_not_null()
    with_ref = pl.col("ref_y").is_not_null()
    se_ok = pl.col("se_complete")
    n, mu = pl.col("n"), pl.col("mu")

    bgv = pl.when(weighted).then(pl.col("bgv"))
    bgv_se = pl.when(se_ok).then(
        (4 * pl.col("bgv_se2") + 2 * (pl.col("bgv_s2") ** 2 - pl.col("bgv_s4") + pl.col("bgv_se4"))).sqrt()
    )
    mdmu = pl.when(with_mu).then(pl.col("adm_u") / n)
    mdmw = pl.when(weighted).then(pl.col("adm_w"))
    logs_ok = weighted & ~pl.col("any_negative")
    ti_var_prep = 1 + pl.col("ti")  # Σ p r (1 + ln r) = 1 + Σ p r ln r because Σ p r = 1
    ti_se = (
        (pl.col("ti_a2") - 2 * ti_var_prep * pl.col("ti_a1") + ti_var_prep**2 * pl.col("ti_a0"))
        .clip(0)
        .sqrt()
    )
    estimates: dict[str, tuple[pl.Expr, pl.Expr | None]] = {
        "BGV": (bgv, bgv_se),
        "BGSD": (bgv.sqrt(), None),
        "COV": (pl.when(mu != 0).then(100 * bgv.sqrt() / mu), None),
        "MDMU": (mdmu, None),
        "MDMW": (mdmw, None),
        "MDBU": (pl.when(ok).then(pl.col("adb_u") / n), None),
        "MDBW": (pl.when(weighted).then(pl.col("adb_w")), None),
        "MDRU": (pl.when(ok & with_ref).then(pl.col("adr_u") / n), None),
        "MDRW": (pl.when(weighted & with_ref).then(pl.col("adr_w")), None),
        "IDISU": (pl.when(mu != 0).then(100 * mdmu / mu), None),
        "IDISW": (pl.when(mu != 0).then(100 * mdmw / mu), None),
        "TI": (pl.when(logs_ok).then(1000 * pl.col("ti")), pl.when(se_ok).then(1000 * ti_se)),
        "MLD": (
            pl.when(logs_ok).then(1000 * pl.col("mld")),
            pl.when(se_ok).then(1000 * pl.col("mld_v").sqrt()),
        ),
    }
    return [emit(g, code, est, se) for code, (est, se) in estimates.items() if code in wanted]
