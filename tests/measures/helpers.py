"""Builders for small long tables and independent plain-Python versions of the formulas.

The reference functions deliberately use loops and scalar arithmetic only (no Polars, no vectorised
code), so they check the library's vectorised implementation rather than repeat it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from jamlik.measures import compute_measures

Z = 1.959963984540054

SCHEMA: dict[str, pl.DataType] = {
    "setting": pl.String(),
    "year": pl.Int64(),
    "indicator": pl.String(),
    "dimension": pl.String(),
    "subgroup": pl.String(),
    "estimate": pl.Float64(),
    "se": pl.Float64(),
    "population": pl.Float64(),
    "favourable": pl.Int64(),
    "scale": pl.Float64(),
    "ordered": pl.Int64(),
    "subgroup_order": pl.Int64(),
    "reference": pl.Int64(),
    "setting_average": pl.Float64(),
}


def group_rows(
    estimates: Sequence[float | None],
    *,
    se: Sequence[float | None] | None = None,
    pop: Sequence[float | None] | None = None,
    fav: int = 1,
    ordered: int = 0,
    scale: float | None = 100.0,
    ref: int | None = None,
    savg: float | None = None,
    setting: str = "S",
    year: int = 2020,
    indicator: str = "I",
    dimension: str = "dim",
    names: Sequence[str] | None = None,
) -> list[dict[str, object]]:
    """Rows of one group; subgroup j (0-based) is named g0, g1 … and has subgroup_order j+1."""
    k = len(estimates)
    names = list(names) if names is not None else [f"g{j}" for j in range(k)]
    return [
        {
            "setting": setting,
            "year": year,
            "indicator": indicator,
            "dimension": dimension,
            "subgroup": names[j],
            "estimate": estimates[j],
            "se": None if se is None else se[j],
            "population": None if pop is None else pop[j],
            "favourable": fav,
            "scale": scale,
            "ordered": ordered,
            "subgroup_order": j + 1 if ordered else None,
            "reference": 1 if ref == j else 0,
            "setting_average": savg,
        }
        for j in range(k)
    ]


def frame(*groups: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame([row for g in groups for row in g], schema=SCHEMA)


def measures_of(df: pl.DataFrame, **kwargs: object) -> dict[str, dict[str, object]]:
    """Result rows of a single-group table, keyed by measure code."""
    out = compute_measures(df, **kwargs)
    assert out.select(pl.struct("setting", "year", "indicator", "dimension").n_unique()).item() <= 1
    return {row["measure"]: row for row in out.iter_rows(named=True)}


# ---------------------------------------------------------------------------------------------------
# reference formulas, one group at a time, plain Python
# ---------------------------------------------------------------------------------------------------


def shares(pop: Sequence[float]) -> list[float]:
    total = sum(pop)
    return [n / total for n in pop]


def wmean(values: Sequence[float], pop: Sequence[float]) -> float:
    return sum(p * v for p, v in zip(shares(pop), values, strict=True))


def ranks(pop: Sequence[float]) -> list[float]:
    """X_j = Σ_{k<j} p_k + p_j/2 for subgroups already in order."""
    out, before = [], 0.0
    for p in shares(pop):
        out.append(before + p / 2)
        before += p
    return out


def aci(y: Sequence[float], pop: Sequence[float]) -> tuple[float, float]:
    """ACI and its SE from an explicit OLS of lhs on (rhs, intercept) without constant."""
    p, x, total = shares(pop), ranks(pop), sum(pop)
    mu = wmean(y, pop)
    sig2 = sum(pj * (xj - 0.5) ** 2 for pj, xj in zip(p, x, strict=True))
    lhs = [2 * sig2 * yj * math.sqrt(n) for yj, n in zip(y, pop, strict=True)]
    rhs = [xj * math.sqrt(n) for xj, n in zip(x, pop, strict=True)]
    icp = [math.sqrt(n) for n in pop]
    # normal equations for [rhs, icp]
    a11 = sum(r * r for r in rhs)
    a12 = sum(r * c for r, c in zip(rhs, icp, strict=True))
    a22 = sum(c * c for c in icp)
    b1 = sum(r * v for r, v in zip(rhs, lhs, strict=True))
    b2 = sum(c * v for c, v in zip(icp, lhs, strict=True))
    det = a11 * a22 - a12 * a12
    slope = (a22 * b1 - a12 * b2) / det
    const = (a11 * b2 - a12 * b1) / det
    rss = sum((v - slope * r - const * c) ** 2 for v, r, c in zip(lhs, rhs, icp, strict=True))
    sigma2 = rss / (len(y) - 2)
    se = math.sqrt(sigma2 * a22 / det)
    assert abs(slope - sum(pj * (2 * xj - 1) * yj for pj, xj, yj in zip(p, x, y, strict=True))) < 1e-9 * (
        1 + abs(slope)
    )
    assert total > 0 and mu == mu
    return slope, se


def _inv2(a: float, b: float, d: float) -> tuple[float, float, float]:
    det = a * d - b * b
    return d / det, -b / det, a / det


def _sandwich(
    xs: Sequence[float], bread_w: Sequence[float], scores: Sequence[float]
) -> tuple[float, float, float]:
    s0, s1 = sum(bread_w), sum(w * x for w, x in zip(bread_w, xs, strict=True))
    s2 = sum(w * x * x for w, x in zip(bread_w, xs, strict=True))
    i00, i01, i11 = _inv2(s0, s1, s2)
    m00 = sum(u * u for u in scores)
    m01 = sum(u * u * x for u, x in zip(scores, xs, strict=True))
    m11 = sum(u * u * x * x for u, x in zip(scores, xs, strict=True))
    n = len(xs)
    c = n / (n - 2)
    # B M B for symmetric 2×2 matrices
    bm00, bm01 = i00 * m00 + i01 * m01, i00 * m01 + i01 * m11
    bm10, bm11 = i01 * m00 + i11 * m01, i01 * m01 + i11 * m11
    return c * (bm00 * i00 + bm01 * i01), c * (bm00 * i01 + bm01 * i11), c * (bm10 * i01 + bm11 * i11)


def sii_logistic(y: Sequence[float], pop: Sequence[float], scale: float) -> dict[str, float]:
    """Newton–Raphson on the N²-weighted binomial likelihood, HC1 sandwich, delta method."""
    trials = [float(math.ceil(n)) for n in pop]
    x = ranks(trials)
    k = [round(yj / scale * n) for yj, n in zip(y, trials, strict=True)]  # Python rounds half to even
    q = [kj / n for kj, n in zip(k, trials, strict=True)]
    w = [n * n for n in trials]
    b0 = b1 = 0.0
    for _ in range(100):
        pi = [1 / (1 + math.exp(-(b0 + b1 * xj))) for xj in x]
        g0 = sum(wj * (qj - pj) for wj, qj, pj in zip(w, q, pi, strict=True))
        g1 = sum(wj * (qj - pj) * xj for wj, qj, pj, xj in zip(w, q, pi, x, strict=True))
        h = [wj * pj * (1 - pj) for wj, pj in zip(w, pi, strict=True)]
        i00, i01, i11 = _inv2(sum(h), sum(hj * xj for hj, xj in zip(h, x, strict=True)), sum(
            hj * xj * xj for hj, xj in zip(h, x, strict=True)))  # fmt: skip
        b0, b1 = b0 + i00 * g0 + i01 * g1, b1 + i01 * g0 + i11 * g1
    pi = [1 / (1 + math.exp(-(b0 + b1 * xj))) for xj in x]
    v00, v01, v11 = _sandwich(
        x,
        [wj * pj * (1 - pj) for wj, pj in zip(w, pi, strict=True)],
        [wj * (qj - pj) for wj, qj, pj in zip(w, q, pi, strict=True)],
    )
    p1, p0 = 1 / (1 + math.exp(-(b0 + b1))), 1 / (1 + math.exp(-b0))
    g = (p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1))
    gl = (p0 - p1, 1 - p1)
    var = g[0] ** 2 * v00 + 2 * g[0] * g[1] * v01 + g[1] ** 2 * v11
    var_ln = gl[0] ** 2 * v00 + 2 * gl[0] * gl[1] * v01 + gl[1] ** 2 * v11
    return {
        "sii": scale * (p1 - p0),
        "sii_se": scale * math.sqrt(var),
        "rii": p1 / p0,
        "ln_se": math.sqrt(var_ln),
    }


def sii_linear(y: Sequence[float], pop: Sequence[float]) -> dict[str, float]:
    trials = [float(math.ceil(n)) for n in pop]
    x = ranks(trials)
    sw = sum(trials)
    xm = sum(w * xj for w, xj in zip(trials, x, strict=True)) / sw
    ym = sum(w * yj for w, yj in zip(trials, y, strict=True)) / sw
    b1 = sum(w * (xj - xm) * (yj - ym) for w, xj, yj in zip(trials, x, y, strict=True)) / sum(
        w * (xj - xm) ** 2 for w, xj in zip(trials, x, strict=True)
    )
    b0 = ym - b1 * xm
    resid = [yj - b0 - b1 * xj for yj, xj in zip(y, x, strict=True)]
    v00, v01, v11 = _sandwich(x, trials, [w * e for w, e in zip(trials, resid, strict=True)])
    top = b0 + b1
    gl = (1 / top - 1 / b0, 1 / top)
    var_ln = gl[0] ** 2 * v00 + 2 * gl[0] * gl[1] * v01 + gl[1] ** 2 * v11
    return {"sii": b1, "sii_se": math.sqrt(v11), "rii": top / b0, "ln_se": math.sqrt(var_ln)}


def bgv(y: Sequence[float], s: Sequence[float], pop: Sequence[float]) -> tuple[float, float]:
    p = shares(pop)
    mu = wmean(y, pop)
    est = sum(pj * (yj - mu) ** 2 for pj, yj in zip(p, y, strict=True))
    se2 = sum(pj**2 * sj**2 * (yj - mu) ** 2 for pj, sj, yj in zip(p, s, y, strict=True))
    s2 = sum(pj**2 * sj**2 for pj, sj in zip(p, s, strict=True))
    s4 = sum(pj**4 * sj**4 for pj, sj in zip(p, s, strict=True))
    se4 = sum(pj**2 * (1 - pj) ** 2 * sj**4 for pj, sj in zip(p, s, strict=True))
    return est, math.sqrt(4 * se2 + 2 * (s2**2 - s4 + se4))


def theil_mld(y: Sequence[float], s: Sequence[float], pop: Sequence[float]) -> dict[str, float]:
    y0 = [1e-6 if v == 0 else v for v in y]
    p = shares(pop)
    mu = sum(pj * v for pj, v in zip(p, y0, strict=True))
    r = [v / mu for v in y0]
    ti = sum(pj * rj * math.log(rj) for pj, rj in zip(p, r, strict=True))
    mld = sum(pj * -math.log(rj) for pj, rj in zip(p, r, strict=True))
    prep = sum(rj * (1 + math.log(rj)) * pj for rj, pj in zip(r, p, strict=True))
    ti_se = math.sqrt(
        sum(
            (1 + math.log(rj) - prep) ** 2 * pj**2 * sj**2 / mu**2 for rj, pj, sj in zip(r, p, s, strict=True)
        )
    )
    mld_se = math.sqrt(
        sum(sj**2 * pj**2 / mu**2 * (1 - 1 / rj) ** 2 for rj, pj, sj in zip(r, p, s, strict=True))
    )
    return {"TI": 1000 * ti, "TI_se": 1000 * ti_se, "MLD": 1000 * mld, "MLD_se": 1000 * mld_se}


def walter_se(y_ref: float, n_ref: float, mu: float, n_total: float, scale: float) -> float:
    c = y_ref / scale * n_ref
    d = n_ref - c
    a = mu / scale * n_total - c
    b = n_total - a - n_ref
    return math.sqrt(c * n_total * (a * d * (n_total - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3))


def quantile7(values: Sequence[float], q: float) -> float:
    v = sorted(values)
    h = (len(v) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])
