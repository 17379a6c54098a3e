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
  bounds are within ~7 SE are checked at all, and their draws are not scanned one by one: each row of
  the common matrix is sorted once, so the draws beyond a row's bounds are found by binary search
  (``_replacements``). The few draws still outside after ``MAX_ROUNDS`` rounds (only possible when the
  SE is huge compared with the range) are drawn by inversion of the truncated normal CDF, which is
  exact but slower.
* **Vectorised over groups.** Groups are ordered by their number of subgroups m, and consecutive groups
  of equal size form a block: a ``groups × m × draws`` array whose sums, maxima, minima and
  population-weighted sums (a batched matrix product) are reductions over the middle axis. The cost
  is a handful of passes over ``rows × draws`` numbers, however many groups there are. Blocks reuse
  per-thread buffers and run on a thread pool (NumPy releases the GIL).
* **PAR and PAF without the subgroup draws.** Groups that need only PAR and PAF (two-subgroup and
  ordered dimensions) have a reference and a mean that are linear in the draws, so their draws come
  from one matrix product of per-group coefficients with the common numbers (``_linear_par_paf``).
* **Summaries from the tails.** The CI needs only a few order statistics of each measure's draws;
  they are picked from short sorted chunks (``_tail_quantiles``), exactly as a full sort would.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl

from ._common import ALL_MEASURES, MEASURE_TYPE, PERCENTILE_PAIRS, SIMULATED
from ._normal import norm_cdf, norm_ppf
from ._prepare import Prepared, nulls

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 123456  # the same seed number healthequal uses (its generator differs, so draws differ)
# rows × draws per block (4 MiB per single-precision array, in per-thread buffers) and groups × draws per
# block (per-group temporaries of 512 KiB). Blocks this large spread the fixed cost of the few dozen
# NumPy calls per block: on the benchmark table 12 % less CPU than blocks of 2^18 and 2^16, which fit
# the CPU cache; larger blocks were slower again.
CHUNK_ELEMENTS = 1 << 20
GROUP_ELEMENTS = 1 << 17
_TRUNCATION_MASS = 1e-12  # below this probability outside the bounds, truncation is skipped
MAX_ROUNDS = 24  # redraw rounds before falling back to inversion
# Precision of the simulated draws and their reductions. Single precision (about 7 significant digits,
# on values centred on each group's mean) is far finer than the Monte-Carlo error of a 1000-draw
# interval (a few per cent) and halves the memory traffic and sorting cost of the simulation.
WORK_DTYPE = np.float32
WORK_EPS = float(np.finfo(WORK_DTYPE).eps)  # 2^-23 ≈ 1.19e-7
# How far a simulated SE or CI bound may lie from the same arithmetic in double precision, relative to
# its size: the bound the tests use, on any processor. Each draw c + s·z is rounded once; a measure then
# sums up to a few dozen such terms (BLAS and NumPy's SIMD loops add them in an order that depends on
# the instruction set, so AVX-512, AVX2 and SSE machines differ in the last bits, each within about
# m·eps/2 of Σ|terms|); the SD adds 1000 squares in single precision (blocked sums: about log₂(1000)·eps)
# after a shift that keeps the cancellation in Σx² − (Σx)²/n below a factor of 5. 2^7·eps ≈ 1.5e-5
# covers all of it with room; the differences measured between the three instruction sets are below
# 1e-6. Where the answer is exact (every SE zero: no uncertainty) no draws are made at all, see
# ``_certain``.
SIM_RTOL = 2**7 * WORK_EPS
BLAS_ELEMENTS = 1 << 18  # multiply-adds per matrix product call (see _linear)
TAIL_CHUNKS = 8  # chunks per row when picking the quantiles of the draws (see _tail_quantiles)


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
    _basis: np.ndarray | None = None
    _screen: tuple[np.ndarray, np.ndarray, float] | None = None
    _rows: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, k: int) -> None:
        """Make sure every round has at least ``k`` rows (drops cached rounds if it must grow)."""
        with self._lock:
            if k > self._rows:
                self._rows = max(k, 2 * self._rows)
                self._rounds.clear()
                self._single.clear()
                self._basis = self._screen = None

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

    def basis(self) -> np.ndarray:
        """A row of ones above round 0 in single precision: ``basis()[: m + 1]`` turns the coefficients
        (constant, s_0 … s_{m-1}) of a linear form of m subgroup draws into its draws by one matrix
        product (see ``_linear``)."""
        z = self.single(0)
        with self._lock:
            if self._basis is None or self._basis.shape[0] < z.shape[0] + 1:
                self._basis = np.vstack([np.ones((1, self.draws), dtype=WORK_DTYPE), z])
            return self._basis

    def screen(self) -> tuple[np.ndarray, np.ndarray, float]:
        """Round 0 sorted within each row, for finding the draws beyond a bound without scanning a row.

        Returns the sorted rows shifted by row·width and flattened (one increasing array, so one
        ``searchsorted`` call counts the draws below a threshold for many rows), the draw index of
        each sorted value (rows × draws), and the width (more than twice the largest |z|).
        """
        full = self.round(0)
        with self._lock:
            if self._screen is None or self._screen[1].shape[0] < full.shape[0]:
                order = np.argsort(full, axis=1, kind="stable")
                width = 2.0 * (float(np.abs(full).max(initial=0.0)) + 1.0)
                keys = np.take_along_axis(full, order, axis=1) + width * np.arange(full.shape[0])[:, None]
                self._screen = (keys.ravel(), order, width)
            return self._screen


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
    # coefficients of the linear forms of the PAR/PAF-only groups (see _par_paf_forms): constants (3 × groups)
    # and the coefficient of every row (3 × rows)
    forms: tuple[np.ndarray, np.ndarray] | None = None


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


def _scratch(name: str, size: int) -> np.ndarray:
    """A per-thread scratch array of ``size`` numbers, reused across blocks (fresh large arrays cost page
    faults on every first touch: measured several times the cost of the arithmetic done in them)."""
    bufs = getattr(_local, "bufs", None)
    if bufs is None:
        bufs = _local.bufs = {}
    buf = bufs.get(name)
    if buf is None or buf.size < size:
        buf = bufs[name] = np.empty(size, dtype=WORK_DTYPE)
    return buf[:size]


def _zeros(size: int) -> np.ndarray:
    """A per-thread read-only array of ``size`` zeros."""
    zeros = getattr(_local, "zeros", None)
    if zeros is None or zeros.size < size:
        zeros = _local.zeros = np.zeros(size, dtype=WORK_DTYPE)
        zeros.flags.writeable = False
    return zeros[:size]


def _draw(
    batch: _Batch,
    g0: int,
    g1: int,
    m: int,
    normals: CommonNormals,
    out: np.ndarray,
    replaced: _Replaced | None,
) -> np.ndarray:
    """groups × m × draws simulated *centred* estimates (y* − centre) of groups g0 … g1−1 (all of size m):
    c + s·z in single precision, with the out-of-range draws of ``replaced`` put in."""
    r0, r1 = int(batch.starts[g0]), int(batch.starts[g0]) + (g1 - g0) * m
    shape = (g1 - g0, m, normals.draws)
    ys = out.reshape(shape)
    np.multiply(normals.single(0)[None, :m, :], batch.s32[r0:r1].reshape(shape[:2])[:, :, None], out=ys)
    ys += batch.c[r0:r1].reshape(shape[:2])[:, :, None]
    if replaced is not None:
        ys.reshape(-1, normals.draws)[replaced.row, replaced.draw] = replaced.value
    return ys


@dataclass(frozen=True)
class _Replaced:
    """Draws of a block that fell outside the admissible range and their replacements: block row
    (group·m + position), draw index, the centred replacement value, and the change of z that turns
    c + s·z into it (for the linear forms, whose coefficients multiply z)."""

    row: np.ndarray
    draw: np.ndarray
    value: np.ndarray
    dz: np.ndarray


def _replacements(batch: _Batch, g0: int, g1: int, m: int, normals: CommonNormals) -> _Replaced | None:
    """The out-of-range draws of the rows of groups g0 … g1−1 that need truncation, and what replaces them.

    The rows are not scanned draw by draw: round 0 is sorted once per position (``CommonNormals.screen``),
    so the draws whose z lies beyond a row's bounds, (lo − y)/s and (hi − y)/s, are a prefix and a suffix
    of its sorted row, found by binary search. The bounds are widened by a margin far above the rounding
    error of y + s·z and every candidate is then checked exactly, as y + s·z against [lo, hi] in double
    precision; only the draws really outside are redrawn (``_redraw``).
    """
    r0 = int(batch.starts[g0])
    idx = np.flatnonzero(batch.trunc[r0 : r0 + (g1 - g0) * m])
    if idx.size == 0:
        return None
    rows, pos = r0 + idx, idx % m
    y, s, lo, hi = batch.y[rows], batch.s[rows], batch.lo[rows], batch.hi[rows]
    keys, order, width = normals.screen()
    draws = normals.draws
    half = width / 2
    with np.errstate(invalid="ignore", over="ignore"):
        z_lo, z_hi = (lo - y) / s, (hi - y) / s  # s > 0 on every row that needs truncation
        size = np.abs(y) + np.where(np.isfinite(lo), np.abs(lo), 0) + np.where(np.isfinite(hi), np.abs(hi), 0)
        margin = 1e-9 * (width + size / s)
    base = pos * width
    below = np.searchsorted(keys, base + np.clip(z_lo + margin, -half, half), side="left") - pos * draws
    above = (pos + 1) * draws - np.searchsorted(
        keys, base + np.clip(z_hi - margin, -half, half), side="right"
    )
    above = np.minimum(above, draws - below)  # a row whose bounds are crossed everywhere: each draw once
    cand_r = np.r_[np.repeat(np.arange(idx.size), below), np.repeat(np.arange(idx.size), above)]
    rank = np.r_[_ranks(below), draws - np.repeat(above, above) + _ranks(above)]
    cand_d = order[pos[cand_r], rank]
    first = y[cand_r] + s[cand_r] * normals.round(0)[pos[cand_r], cand_d]
    bad = (first < lo[cand_r]) | (first > hi[cand_r])
    bad_r, bad_d, first = cand_r[bad], cand_d[bad], first[bad]
    value = _redraw(y, s, pos, lo, hi, bad_r, bad_d, normals)
    centre = batch.centre[g0 + idx[bad_r] // m]
    return _Replaced(
        row=idx[bad_r],
        draw=bad_d,
        value=(value - centre).astype(WORK_DTYPE),
        dz=((value - first) / s[bad_r]).astype(WORK_DTYPE),
    )


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0 … c−1 for every count c, concatenated."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _truncated(
    y: np.ndarray, s: np.ndarray, pos: np.ndarray, lo: np.ndarray, hi: np.ndarray, first: np.ndarray,
    normals: CommonNormals,
) -> np.ndarray:  # fmt: skip
    """Rows of first draws y + s·z with every out-of-range draw replaced (see ``_redraw``)."""
    bad_r, bad_d = np.nonzero((first < lo[:, None]) | (first > hi[:, None]))
    first[bad_r, bad_d] = _redraw(y, s, pos, lo, hi, bad_r, bad_d, normals)
    return first


def _redraw(
    y: np.ndarray, s: np.ndarray, pos: np.ndarray, lo: np.ndarray, hi: np.ndarray, bad_r: np.ndarray,
    bad_d: np.ndarray, normals: CommonNormals,
) -> np.ndarray:  # fmt: skip
    """Replacements of the out-of-range draws (row bad_r, draw bad_d) of round 0: the same position in the
    next round that falls inside; the CDF is inverted for the rare leftovers after MAX_ROUNDS rounds."""
    value = np.empty(bad_r.size)
    todo = np.arange(bad_r.size)
    for r in range(1, MAX_ROUNDS):
        if todo.size == 0:
            return value
        rr, dd = bad_r[todo], bad_d[todo]
        cand = y[rr] + s[rr] * normals.round(r)[pos[rr], dd]
        ok = (cand >= lo[rr]) & (cand <= hi[rr])
        value[todo[ok]] = cand[ok]
        todo = todo[~ok]
    if todo.size:
        rr, dd = bad_r[todo], bad_d[todo]
        sd = s[rr]
        fa = norm_cdf((lo[rr] - y[rr]) / sd)
        fb = norm_cdf((hi[rr] - y[rr]) / sd)
        u = norm_cdf(normals.round(0)[pos[rr], dd])
        value[todo] = y[rr] + sd * norm_ppf(fa + u * (fb - fa))
    return value


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
    return np.where(flag, if_true(), if_false())  # type: ignore[operator,return-value]


def block_codes(batch: _Batch, g0: int, g1: int, codes: set[str]) -> list[str]:
    """The codes that ``_simulate_block`` computes for groups g0 … g1−1, in a fixed order: all of
    ``codes`` except the percentile extras for which no group of the block has enough subgroups."""
    k = batch.k[g0:g1]
    skip = {
        f"{kind}_{sfx}"
        for sfx, _, _, threshold in PERCENTILE_PAIRS
        if not (k > threshold).any()
        for kind in ("D", "R")
    }
    return [code for code in ALL_MEASURES if code in codes and code not in skip]


def _simulate_block(
    batch: _Batch, g0: int, g1: int, codes: set[str], normals: CommonNormals, out: dict[str, np.ndarray]
) -> None:
    """Simulated values (groups × draws) of groups g0 … g1−1 of the batch, written into ``out`` (one
    array per code of ``block_codes``).

    The draws are centred on each group's mean estimate (``_Batch.centre``): every measure is either
    a difference of estimates, which does not change, or divides by μ, which is the centre plus the
    centred mean. Centring keeps single precision accurate (no large common level is carried through
    the sums and squares), and single precision halves the memory traffic of these passes.

    Only what the requested codes need is computed, and per-group choices (favourable or adverse,
    reference or best subgroup …) avoid ``np.where`` when the whole block agrees: with two-subgroup
    groups the per-group arrays are as large as the draws themselves. Weighted and unweighted sums over
    the subgroups are one batched matrix product with the two weight rows (p_j and 1/m) at once.
    Blocks that need only PAR and PAF, where these are linear in the draws, skip the draws altogether
    (``_linear_par_paf``).
    """
    m = int(batch.counts[g0])
    replaced = _replacements(batch, g0, g1, m, normals)
    if set(out) <= {"PAR", "PAF"} and (m <= 2 or not _best(batch, slice(g0, g1)).any()):
        _linear_par_paf(batch, g0, g1, m, normals, replaced, out)
        return
    size = (g1 - g0) * m * normals.draws
    buf_y, buf = _scratch("draws", size), _scratch("work", size)
    ys = _draw(batch, g0, g1, m, normals, buf_y, replaced)
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

    def inv_mu() -> np.ndarray:  # 100 / μ for each draw
        if "inv" not in extremes:
            inv = np.add(mu_c, centre)
            extremes["inv"] = np.divide(100.0, inv, out=inv)
        return extremes["inv"]

    def top() -> np.ndarray:
        if "top" not in extremes:
            extremes["top"] = ys.max(axis=1)
        return extremes["top"]

    def bottom() -> np.ndarray:
        if "bottom" not in extremes:
            extremes["bottom"] = ys.min(axis=1)
        return extremes["bottom"]

    def put(code: str, value: np.ndarray) -> None:
        if code in out:
            np.copyto(out[code], value)

    def scaled(code: str, value: np.ndarray) -> None:  # value · 100 / μ
        if code in out:
            np.multiply(value, inv_mu(), out=out[code])

    with np.errstate(divide="ignore", invalid="ignore"):
        if codes & {"BGSD", "COV"}:
            np.multiply(ys, ys, out=work)
            var = np.matmul(weights[:, :1, :], work)[:, 0, :]
            var -= np.square(mu_w)
            np.maximum(var, _zeros(var.size).reshape(var.shape), out=var)
            bgsd = np.sqrt(var, out=out.get("BGSD", var))
            scaled("COV", bgsd)
        if codes & {"MDMU", "MDMW", "IDISU", "IDISW"}:
            mdmw, mdmu = _abs_dev(ys, mu_c, weights, work)
            put("MDMU", mdmu)
            put("MDMW", mdmw)
            scaled("IDISU", mdmu)
            scaled("IDISW", mdmw)
        if codes & {"MDBU", "MDBW"}:
            # favourable: best − mean = top − mean; adverse: mean − bottom = −(bottom − mean)
            best = _choose(fav, top, bottom)
            sign = None if fav.all() else np.where(fav, 1.0, -1.0).astype(WORK_DTYPE)
            for code, mean in (("MDBU", mean_u), ("MDBW", mu_w)):
                if code in out:
                    np.subtract(best, mean, out=out[code])
                    if sign is not None:
                        out[code] *= sign
        if codes & {"MDRU", "MDRW"}:
            flags = batch.is_ref[r0:r1].reshape(-1, m)
            ref = _pick(ys, flags)
            ref = ref if flags.any(axis=1).all() else np.nan_to_num(ref)
            mdrw, mdru = _abs_dev(ys, ref, weights, work)
            put("MDRU", mdru)
            put("MDRW", mdrw)
        if codes & {"PAR", "PAF"}:
            par = _par_paf(batch, ys, r0, r1, gsl, mu_c, lambda: _choose(fav, top, bottom))
            put("PAR", par)
            scaled("PAF", par)
        _percentile_draws(ys, batch.k[gsl], centre, out)


def _best(batch: _Batch, gsl: slice) -> np.ndarray:
    """Groups whose PAR/PAF reference is the best subgroup (not ordered, no reference subgroup)."""
    return ~batch.ordered[gsl] & ~batch.has_ref[gsl]


def _linear_par_paf(
    batch: _Batch, g0: int, g1: int, m: int, normals: CommonNormals, replaced: _Replaced | None,
    out: dict[str, np.ndarray],
) -> None:  # fmt: skip
    """PAR and PAF draws of a block from linear forms of the subgroup draws, without drawing them.

    With the favourability sign σ (+1 favourable, −1 adverse), σ·PAR = max(σ·(y_ref − μ), 0). The
    reference y_ref is a fixed subgroup (ordered: the most advantaged; else the flagged reference) or,
    with two subgroups, the better one: σ·(best − y_0) = max(σ·(y_1 − y_0), 0). So
    σ·PAR = max(L + max(d, 0), 0) with L = σ·(y_ref or y_0 − μ) and d = σ·(y_1 − y_0) (d ≡ −1 for a
    fixed reference), and L, d and μ are linear in the draws c_j + s_j·z_j: all three are one matrix
    product of per-group coefficients (``_par_paf_forms``) with the common random numbers
    (``_linear``). Per group and draw this is a handful of operations, where drawing the subgroups
    first costs more than that for every subgroup. A redrawn (out-of-range) draw adds its
    coefficient × its change of z.
    """
    gsl = slice(g0, g1)
    n = g1 - g0
    r0 = int(batch.starts[g0])
    assert batch.forms is not None, "_simulate_groups prepares the forms of PAR/PAF-only batches"
    const, per_row = batch.forms
    coef = np.empty((3, n, m + 1), dtype=WORK_DTYPE)
    coef[:, :, 0] = const[:, gsl]
    coef[:, :, 1:] = per_row[:, r0 : r0 + n * m].reshape(3, n, m)
    sigma = np.where(batch.fav[gsl], 1.0, -1.0).astype(WORK_DTYPE)
    forms = _linear(coef.reshape(3 * n, m + 1), normals).reshape(3, n, normals.draws)
    if replaced is not None:
        g, j = replaced.row // m, replaced.row % m
        for k in range(3):
            np.add.at(forms[k], (g, replaced.draw), coef[k, g, 1 + j] * replaced.dz)
    lin, diff, mu = forms
    zeros = _zeros(lin.size).reshape(lin.shape)  # NumPy's maximum is only vectorised for two arrays
    np.maximum(diff, zeros, out=diff)
    lin += diff
    np.maximum(lin, zeros, out=lin)  # σ·PAR
    if "PAF" in out:
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(lin, mu, out=out["PAF"])
    if "PAR" in out:
        np.multiply(lin, sigma[:, None], out=out["PAR"])


def _par_paf_forms(batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of the three linear forms of ``_linear_par_paf`` for every group of the batch.

    Rows of the result: L = σ·(y_ref − μ) (y_ref = y_0 for the best-subgroup groups), d = σ·(y_1 − y_0)
    (≡ −1 unless the group has two subgroups and no fixed reference) and σ·μ/100. Returns the constants
    (3 × groups; NaN in L where the reference subgroup has no estimate) and the coefficient of each
    row's s·z (3 × rows), with y centred on the group's mean except in σ·μ/100.
    """
    counts = batch.counts
    n, rows = counts.size, int(counts.sum())
    group = np.repeat(np.arange(n), counts)
    pos = np.arange(rows) - np.repeat(batch.starts, counts)
    c = batch.y - np.repeat(batch.centre, counts)
    p = batch.p.astype(np.float64)
    has_pop = batch.has_pop
    sigma = np.where(batch.fav, 1.0, -1.0)
    mu_const = np.where(has_pop, _group_sums(p * c, batch.starts), batch.mu_fixed - batch.centre)
    mu_coef = np.where(has_pop[group], p * batch.s, 0.0)
    best = _best(batch, slice(None))
    flags = np.where(batch.ordered[group], batch.is_hi, batch.is_ref) | (best[group] & (pos == 0))
    hits = np.flatnonzero(flags)
    at = np.searchsorted(hits, batch.starts)  # the first flagged row of each group, if inside it
    ref = hits[np.minimum(at, max(hits.size - 1, 0))] if hits.size else np.zeros(n, dtype=np.int64)
    has = (at < hits.size) & (ref < batch.starts + counts) if hits.size else np.zeros(n, dtype=bool)
    const = np.empty((3, n))
    per_row = np.empty((3, rows))
    const[0] = np.where(has, c[ref] - mu_const, np.nan)
    per_row[0] = -mu_coef
    per_row[0, ref[has]] += batch.s[ref[has]]
    const[2] = (mu_const + batch.centre) / 100.0
    per_row[2] = mu_coef / 100.0
    const[1] = _group_sums(c * np.where(pos == 0, -1.0, 1.0), batch.starts)
    per_row[1] = np.where(pos == 0, -batch.s, batch.s)
    const *= sigma
    per_row *= sigma[group]
    two = best & (counts == 2)
    const[1, ~two] = -1.0
    per_row[1, ~two[group]] = 0.0
    return const.astype(WORK_DTYPE), per_row.astype(WORK_DTYPE)


def _group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, starts) if starts.size else np.zeros(0)


def _linear(coef: np.ndarray, normals: CommonNormals) -> np.ndarray:
    """coef (rows × (1 + m)) @ [1; z_0; …; z_{m-1}]: draws of linear forms of the subgroup draws.

    The product is cut into calls of at most BLAS_ELEMENTS multiply-adds: OpenBLAS runs such calls on
    the calling thread, whereas larger ones start its own threads, which only compete with the
    simulation's thread pool (measured 100× slower with the other core busy)."""
    rows, k = coef.shape
    basis = normals.basis()[:k]
    result = _scratch("linear", rows * normals.draws).reshape(rows, normals.draws)
    step = max(1, BLAS_ELEMENTS // (k * normals.draws))
    for i in range(0, rows, step):
        np.matmul(coef[i : i + step], basis, out=result[i : i + step])
    return result


def _par_paf(
    batch: _Batch, ys: np.ndarray, r0: int, r1: int, gsl: slice, mu_c: np.ndarray, best: object
) -> np.ndarray:
    """PAR draws: reference = most advantaged (ordered), flagged reference, or best subgroup."""
    m = ys.shape[1]

    def flagged(flags: np.ndarray) -> object:
        return lambda: _pick(ys, flags[r0:r1].reshape(-1, m))

    def unordered() -> np.ndarray:
        return _choose(batch.has_ref[gsl, None], flagged(batch.is_ref), best)

    raw = _choose(batch.ordered[gsl, None], flagged(batch.is_hi), unordered) - mu_c
    fav = batch.fav[gsl, None]
    zeros = _zeros(raw.size).reshape(raw.shape)  # NumPy's maximum is only vectorised for two arrays
    return _choose(fav, lambda: np.maximum(raw, zeros), lambda: np.minimum(raw, zeros))  # type: ignore[no-any-return]


def _abs_dev(
    ys: np.ndarray, centre: np.ndarray, weights: np.ndarray, work: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Population-weighted sum and unweighted mean of |y − centre| per group and draw."""
    np.subtract(ys, centre[:, None, :], out=work)
    np.abs(work, out=work)
    both = np.matmul(weights, work)
    return both[:, 0, :], both[:, 1, :]


def _percentile_draws(ys: np.ndarray, k: np.ndarray, centre: np.ndarray, out: dict[str, np.ndarray]) -> None:
    """Percentile differences and ratios per draw (the block's groups all have the same size)."""
    pairs = [pp for pp in PERCENTILE_PAIRS if f"D_{pp[0]}" in out or f"R_{pp[0]}" in out]
    if not pairs:
        return
    # draws × subgroups, contiguous: many short sorts along the last axis are far cheaper than sorting
    # along the middle axis (which NumPy does by copying every strided slice)
    groups, m, draws = ys.shape
    ordered = _scratch("sorted", ys.size).reshape(groups, draws, m)
    np.copyto(ordered, ys.transpose(0, 2, 1))
    ordered.sort(axis=2)
    quantiles = [q for sfx, upper_q, lower_q, _ in pairs for q in (upper_q, lower_q)]
    ranks = sorted({r for q in quantiles for r in _type7_ranks(m, q)[:2]})
    picked = np.take(ordered, ranks, axis=2)  # the few order statistics needed, in one pass
    at = {r: i for i, r in enumerate(ranks)}

    def quantile(q: float) -> np.ndarray:
        lo, hi, frac = _type7_ranks(m, q)
        low = picked[:, :, at[lo]]
        return low + frac * (picked[:, :, at[hi]] - low)

    for sfx, upper_q, lower_q, threshold in pairs:
        upper, lower = quantile(upper_q), quantile(lower_q)
        outside = ~(k > threshold)
        if f"D_{sfx}" in out:
            np.subtract(upper, lower, out=out[f"D_{sfx}"])
            out[f"D_{sfx}"][outside] = np.nan
        if f"R_{sfx}" in out:
            upper += centre
            lower += centre
            with np.errstate(divide="ignore", invalid="ignore"):
                np.divide(upper, lower, out=out[f"R_{sfx}"])
            out[f"R_{sfx}"][outside] = np.nan


def _type7_ranks(n: int, q: float) -> tuple[int, int, float]:
    """The two order statistics (0-based) and the weight of the second in R's default quantile of n values."""
    h = (n - 1) * q
    lo = int(np.floor(h))
    return lo, min(lo + 1, n - 1), h - lo


def summarise(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``sims`` (rows × draws): SD (ddof 1), 2.5 % and 97.5 % type-7 quantiles.

    ``sims`` is scratch: its rows are reordered and shifted in place. The quantiles come from
    ``_tail_quantiles``, which also tells which rows are finite; the SD from sums around the lower
    quantile, which keeps it accurate in single precision when the spread is small against the level.
    Rows with non-finite draws (e.g. a ratio with a zero denominator) use their finite draws only. The
    results are double precision whatever the precision of ``sims``.
    """
    rows, draws = sims.shape
    sd, lo, hi = np.full(rows, np.nan), np.full(rows, np.nan), np.full(rows, np.nan)
    if rows == 0:
        return sd, lo, hi
    q_lo, q_hi, full = _tail_quantiles(sims, 0.025, 0.975)
    lo[full], hi[full] = q_lo[full], q_hi[full]
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
    block = sims if full.all() else sims[full]
    if block.size:
        block -= lo[full].astype(block.dtype)[:, None]
        # einsum's sum and per-row dot products: faster than np.sum and a sum-of-products einsum (measured
        # 0.6 against 0.86 ns per value); single-precision accumulation, about 1e-6 relative on the SD
        total = np.einsum("ij->i", block).astype(np.float64)
        squares = np.matmul(block[:, None, :], block[:, :, None])[:, 0, 0].astype(np.float64)
        sd[full] = np.sqrt(np.maximum((squares - total**2 / draws) / (draws - 1), 0))
    return sd, lo, hi


def _tail_quantiles(block: np.ndarray, q_lo: float, q_hi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Type-7 quantiles q_lo (low) and q_hi (high) of every row of a C-contiguous block, and whether
    the row is finite (the quantiles of other rows are meaningless).

    Only the ``need`` smallest and largest values of a row matter (ranks 24, 25, 974 and 975 of 1000
    draws), so the row is not sorted whole: it is cut into TAIL_CHUNKS chunks that are sorted
    separately (short sorts are cheaper per value), and the ``take`` smallest and largest values of every
    chunk are sorted once more. A chunk holds about need / chunks of the row's ``need`` smallest values,
    so ``take`` is about twice that; where some chunk held more (its value after the first ``take`` is
    below the ``need``-th smallest candidate; rare), the row's candidates are the ``need`` first of
    every chunk instead, which always contain the ``need`` smallest. The result is exactly that of a full
    sort. Sorting puts −∞ first and +∞ and NaN last, so a row is finite when the ends of its sorted chunks
    are. The block's rows are reordered in place.
    """
    rows, draws = block.shape
    h_lo, h_hi = (draws - 1) * q_lo, (draws - 1) * q_hi
    k_lo, k_hi = int(np.floor(h_lo)), int(np.floor(h_hi))
    need = max(k_lo + 2, draws - k_hi)
    parts = next((p for p in (TAIL_CHUNKS, 4, 2) if draws % p == 0 and draws // p >= 2 * need), 0)
    if not parts:
        block.sort(axis=1)
        finite = np.isfinite(block[:, 0]) & np.isfinite(block[:, -1])
        return _interp(block, h_lo), _interp(block, h_hi), finite
    length = draws // parts
    flat = block.reshape(rows * parts, length)
    flat.sort(axis=1)
    finite = (np.isfinite(flat[:, 0]) & np.isfinite(flat[:, -1])).reshape(rows, parts).all(axis=1)
    chunks = flat.reshape(rows, parts, length)
    take = min(need, 2 * -(-need // parts) + 4)
    low = np.sort(chunks[:, :, :take].reshape(rows, parts * take), axis=1)
    high = np.sort(chunks[:, :, length - take :].reshape(rows, parts * take), axis=1)
    lo, hi = _interp(low, h_lo), _interp(high, h_hi - (draws - parts * take))
    if take < need:
        ok = (chunks[:, :, take] >= low[:, need - 1, None]).all(axis=1)  # nothing below was left out
        ok &= (chunks[:, :, length - 1 - take] <= high[:, parts * take - need, None]).all(axis=1)
        redo = np.flatnonzero(~ok & finite)
        if redo.size:
            part = chunks[redo]
            low = np.sort(part[:, :, :need].reshape(redo.size, parts * need), axis=1)
            high = np.sort(part[:, :, length - need :].reshape(redo.size, parts * need), axis=1)
            lo[redo], hi[redo] = _interp(low, h_lo), _interp(high, h_hi - (draws - parts * need))
    return lo, hi, finite


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
    certain = _certain(prep)
    exact = pairs.filter(certain.gather(pairs.get_column("_gid")))
    pairs = pairs.filter(~certain.gather(pairs.get_column("_gid")))
    frames = [_collapsed(results, exact)]
    if pairs.is_empty():
        return frames[0]
    code_sets = np.zeros(prep.n_groups, dtype=np.int64)
    np.bitwise_or.at(
        code_sets,
        pairs.get_column("_gid").to_numpy(),
        np.left_shift(1, pairs.get_column("measure").to_physical().to_numpy().astype(np.int64)),
    )
    arrays = _act_arrays(prep)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for kind in np.unique(code_sets[code_sets != 0]).tolist():
            codes = {code for i, code in enumerate(ALL_MEASURES) if kind >> i & 1}
            members = np.flatnonzero(code_sets == kind)
            frames += _simulate_groups(prep, _batch(prep, arrays, members), codes, normals, pool)
    return pl.concat(frames)  # exactly the needed pairs: every group gets the codes of its own set


def _certain(prep: Prepared) -> pl.Series:
    """Per group: every estimate has an SE of exactly 0. Such a group has no uncertainty — every draw
    would equal the data — so its CI is the estimate itself and its SE is 0, exactly. Simulating it
    anyway would only show rounding: BLAS reduces the edge columns of a matrix product in another order
    than the body, so identical draws come out a few units in the last place apart (an SE of 4e-7 where
    0 is the answer, measured on the MDRW of 40 subgroups)."""
    s = prep.act.get_column("s").cast(pl.Float64).fill_null(np.nan).to_numpy()
    seg = prep.act_seg
    certain = np.zeros(prep.n_groups, dtype=bool)
    certain[seg.gid] = seg.count(s != 0) == 0  # NaN != 0, so a missing SE is not certain
    return pl.Series("certain", certain)


def _collapsed(results: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """SE 0 and the CI collapsed onto the estimate, for the (group, measure) pairs of certain groups."""
    return (
        pairs.join(results.select("_gid", "measure", "estimate"), on=["_gid", "measure"], how="left")
        .with_columns(
            pl.lit(0.0, pl.Float64).alias("se"),
            pl.col("estimate").cast(pl.Float64).alias("ci_lb"),
            pl.col("estimate").cast(pl.Float64).alias("ci_ub"),
        )
        .select("_gid", "measure", "se", "ci_lb", "ci_ub")
    )


def _simulate_groups(
    prep: Prepared, batch: _Batch, codes: set[str], normals: CommonNormals, pool: ThreadPoolExecutor
) -> list[pl.DataFrame]:
    normals.reserve(int(batch.counts.max()))
    normals.round(0)
    if codes <= {"PAR", "PAF"}:
        batch = replace(batch, forms=_par_paf_forms(batch))
    blocks = _blocks(batch.counts, normals.draws)

    def work(bounds: tuple[int, int]) -> dict[str, tuple[np.ndarray, ...]]:
        g0, g1 = bounds
        n = g1 - g0
        done = block_codes(batch, g0, g1, codes)
        if not done:
            return {code: (np.full(n, np.nan),) * 3 for code in codes}
        # one array for all codes of the block, summarised in one call: fewer, larger sorts and NumPy calls
        stacked = _scratch("sims", len(done) * n * normals.draws).reshape(len(done), n, normals.draws)
        _simulate_block(batch, g0, g1, codes, normals, dict(zip(done, stacked, strict=True)))
        summary = summarise(stacked.reshape(len(done) * n, -1))
        missing = np.full(n, np.nan)
        out: dict[str, tuple[np.ndarray, ...]] = {code: (missing,) * 3 for code in codes}
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
