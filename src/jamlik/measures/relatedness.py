"""Skill relatedness between industries (or occupations) from labour flows, and what it says about a region.

Pure Polars + NumPy, no Django. The definitions, with the choices the published sources differ on (the
user guide docs/anvandarguide/kompetens.md says the same in Swedish):

* **Revealed skill relatedness** (Neffke & Henning 2013): the flow of workers from industry i to industry j
  divided by the flow expected if people picked their new industry in proportion to its total intake::

      SR_ij = F_ij · F.. / (F_i. · F_.j)

  where F_i. is i's total outflow, F_.j is j's total inflow and F.. all flows. Flows within an industry
  (the diagonal) are left out of F_ij *and of every total*, since a job change inside the same industry says
  nothing about how skills carry between industries. SR > 1 means more flows than expected.
* **Normalised** SR̃ = (SR − 1) / (SR + 1), which maps [0, ∞) onto [−1, 1) with 0 where flows are as
  expected, so that "related" and "unrelated" are symmetric around zero.
* **Symmetric** relatedness: the mean of both directions. Here the two SR values are averaged first and the
  mean is then normalised (``order="average_then_normalise"``, the default); the other order, averaging the
  two normalised values, is available as ``order="normalise_then_average"``. A direction without observed
  flows counts as SR = 0 (SR̃ = −1).
* **p-values**: under the null hypothesis that flows follow the margins, F_ij is Poisson with mean
  E_ij = F_i. · F_.j / F.., and the one-sided p-value is P(X ≥ F_ij). Exact for counts up to
  ``EXACT_POISSON_LIMIT``; above it the Wilson–Hilferty approximation of the gamma distribution, whose
  error there is far below any significance level one would filter at.
* **Location quotient** LQ_rj = (E_rj / E_r.) / (R_j / R.), the industry's share of the region's employment
  over its share in a reference (the nation, or all regions given). A region is *specialised* in j when
  LQ_rj ≥ 1.
* **Relatedness density** of region r to industry j: the share of j's related industries (symmetric
  SR̃ above a threshold, optionally significant) in which r is specialised, 0…1. A high density for an
  industry the region is not yet specialised in marks a "possible" industry close to its current portfolio.

Every function takes long tables (one row per pair or per region × industry) and optional ``by`` columns
(year, period …) so that many matrices are computed in one call, without a Python loop over pairs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import polars as pl

from ._errors import MeasureInputError

EXACT_POISSON_LIMIT = 30
SymmetricOrder = Literal["average_then_normalise", "normalise_then_average"]

_LOG_FACTORIALS = np.array([math.lgamma(m + 1) for m in range(EXACT_POISSON_LIMIT + 1)])


# --------------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------------


def normalise(sr: pl.Expr) -> pl.Expr:
    """SR̃ = (SR − 1) / (SR + 1) as a Polars expression."""
    return (sr - 1.0) / (sr + 1.0)


def denormalise(sr_norm: pl.Expr) -> pl.Expr:
    """SR from SR̃, the inverse of `normalise` (SR̃ = 1 has no finite SR and gives null)."""
    return pl.when(sr_norm < 1.0).then((1.0 + sr_norm) / (1.0 - sr_norm)).otherwise(None)


def _frame(data: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return data.collect() if isinstance(data, pl.LazyFrame) else data


def _require(frame: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise MeasureInputError(f"{what} saknar kolumnen/kolumnerna {', '.join(missing)}.", column=missing[0])


def _first_row(mask: pl.Series) -> int:
    """1-based number of the first data row where mask is true."""
    return int(mask.arg_true()[0]) + 1


def _check_values(frame: pl.DataFrame, columns: Sequence[str], value: str, what: str) -> None:
    """Every key present and the value a non-negative number; errors name the first bad row."""
    for name in [*columns, value]:
        nulls = frame.get_column(name).is_null()
        if nulls.any():
            row = _first_row(nulls)
            raise MeasureInputError(
                f"{what}: rad {row} saknar värde i kolumnen {name}.", column=name, row=row
            )
    values = frame.get_column(value)
    if not values.dtype.is_numeric():
        raise MeasureInputError(f"{what}: kolumnen {value} måste innehålla tal.", column=value)
    as_float = values.cast(pl.Float64)
    bad = as_float.is_nan() | (as_float < 0)
    if bad.any():
        row = _first_row(bad)
        raise MeasureInputError(
            f"{what}: rad {row} har ett negativt eller ogiltigt tal i kolumnen {value}.",
            column=value,
            row=row,
        )


DENSE_KEY_LIMIT = 1 << 25  # key spaces up to this size are summed with bincount, larger ones sorted


def _group_ids(
    frame: pl.DataFrame, group: list[str], groups: pl.DataFrame | None = None
) -> tuple[np.ndarray, pl.DataFrame]:
    """Each row's group number and the groups themselves (the distinct ``by`` values, sorted).

    With ``groups`` given, the numbers index those instead, and rows of other groups get −1.
    """
    if not group:
        return np.zeros(frame.height, dtype=np.int64), pl.DataFrame()
    if groups is None:
        groups = frame.select(group).unique().sort(group)
    if len(group) == 1 and frame.schema[group[0]].is_numeric():
        # One numeric column (a year): the sorted distinct values are found by binary search.
        values = frame.get_column(group[0]).to_numpy()
        known = groups.get_column(group[0]).to_numpy()
        ids = np.minimum(np.searchsorted(known, values), max(known.size - 1, 0)).astype(np.int64)
        if known.size:
            ids[known[ids] != values] = -1
        else:
            ids[:] = -1
        return ids, groups
    ids = (
        frame.select(group)
        .join(groups.with_row_index("gid"), on=group, how="left", maintain_order="left")
        .get_column("gid")
        .cast(pl.Int64)
        .fill_null(-1)
        .to_numpy()
    )
    return ids, groups


def _sum_by_key(
    key: np.ndarray, space: int, weights: Sequence[np.ndarray]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct keys (sorted) with the row count and each weight summed per key."""
    if space <= DENSE_KEY_LIMIT:
        counts = np.bincount(key, minlength=space)
        keys = np.flatnonzero(counts)
        sums = [np.bincount(key, weights=w, minlength=space)[keys] for w in weights]
        return keys, [counts[keys].astype(np.float64), *sums]
    keys, inverse = np.unique(key, return_inverse=True)
    counts = np.bincount(inverse, minlength=keys.size).astype(np.float64)
    return keys, [counts, *[np.bincount(inverse, weights=w, minlength=keys.size) for w in weights]]


def _check_unique_keys(key: np.ndarray, space: int, what: str) -> None:
    """No key twice; the rows are looked for only when there is a repeat."""
    keys, (counts,) = _sum_by_key(key, space, [])
    if counts.max(initial=0) <= 1:
        return
    repeated = keys[np.argmax(counts > 1)]
    first, second = np.flatnonzero(key == repeated)[:2] + 1
    raise MeasureInputError(f"{what}: rad {second} upprepar kombinationen på rad {first}.", row=int(second))


def _codes(*columns: pl.Series) -> pl.Series:
    """The sorted distinct codes of the given columns, as strings."""
    return pl.concat([c.cast(pl.String) for c in columns]).unique().sort()


def _encode(column: pl.Series, codes: pl.Series) -> pl.Series:
    """Each code's position in ``codes`` (UInt32), so that the work runs on integers, not strings."""
    return column.cast(pl.String).cast(pl.Enum(codes)).to_physical()


# --------------------------------------------------------------------------------------------------
# p-values
# --------------------------------------------------------------------------------------------------


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) through a Chebyshev fit of erfc (fractional error below 1.2e-7 everywhere)."""
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t
                    * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))
                )
            )
        )
    )
    erfc = t * np.exp(-x * x + poly)
    return np.where(z >= 0, 1.0 - 0.5 * erfc, 0.5 * erfc)


def poisson_upper_tail(counts: np.ndarray, means: np.ndarray) -> np.ndarray:
    """P(X ≥ k) for X ~ Poisson(mean), elementwise, vectorised.

    For k ≤ EXACT_POISSON_LIMIT it is 1 − Σ_{m<k} e^(−λ) λ^m / m!, the terms built by the recurrence
    t_m = t_{m−1} · λ / m on the rows that still need them (most flows are small, so the set shrinks
    fast; sorted by count it is a prefix, a slice rather than a copy). Above it,
    P(X ≥ k) = P(Gamma(k, 1) ≤ λ), and the Wilson–Hilferty cube-root transformation makes the gamma
    variable nearly normal (absolute error below 2·10⁻⁴, less for larger counts).
    """
    k = np.asarray(counts, dtype=np.float64)
    lam = np.asarray(means, dtype=np.float64)
    out = np.ones_like(k)
    positive = (k > 0) & (lam > 0)
    out[(k > 0) & ~(lam > 0)] = 0.0  # a flow where none could be expected
    small = np.flatnonzero(positive & (k <= EXACT_POISSON_LIMIT))
    if small.size:
        # Sorted by count, largest first, the rows that still need term m are always a prefix.
        small = small[np.argsort(-k[small].astype(np.int16), kind="stable")]  # a radix sort
        ks, ls = k[small], lam[small]
        still = np.searchsorted(-ks, -np.arange(EXACT_POISSON_LIMIT + 1), side="left")
        term = np.exp(-ls)
        below = term.copy()
        for m in range(1, EXACT_POISSON_LIMIT):
            rows = int(still[m])  # how many have k > m
            if rows == 0:
                break
            term = term[:rows] * ls[:rows] / m
            below[:rows] += term
        out[small] = np.clip(1.0 - below, 0.0, 1.0)
    large = positive & (k > EXACT_POISSON_LIMIT)
    if large.any():
        kl, ll = k[large], lam[large]
        z = (np.cbrt(ll / kl) - 1.0 + 1.0 / (9.0 * kl)) * 3.0 * np.sqrt(kl)
        out[large] = _normal_cdf(z)
    return out


# --------------------------------------------------------------------------------------------------
# relatedness from flows
# --------------------------------------------------------------------------------------------------


def skill_relatedness(
    flows: pl.DataFrame | pl.LazyFrame,
    *,
    by: Sequence[str] = (),
    origin: str = "origin",
    destination: str = "destination",
    count: str = "count",
    p_values: bool = True,
) -> pl.DataFrame:
    """SR, SR̃ and (optionally) p-values for every observed pair of a long flow table.

    ``flows`` holds one row per (by …, origin, destination) with a non-negative count; pairs not listed
    have no flows. Rows on the diagonal are ignored, in the pair and in every total. Returns the columns
    by …, origin, destination, count, expected, sr, sr_norm and, with ``p_values``, p_value, for every
    off-diagonal row given, in the input's order.

    The totals are sums over integer keys (group × industry) with ``np.bincount``: no loop over pairs.
    """
    group = list(by)
    frame = _frame(flows)
    _require(frame, [*group, origin, destination, count], "Flödestabellen")
    _check_values(frame, [*group, origin, destination], count, "Flödestabellen")
    codes = _codes(frame.get_column(origin), frame.get_column(destination))
    n = len(codes)
    gid, groups = _group_ids(frame, group)
    n_groups = max(groups.height, 1)
    o = _encode(frame.get_column(origin), codes).to_numpy().astype(np.int64)
    d = _encode(frame.get_column(destination), codes).to_numpy().astype(np.int64)
    _check_unique_keys((gid * n + o) * n + d, n_groups * n * n, "Flödestabellen")
    off = np.flatnonzero(o != d)
    gid, o, d = gid[off], o[off], d[off]
    c = frame.get_column(count).cast(pl.Float64).to_numpy()[off]
    out_flow = np.bincount(gid * n + o, weights=c, minlength=n_groups * n)[gid * n + o]
    in_flow = np.bincount(gid * n + d, weights=c, minlength=n_groups * n)[gid * n + d]
    total = np.bincount(gid, weights=c, minlength=n_groups)[gid]
    expected = out_flow * in_flow / total
    sr = c / expected
    columns: list[pl.Series] = [
        *(groups.get_column(name).gather(gid) for name in group),
        codes.gather(o).alias("origin"),
        codes.gather(d).alias("destination"),
        pl.Series("count", c),
        pl.Series("expected", expected),
        pl.Series("sr", sr),
        pl.Series("sr_norm", (sr - 1.0) / (sr + 1.0)),
    ]
    if p_values:
        columns.append(pl.Series("p_value", poisson_upper_tail(c, expected)))
    return pl.DataFrame(columns)


def symmetric_relatedness(
    directed: pl.DataFrame | pl.LazyFrame,
    *,
    by: Sequence[str] = (),
    order: SymmetricOrder = "average_then_normalise",
) -> pl.DataFrame:
    """One row per unordered pair (a < b) from the directed output of `skill_relatedness`.

    sr is the mean of SR_ab and SR_ba (a missing direction counts as 0), sr_norm its normalised value
    (or, with ``order="normalise_then_average"``, the mean of the two normalised values, a missing
    direction counting as −1). When the input has counts and expected flows, count and expected are the
    sums of both directions and p_value tests the pair's total flow against its total expectation.
    Sorted by by …, a, b.
    """
    if order not in ("average_then_normalise", "normalise_then_average"):
        raise MeasureInputError(f"Okänd ordning för symmetrisk närhet: {order}.")
    frame = _frame(directed)
    group = list(by)
    _require(frame, [*group, "origin", "destination", "sr"], "Närhetstabellen")
    has_counts = {"count", "expected"} <= set(frame.columns)
    codes = _codes(frame.get_column("origin"), frame.get_column("destination"))
    n = len(codes)
    gid, groups = _group_ids(frame, group)
    n_groups = max(groups.height, 1)
    o = _encode(frame.get_column("origin"), codes).to_numpy().astype(np.int64)
    d = _encode(frame.get_column("destination"), codes).to_numpy().astype(np.int64)
    off = np.flatnonzero(o != d)
    gid, o, d = gid[off], o[off], d[off]
    a, b = np.minimum(o, d), np.maximum(o, d)
    sr = frame.get_column("sr").cast(pl.Float64).to_numpy()[off]
    weights = [sr, (sr - 1.0) / (sr + 1.0)]
    if has_counts:
        weights += [frame.get_column(name).cast(pl.Float64).to_numpy()[off] for name in ("count", "expected")]
    keys, sums = _sum_by_key((gid * n + a) * n + b, n_groups * n * n, weights)
    directions, sr_sum, norm_sum = sums[0], sums[1], sums[2]
    sr_mean = sr_sum / 2.0
    if order == "average_then_normalise":
        sr_norm = (sr_mean - 1.0) / (sr_mean + 1.0)
    else:
        sr_norm = (norm_sum - (2.0 - directions)) / 2.0
    key_group, rest = np.divmod(keys, n * n)
    key_a, key_b = np.divmod(rest, n)
    columns: list[pl.Series] = [
        *(groups.get_column(name).gather(key_group) for name in group),
        codes.gather(key_a).alias("a"),
        codes.gather(key_b).alias("b"),
        pl.Series("sr", sr_mean),
        pl.Series("sr_norm", sr_norm),
        pl.Series("directions", directions.astype(np.int64)),
    ]
    if has_counts:
        columns += [
            pl.Series("count", sums[3]),
            pl.Series("expected", sums[4]),
            pl.Series("p_value", poisson_upper_tail(sums[3], sums[4])),
        ]
    return pl.DataFrame(columns)


# --------------------------------------------------------------------------------------------------
# regions: location quotients and relatedness density
# --------------------------------------------------------------------------------------------------


def location_quotients(
    employment: pl.DataFrame | pl.LazyFrame,
    *,
    by: Sequence[str] = (),
    region: str = "region",
    industry: str = "industry",
    count: str = "count",
    reference: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """LQ and specialisation (LQ ≥ 1) for every region × industry row.

    The reference shares come from ``reference`` (columns by …, industry, count: e.g. the whole country)
    when it is given, otherwise from the sum over all regions in ``employment``. Returns by …, region,
    industry, count, lq, specialised; lq is null where the region or the reference has no employment.
    """
    group = list(by)
    frame = _frame(employment)
    _require(frame, [*group, region, industry, count], "Sysselsättningstabellen")
    _check_values(frame, [*group, region, industry], count, "Sysselsättningstabellen")
    codes = _codes(frame.get_column(industry))
    regions = _codes(frame.get_column(region))
    gid, groups = _group_ids(frame, group)
    key = (gid * len(regions) + _encode(frame.get_column(region), regions).to_numpy().astype(np.int64)) * len(
        codes
    ) + _encode(frame.get_column(industry), codes).to_numpy().astype(np.int64)
    _check_unique_keys(key, max(groups.height, 1) * len(regions) * len(codes), "Sysselsättningstabellen")
    n_groups = max(groups.height, 1)
    n = len(codes)
    i = key % n
    g_i = gid * n + i
    c = frame.get_column(count).cast(pl.Float64).to_numpy()
    region_key = key // n  # group × region
    region_total = np.bincount(region_key, weights=c, minlength=n_groups * len(regions))[region_key]
    if reference is None:
        ref_count = np.bincount(g_i, weights=c, minlength=n_groups * n)
    else:
        _require(reference, [*group, industry, count], "Referenstabellen")
        ref = reference.filter(pl.col(industry).cast(pl.String).is_in(codes.implode()))
        ref_gid, _ = _group_ids(ref, group, groups if group else None)
        inside = ref_gid >= 0
        ref_i = _encode(ref.get_column(industry), codes).to_numpy().astype(np.int64)
        ref_c = ref.get_column(count).cast(pl.Float64).to_numpy()
        ref_count = np.bincount((ref_gid * n + ref_i)[inside], weights=ref_c[inside], minlength=n_groups * n)
    ref_total = ref_count.reshape(n_groups, n).sum(axis=1)
    ref_share = ref_count[g_i] / np.where(ref_total[gid] > 0, ref_total[gid], np.inf)
    valid = (ref_share > 0) & (region_total > 0)
    lq = np.full(c.size, np.nan)
    lq[valid] = c[valid] / region_total[valid] / ref_share[valid]
    return frame.select(
        *group,
        pl.col(region).alias("region"),
        pl.col(industry).alias("industry"),
        pl.col(count).cast(pl.Float64).alias("count"),
        pl.Series("lq", lq).fill_nan(None),
        pl.Series("specialised", valid & (lq >= 1.0)),
    )


def related_pairs(
    symmetric: pl.DataFrame, *, threshold: float = 0.0, alpha: float | None = None
) -> pl.DataFrame:
    """The pairs counted as related: symmetric SR̃ above ``threshold`` and, with ``alpha``, p ≤ alpha."""
    return symmetric.filter(_related_condition(symmetric, threshold, alpha))


def relatedness_density(
    specialisation: pl.DataFrame,
    symmetric: pl.DataFrame,
    *,
    by: Sequence[str] = (),
    threshold: float = 0.0,
    alpha: float | None = None,
) -> pl.DataFrame:
    """Relatedness density of every region to every industry of the relatedness table.

    ``specialisation`` is the output of `location_quotients` (by …, region, industry, specialised);
    ``symmetric`` that of `symmetric_relatedness` (by …, a, b, sr_norm [, p_value]). Industry j's related
    industries are those k ≠ j whose pair passes `related_pairs`; the density is the share of them in which
    the region is specialised (null when j has no related industry). Returns by …, region, industry,
    density, n_related, n_specialised_related and specialised, one row per region of ``specialisation``
    and industry of ``symmetric`` in the same ``by`` group, sorted by by …, region, industry.

    Computed per ``by`` group as one matrix product (regions × industries) · (industries × industries).
    """
    group = list(by)
    _require(specialisation, [*group, "region", "industry", "specialised"], "Specialiseringstabellen")
    _require(symmetric, [*group, "a", "b", "sr_norm"], "Närhetstabellen")
    codes = _codes(symmetric.get_column("a"), symmetric.get_column("b"))
    regions = _codes(specialisation.get_column("region"))
    n, n_regions = len(codes), len(regions)
    groups = (
        pl.concat([specialisation.select(group), symmetric.select(group)]).unique().sort(group)
        if group
        else None
    )
    n_groups = groups.height if groups is not None else 1
    pair_gid, _ = _group_ids(symmetric, group, groups)
    ia = _encode(symmetric.get_column("a"), codes).to_numpy().astype(np.int64)
    ib = _encode(symmetric.get_column("b"), codes).to_numpy().astype(np.int64)
    condition = _related_condition(symmetric, threshold, alpha)
    related: np.ndarray = symmetric.select(condition).to_series().fill_null(False).to_numpy().astype(bool)
    region_gid, _ = _group_ids(specialisation, group, groups)
    all_regions = _encode(specialisation.get_column("region"), regions).to_numpy().astype(np.int64)
    specialised = specialisation.get_column("specialised").fill_null(False)
    known = (
        specialised & specialisation.get_column("industry").cast(pl.String).is_in(codes.implode())
    ).to_numpy()
    spec_gid, r = region_gid[known], all_regions[known]
    i = (
        _encode(specialisation.get_column("industry").filter(pl.Series(known)), codes)
        .to_numpy()
        .astype(np.int64)
    )
    pair_rows, region_rows, cell_rows = (
        _by_group(pair_gid, n_groups),
        _by_group(region_gid, n_groups),
        _by_group(spec_gid, n_groups),
    )
    parts: list[tuple[Any, ...]] = []
    for g in range(n_groups):
        pairs = pair_rows[g]
        industry_ids = _present(np.concatenate([ia[pairs], ib[pairs]]), n)
        region_ids = _present(all_regions[region_rows[g]], n_regions)
        if not industry_ids.size or not region_ids.size:
            continue
        linked = pairs[related[pairs]]
        cells = cell_rows[g]
        parts.append(
            (
                g,
                *_density_one(
                    n, n_regions, industry_ids, region_ids, ia[linked], ib[linked], r[cells], i[cells]
                ),
            )
        )
    return _density_frame(parts, group, groups, codes, regions)


def _by_group(gid: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """The row numbers of each group, from one stable sort rather than a comparison per group."""
    order = np.argsort(gid, kind="stable")
    bounds = np.searchsorted(gid[order], np.arange(n_groups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(n_groups)]


def _present(ids: np.ndarray, size: int) -> np.ndarray:
    """The distinct ids, sorted (a count per id rather than a sort: the ids are small integers)."""
    return np.flatnonzero(np.bincount(ids, minlength=size))


def _related_condition(symmetric: pl.DataFrame, threshold: float, alpha: float | None) -> pl.Expr:
    condition = pl.col("sr_norm") > threshold
    if alpha is not None:
        if "p_value" not in symmetric.columns:
            raise MeasureInputError("Signifikansfiltret kräver p-värden, alltså flöden med antal.")
        condition = condition & (pl.col("p_value") <= alpha)
    return condition


def _density_one(
    n: int,
    n_regions: int,
    industry_ids: np.ndarray,
    region_ids: np.ndarray,
    ia: np.ndarray,
    ib: np.ndarray,
    cell_regions: np.ndarray,
    cell_industries: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """One group's densities as flat arrays: region id, industry id, density, n related, hits, specialised."""
    # Positions within this group's industries and regions, so the matrices are only as large as needed.
    position = np.full(n, -1, dtype=np.int64)
    position[industry_ids] = np.arange(industry_ids.size)
    region_position = np.full(n_regions, -1, dtype=np.int64)
    region_position[region_ids] = np.arange(region_ids.size)
    adjacency = np.zeros((industry_ids.size, industry_ids.size), dtype=np.float32)
    adjacency[position[ia], position[ib]] = 1.0
    adjacency[position[ib], position[ia]] = 1.0
    np.fill_diagonal(adjacency, 0.0)
    present = np.zeros((region_ids.size, industry_ids.size), dtype=np.float32)
    cells = (position[cell_industries] >= 0) & (region_position[cell_regions] >= 0)
    present[region_position[cell_regions[cells]], position[cell_industries[cells]]] = 1.0
    n_related = adjacency.sum(axis=0)
    hits = present @ adjacency
    density = np.full(hits.shape, np.nan)
    has_related = n_related > 0
    density[:, has_related] = hits[:, has_related] / n_related[has_related]
    rows = region_ids.size
    return (
        np.repeat(region_ids, industry_ids.size),
        np.tile(industry_ids, rows),
        density.ravel(),
        np.tile(n_related.astype(np.int64), rows),
        np.rint(hits).astype(np.int64).ravel(),
        present.ravel() > 0,
    )


def _density_frame(
    parts: list[tuple[Any, ...]],
    group: list[str],
    groups: pl.DataFrame | None,
    codes: pl.Series,
    regions: pl.Series,
) -> pl.DataFrame:
    if not parts:
        schema: dict[str, Any] = {name: groups.schema[name] for name in group} if groups is not None else {}
        schema.update(
            {
                "region": pl.String,
                "industry": pl.String,
                "density": pl.Float64,
                "n_related": pl.Int64,
                "n_specialised_related": pl.Int64,
                "specialised": pl.Boolean,
            }
        )
        return pl.DataFrame(schema=schema)
    gid = np.concatenate([np.full(p[1].size, p[0], dtype=np.int64) for p in parts])
    column = [np.concatenate([p[k] for p in parts]) for k in range(1, 7)]
    columns: list[pl.Series] = (
        [groups.get_column(name).gather(gid) for name in group] if groups is not None else []
    )
    columns += [
        regions.gather(column[0]).alias("region"),
        codes.gather(column[1]).alias("industry"),
        pl.Series("density", column[2]).fill_nan(None),
        pl.Series("n_related", column[3]),
        pl.Series("n_specialised_related", column[4]),
        pl.Series("specialised", column[5]),
    ]
    return pl.DataFrame(columns)


# --------------------------------------------------------------------------------------------------
# close to those losing jobs
# --------------------------------------------------------------------------------------------------


def employment_change(employment: pl.DataFrame, *, start: int, end: int) -> pl.DataFrame:
    """Employment by industry in two years, with the change and the shares of women and men at the end.

    ``employment`` has the columns industry, year, women, men (one region). Returns industry, start, end,
    change, women, men, women_share, men_share (shares of the end year; null without employment).
    """
    _require(employment, ["industry", "year", "women", "men"], "Sysselsättningstabellen")
    totals = employment.filter(pl.col("year").is_in([start, end])).with_columns(
        total=pl.col("women").fill_null(0) + pl.col("men").fill_null(0)
    )
    first = totals.filter(pl.col("year") == start).select("industry", pl.col("total").alias("start"))
    last = totals.filter(pl.col("year") == end).select(
        "industry", pl.col("total").alias("end"), "women", "men"
    )
    out = first.join(last, on="industry", how="full", coalesce=True).with_columns(
        pl.col("start").fill_null(0), pl.col("end").fill_null(0)
    )
    return (
        out.with_columns(change=pl.col("end") - pl.col("start"))
        .with_columns(
            women_share=pl.when(pl.col("end") > 0).then(pl.col("women").fill_null(0) / pl.col("end")),
            men_share=pl.when(pl.col("end") > 0).then(pl.col("men").fill_null(0) / pl.col("end")),
        )
        .select("industry", "start", "end", "change", "women", "men", "women_share", "men_share")
        .sort("industry")
    )


def close_to_decline(
    relatedness: pl.DataFrame,
    change: pl.DataFrame,
    *,
    industry: str,
    symmetric: bool,
    threshold: float = 0.0,
) -> pl.DataFrame:
    """The skill-related industries that grow, for people leaving ``industry``, best first.

    ``relatedness`` has origin, destination, sr_norm (directed: the flows out of ``industry`` are used,
    since that is the way people who lose their jobs move) or, with ``symmetric``, a, b, sr_norm; ``change``
    is the output of `employment_change`. An industry is listed when its SR̃ to ``industry`` is above
    ``threshold`` and its employment grew. The score

        score = SR̃ · ln(1 + jobs added)

    rises with skill closeness and with the number of new jobs, the latter with diminishing weight so that
    one very large industry does not push every closer one off the list.
    """
    if symmetric:
        neighbours = relatedness.filter((pl.col("a") == industry) | (pl.col("b") == industry)).select(
            pl.when(pl.col("a") == industry).then(pl.col("b")).otherwise(pl.col("a")).alias("industry"),
            "sr_norm",
        )
    else:
        neighbours = relatedness.filter(pl.col("origin") == industry).select(
            pl.col("destination").alias("industry"), "sr_norm"
        )
    return (
        neighbours.filter((pl.col("sr_norm") > threshold) & (pl.col("industry") != industry))
        .join(change, on="industry")
        .filter(pl.col("change") > 0)
        .with_columns(score=pl.col("sr_norm") * pl.col("change").cast(pl.Float64).log1p())
        .sort(["score", "industry"], descending=[True, False])
    )
