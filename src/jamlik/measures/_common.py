"""Constants and the shared result layout of all measure functions."""

from __future__ import annotations

import polars as pl

Z = 1.959963984540054  # qnorm(0.975); docs/measures.md rounds it to 1.959964

MEASURES: tuple[str, ...] = (
    "D", "R", "ACI", "RCI", "SII", "RII", "BGV", "BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW",
    "MDRU", "MDRW", "IDISU", "IDISW", "TI", "MLD", "PAR", "PAF",
)  # fmt: skip

# Percentile differences/ratios reported in addition for dimensions with many subgroups:
# (code suffix, upper percentile, lower percentile, "more than this many subgroups").
PERCENTILE_PAIRS: tuple[tuple[str, float, float, int], ...] = (
    ("P80_P20", 0.80, 0.20, 30),
    ("P90_P10", 0.90, 0.10, 60),
    ("P95_P5", 0.95, 0.05, 100),
)
EXTRA_MEASURES: tuple[str, ...] = tuple(
    f"{kind}_{sfx}" for sfx, *_ in PERCENTILE_PAIRS for kind in ("D", "R")
)
ALL_MEASURES: tuple[str, ...] = MEASURES + EXTRA_MEASURES

# Measures whose confidence interval comes from the simulation (no analytic formula exists).
SIMULATED: frozenset[str] = frozenset(
    {"BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW", "IDISU", "IDISW", *EXTRA_MEASURES}
)

MEASURE_TYPE = pl.Enum(ALL_MEASURES)  # measure codes as a small integer category while computing

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "_gid": pl.UInt32(),
    "measure": MEASURE_TYPE,
    "estimate": pl.Float64(),
    "se": pl.Float64(),
    "ci_lb": pl.Float64(),
    "ci_ub": pl.Float64(),
}


def emit(
    frame: pl.DataFrame,
    code: str,
    estimate: pl.Expr,
    se: pl.Expr | None = None,
    ci: tuple[pl.Expr, pl.Expr] | None = None,
) -> pl.LazyFrame:
    """Build the result rows of one measure for every group in ``frame`` (group-level, has ``_gid``).

    Without ``ci`` the interval is the normal one, estimate ± z·SE. SE and CI are forced to null where the
    estimate is null so that a missing measure is missing in every column. Lazy, so that all measures
    of a batch are evaluated in one parallel ``collect``.
    """
    est = estimate.cast(pl.Float64)
    se_expr = pl.lit(None, dtype=pl.Float64) if se is None else se.cast(pl.Float64)
    lb, ub = ci if ci is not None else (est - Z * se_expr, est + Z * se_expr)
    valid = est.is_not_null() & est.is_finite()
    return frame.lazy().select(
        pl.col("_gid").cast(pl.UInt32),
        pl.lit(code, dtype=MEASURE_TYPE).alias("measure"),
        pl.when(valid).then(est).alias("estimate"),
        pl.when(valid & se_expr.is_finite()).then(se_expr).alias("se"),
        pl.when(valid & lb.is_finite()).then(lb.cast(pl.Float64)).alias("ci_lb"),
        pl.when(valid & ub.is_finite()).then(ub.cast(pl.Float64)).alias("ci_ub"),
    )


def empty_result() -> pl.LazyFrame:
    return pl.LazyFrame(schema=RESULT_SCHEMA)
