"""SPC against published figures: Montgomery's I, P and U chart examples (as qicharts2's test suite uses
them) and Anhøj's run-rule limits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jamlik.measures import spc

# Montgomery, Introduction to Statistical Quality Control, Example 6.5: weekly cost of processing
# mortgage loan applications (20 weeks). Published: x̄ = 300.5, MR̄ = 7.79, UCL 321.22, LCL 279.78.
LOAN_COST = [
    310,
    288,
    297,
    298,
    307,
    303,
    294,
    297,
    308,
    306,
    294,
    299,
    297,
    299,
    314,
    295,
    293,
    306,
    301,
    304,
]

# Example 7.1: orange-juice cans, 30 samples of 50, then 24 more after the machine was adjusted.
# Samples 15 and 23 have assignable causes and are left out of the revised limits. Published:
# p̄ = 0.2150, UCL 0.3893, LCL 0.0407; after the adjustment p̄ = 0.1108, UCL 0.2440, LCL 0.
JUICE = [
    12,
    15,
    8,
    10,
    4,
    7,
    16,
    9,
    14,
    10,
    5,
    6,
    17,
    12,
    22,
    8,
    10,
    5,
    13,
    11,
    20,
    18,
    24,
    15,
    9,
    12,
    7,
    13,
    9,
    6,
]
JUICE_AFTER = [9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6, 7, 5, 6, 3, 5]

# Example 7.4 (U chart): nonconformities in 20 samples of 5 computers.
# Published: ū = 1.93, UCL 3.79, LCL 0.07.
COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def test_i_chart_reproduces_montgomery_example_6_5() -> None:
    chart = spc.chart(LOAN_COST, kind="i")
    mean_range = 148 / 19
    assert chart.cl[0] == pytest.approx(300.5, abs=1e-6)
    assert chart.ucl[0] == pytest.approx(300.5 + 3 * mean_range / 1.128, abs=1e-6)
    assert chart.lcl[0] == pytest.approx(300.5 - 3 * mean_range / 1.128, abs=1e-6)
    assert (round(chart.ucl[0], 2), round(chart.lcl[0], 2)) == (321.22, 279.78)
    assert not chart.outside.any()
    assert chart.ucl2[0] == pytest.approx(300.5 + 2 * mean_range / 1.128, abs=1e-6)


def test_frozen_baseline_extends_the_first_twenty_weeks_limits() -> None:
    later = [305, 296, 330, 298]
    chart = spc.chart(LOAN_COST + later, kind="i", freeze=20)
    assert np.allclose(chart.cl, 300.5, atol=1e-6)
    assert chart.ucl[-1] == pytest.approx(321.216685, abs=1e-6)
    assert chart.outside.tolist() == [False] * 22 + [True, False]
    assert chart.high[22] and chart.baseline.sum() == 20


def test_p_chart_reproduces_montgomery_example_7_1_with_exclusions_and_a_new_phase() -> None:
    chart = spc.chart(JUICE + JUICE_AFTER, kind="p", sizes=[50] * 54, exclude=[14, 22], phase_starts=[30])
    p1, p2 = 301 / 1400, 133 / 1200
    assert chart.cl[0] == pytest.approx(p1, abs=1e-6) and round(chart.cl[0], 4) == 0.2150
    assert chart.ucl[0] == pytest.approx(p1 + 3 * math.sqrt(p1 * (1 - p1) / 50), abs=1e-6)
    assert chart.lcl[0] == pytest.approx(p1 - 3 * math.sqrt(p1 * (1 - p1) / 50), abs=1e-6)
    assert (round(chart.ucl[0], 4), round(chart.lcl[0], 4)) == (0.3893, 0.0407)
    assert chart.cl[30] == pytest.approx(p2, abs=1e-6) and round(chart.cl[30], 4) == 0.1108
    assert chart.ucl[30] == pytest.approx(p2 + 3 * math.sqrt(p2 * (1 - p2) / 50), abs=1e-6)
    assert round(chart.ucl[30], 4) == 0.2440 and chart.lcl[30] == 0.0
    # Samples 15 and 23 stay out of control, and sample 21 exceeds the revised limit (as Montgomery notes).
    assert np.flatnonzero(chart.outside).tolist() == [14, 20, 22]
    assert chart.phase.tolist() == [0] * 30 + [1] * 24


def test_p_chart_limits_vary_with_the_subgroup_size() -> None:
    counts, sizes = [5, 10, 3, 8], [50, 100, 20, 80]
    chart = spc.chart(counts, kind="p", sizes=sizes)
    p = 26 / 250
    for i, n in enumerate(sizes):
        assert chart.ucl[i] == pytest.approx(p + 3 * math.sqrt(p * (1 - p) / n), abs=1e-12)
        assert chart.lcl[i] == pytest.approx(max(0.0, p - 3 * math.sqrt(p * (1 - p) / n)), abs=1e-12)


def test_u_chart_reproduces_montgomery_example_7_4() -> None:
    chart = spc.chart(COMPUTERS, kind="u", sizes=[5] * 20)
    assert chart.cl[0] == pytest.approx(1.93, abs=1e-6)
    assert chart.ucl[0] == pytest.approx(1.93 + 3 * math.sqrt(1.93 / 5), abs=1e-6)
    assert (round(chart.ucl[0], 2), round(chart.lcl[0], 2)) == (3.79, 0.07)


@pytest.mark.parametrize(
    ("n", "longest", "crossings"),
    [(10, 6, 2), (12, 7, 3), (13, 7, 3), (20, 7, 6), (24, 8, 8), (30, 8, 10), (52, 9, 20)],
)
def test_anhoej_limits(n: int, longest: int, crossings: int) -> None:
    assert spc.anhoej_limits(n) == (longest, crossings)


def test_run_chart_signals_a_long_run_and_ignores_points_on_the_median() -> None:
    values = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1, 2, 1, 2, 1, 2, 1, 8, 1, 9]
    chart = spc.chart([3, *values], kind="run")
    assert chart.cl[0] == 3.0 or chart.cl[0] == pytest.approx(np.median([3, *values]))
    test = chart.runs[0]
    assert test.useful == sum(1 for v in [3, *values] if v != chart.cl[0])
    few = spc.chart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], kind="run").runs[0]
    assert (few.useful, few.longest_run, few.crossings) == (10, 5, 1)
    assert few.few_crossings and not few.long_run and few.signal


def test_points_on_the_median_neither_count_nor_break_a_run() -> None:
    # Median 5: the points equal to 5 are skipped, so the eight 6s form one run of 8 useful points.
    values = [6, 6, 6, 5, 6, 6, 6, 6, 6, 4, 4, 4, 4, 4, 5, 5, 5]
    chart = spc.chart(values, kind="run")
    test = chart.runs[0]
    assert chart.cl[0] == 5
    assert test.useful == 13 and test.longest_run == 8 and test.crossings == 1
    assert test.longest_run_limit == 7 and test.long_run
    assert chart.high.tolist() == [True] * 3 + [False] + [True] * 5 + [False] * 8


def test_nhs_rules() -> None:
    base = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10]
    shift = spc.chart(base + [10.5] * 7, kind="i", freeze=len(base), rules="nhs")
    assert shift.shift[-7:].all() and shift.high[-7:].all() and not shift.shift[:-7].any()
    trend = spc.chart([*base, 7, 8, 9, 10, 11, 12, 13], kind="i", freeze=len(base), rules="nhs")
    assert trend.trend[-7:].all()
    near = spc.chart([*base, 12.9, 10, 12.9], kind="i", freeze=len(base), rules="nhs")
    sigma = np.mean(np.abs(np.diff(base))) / 1.128
    assert 10 + 2 * sigma < 12.9 < 10 + 3 * sigma
    assert near.two_of_three[-3:].tolist() == [True, False, True] and not near.outside.any()


def test_variation_and_assurance() -> None:
    base = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10]
    improved = spc.chart([*base, 20], kind="i", freeze=10)
    assert spc.variation(improved, "higher") == "improvement_high"
    assert spc.variation(improved, "lower") == "concern_high"
    assert spc.variation(improved, "neutral") == "neither_high"
    steady = spc.chart(base, kind="i")
    assert spc.variation(steady, "higher") == "common_cause"
    assert spc.assurance(steady, "higher", 10.5) == "hit_or_miss"
    assert spc.assurance(steady, "higher", 5) == "pass"
    assert spc.assurance(steady, "higher", 20) == "fail"
    assert spc.assurance(steady, "lower", 5) == "fail"
    assert spc.assurance(steady, "higher", None) == "none"


def test_batch_equals_one_series_at_a_time() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.normal(50, 5, size=(30, 60))
    matrix[3, 40:] += 15
    result = spc.batch(matrix, kind="i", freeze=30, rules="nhs")
    for i in range(30):
        one = spc.chart(matrix[i], kind="i", freeze=30, rules="nhs")
        assert np.allclose(result.cl[i], one.cl) and np.allclose(result.lines["ucl"][i], one.ucl)
        assert (result.flags.high[i] == one.high).all() and (result.flags.low[i] == one.low).all()
    assert result.flags.high[3, 40:].any()
