"""Monte-Carlo confidence intervals for the measures without an analytic SE formula.

Method (as WHO's healthequal): draw every subgroup estimate from Normal(y_j, s_j) truncated to its
admissible range, recompute the measure, and report the 2.5 % and 97.5 % quantiles of the draws (R's
default "type 7" quantile) as the CI and their standard deviation as the SE.

Implementation choices, and why:

* **Common random numbers.** One matrix of standard-normal numbers (``positions × draws``) is generated
  once from the fixed seed; subgroup number j (0-based, in the group's order by subgroup name) of
  *every* group uses row j of it.
  Within a group the subgroups are independent, which is all a per-group CI needs, and the CI of a group
  depends only on that group's own rows — it does not change when other groups are added, removed or
  reordered in the input, and it is identical whether the table is processed whole or in batches.
* **Truncation by redrawing,** as healthequal does: a draw outside [0, scale] is replaced by the next
  candidate — here the same position in the next common matrix — until it falls inside. Only rows whose
  bounds are within ~7 SE are checked at all; the few draws still outside after ``MAX_ROUNDS`` rounds
  (only possible when the SE is huge compared with the range) are drawn by inversion of the truncated
  normal CDF, which is exact but slower.
* **Vectorised over groups.** Groups are ordered by their number of subgroups m, and consecutive groups
  of equal size form a block: a ``groups × m × draws`` array whose sums, maxima, minima and
  population-weighted sums (a batched matrix product) are reductions over the middle axis. The cost
  is a handful of passes over ``rows × draws`` numbers, however many groups there are. Blocks are
  small enough to stay in the CPU cache, reuse per-thread buffers, and run on a thread pool (NumPy
  releases the GIL).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from ._common import ALL_MEASURES, MEASURE_TYPE, PERCENTILE_PAIRS, SIMULATED
from ._normal import norm_cdf, norm_ppf
from ._prepare import Prepared, nulls

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 123456  # the same seed number healthequal uses (its generator differs, so draws differ)
CHUNK_ELEMENTS = 1 << 18  # rows × draws per block (2 MiB per float64 array: stays in cache)
# groups × draws per block: per-group temporaries stay below glibc's mmap threshold (128 KiB), which
# avoids fresh page faults on every temporary (measured 18× slower at 1 MiB temporaries)
GROUP_ELEMENTS = 1 << 14
_TRUNCATION_MASS = 1e-12  # below this probability outside the bounds, truncation is skipped
MAX_ROUNDS = 24  # redraw rounds before falling back to inversion


@dataclass
class CommonNormals:
    """Standard-normal matrices (``positions × draws``) shared by all groups, grown on demand.

    Round 0 gives the draws; rounds 1, 2, … give the replacement candidates for draws that fall outside
    the admissible range (see ``_draw``). NumPy fills ``standard_normal((k, draws))`` row by row, so
    the first rows are identical whatever k is: growing a matrix never changes draws already used.
    """

    draws: int
    seed: int
    _rounds: dict[int, np.ndarray] = field(default_factory=dict)
    _rows: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, k: int) -> None:
        """Make sure every round has at least ``k`` rows (drops cached rounds if it must grow)."""
        with self._lock:
            if k > self._rows:
                self._rows = max(k, 2 * self._rows)
                self._rounds.clear()

    def round(self, r: int) -> np.ndarray:
        """Round ``r`` (thread-safe; batches and simulation blocks run on several threads)."""
        with self._lock:
            if r not in self._rounds or self._rounds[r].shape[0] < self._rows:
                rng = np.random.default_rng([self.seed, r])
                self._rounds[r] = rng.standard_normal((self._rows, self.draws))
            return self._rounds[r]


@dataclass(frozen=True)
class _Batch:
    """Row and group arrays of the groups that need simulation.

    Groups are ordered by (number of active subgroups, gid) so that groups of equal size are adjacent;
    each group's rows are contiguous and in subgroup-name order (``pos`` = 0 … m−1).
    """

    y: np.ndarray
    s: np.ndarray
    p: np.ndarray
    is_ref: np.ndarray
    is_hi: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    trunc: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    gid: np.ndarray
    has_pop: np.ndarray
    mu_fixed: np.ndarray
    fav: np.ndarray
    ordered: np.ndarray
    has_ref: np.ndarray
    k: np.ndarray


def needed_pairs(results: pl.DataFrame, prep: Prepared, wanted: set[str]) -> pl.DataFrame:
    """(gid, measure) pairs that get a simulated CI: the simulated measures, plus PAR/PAF where Walter's
    formula was not available (no populations or no scale). Only groups with an SE for every subgroup."""
    se_ok = prep.groups.get_column("se_complete")
    sim_codes = [c for c in SIMULATED if c in wanted]
    fallback = pl.col("measure").is_in(["PAR", "PAF"]) & pl.col("se").is_null()
    pairs = results.filter(
        pl.col("estimate").is_not_null() & (pl.col("measure").is_in(sim_codes) | fallback)
    ).select("_gid", "measure")
    return pairs.filter(se_ok.gather(pairs.get_column("_gid")))


def _act_arrays(prep: Prepared) -> dict[str, np.ndarray]:
    """The active-row columns the simulation needs, as NumPy arrays (converted once per batch)."""
    act = prep.act
    scale = prep.groups.get_column("scale").cast(pl.Float64).to_numpy()
    return {
        "y": act.get_column("y").cast(pl.Float64).to_numpy(),
        "s": act.get_column("s").cast(pl.Float64).to_numpy(),
        "p": act.get_column("p").cast(pl.Float64).fill_null(0.0).to_numpy(),
        "ref": act.get_column("ref").to_numpy(),
        "is_hi": act.get_column("is_hi").fill_null(False).to_numpy(),
        "scale": scale[act.get_column("_gid").to_numpy()],
    }


def _batch(prep: Prepared, arrays: dict[str, np.ndarray], gids: np.ndarray) -> _Batch:
    """Gather the rows of ``gids`` (sorted) and order the groups by size, then gid."""
    seg = prep.act_seg
    where = np.searchsorted(seg.gid, gids)
    starts, counts = seg.starts[where], seg.counts[where]
    by_size = np.lexsort((gids, counts))
    gids, starts, counts = gids[by_size], starts[by_size], counts[by_size]
    perm = _rows_of(starts, counts)
    y, s, scale = arrays["y"][perm], arrays["s"][perm], arrays["scale"][perm]
    lo = np.where(y >= 0, 0.0, -np.inf)
    hi = np.where(np.isfinite(scale) & (y <= scale), scale, np.inf)
    groups = prep.groups

    def grp(col: str) -> np.ndarray:
        return groups.get_column(col).to_numpy()[gids]

    return _Batch(
        y=y,
        s=s,
        p=arrays["p"][perm],
        is_ref=arrays["ref"][perm].astype(bool),
        is_hi=arrays["is_hi"][perm].astype(bool),
        lo=lo,
        hi=hi,
        trunc=_needs_truncation(y, s, lo, hi),
        starts=np.r_[0, np.cumsum(counts)[:-1]],
        counts=counts,
        gid=gids,
        has_pop=grp("has_pop").astype(bool),
        mu_fixed=groups.get_column("savg").cast(pl.Float64).fill_null(np.nan).to_numpy()[gids],
        fav=grp("fav").astype(bool),
        ordered=grp("ordered").astype(bool),
        has_ref=grp("n_ref") > 0,
        k=grp("k"),
    )


def _rows_of(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Row indices of the segments (starts, counts), in order."""
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    return np.repeat(starts, counts) + (np.arange(int(counts.sum())) - np.repeat(offsets, counts))


def _needs_truncation(y: np.ndarray, s: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a = np.where(s > 0, (lo - y) / s, -np.inf)
        b = np.where(s > 0, (hi - y) / s, np.inf)
    return (s > 0) & (norm_cdf(a) + norm_cdf(-b) > _TRUNCATION_MASS)


def _blocks(counts: np.ndarray, draws: int) -> list[tuple[int, int]]:
    """Runs of consecutive equal-size groups, cut so that a block holds about CHUNK_ELEMENTS numbers."""
    bounds: list[tuple[int, int]] = []
    change = np.flatnonzero(np.r_[True, counts[1:] != counts[:-1], True])
    for a, b in zip(change[:-1].tolist(), change[1:].tolist(), strict=True):
        per_block = max(
            1, min(CHUNK_ELEMENTS // max(1, int(counts[a]) * draws), GROUP_ELEMENTS // max(1, draws))
        )
        bounds += [(g, min(g + per_block, b)) for g in range(a, b, per_block)]
    return bounds


_local = threading.local()


def _buffers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Two per-thread scratch arrays, reused across blocks (fresh large arrays cost page faults)."""
    bufs = getattr(_local, "bufs", None)
    if bufs is None or bufs[0].size < size:
        bufs = (np.empty(size), np.empty(size))
        _local.bufs = bufs
    return bufs[0][:size], bufs[1][:size]


def _draw(batch: _Batch, g0: int, g1: int, m: int, normals: CommonNormals, out: np.ndarray) -> np.ndarray:
    """groups × m × draws simulated estimates of groups g0 … g1−1 (all of size m)."""
    r0, r1 = int(batch.starts[g0]), int(batch.starts[g0]) + (g1 - g0) * m
    shape = (g1 - g0, m, normals.draws)
    ys = out.reshape(shape)
    np.multiply(normals.round(0)[None, :m, :], batch.s[r0:r1].reshape(shape[:2])[:, :, None], out=ys)
    ys += batch.y[r0:r1].reshape(shape[:2])[:, :, None]
    idx = np.flatnonzero(batch.trunc[r0:r1])
    if idx.size:
        flat = ys.reshape(-1, normals.draws)
        rows = slice(r0, r1)
        flat[idx] = _truncated(
            batch.y[rows][idx],
            batch.s[rows][idx],
            idx % m,
            batch.lo[rows][idx],
            batch.hi[rows][idx],
            flat[idx],
            normals,
        )
    return ys


def _truncated(
    y: np.ndarray, s: np.ndarray, pos: np.ndarray, lo: np.ndarray, hi: np.ndarray, first: np.ndarray,
    normals: CommonNormals,
) -> np.ndarray:  # fmt: skip
    """Replace out-of-range draws by later candidates; invert the CDF for the rare leftovers."""
    out = first
    bad_r, bad_d = np.nonzero((out < lo[:, None]) | (out > hi[:, None]))
    for r in range(1, MAX_ROUNDS):
        if bad_r.size == 0:
            return out
        cand = y[bad_r] + s[bad_r] * normals.round(r)[pos[bad_r], bad_d]
        ok = (cand >= lo[bad_r]) & (cand <= hi[bad_r])
        out[bad_r[ok], bad_d[ok]] = cand[ok]
        bad_r, bad_d = bad_r[~ok], bad_d[~ok]
    if bad_r.size:
        sd = s[bad_r]
        fa = norm_cdf((lo[bad_r] - y[bad_r]) / sd)
        fb = norm_cdf((hi[bad_r] - y[bad_r]) / sd)
        u = norm_cdf(normals.round(0)[pos[bad_r], bad_d])
        out[bad_r, bad_d] = y[bad_r] + sd * norm_ppf(fa + u * (fb - fa))
    return out


def _weighted(p3: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Σ_j p_j·values_j per group and draw, as a batched matrix product (groups × draws)."""
    return np.matmul(p3[:, None, :], values)[:, 0, :]


def _pick(ys: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Draws of the flagged subgroup of each group (NaN rows where no subgroup is flagged)."""
    has = flags.any(axis=1)
    picked = ys[np.arange(ys.shape[0]), flags.argmax(axis=1)]
    picked[~has] = np.nan
    return picked


def _choose(flag: np.ndarray, if_true: object, if_false: object) -> np.ndarray:
    """np.where on a per-group flag (groups × 1), skipping the copy when all groups agree.

    Arguments are zero-argument callables so that the side not needed is never computed."""
    if flag.all():
        return if_true()  # type: ignore[operator]
    if not flag.any():
        return if_false()  # type: ignore[operator]
    return np.where(flag, if_true(), if_false())  # type: ignore[operator]


def _simulate_block(
    batch: _Batch, g0: int, g1: int, codes: set[str], normals: CommonNormals
) -> dict[str, np.ndarray]:
    """Simulated values (groups × draws) of every code in ``codes`` for groups g0 … g1−1 of the batch.

    Only what the requested codes need is computed, and per-group choices (favourable or adverse,
    reference or best subgroup …) avoid ``np.where`` when the whole block agrees: with two-subgroup
    groups the per-group arrays are as large as the draws themselves.
    """
    m = int(batch.counts[g0])
    size = (g1 - g0) * m * normals.draws
    buf_y, buf = _buffers(size)
    ys = _draw(batch, g0, g1, m, normals, buf_y)
    work = buf.reshape(ys.shape)
    r0, r1 = int(batch.starts[g0]), int(batch.starts[g0]) + (g1 - g0) * m
    p3 = batch.p[r0:r1].reshape(-1, m)
    gsl = slice(g0, g1)
    fav = batch.fav[gsl, None]
    mu_w = _weighted(p3, ys)
    mu = _choose(
        batch.has_pop[gsl, None], lambda: mu_w, lambda: np.broadcast_to(batch.mu_fixed[gsl, None], mu_w.shape)
    )
    extremes: dict[str, np.ndarray] = {}

    def top() -> np.ndarray:
        if "top" not in extremes:
            extremes["top"] = ys.max(axis=1)
        return extremes["top"]

    def bottom() -> np.ndarray:
        if "bottom" not in extremes:
            extremes["bottom"] = ys.min(axis=1)
        return extremes["bottom"]

    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        if codes & {"BGSD", "COV"}:
            np.multiply(ys, ys, out=work)
            bgsd = np.sqrt(np.maximum(_weighted(p3, work) - mu_w**2, 0.0))
            out["BGSD"], out["COV"] = bgsd, 100.0 * bgsd / mu
        if codes & {"MDMU", "MDMW", "IDISU", "IDISW"}:
            mdmu, mdmw = _abs_dev(ys, mu, p3, work)
            out.update(MDMU=mdmu, MDMW=mdmw, IDISU=100.0 * mdmu / mu, IDISW=100.0 * mdmw / mu)
        if codes & {"MDBU", "MDBW"}:
            mean_u = ys.sum(axis=1) / m
            out["MDBU"] = _choose(fav, lambda: top() - mean_u, lambda: mean_u - bottom())
            out["MDBW"] = _choose(fav, lambda: top() - mu_w, lambda: mu_w - bottom())
        if codes & {"MDRU", "MDRW"}:
            ref = _pick(ys, batch.is_ref[r0:r1].reshape(-1, m))
            out["MDRU"], out["MDRW"] = _abs_dev(ys, np.nan_to_num(ref), p3, work)
        if codes & {"PAR", "PAF"}:
            out["PAR"], out["PAF"] = _par_paf(batch, ys, r0, r1, gsl, mu, lambda: _choose(fav, top, bottom))
        out.update(_percentile_draws(ys, batch.k[gsl], codes))
    return {c: v for c, v in out.items() if c in codes}


def _par_paf(
    batch: _Batch, ys: np.ndarray, r0: int, r1: int, gsl: slice, mu: np.ndarray, best: object
) -> tuple[np.ndarray, np.ndarray]:
    """PAR and PAF draws: reference = most advantaged (ordered), flagged reference, or best subgroup."""
    m = ys.shape[1]

    def flagged(flags: np.ndarray) -> object:
        return lambda: _pick(ys, flags[r0:r1].reshape(-1, m))

    def unordered() -> np.ndarray:
        return _choose(batch.has_ref[gsl, None], flagged(batch.is_ref), best)

    raw = _choose(batch.ordered[gsl, None], flagged(batch.is_hi), unordered) - mu
    fav = batch.fav[gsl, None]
    par = _choose(fav, lambda: np.maximum(raw, 0.0), lambda: np.minimum(raw, 0.0))
    return par, par * (100.0 / mu)


def _abs_dev(
    ys: np.ndarray, centre: np.ndarray, p3: np.ndarray, work: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Unweighted mean and population-weighted sum of |y − centre| per group and draw."""
    np.subtract(ys, centre[:, None, :], out=work)
    np.abs(work, out=work)
    return work.sum(axis=1) / ys.shape[1], _weighted(p3, work)


def _percentile_draws(ys: np.ndarray, k: np.ndarray, codes: set[str]) -> dict[str, np.ndarray]:
    """Percentile differences and ratios per draw (the block's groups all have the same size)."""
    pairs = [pp for pp in PERCENTILE_PAIRS if f"D_{pp[0]}" in codes or f"R_{pp[0]}" in codes]
    out: dict[str, np.ndarray] = {}
    if not pairs or not (k > pairs[0][3]).any():
        return out
    ordered = np.sort(ys, axis=1)
    for sfx, upper_q, lower_q, threshold in pairs:
        upper, lower = _type7(ordered, upper_q), _type7(ordered, lower_q)
        applies = (k > threshold)[:, None]
        out[f"D_{sfx}"] = np.where(applies, upper - lower, np.nan)
        out[f"R_{sfx}"] = np.where(applies, upper / lower, np.nan)
    return out


def _type7(sorted_block: np.ndarray, q: float) -> np.ndarray:
    """R's default quantile along axis 1 of an already sorted (groups × n × draws) block."""
    h = (sorted_block.shape[1] - 1) * q
    lo = int(np.floor(h))
    hi = min(lo + 1, sorted_block.shape[1] - 1)
    return sorted_block[:, lo] + (h - lo) * (sorted_block[:, hi] - sorted_block[:, lo])


def summarise(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``sims`` (groups × draws): SD (ddof 1), 2.5 % and 97.5 % type-7 quantiles.

    ``sims`` is sorted in place (NumPy's vectorised sort beats ``partition`` here); the SD is computed
    from sums around the median, which keeps it accurate when the spread is small against the level.
    Rows with non-finite draws (e.g. a ratio with a zero denominator) use their finite draws only.
    """
    draws = sims.shape[1]
    sd = np.full(sims.shape[0], np.nan)
    lo = np.full(sims.shape[0], np.nan)
    hi = np.full(sims.shape[0], np.nan)
    n_ok = np.isfinite(sims).sum(axis=1)
    full = n_ok == draws
    block = sims if full.all() else sims[full]
    if block.size:
        block.sort(axis=1)
        shifted = block - block[:, draws // 2, None]
        total = shifted.sum(axis=1)
        sd[full] = np.sqrt(
            np.maximum((np.einsum("ij,ij->i", shifted, shifted) - total**2 / draws) / (draws - 1), 0)
        )
        lo[full], hi[full] = _interp(block, (draws - 1) * 0.025), _interp(block, (draws - 1) * 0.975)
    partial = ~full & (n_ok > 1)
    if partial.any():
        part = np.where(np.isfinite(sims[partial]), sims[partial], np.nan)
        lo[partial] = np.nanquantile(part, 0.025, axis=1)
        hi[partial] = np.nanquantile(part, 0.975, axis=1)
        sd[partial] = np.nanstd(part, axis=1, ddof=1)
    return sd, lo, hi


def _interp(part: np.ndarray, h: float) -> np.ndarray:
    lo = int(np.floor(h))
    hi = min(lo + 1, part.shape[1] - 1)
    return part[:, lo] + (h - lo) * (part[:, hi] - part[:, lo])


def simulate(prep: Prepared, results: pl.DataFrame, wanted: set[str], normals: CommonNormals) -> pl.DataFrame:
    """SE and CI columns for every (group, measure) pair that needs simulation.

    Groups are split by the set of measures they need (e.g. a two-subgroup sex group only needs PAR/PAF,
    an area group a dozen measures), so no group pays for measures it does not report.
    """
    pairs = needed_pairs(results, prep, wanted)
    if pairs.is_empty():
        return pairs.with_columns(*[pl.lit(None, pl.Float64).alias(c) for c in ("se", "ci_lb", "ci_ub")])
    code_sets = np.zeros(prep.n_groups, dtype=np.int64)
    np.bitwise_or.at(
        code_sets,
        pairs.get_column("_gid").to_numpy(),
        np.left_shift(1, pairs.get_column("measure").to_physical().to_numpy().astype(np.int64)),
    )
    arrays = _act_arrays(prep)
    frames = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for kind in np.unique(code_sets[code_sets != 0]).tolist():
            codes = {code for i, code in enumerate(ALL_MEASURES) if kind >> i & 1}
            members = np.flatnonzero(code_sets == kind)
            frames += _simulate_groups(prep, _batch(prep, arrays, members), codes, normals, pool)
    return pl.concat(frames)  # exactly the needed pairs: every group gets the codes of its own set


def _simulate_groups(
    prep: Prepared, batch: _Batch, codes: set[str], normals: CommonNormals, pool: ThreadPoolExecutor
) -> list[pl.DataFrame]:
    normals.reserve(int(batch.counts.max()))
    normals.round(0)
    blocks = _blocks(batch.counts, normals.draws)

    def work(bounds: tuple[int, int]) -> dict[str, tuple[np.ndarray, ...]]:
        sims = _simulate_block(batch, bounds[0], bounds[1], codes, normals)
        missing = np.full(bounds[1] - bounds[0], np.nan)
        return {code: summarise(sims[code]) if code in sims else (missing,) * 3 for code in codes}

    parts = list(pool.map(work, blocks)) if len(blocks) > 1 else [work(b) for b in blocks]
    gid = pl.Series("_gid", batch.gid, dtype=pl.UInt32)
    frames = []
    for code in codes:
        se, lo, hi = (np.concatenate([part[code][i] for part in parts]) for i in range(3))
        frames.append(
            pl.DataFrame([gid, nulls(se).alias("se"), nulls(lo).alias("ci_lb"), nulls(hi).alias("ci_ub")])
            .with_columns(pl.lit(code, dtype=MEASURE_TYPE).alias("measure"))
            .select("_gid", "measure", "se", "ci_lb", "ci_ub")
        )
    return frames
