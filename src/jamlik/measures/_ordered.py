"""Measures for ordered dimensions: ACI, RCI (concentration indices) and SII, RII (regression on rank).

The regressions are fitted for all groups simultaneously: a weighted least-squares step with one regressor
and an intercept only needs five weighted sums per group, so every IRLS iteration is one vectorised pass
of segment sums over the rows of all groups (see ``_segments``) followed by closed-form 2×2 solves on the
group arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ._common import Z, emit
from ._prepare import Prepared, align, nulls
from ._segments import Segments

IRLS_MAX_ITER = 25  # R's glm default maximum; logistic fits here converge in 4–8 iterations
IRLS_TOL = 1e-10  # relative change of the coefficients at which a group counts as converged
_EPS = np.finfo(np.float64).eps


def _applicable(prep: Prepared) -> pl.DataFrame:
    """Ordered groups with more than two subgroups (the groups that report ACI, RCI, SII, RII)."""
    return prep.groups.filter(pl.col("ordered") & (pl.col("k") > 2))


def _ranked(prep: Prepared, population: pl.Expr) -> pl.DataFrame:
    """Active rows of the groups that can be computed (populations for all, enough coverage, >2
    estimates), sorted by ``subgroup_order``, with the relative rank X_j = Σ_{k<j} p_k + p_j/2."""
    ok = _applicable(prep).filter(pl.col("has_pop") & pl.col("cov_ok") & (pl.col("n") > 2))
    rows = prep.act.filter(pl.col("_gid").is_in(ok.get_column("_gid").implode()))
    rows = rows.sort("_gid", "order").with_columns(pop=population)
    cum = pl.col("pop").cum_sum().over("_gid")  # exact within each group (no global running sum)
    total = pl.col("pop").sum().over("_gid")
    return rows.with_columns(X=(cum - 0.5 * pl.col("pop")) / total)


def _np(frame: pl.DataFrame, column: str) -> np.ndarray:
    return frame.get_column(column).cast(pl.Float64).to_numpy()


def concentration(prep: Prepared, wanted: set[str]) -> list[pl.LazyFrame]:
    """ACI = Σ p_j (2X_j − 1) y_j and RCI = ACI/μ, with healthequal's regression-based SE.

    healthequal estimates ACI as the slope of 2σ²_X·y on X weighted by N (σ²_X the weighted variance of
    the ranks) and takes the ordinary least-squares SE of that slope; the closed form below is the same
    number: SE² = RSS/(n−2) / (ΣN·σ²_X) with RSS = Σ N_j (2σ²_X (y_j − μ) − ACI (X_j − ½))².
    """
    rows = _ranked(prep, pl.col("N"))
    seg = Segments.of(rows)
    p, x, y, pop = _np(rows, "p"), _np(rows, "X"), _np(rows, "y"), _np(rows, "N")
    aci = seg.sum(p * (2 * x - 1) * y)
    sig2 = seg.sum(p * (x - 0.5) ** 2)
    mu_w = seg.sum(p * y)
    resid = 2 * seg.repeat(sig2) * (y - seg.repeat(mu_w)) - seg.repeat(aci) * (x - 0.5)
    rss = seg.sum(pop * resid**2)
    total = seg.sum(pop)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(rss / (seg.counts - 2) / (total * sig2))
    g = _applicable(prep)
    target = g.get_column("_gid").to_numpy()
    g = g.with_columns(
        aci=nulls(align(target, seg, aci)),
        aci_se=nulls(align(target, seg, se)),
        mu_w=nulls(align(target, seg, mu_w)),
    )
    out = []
    if "ACI" in wanted:
        out.append(emit(g, "ACI", pl.col("aci"), pl.col("aci_se")))
    if "RCI" in wanted:
        mu = pl.col("mu_w")
        out.append(emit(g, "RCI", pl.when(mu != 0).then(pl.col("aci") / mu), pl.col("aci_se") / mu.abs()))
    return out


@dataclass
class _Fit:
    """Coefficients and HC1 covariance of a two-parameter fit, one entry per fitted group."""

    gid: np.ndarray
    b0: np.ndarray
    b1: np.ndarray
    v00: np.ndarray
    v01: np.ndarray
    v11: np.ndarray


def _wls(seg: Segments, x: np.ndarray, w: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-group straight-line weighted least squares from five weighted sums (closed-form 2×2 solve)."""
    s0, s1, s2 = seg.sum(w), seg.sum(w * x), seg.sum(w * x * x)
    t0, t1 = seg.sum(w * z), seg.sum(w * x * z)
    with np.errstate(divide="ignore", invalid="ignore"):
        b1 = (s0 * t1 - s1 * t0) / (s0 * s2 - s1 * s1)
        b0 = (t0 - b1 * s1) / s0
    return b0, b1


def _sandwich(seg: Segments, x: np.ndarray, bread_w: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, ...]:
    """HC1 covariance B·M·B·n/(n−2) with B = (XᵀWX)⁻¹ and M = Σ u_j² x_j x_jᵀ (u_j the score)."""
    s0, s1, s2 = seg.sum(bread_w), seg.sum(bread_w * x), seg.sum(bread_w * x * x)
    u2 = score**2
    m00, m01, m11 = seg.sum(u2), seg.sum(u2 * x), seg.sum(u2 * x * x)
    n = seg.counts.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        det = s0 * s2 - s1 * s1
        a00, a01, a11 = s2 / det, -s1 / det, s0 / det  # the inverse of [[s0, s1], [s1, s2]]
        c00, c01 = a00 * m00 + a01 * m01, a00 * m01 + a01 * m11  # rows of B·M
        c10, c11 = a01 * m00 + a11 * m01, a01 * m01 + a11 * m11
        hc1 = n / (n - 2)
        return (c00 * a00 + c01 * a01) * hc1, (c00 * a01 + c01 * a11) * hc1, (c10 * a01 + c11 * a11) * hc1


def _expit(eta: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-eta))


def fit_logistic(rows: pl.DataFrame) -> _Fit:
    """Binomial GLM logit(π) = b0 + b1·X per group, as R's ``glm(cbind(k, N−k) ~ X, weights = N)``.

    R multiplies the prior weights (N) by the number of trials (N), so the likelihood weight is N²; the
    worked example of docs/measures.md (SII 44.44502) is only reproduced with that weight. Each IRLS iteration
    is one vectorised pass over the rows of all groups still iterating. A group stops when its
    coefficients change by less than ``IRLS_TOL`` (relative) and keeps that fit, so its result does not
    depend on which other groups share the batch; no group runs more than ``IRLS_MAX_ITER`` iterations.
    """
    trials, events, x = _np(rows, "pop"), _np(rows, "k_events"), _np(rows, "X")
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(trials > 0, events / trials, 0.0)
    w = trials * trials
    eta = np.log((events + 0.5) / (trials - events + 0.5))  # R's start: logit((k + ½)/(N + 1))
    seg = Segments.of(rows)
    b0, b1 = np.full(seg.size, np.nan), np.full(seg.size, np.nan)
    active = np.ones(seg.size, dtype=bool)
    for _ in range(IRLS_MAX_ITER):
        ids = np.flatnonzero(active)  # segment numbers still iterating
        counts = seg.counts[ids]
        rows_live = _rows_of(seg.starts[ids], counts)
        live = Segments(ids, np.r_[0, np.cumsum(counts)[:-1]], counts)  # segments of the compacted rows
        pi = np.clip(_expit(eta[rows_live]), _EPS, 1 - _EPS)
        var = np.maximum(pi * (1 - pi), _EPS)
        work_z = eta[rows_live] + (q[rows_live] - pi) / var
        new_b0, new_b1 = _wls(live, x[rows_live], w[rows_live] * var, work_z)
        done = _converged((b0[ids], b1[ids]), (new_b0, new_b1))
        b0[ids], b1[ids] = new_b0, new_b1
        active[ids[done | ~np.isfinite(new_b0) | ~np.isfinite(new_b1)]] = False
        eta[rows_live] = live.repeat(new_b0) + live.repeat(new_b1) * x[rows_live]
        if not active.any():
            break
    pi = _expit(eta)
    v00, v01, v11 = _sandwich(seg, x, w * pi * (1 - pi), w * (q - pi))
    return _Fit(seg.gid, b0, b1, v00, v01, v11)


def _rows_of(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Row indices of the segments (starts, counts), in order."""
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    return np.repeat(starts, counts) + (np.arange(int(counts.sum())) - np.repeat(offsets, counts))


def _converged(old: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Per group: both coefficients changed by less than IRLS_TOL relative to their size."""
    with np.errstate(invalid="ignore"):
        return np.logical_and.reduce(
            [np.abs(n - o) <= IRLS_TOL * (1.0 + np.abs(n)) for o, n in zip(old, new, strict=True)]
        )


def fit_linear(rows: pl.DataFrame) -> _Fit:
    """Weighted least squares of y on X with weights N (unbounded indicators), HC1 covariance."""
    seg = Segments.of(rows)
    w, x, y = _np(rows, "pop"), _np(rows, "X"), _np(rows, "y")
    b0, b1 = _wls(seg, x, w, y)
    resid = y - seg.repeat(b0) - seg.repeat(b1) * x
    v00, v01, v11 = _sandwich(seg, x, w, w * resid)
    return _Fit(seg.gid, b0, b1, v00, v01, v11)


def _quad(g0: np.ndarray, g1: np.ndarray, fit: _Fit) -> np.ndarray:
    """gᵀVg for the delta method."""
    return g0 * g0 * fit.v00 + 2 * g0 * g1 * fit.v01 + g1 * g1 * fit.v11


def _logistic_measures(fit: _Fit, scale: np.ndarray) -> dict[str, np.ndarray]:
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p1 = _expit(fit.b0 + fit.b1)
        p0 = _expit(fit.b0)
        d1, d0 = p1 * (1 - p1), p0 * (1 - p0)
        return {
            "sii": scale * (p1 - p0),
            "sii_se": scale * np.sqrt(_quad(d1 - d0, d1, fit)),
            "ln_rii": np.log(p1) - np.log(p0),
            "ln_se": np.sqrt(_quad(p0 - p1, 1 - p1, fit)),
            "ratio": p1 / p0,
        }


def _linear_measures(fit: _Fit) -> dict[str, np.ndarray]:
    top = fit.b0 + fit.b1
    with np.errstate(divide="ignore", invalid="ignore"):
        both_positive = (top > 0) & (fit.b0 > 0)
        return {
            "sii": fit.b1,
            "sii_se": np.sqrt(fit.v11),
            "ln_rii": np.where(both_positive, np.log(np.abs(top)) - np.log(np.abs(fit.b0)), np.nan),
            "ln_se": np.sqrt(_quad(1 / top - 1 / fit.b0, 1 / top, fit)),
            "ratio": top / fit.b0,
        }


def regression(prep: Prepared, wanted: set[str]) -> list[pl.LazyFrame]:
    """SII and RII. Logistic (scale given) or linear (unbounded indicator) regression on the rank.

    Like healthequal, populations are rounded up to whole numbers (also for the ranks) and subgroup
    counts k_j = round(y_j/scale·N_j) (half to even, as R rounds); a group with k_j outside 0…N_j gets no
    logistic SII/RII.
    """
    rows = _ranked(prep, pl.col("N").ceil())
    rows = rows.with_columns(
        _scale=prep.groups.get_column("scale").gather(rows.get_column("_gid"))
    ).with_columns(k_events=(pl.col("y") / pl.col("_scale") * pl.col("pop")).round(mode="half_to_even"))
    seg = Segments.of(rows)
    bad_rows = (pl.col("k_events") < 0) | (pl.col("k_events") > pl.col("pop"))
    bad = seg.gid[seg.count(rows.select(bad_rows.fill_null(False)).to_series()) > 0]
    logistic = rows.filter(pl.col("_scale").is_not_null() & ~pl.col("_gid").is_in(pl.Series(bad).implode()))
    linear = rows.filter(pl.col("_scale").is_null())

    g = _applicable(prep)
    target = g.get_column("_gid").to_numpy()
    columns = {c: np.full(target.size, np.nan) for c in ("sii", "sii_se", "ln_rii", "ln_se", "ratio")}
    fits = []
    if logistic.height:
        fit = fit_logistic(logistic)
        scale = prep.groups.get_column("scale").to_numpy()[fit.gid]
        fits.append((fit, _logistic_measures(fit, scale)))
    if linear.height:
        fit = fit_linear(linear)
        fits.append((fit, _linear_measures(fit)))
    for fit, values in fits:
        pos = np.searchsorted(target, fit.gid)
        for name, array in values.items():
            columns[name][pos] = array
    g = g.with_columns(**{k: nulls(v) for k, v in columns.items()})
    out = []
    if "SII" in wanted:
        out.append(emit(g, "SII", pl.col("sii"), pl.col("sii_se")))
    if "RII" in wanted:
        ln, ln_se = pl.col("ln_rii"), pl.col("ln_se")
        ci = ((ln - Z * ln_se).exp(), (ln + Z * ln_se).exp())
        out.append(emit(g, "RII", pl.col("ratio"), pl.col("ratio") * ln_se, ci))
    return out
