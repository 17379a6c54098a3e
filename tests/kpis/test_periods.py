from __future__ import annotations

import datetime

import pytest

from jamlik.kpis import periods


def test_iso_week_one_of_2024_starts_on_new_years_day() -> None:
    week = periods.parse("week", "2024-W01")
    assert week.start == datetime.date(2024, 1, 1) and week.end == datetime.date(2024, 1, 7)
    assert periods.parse("week", "2024-w7").key == "2024-W07"


def test_week_53_exists_in_2020_and_not_in_2021() -> None:
    assert periods.parse("week", "2020-W53").start == datetime.date(2020, 12, 28)
    assert periods.weeks_in_year(2020) == 53 and periods.weeks_in_year(2021) == 52
    with pytest.raises(periods.PeriodError):
        periods.parse("week", "2021-W53")
    assert periods.parse("week", "2020-W53").next().key == "2021-W01"


def test_periods_order_and_step() -> None:
    keys = ["2024-W10", "2023-W52", "2024-W02", "2024-W01"]
    ordered = sorted(periods.parse("week", k) for k in keys)
    assert [p.key for p in ordered] == ["2023-W52", "2024-W01", "2024-W02", "2024-W10"]
    assert periods.parse("month", "2024-12").next().key == "2025-01"
    assert periods.parse("quarter", "2024-Q4").next().key == "2025-Q1"
    assert periods.containing("week", datetime.date(2021, 1, 3)).key == "2020-W53"
    assert [
        p.key for p in periods.between(periods.parse("month", "2024-11"), periods.parse("month", "2025-02"))
    ] == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


@pytest.mark.parametrize(
    ("cadence", "text"), [("month", "2024-13"), ("quarter", "2024-Q5"), ("year", "24"), ("week", "2024-03")]
)
def test_bad_periods_are_refused(cadence: str, text: str) -> None:
    with pytest.raises(periods.PeriodError):
        periods.parse(cadence, text)
