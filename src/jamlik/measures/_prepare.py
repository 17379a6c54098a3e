"""Sort the typed rows into groups and compute the quantities every measure shares.

After this step each group (setting, year, indicator, dimension) is a contiguous block of rows with a dense
integer id ``_gid`` (0 … G-1, in key order). Group-level values live in one frame indexed by ``_gid``
and are broadcast back to rows with ``Series.gather`` — a plain array lookup, far cheaper than a join.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ._segments import Segments, pick
from ._validate import KEYS, check_groups

COVERAGE = 0.85  # share of subgroups that must have an estimate for the population-weighted measures


@dataclass(frozen=True)
class Prepared:
    """The sorted input of one batch.

    Attributes:
        act: the rows with an estimate (the "active" subgroups), sorted by group and subgroup name, with
            the dense group id ``_gid``, ``p`` (population share among active rows, null when the group
            lacks populations), ``pos`` (0-based position inside the group, used to pick common random
            numbers in the simulation) and ``is_hi`` (the subgroup with the highest ``subgroup_order``).
        groups: one row per ``_gid`` with the group keys and shared summaries (see ``_group_summary``).
        act_seg: the groups (segments) of ``act``.
    """

    act: pl.DataFrame
    groups: pl.DataFrame
    act_seg: Segments

    @property
    def n_groups(self) -> int:
        return self.groups.height


def bcast(groups: pl.DataFrame, column: str, frame: pl.DataFrame, gid: str = "_gid") -> pl.Series:
    """Group-level column repeated onto the rows of ``frame``."""
    return groups.get_column(column).gather(frame.get_column(gid)).alias(column)


def nulls(values: np.ndarray) -> pl.Series:
    """Float array → Series with NaN turned into null (group columns use null for "not available")."""
    return pl.Series(values, dtype=pl.Float64).fill_nan(None)


def align(target: np.ndarray, seg: Segments, values: np.ndarray) -> np.ndarray:
    """Values of ``seg``'s groups placed at the positions of the sorted gid array ``target`` (NaN where
    ``target`` has a group that ``seg`` lacks)."""
    out = np.full(target.size, np.nan)
    if seg.size:
        pos = np.searchsorted(target, seg.gid)
        ok = (pos < target.size) & (target[np.minimum(pos, target.size - 1)] == seg.gid)
        out[pos[ok]] = values[ok]
    return out


SORT_COLUMNS: tuple[str, ...] = (*KEYS, "subgroup")


def _is_sorted(frame: pl.DataFrame, columns: tuple[str, ...]) -> bool:
    """Lexicographic non-decreasing check in one vectorised pass (exports are usually sorted already,
    and a multi-column string sort is one of the most expensive steps)."""
    prev = [pl.col(c).shift(1) for c in columns]
    ok = pl.col(columns[-1]) >= prev[-1]
    for c, p in zip(reversed(columns[:-1]), reversed(prev[:-1]), strict=True):
        ok = (pl.col(c) > p) | ((pl.col(c) == p) & ok)
    return bool(frame.select(ok.fill_null(True).all()).item())


def prepare(std: pl.DataFrame) -> Prepared:
    """Sort, assign group ids, check group-level rules and compute the shared summaries.

    Rows are sorted by the group keys and the subgroup name, so duplicates are adjacent and a subgroup's
    position inside its group does not depend on the input order.
    """
    rows = std if _is_sorted(std, SORT_COLUMNS) else std.sort(list(SORT_COLUMNS))
    del std
    new = pl.any_horizontal([(pl.col(k) != pl.col(k).shift(1)) for k in KEYS]).fill_null(True)
    rows = rows.with_columns(_gid=(new.cast(pl.UInt32).cum_sum() - 1).cast(pl.UInt32))
    seg = Segments.of(rows)
    groups = _group_summary(rows, seg)
    check_groups(rows, groups)
    act = rows.filter(pl.col("y").is_not_null()).drop("_row")
    del rows  # only the rows with an estimate are needed from here on
    act_seg = Segments.of(act)
    act = act.with_columns(
        bcast(groups, "has_pop", act),
        bcast(groups, "sumN", act),
        bcast(groups, "hi_order", act),
        pl.Series("pos", act_seg.position(), dtype=pl.Int32),
    ).with_columns(
        p=pl.when(pl.col("has_pop")).then(pl.col("N") / pl.col("sumN")),
        is_hi=pl.col("order") == pl.col("hi_order"),
    )
    return Prepared(act=act, groups=groups, act_seg=act_seg)


def _group_summary(rows: pl.DataFrame, seg: Segments) -> pl.DataFrame:
    """One row per group: keys, indicator/dimension attributes, counts, μ and the special subgroups.

    ``lo_*``/``hi_*`` are the rows with the lowest/highest ``subgroup_order`` *including* rows without
    an estimate, because for ordered dimensions D and R must be missing when an end group is missing.
    """
    col = {c: rows.get_column(c).cast(pl.Float64).to_numpy() for c in ("y", "s", "N", "order", "savg")}
    y, s, pop, order = col["y"], col["s"], col["N"], col["order"]
    ref = rows.get_column("ref").to_numpy()
    has_y = ~np.isnan(y)
    ref_row = seg.first_row(ref)
    lo_row = seg.first_row(order == seg.repeat(seg.min(order)))
    hi_order = seg.max(order)
    hi_row = seg.first_row(order == seg.repeat(hi_order))
    first = rows.select(*KEYS, "fav", "ordered", "scale").gather(seg.starts)
    n = seg.count(has_y)
    sum_n = seg.sum(np.where(has_y, pop, 0.0))
    npop = seg.count(has_y & ~np.isnan(pop))
    savg = pick(col["savg"], seg.first_row(~np.isnan(col["savg"])))
    has_pop = (npop == n) & (n > 0) & (sum_n > 0)
    mu = np.where(has_pop, seg.sum(pop * y) / np.where(sum_n > 0, sum_n, 1.0), savg)
    return first.with_columns(
        pl.Series("_gid", seg.gid, dtype=pl.UInt32),
        pl.Series("k", seg.counts, dtype=pl.Int64),
        pl.Series("n", n, dtype=pl.Int64),
        pl.Series("n_ref", seg.count(ref), dtype=pl.Int64),
        pl.Series("has_pop", has_pop),
        pl.Series("se_complete", seg.count(has_y & np.isnan(s)) == 0),
        pl.Series("cov_ok", n >= COVERAGE * seg.counts - 1e-9),
        pl.Series("any_negative", seg.count(y < 0) > 0),
        nulls(sum_n).alias("sumN"),
        nulls(savg).alias("savg"),
        nulls(mu).alias("mu"),
        nulls(pick(y, ref_row)).alias("ref_y"),
        nulls(pick(s, ref_row)).alias("ref_s"),
        nulls(pick(pop, ref_row)).alias("ref_N"),
        nulls(pick(y, lo_row)).alias("lo_y"),
        nulls(pick(s, lo_row)).alias("lo_s"),
        nulls(pick(y, hi_row)).alias("hi_y"),
        nulls(pick(s, hi_row)).alias("hi_s"),
        nulls(pick(pop, hi_row)).alias("hi_N"),
        nulls(hi_order).alias("hi_order"),
    )
