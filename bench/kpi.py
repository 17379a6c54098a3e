"""Benchmark of the KPI signals and the KPI overview page (a standalone script, not a test).

Usage::

    .venv/bin/python bench/kpi.py                 # 1,000 KPIs × 260 weeks; overview with 100 KPIs
    .venv/bin/python bench/kpi.py --kpis 200      # a smaller run

1. Signals. 1,000 weekly KPIs × 260 weeks (five years), normal noise, a fifth of them with a shift after a
   change of method. For every KPI: the run chart (median, Anhøj's longest run and crossings) and the I chart
   (mean, moving-range sigma, ±2σ/±3σ, the NHS rules: outside the limits, 7 on one side, 7-point trend,
   2 of 3 beyond 2σ). ``jamlik.measures.spc.batch`` does all rows at once; the baseline is the same
   computation written as a plain Python loop over KPIs and weeks. Median of repeated runs, and the ratio.
2. Overview. A fresh SQLite database with ``--overview-kpis`` weekly KPIs of 104 values each, entered
   through the actions; the overview page is requested through Django's test client as an administrator
   ``--requests`` times; the p50 and p95 of the response time are printed.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jamlik.measures import spc  # noqa: E402

TARGETS = {"signals_s": 2.0, "loop_ratio": 20.0, "overview_p95_ms": 200.0}


def series(n_kpis: int, n_weeks: int, seed: int = 20240101) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.normal(50.0, 5.0, size=(n_kpis, n_weeks)).round(1)
    shifted = rng.random(n_kpis) < 0.2
    values[shifted, n_weeks // 2 :] -= 8.0
    return values


def vectorised(values: np.ndarray) -> tuple[int, int]:
    control = spc.batch(values, kind="i", rules="nhs")
    run = spc.batch(values, kind="run")
    return int(control.flags.high.sum() + control.flags.low.sum()), int(run.runs.signal.sum())


def per_kpi_loop(values: np.ndarray) -> tuple[int, int]:
    """Baseline 1: a Python loop over the KPIs, each through the library's one-series path."""
    flagged = run_signals = 0
    for row in values:
        control = spc.chart(row, kind="i", rules="nhs")
        flagged += int(control.high.sum() + control.low.sum())
        run_signals += spc.chart(row, kind="run").runs[0].signal
    return flagged, run_signals


def _runs_anhoej(row: list[float], centre: float) -> tuple[int, int, int]:
    useful = longest = crossings = 0
    last = 0
    length = 0
    for v in row:
        side = 1 if v > centre else -1 if v < centre else 0
        if side == 0:
            continue
        useful += 1
        if side == last:
            length += 1
        else:
            if last != 0:
                crossings += 1
            length = 1
            last = side
        longest = max(longest, length)
    return useful, longest, crossings


def python_loop(values: np.ndarray) -> tuple[int, int]:
    """Baseline 2: the same numbers and rules, one KPI and one week at a time in plain Python."""
    flagged = run_signals = 0
    for row in values.tolist():
        n = len(row)
        mean = sum(row) / n
        sigma = sum(abs(row[i] - row[i - 1]) for i in range(1, n)) / (n - 1) / spc.D2
        ucl, lcl, ucl2, lcl2 = mean + 3 * sigma, mean - 3 * sigma, mean + 2 * sigma, mean - 2 * sigma
        high = [v > ucl for v in row]
        low = [v < lcl for v in row]
        start = 0
        for i in range(1, n + 1):  # 7 on one side of the mean
            if i == n or (row[i] > mean) != (row[start] > mean) or row[i] == mean:
                if i - start >= 7 and row[start] != mean:
                    for j in range(start, i):
                        (high if row[start] > mean else low)[j] = True
                start = i
        start = 0
        for i in range(1, n):  # 7-point trends
            up = row[i] > row[i - 1]
            if i == n - 1 or (row[i + 1] > row[i]) != up or row[i + 1] == row[i]:
                if i - start >= 6:
                    for j in range(start, i + 1):
                        (high if up else low)[j] = True
                start = i
        for i in range(n - 2):  # 2 of 3 beyond the same 2-sigma line
            window = row[i : i + 3]
            if sum(v > ucl2 for v in window) >= 2:
                for j in range(i, i + 3):
                    high[j] = high[j] or row[j] > ucl2
            if sum(v < lcl2 for v in window) >= 2:
                for j in range(i, i + 3):
                    low[j] = low[j] or row[j] < lcl2
        flagged += sum(high) + sum(low)
        median = statistics.median(row)
        useful, longest, crossings = _runs_anhoej(row, median)
        run_limit, crossing_limit = spc.anhoej_limits(useful)
        run_signals += longest > run_limit or crossings < crossing_limit
    return flagged, run_signals


def timed(fn, *args, repeats: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def overview_p95(n_kpis: int, n_requests: int) -> tuple[float, float, float]:
    db = Path(tempfile.mkdtemp()) / "kpi-bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    setup_test_environment()
    from jamlik.core.actions import do_create_unit
    from jamlik.core.models import User
    from jamlik.kpis.actions import RawRow, do_create_kpi, do_record_values

    unit = do_create_unit(acting_user=None, name="Enhet", code="E", kind="administration")
    rng = np.random.default_rng(5)
    for k in range(n_kpis):
        kpi = do_create_kpi(
            acting_user=None, owner_unit=unit, code=f"k{k}", name=f"Nyckeltal {k}", cadence="week", target=50
        )
        rows = [
            RawRow(line=i, period=f"{2023 + i // 52}-W{i % 52 + 1:02d}", value=float(v))
            for i, v in enumerate(rng.normal(50, 5, 104).round(1))
        ]
        do_record_values(kpi, acting_user=None, rows=rows, source="bench")
    admin = User.objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(admin)
    start = time.perf_counter()
    client.get("/nyckeltal/")  # the first request fills the summary cache
    cold_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(n_requests):
        start = time.perf_counter()
        response = client.get("/nyckeltal/")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, cold_ms


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--overview-kpis", type=int, default=100)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    values = series(args.kpis, args.weeks)
    vec_s, vec_result = timed(vectorised, values, repeats=args.repeats)
    each_s, each_result = timed(per_kpi_loop, values, repeats=max(1, args.repeats // 2))
    loop_s, loop_result = timed(python_loop, values, repeats=max(1, args.repeats // 2))
    print(f"signals: {args.kpis} KPIs × {args.weeks} weeks (I chart + NHS rules, run chart + Anhøj)")
    print(f"  jamlik.measures.spc.batch  median {vec_s:8.3f} s   (target < {TARGETS['signals_s']} s)")
    print(f"  per-KPI loop over spc.chart median {each_s:8.3f} s   ratio {each_s / vec_s:6.1f} ×")
    print(f"  plain-Python per-KPI loop   median {loop_s:8.3f} s   ratio {loop_s / vec_s:6.1f} ×")
    print(f"  (target: ratio ≥ {TARGETS['loop_ratio']} ×)")
    print(f"  flagged points / run-chart signals: batch {vec_result}, spc.chart loop {each_result}")
    print(f"  (plain loop {loop_result}: it compares exactly, spc with a 1e-9 tolerance)")
    p50, p95, cold = overview_p95(args.overview_kpis, args.requests)
    print(f"overview page: {args.overview_kpis} weekly KPIs × 104 values, {args.requests} requests")
    print(f"  p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (target p95 < {TARGETS['overview_p95_ms']} ms)")
    print(f"  first request, summaries not yet cached: {cold:7.1f} ms")


if __name__ == "__main__":
    main()
