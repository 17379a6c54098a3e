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
GROUP_ELEMENTS = 1 << 16
_TRUNCATION_MASS = 1e-12  # below this probability outside the bounds, truncation is skipped
MAX_ROUNDS = 24  # redraw rounds before falling back to inversion
# Precision of the simulated draws and their reductions. Single precision (about 7 significant digits,
# on values centred on each group's mean) is far finer than the Monte-Carlo error of a 1000-draw
# interval (a few per cent) and halves the memory traffic and sorting cost of the simulation.
WORK_DTYPE = np.float32
TAIL_CHUNKS = 4  # chunks per row when picking the quantiles of the draws (see _tail_quantiles)


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
    _single: dict[int, np.ndarray] = field(default_factory=dict)
    _rows: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, k: int) -> None:
        """Make sure every round has at least ``k`` rows (drops cached rounds if it must grow)."""
        with self._lock:
            if k > self._rows:
                self._rows = max(k, 2 * self._rows)
                self._rounds.clear()
                self._single.clear()

    def round(self, r: int) -> np.ndarray:
        """Round ``r`` (thread-safe; batches and simulation blocks run on several threads)."""
        with self._lock:
            if r not in self._rounds or self._rounds[r].shape[0] < self._rows:
                rng = np.random.default_rng([self.seed, r])
                self._rounds[r] = rng.standard_normal((self._rows, self.draws))
                self._single.pop(r, None)
            return self._rounds[r]

    def single(self, r: int) -> np.ndarray:
        """Round ``r`` in single precision (the draws of the vectorised blocks; see WORK_DTYPE)."""
        full = self.round(r)
        with self._lock:
            if r not in self._single or self._single[r].shape[0] < full.shape[0]:
                self._single[r] = full.astype(WORK_DTYPE)
            return self._single[r]


@dataclass(frozen=True)
class _Batch:
    """Row and group arrays of the groups that need simulation.

    Groups are ordered by (number of active subgroups, gid) so that groups of equal size are adjacent;
    each group's rows are contiguous and in subgroup-name order (``pos`` = 0 … m−1). ``centre`` is the
    unweighted mean estimate of each group and ``c`` = y − centre in single precision: the blocks draw
    and reduce these centred values (see ``_simulate_block``).
    """

    y: np.ndarray
    s: np.ndarray
    c: np.ndarray
    s32: np.ndarray
    p: np.ndarray
    is_ref: np.ndarray
    is_hi: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    trunc: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    gid: np.ndarray
    centre: np.ndarray
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
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    centre = np.add.reduceat(y, offsets) / counts if counts.size else np.zeros(0)
    groups = prep.groups

    def grp(col: str) -> np.ndarray:
        return groups.get_column(col).to_numpy()[gids]

    return _Batch(
        y=y,
        s=s,
        c=(y - np.repeat(centre, counts)).astype(WORK_DTYPE),
        s32=s.astype(WORK_DTYPE),
        p=arrays["p"][perm].astype(WORK_DTYPE),
        is_ref=arrays["ref"][perm].astype(bool),
        is_hi=arrays["is_hi"][perm].astype(bool),
        lo=lo,
        hi=hi,
        trunc=_needs_truncation(y, s, lo, hi),
        starts=offsets,
        counts=counts,
        gid=gids,
        centre=centre,
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
        bufs = (np.empty(size, dtype=WORK_DTYPE), np.empty(size, dtype=WORK_DTYPE))
        _local.bufs = bufs
    return bufs[0][:size], bufs[1][:size]


def _draw(batch: _Batch, g0: int, g1: int, m: int, normals: CommonNormals, out: np.ndarray) -> np.ndarray:
    """groups × m × draws simulated *centred* estimates (y* − centre) of groups g0 … g1−1 (all of size m).

    Rows whose admissible range matters are drawn in double precision by ``_truncated`` and then
    centred; all others are c + s·z in single precision.
    """
    r0, r1 = int(batch.starts[g0]), int(batch.starts[g0]) + (g1 - g0) * m
    shape = (g1 - g0, m, normals.draws)
    ys = out.reshape(shape)
    np.multiply(normals.single(0)[None, :m, :], batch.s32[r0:r1].reshape(shape[:2])[:, :, None], out=ys)
    ys += batch.c[r0:r1].reshape(shape[:2])[:, :, None]
    idx = np.flatnonzero(batch.trunc[r0:r1])
    if idx.size:
        flat = ys.reshape(-1, normals.draws)
        rows = slice(r0, r1)
        y, s = batch.y[rows][idx], batch.s[rows][idx]
        first = y[:, None] + s[:, None] * normals.round(0)[idx % m]
        drawn = _truncated(y, s, idx % m, batch.lo[rows][idx], batch.hi[rows][idx], first, normals)
        flat[idx] = drawn - batch.centre[g0 + idx // m][:, None]
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

    The draws are centred on each group's mean estimate (``_Batch.centre``): every measure is either
    a difference of estimates, which does not change, or divides by μ, which is the centre plus the
    centred mean. Centring keeps single precision accurate (no large common level is carried through
    the sums and squares), and single precision halves the memory traffic of these passes.

    Only what the requested codes need is computed, and per-group choices (favourable or adverse,
    reference or best subgroup …) avoid ``np.where`` when the whole block agrees: with two-subgroup
    groups the per-group arrays are as large as the draws themselves. Weighted and unweighted sums over
    the subgroups are one batched matrix product with the two weight rows (p_j and 1/m) at once.
    """
    m = int(batch.counts[g0])
    size = (g1 - g0) * m * normals.draws
    buf_y, buf = _buffers(size)
    ys = _draw(batch, g0, g1, m, normals, buf_y)
    work = buf.reshape(ys.shape)
    r0, r1 = int(batch.starts[g0]), int(batch.starts[g0]) + (g1 - g0) * m
    weights = np.empty((g1 - g0, 2, m), dtype=WORK_DTYPE)  # row 0: p_j, row 1: 1/m
    weights[:, 0, :] = batch.p[r0:r1].reshape(-1, m)
    weights[:, 1, :] = 1.0 / m
    gsl = slice(g0, g1)
    centre = batch.centre[gsl, None].astype(WORK_DTYPE)
    fav = batch.fav[gsl, None]
    means = np.matmul(weights, ys)  # groups × 2 × draws: weighted and unweighted centred means
    mu_w, mean_u = means[:, 0, :], means[:, 1, :]
    fixed = (batch.mu_fixed[gsl, None] - batch.centre[gsl, None]).astype(WORK_DTYPE)
    mu_c = _choose(  # μ − centre for each draw
        batch.has_pop[gsl, None], lambda: mu_w, lambda: np.broadcast_to(fixed, mu_w.shape)
    )
    extremes: dict[str, np.ndarray] = {}

    def mu_abs() -> np.ndarray:
        if "mu" not in extremes:
            extremes["mu"] = mu_c + centre
        return extremes["mu"]

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
            bgsd = np.sqrt(np.maximum(np.matmul(weights[:, :1, :], work)[:, 0, :] - mu_w**2, 0.0))
            out["BGSD"], out["COV"] = bgsd, 100.0 * bgsd / mu_abs()
        if codes & {"MDMU", "MDMW", "IDISU", "IDISW"}:
            mdmw, mdmu = _abs_dev(ys, mu_c, weights, work)
            out.update(MDMU=mdmu, MDMW=mdmw, IDISU=100.0 * mdmu / mu_abs(), IDISW=100.0 * mdmw / mu_abs())
        if codes & {"MDBU", "MDBW"}:
            out["MDBU"] = _choose(fav, lambda: top() - mean_u, lambda: mean_u - bottom())
            out["MDBW"] = _choose(fav, lambda: top() - mu_w, lambda: mu_w - bottom())
        if codes & {"MDRU", "MDRW"}:
            ref = _pick(ys, batch.is_ref[r0:r1].reshape(-1, m))
            out["MDRW"], out["MDRU"] = _abs_dev(ys, np.nan_to_num(ref), weights, work)
        if codes & {"PAR", "PAF"}:
            out["PAR"], out["PAF"] = _par_paf(
                batch, ys, r0, r1, gsl, mu_c, mu_abs, lambda: _choose(fav, top, bottom)
            )
        out.update(_percentile_draws(ys, batch.k[gsl], centre, codes))
    return {c: v for c, v in out.items() if c in codes}


def _par_paf(
    batch: _Batch, ys: np.ndarray, r0: int, r1: int, gsl: slice, mu_c: np.ndarray, mu_abs: object,
    best: object,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """PAR and PAF draws: reference = most advantaged (ordered), flagged reference, or best subgroup."""
    m = ys.shape[1]

    def flagged(flags: np.ndarray) -> object:
        return lambda: _pick(ys, flags[r0:r1].reshape(-1, m))

    def unordered() -> np.ndarray:
        return _choose(batch.has_ref[gsl, None], flagged(batch.is_ref), best)

    raw = _choose(batch.ordered[gsl, None], flagged(batch.is_hi), unordered) - mu_c
    fav = batch.fav[gsl, None]
    par = _choose(fav, lambda: np.maximum(raw, 0.0), lambda: np.minimum(raw, 0.0))
    return par, par * (100.0 / mu_abs())  # type: ignore[operator]


def _abs_dev(
    ys: np.ndarray, centre: np.ndarray, weights: np.ndarray, work: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Population-weighted sum and unweighted mean of |y − centre| per group and draw."""
    np.subtract(ys, centre[:, None, :], out=work)
    np.abs(work, out=work)
    both = np.matmul(weights, work)
    return both[:, 0, :], both[:, 1, :]


def _percentile_draws(
    ys: np.ndarray, k: np.ndarray, centre: np.ndarray, codes: set[str]
) -> dict[str, np.ndarray]:
    """Percentile differences and ratios per draw (the block's groups all have the same size)."""
    pairs = [pp for pp in PERCENTILE_PAIRS if f"D_{pp[0]}" in codes or f"R_{pp[0]}" in codes]
    out: dict[str, np.ndarray] = {}
    if not pairs or not (k > pairs[0][3]).any():
        return out
    # draws × subgroups, contiguous: many short sorts along the last axis are far cheaper than sorting
    # along the middle axis (which NumPy does by copying every strided slice)
    ordered = np.ascontiguousarray(ys.transpose(0, 2, 1))
    ordered.sort(axis=2)
    for sfx, upper_q, lower_q, threshold in pairs:
        upper, lower = _type7(ordered, upper_q), _type7(ordered, lower_q)
        applies = (k > threshold)[:, None]
        out[f"D_{sfx}"] = np.where(applies, upper - lower, np.nan)
        out[f"R_{sfx}"] = np.where(applies, (upper + centre) / (lower + centre), np.nan)
    return out


def _type7(sorted_block: np.ndarray, q: float) -> np.ndarray:
    """R's default quantile along the last axis of an already sorted (groups × draws × n) block."""
    h = (sorted_block.shape[2] - 1) * q
    lo = int(np.floor(h))
    hi = min(lo + 1, sorted_block.shape[2] - 1)
    return sorted_block[:, :, lo] + (h - lo) * (sorted_block[:, :, hi] - sorted_block[:, :, lo])


def summarise(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``sims`` (rows × draws): SD (ddof 1), 2.5 % and 97.5 % type-7 quantiles.

    ``sims`` is scratch: its rows are reordered in place. The quantiles come from ``_tail_quantiles``;
    the SD from sums around the lower quantile, which keeps it accurate in single precision when the
    spread is small against the level. Rows with non-finite draws (e.g. a ratio with a zero denominator)
    use their finite draws only. The results are double precision whatever the precision of ``sims``.
    """
    rows, draws = sims.shape
    sd, lo, hi = np.full(rows, np.nan), np.full(rows, np.nan), np.full(rows, np.nan)
    if rows == 0:
        return sd, lo, hi
    full = np.isfinite(sims).all(axis=1)
    block = sims if full.all() else sims[full]
    if block.size:
        lo[full], hi[full] = _tail_quantiles(block, 0.025, 0.975)
        shifted = block - lo[full].astype(block.dtype)[:, None]
        total = shifted.sum(axis=1).astype(np.float64)
        squares = np.einsum("ij,ij->i", shifted, shifted).astype(np.float64)
        sd[full] = np.sqrt(np.maximum((squares - total**2 / draws) / (draws - 1), 0))
    if not full.all():
        rest = np.flatnonzero(~full)
        part = sims[rest].astype(np.float64)
        part[~np.isfinite(part)] = np.nan
        some = np.count_nonzero(~np.isnan(part), axis=1) > 1
        rest, part = rest[some], part[some]
        if rest.size:
            lo[rest] = np.nanquantile(part, 0.025, axis=1)
            hi[rest] = np.nanquantile(part, 0.975, axis=1)
            sd[rest] = np.nanstd(part, axis=1, ddof=1)
    return sd, lo, hi


def _tail_quantiles(block: np.ndarray, q_lo: float, q_hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Type-7 quantiles q_lo (low) and q_hi (high) of every row of a finite, C-contiguous block.

    Only the few order statistics next to the two quantiles are needed (ranks 24, 25, 974 and 975 of
    1000 draws), so the row is not sorted whole: it is cut into TAIL_CHUNKS chunks that are sorted
    separately (shorter sorts are cheaper per value), and the ``need`` smallest and largest values of
    every chunk — which contain the ``need`` smallest and largest of the row — are sorted once more.
    The result is exactly that of a full sort. The block's rows are reordered in place.
    """
    rows, draws = block.shape
    h_lo, h_hi = (draws - 1) * q_lo, (draws - 1) * q_hi
    k_lo, k_hi = int(np.floor(h_lo)), int(np.floor(h_hi))
    need = max(k_lo + 2, draws - k_hi)
    parts = TAIL_CHUNKS
    length = draws // parts
    if draws % parts or length < need:
        block.sort(axis=1)
        return _interp(block, h_lo), _interp(block, h_hi)
    chunks = block.reshape(rows * parts, length)
    chunks.sort(axis=1)
    chunks = chunks.reshape(rows, parts, length)
    low = np.sort(chunks[:, :, :need].reshape(rows, parts * need), axis=1)
    high = np.sort(chunks[:, :, length - need :].reshape(rows, parts * need), axis=1)
    return _interp(low, h_lo), _interp(high, h_hi - (draws - parts * need))


def _interp(part: np.ndarray, h: float) -> np.ndarray:
    """Type-7 interpolation at (0-based, fractional) position h of the sorted rows of ``part``."""
    lo = int(np.floor(h))
    hi = min(lo + 1, part.shape[1] - 1)
    low = part[:, lo].astype(np.float64)
    return low + (h - lo) * (part[:, hi].astype(np.float64) - low)


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
        n = bounds[1] - bounds[0]
        missing = np.full(n, np.nan)
        done = [code for code in codes if code in sims]
        # one summary call for all codes of the block: fewer, larger sorts and NumPy calls
        stacked = np.stack([sims[code] for code in done]).reshape(len(done) * n, -1) if done else None
        summary = summarise(stacked) if stacked is not None else ()
        out = {code: (missing,) * 3 for code in codes}
        for i, code in enumerate(done):
            out[code] = tuple(part[i * n : (i + 1) * n] for part in summary)
        return out

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
