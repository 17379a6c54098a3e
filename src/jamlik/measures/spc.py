"""Statistical process control: run charts and control charts that tell a signal from ordinary variation.

Pure NumPy, no Django. The work is done on matrices (one row per series, one column per period) so that a
thousand key figures cost about as much as one; a single series is a matrix of one row.

Definitions followed
--------------------
* Run chart: the centre line is the median. Anhøj's rules (Anhøj & Olesen 2014, as in the R package
  qicharts2): a signal when the longest run of points on one side of the centre line is longer than
  round(log2 n) + 3, or when the line is crossed fewer times than the 5th percentile of
  Binomial(n − 1, 0.5); n counts the useful points, that is the points not on the centre line.
* I chart (individuals): centre line the mean, sigma the mean moving range divided by d2 = 1.128.
* P chart: centre line p̄ = Σcounts / Σsizes, sigma_i = √(p̄(1 − p̄)/n_i), so the limits vary with the
  subgroup size; the limits are kept inside [0, 1].
* U chart: centre line ū = Σcounts / Σsizes, sigma_i = √(ū/n_i); the lower limit is kept at 0 or above.
* Control limits at ±3 sigma, warning lines at ±2 sigma.
* Rules on control charts: a point outside the limits, plus either Anhøj's run rules about the centre
  line (``rules="anhoej"``, qicharts2's default) or the rule set of NHS England's "Making Data Count"
  (``rules="nhs"``): seven points in a row on one side, seven points in a row rising or falling, two of
  three points beyond the same 2-sigma line.
* Baseline freeze: the centre line and limits come from the first ``freeze`` points and are extended.
  Phases (re-phasing): each phase gets its own centre line and limits, e.g. from the period a new way of
  working started.

Comparisons with the lines use a small tolerance (relative 1e-9), so a value that equals the centre line
up to rounding is on it; shifting a series by a constant then never changes a signal.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

D2 = 1.128
KINDS = ("run", "i", "p", "u")
RULE_SETS = ("anhoej", "nhs")
SHIFT_POINTS = 7
TREND_POINTS = 7
TOLERANCE = 1e-9


# --- Anhøj's run rules -----------------------------------------------------------------------------------


def _binomial_quantile_05(trials: int) -> int:
    """The smallest k with P(X ≤ k) ≥ 0.05 for X ~ Binomial(trials, 0.5), computed exactly in integers."""
    total = 2**trials
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if cumulative * 20 >= total:
            return k
    return trials


@lru_cache(maxsize=4096)
def anhoej_limits(n: int) -> tuple[int, int]:
    """(longest run allowed, fewest crossings allowed) for n useful points.

    A signal is a longest run *above* the first figure or a number of crossings *below* the second.
    """
    if n < 2:
        return (max(n, 0), 0)
    return (round(math.log2(n)) + 3, _binomial_quantile_05(n - 1))


@lru_cache(maxsize=64)
def _limit_tables(n_max: int) -> tuple[np.ndarray, np.ndarray]:
    pairs = [anhoej_limits(n) for n in range(n_max + 1)]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


# --- Runs on matrices ------------------------------------------------------------------------------------


def _previous_nonzero(side: np.ndarray) -> np.ndarray:
    """For every cell, the side of the nearest earlier cell in its row that is not 0 (0 when none).

    Column and side are packed into one integer (4·column + side + 2), so a running maximum carries the
    latest non-zero side forward without any gathering.
    """
    m, n = side.shape
    kind = np.int16 if n < 8_000 else np.int32
    packed = (np.arange(n, dtype=kind) * 4 + 2) + side.astype(kind)
    packed[side == 0] = 0
    latest = np.maximum.accumulate(packed, axis=1)
    previous = np.zeros((m, n), dtype=kind)
    previous[:, 1:] = latest[:, :-1]
    decoded = (previous & 3).astype(np.int8) - 2
    decoded[previous == 0] = 0
    return decoded


def _span_lengths(starts: np.ndarray, counted: np.ndarray, *, uniform: bool = False) -> np.ndarray:
    """Cells are cut into runs at ``starts``; every cell gets the number of counted cells in its run.

    On the flattened matrix (each row starts a run) the runs are consecutive slices, so one
    difference of the running count at the run starts counts them all, and a run number per cell picks
    its count. ``uniform``: every run is wholly counted or wholly not, so a run's count is its length.
    """
    starts[:, 0] = True  # the callers pass a fresh array
    flat_starts = starts.reshape(-1)
    start_at = np.flatnonzero(flat_starts)
    if uniform:
        per_run = np.diff(start_at, append=flat_starts.size).astype(np.int32)
    else:
        flat_counted = counted.reshape(-1).view(np.int8)
        before = np.cumsum(flat_counted, dtype=np.int32) - flat_counted  # counted cells before each cell
        per_run = np.diff(before[start_at], append=np.int32(before[-1] + flat_counted[-1]))
    run_number = np.cumsum(flat_starts, dtype=np.int32) - 1
    return per_run[run_number].reshape(starts.shape)


def _run_lengths(side: np.ndarray, *, skip_zero: bool) -> np.ndarray:
    """The length of the run each cell belongs to (0 for cells with side 0).

    With ``skip_zero`` a 0 neither counts nor breaks a run (Anhøj: points on the median); without it a 0
    ends the run (NHS: a point on the mean breaks a shift).
    """
    m, n = side.shape
    if n == 0:
        return np.zeros((m, 0), dtype=np.int32)
    counted = side != 0
    if skip_zero:
        starts = counted & (side != _previous_nonzero(side))
    else:
        starts = np.ones((m, n), dtype=bool)
        starts[:, 1:] = (side[:, 1:] != side[:, :-1]) | ~counted[:, 1:] | ~counted[:, :-1]
    return np.where(counted, _span_lengths(starts, counted, uniform=not skip_zero), 0)


@dataclass(frozen=True)
class RunTest:
    """Anhøj's run analysis of one series (or one phase of it)."""

    useful: int
    longest_run: int
    longest_run_limit: int
    crossings: int
    crossings_limit: int

    @property
    def long_run(self) -> bool:
        return self.useful >= 2 and self.longest_run > self.longest_run_limit

    @property
    def few_crossings(self) -> bool:
        return self.useful >= 2 and self.crossings < self.crossings_limit

    @property
    def signal(self) -> bool:
        return self.long_run or self.few_crossings


@dataclass(frozen=True)
class RunMatrix:
    """Anhøj's run analysis of every row, as arrays (one entry per row; ``in_long_run`` per cell)."""

    useful: np.ndarray
    longest_run: np.ndarray
    longest_run_limit: np.ndarray
    crossings: np.ndarray
    crossings_limit: np.ndarray
    in_long_run: np.ndarray

    @property
    def signal(self) -> np.ndarray:
        enough = self.useful >= 2
        return enough & (
            (self.longest_run > self.longest_run_limit) | (self.crossings < self.crossings_limit)
        )

    def row(self, i: int) -> RunTest:
        return RunTest(
            int(self.useful[i]),
            int(self.longest_run[i]),
            int(self.longest_run_limit[i]),
            int(self.crossings[i]),
            int(self.crossings_limit[i]),
        )


def _sides(y: np.ndarray, centre: np.ndarray, scale: np.ndarray) -> np.ndarray:
    diff = y - centre
    tol = TOLERANCE * scale
    # NaN compares False both ways, so a missing value gets side 0.
    return (diff > tol).view(np.int8) - (diff < -tol).view(np.int8)


def runs_matrix(side: np.ndarray) -> RunMatrix:
    """Anhøj's rules on sides (+1 above, −1 below, 0 on the line or missing), one series per row."""
    n = side.shape[1]
    counted = side != 0
    starts = counted & (side != _previous_nonzero(side))
    useful = counted.sum(axis=1)
    # Every run but the first begins with a crossing of the centre line.
    crossings = starts.sum(axis=1) - (useful > 0)
    lengths = np.where(counted, _span_lengths(starts, counted), 0) if n else np.zeros(side.shape, np.int32)
    longest = lengths.max(axis=1, initial=0)
    run_table, crossing_table = _limit_tables(n)
    run_limit, crossing_limit = run_table[useful], crossing_table[useful]
    in_long_run = (lengths > run_limit[:, None]) & (useful[:, None] >= 2)
    return RunMatrix(useful, longest, run_limit, crossings, crossing_limit, in_long_run)


# --- Control-chart rules on matrices ---------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFlags:
    """Which points each rule flags, and whether each flagged point lies high or low (cells)."""

    outside: np.ndarray
    shift: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    long_run: np.ndarray
    high: np.ndarray
    low: np.ndarray


def _nhs_flags(
    y: np.ndarray, side: np.ndarray, upper2: np.ndarray, lower2: np.ndarray, tol: np.ndarray
) -> tuple[np.ndarray, ...]:
    m, n = y.shape
    shift = _run_lengths(side, skip_zero=False) >= SHIFT_POINTS
    steps = np.zeros((m, max(n - 1, 0)), dtype=np.int8)
    if n > 1:
        delta = np.diff(y, axis=1)
        steps = (delta > tol).view(np.int8) - (delta < -tol).view(np.int8)
    step_run = _run_lengths(steps, skip_zero=False) >= TREND_POINTS - 1
    rising, falling = step_run & (steps > 0), step_run & (steps < 0)
    trend_up = np.zeros((m, n), dtype=bool)
    trend_down = np.zeros((m, n), dtype=bool)
    if n > 1:
        trend_up[:, 1:] |= rising
        trend_up[:, :-1] |= rising
        trend_down[:, 1:] |= falling
        trend_down[:, :-1] |= falling
    above2, below2 = y > upper2 + tol, y < lower2 - tol
    near_high = np.zeros((m, n), dtype=bool)
    near_low = np.zeros((m, n), dtype=bool)
    for beyond, flagged in ((above2, near_high), (below2, near_low)):
        if n >= 3:
            a, b, c = beyond[:, :-2], beyond[:, 1:-1], beyond[:, 2:]
            hit = (a & b) | (a & c) | (b & c)  # two of the three beyond the line
            for offset in range(3):
                flagged[:, offset : n - 2 + offset] |= hit
            flagged &= beyond
    return shift, trend_up, trend_down, near_high, near_low


def rule_flags(
    y: np.ndarray,
    centre: np.ndarray,
    sigma: np.ndarray | None,
    *,
    rules: str = "anhoej",
    lower_bound: float | None = None,
    upper_bound: float | None = None,
) -> tuple[RuleFlags, RunMatrix, dict[str, np.ndarray]]:
    """Apply the rules to values ``y`` (rows × periods) against a centre line and sigma (broadcastable).

    Without a sigma (a run chart) only Anhøj's rules apply. Returns the flags, the run analysis and the
    lines (ucl, lcl, ucl2, lcl2; NaN on a run chart).
    """
    if rules not in RULE_SETS:
        raise ValueError(f"unknown rule set {rules!r}")
    y = np.asarray(y, dtype=float)
    centre = np.asarray(centre, dtype=float)  # (rows, 1) or (rows, periods): broadcast, not copied
    magnitude = np.abs(y)
    finite = np.isfinite(magnitude).all()
    scale = (
        1.0
        + (magnitude.max(axis=1, initial=0.0) if finite else np.nanmax(magnitude, axis=1, initial=0.0))[
            :, None
        ]
    )
    tol = TOLERANCE * scale
    side = _sides(y, centre, scale)
    runs = runs_matrix(side)
    nothing = np.zeros(y.shape, dtype=bool)
    if sigma is None:
        nan = np.broadcast_to(np.nan, y.shape)
        lines = {"ucl": nan, "lcl": nan, "ucl2": nan, "lcl2": nan}
        high = runs.in_long_run & (side > 0)
        low = runs.in_long_run & (side < 0)
        flags = RuleFlags(nothing, nothing, nothing, nothing, runs.in_long_run, high, low)
        return flags, runs, lines
    sigma = np.asarray(sigma, dtype=float)
    lines = {
        "ucl": centre + 3 * sigma,
        "lcl": centre - 3 * sigma,
        "ucl2": centre + 2 * sigma,
        "lcl2": centre - 2 * sigma,
    }
    for name in lines:
        if lower_bound is not None:
            lines[name] = np.maximum(lines[name], lower_bound)
        if upper_bound is not None:
            lines[name] = np.minimum(lines[name], upper_bound)
    above = y > lines["ucl"] + tol
    below = y < lines["lcl"] - tol
    outside = above | below
    high, low = above.copy(), below.copy()
    if rules == "nhs":
        shift, trend_up, trend_down, near_high, near_low = _nhs_flags(
            y, side, lines["ucl2"], lines["lcl2"], tol
        )
        high |= (shift & (side > 0)) | trend_up | near_high
        low |= (shift & (side < 0)) | trend_down | near_low
        flags = RuleFlags(outside, shift, trend_up | trend_down, near_high | near_low, nothing, high, low)
    else:
        high |= runs.in_long_run & (side > 0)
        low |= runs.in_long_run & (side < 0)
        flags = RuleFlags(outside, nothing, nothing, nothing, runs.in_long_run, high, low)
    return flags, runs, lines


# --- Centre lines and sigma on matrices ------------------------------------------------------------------


def _masked(values: np.ndarray, base: np.ndarray) -> np.ndarray:
    return np.where(base, values, np.nan)


def i_centre_sigma(y: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and mean-moving-range sigma of each row's baseline cells (moving ranges between neighbours
    that are both in the baseline)."""
    y = np.asarray(y, dtype=float)
    if y.shape[1] > 1 and base.all() and np.isfinite(y).all():  # nothing left out: no masking needed
        return y.mean(axis=1), np.abs(np.diff(y, axis=1)).mean(axis=1) / D2
    inside = _masked(y, base)
    with np.errstate(invalid="ignore"):
        centre = np.nanmean(inside, axis=1) if y.shape[1] else np.full(y.shape[0], np.nan)
        ranges = np.abs(np.diff(inside, axis=1))
        counted = np.isfinite(ranges)
        total = np.where(counted, ranges, 0.0).sum(axis=1)
        n = counted.sum(axis=1)
        mean_range = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    return centre, mean_range / D2


def proportion_centre(counts: np.ndarray, sizes: np.ndarray, base: np.ndarray) -> np.ndarray:
    total = np.where(base, counts, 0.0).sum(axis=1)
    size = np.where(base, sizes, 0.0).sum(axis=1)
    return np.where(size > 0, total / np.where(size > 0, size, 1.0), np.nan)


def median_centre(y: np.ndarray, base: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if y.shape[1] and base.all() and np.isfinite(y).all():
        return np.median(y, axis=1)
    inside = _masked(y, base)
    if inside.shape[1] == 0 or not np.isfinite(inside).any():
        return np.full(inside.shape[0], np.nan)
    if np.isfinite(inside).all():
        return np.median(inside, axis=1)  # much faster than nanmedian when nothing is missing
    with np.errstate(invalid="ignore"):
        return np.nanmedian(inside, axis=1)


@dataclass(frozen=True)
class BatchResult:
    """Many series of the same length, each with one centre line (a single phase).

    ``cl`` and ``lines`` broadcast against ``y``: (rows, 1) when the limits are the same for every period.
    """

    y: np.ndarray
    cl: np.ndarray
    lines: dict[str, np.ndarray]
    flags: RuleFlags
    runs: RunMatrix


def batch(
    values: np.ndarray,
    *,
    kind: str = "i",
    sizes: np.ndarray | None = None,
    freeze: int | None = None,
    rules: str = "anhoej",
) -> BatchResult:
    """Every row's chart numbers and signals at once (rows × periods, no missing values needed)."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError("values must be a matrix: one row per series")
    m, n = values.shape
    base = np.zeros((m, n), dtype=bool)
    base[:, : (n if freeze is None else min(freeze, n))] = True
    base &= np.isfinite(values)
    return _batch(values, kind=kind, sizes=sizes, base=base, rules=rules)


def _batch(
    values: np.ndarray, *, kind: str, sizes: np.ndarray | None, base: np.ndarray, rules: str
) -> BatchResult:
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    if kind in ("p", "u"):
        if sizes is None:
            raise ValueError(f"a {kind.upper()} chart needs subgroup sizes")
        sizes = np.asarray(sizes, dtype=float)
        usable = np.isfinite(values) & np.isfinite(sizes) & (sizes > 0)
        base = base & usable
        with np.errstate(invalid="ignore", divide="ignore"):
            y = np.where(usable, values / np.where(usable, sizes, 1.0), np.nan)
            centre = proportion_centre(values, sizes, base)[:, None]
            if kind == "p":
                sigma = np.sqrt(centre * (1 - centre) / sizes)
                flags, runs, lines = rule_flags(
                    y, centre, sigma, rules=rules, lower_bound=0.0, upper_bound=1.0
                )
            else:
                sigma = np.sqrt(centre / sizes)
                flags, runs, lines = rule_flags(y, centre, sigma, rules=rules, lower_bound=0.0)
        return BatchResult(y, np.broadcast_to(centre, y.shape), lines, flags, runs)
    y = values
    if kind == "run":
        centre = median_centre(y, base)[:, None]
        flags, runs, lines = rule_flags(y, centre, None, rules="anhoej")
    else:
        mean, sigma = i_centre_sigma(y, base)
        centre = mean[:, None]
        flags, runs, lines = rule_flags(y, centre, sigma[:, None], rules=rules)
    return BatchResult(y, np.broadcast_to(centre, y.shape), lines, flags, runs)


# --- One series with phases, freeze and exclusions -------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One series' chart: per point its value, lines and flags; per phase its run analysis."""

    kind: str
    rules: str
    y: np.ndarray
    cl: np.ndarray
    ucl: np.ndarray
    lcl: np.ndarray
    ucl2: np.ndarray
    lcl2: np.ndarray
    phase: np.ndarray
    baseline: np.ndarray
    outside: np.ndarray
    shift: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    long_run: np.ndarray
    high: np.ndarray
    low: np.ndarray
    runs: tuple[RunTest, ...]

    @property
    def n(self) -> int:
        return int(self.y.shape[0])

    @property
    def signal(self) -> bool:
        return bool(self.high.any() or self.low.any() or any(r.signal for r in self.runs))


def chart(
    values: Sequence[float | None] | np.ndarray,
    *,
    kind: str = "i",
    sizes: Sequence[float | None] | np.ndarray | None = None,
    freeze: int | None = None,
    phase_starts: Sequence[int] = (),
    exclude: Sequence[int] = (),
    rules: str = "anhoej",
) -> Chart:
    """The chart of one series.

    ``freeze``: the number of points (from the start) that form the baseline of the first phase.
    ``phase_starts``: positions (0-based) where a new phase with its own centre line begins.
    ``exclude``: positions (0-based) left out of the centre line and limits but still shown and tested.
    Missing values (None/NaN) are kept as gaps.
    """
    y = np.array([np.nan if v is None else v for v in values], dtype=float)
    size_array = None if sizes is None else np.array([np.nan if v is None else v for v in sizes], dtype=float)
    n = y.shape[0]
    bounds = sorted({0, n, *[p for p in phase_starts if 0 < p < n]})
    phase = np.zeros(n, dtype=np.int64)
    baseline = np.zeros(n, dtype=bool)
    columns: dict[str, np.ndarray] = {
        name: np.full(n, np.nan) for name in ("plotted", "cl", "ucl", "lcl", "ucl2", "lcl2")
    }
    flag_names = ("outside", "shift", "trend", "two_of_three", "long_run", "high", "low")
    flag_columns = {name: np.zeros(n, dtype=bool) for name in flag_names}
    runs: list[RunTest] = []
    excluded = set(exclude)
    for number, (start, end) in enumerate(itertools_pairs(bounds)):
        phase[start:end] = number
        base = np.array([i not in excluded for i in range(start, end)], dtype=bool)
        if number == 0 and freeze is not None:
            base &= np.arange(start, end) < freeze
        base &= np.isfinite(y[start:end])
        segment_sizes = None if size_array is None else size_array[None, start:end]
        result = _batch(y[None, start:end], kind=kind, sizes=segment_sizes, base=base[None, :], rules=rules)
        baseline[start:end] = base
        columns["plotted"][start:end] = result.y[0]
        columns["cl"][start:end] = result.cl[0]
        for name in ("ucl", "lcl", "ucl2", "lcl2"):
            columns[name][start:end] = result.lines[name][0]
        for name in flag_names:
            flag_columns[name][start:end] = getattr(result.flags, name)[0]
        runs.append(result.runs.row(0))
    return Chart(
        kind=kind,
        rules=rules,
        y=columns["plotted"],
        cl=columns["cl"],
        ucl=columns["ucl"],
        lcl=columns["lcl"],
        ucl2=columns["ucl2"],
        lcl2=columns["lcl2"],
        phase=phase,
        baseline=baseline,
        runs=tuple(runs),
        **flag_columns,
    )


def itertools_pairs(bounds: list[int]) -> list[tuple[int, int]]:
    return list(itertools.pairwise(bounds))


# --- What the latest point says --------------------------------------------------------------------------

DIRECTIONS = ("higher", "lower", "neutral")


def variation(result: Chart, direction: str) -> str:
    """The variation icon of the latest point (NHS "Making Data Count").

    ``common_cause``; ``improvement_high`` / ``improvement_low`` and ``concern_high`` / ``concern_low``
    when the latest point is part of a special-cause pattern and the KPI has a direction;
    ``neither_high`` / ``neither_low`` for a neutral KPI; ``none`` when there is no value yet.
    """
    finite = np.flatnonzero(np.isfinite(result.y))
    if finite.size == 0:
        return "none"
    last = int(finite[-1])
    for flagged, side in ((result.high, "high"), (result.low, "low")):
        if flagged[last]:
            if direction == "neutral":
                return f"neither_{side}"
            good = (side == "high") == (direction == "higher")
            return f"{'improvement' if good else 'concern'}_{side}"
    return "common_cause"


def assurance(result: Chart, direction: str, target: float | None) -> str:
    """Whether the process will meet the target: ``pass`` (the target lies beyond the limits on the good
    side: met every time), ``fail`` (beyond them on the bad side: missed every time), ``hit_or_miss``
    (inside the limits: meeting it is chance), or ``none`` (no target, no limits or no direction)."""
    finite = np.flatnonzero(np.isfinite(result.y) & np.isfinite(result.ucl) & np.isfinite(result.lcl))
    if target is None or direction == "neutral" or finite.size == 0:
        return "none"
    last = int(finite[-1])
    upper, lower = float(result.ucl[last]), float(result.lcl[last])
    if lower <= target <= upper:
        return "hit_or_miss"
    below_process = target < lower
    if direction == "higher":
        return "pass" if below_process else "fail"
    return "fail" if below_process else "pass"
