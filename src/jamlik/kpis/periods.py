"""Periods of key figures: ISO weeks, months, quarters and years, as text keys that sort correctly.

Keys: ``2024-W07`` (ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday, so
2024-W01 starts on 1 January 2024 and some years have a week 53), ``2024-03``, ``2024-Q1``, ``2024``.
Plain Python (no Django), so that the parsing rules can be tested and reused anywhere.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

WEEK, MONTH, QUARTER, YEAR = "week", "month", "quarter", "year"
CADENCES = (WEEK, MONTH, QUARTER, YEAR)

_PATTERNS = {
    WEEK: re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$"),
    MONTH: re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$"),
    QUARTER: re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$"),
    YEAR: re.compile(r"^\s*(\d{4})\s*$"),
}
EXAMPLES = {WEEK: "2024-W07", MONTH: "2024-03", QUARTER: "2024-Q1", YEAR: "2024"}


class PeriodError(ValueError):
    """The text is not a period of the cadence; ``args[0]`` says why in plain English for logs, and the
    caller words the message for people."""


@dataclass(frozen=True, order=True)
class Period:
    cadence: str
    year: int
    number: int  # week, month or quarter number; 1 for a year

    @property
    def key(self) -> str:
        if self.cadence == WEEK:
            return f"{self.year:04d}-W{self.number:02d}"
        if self.cadence == MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        if self.cadence == QUARTER:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def start(self) -> datetime.date:
        if self.cadence == WEEK:
            return datetime.date.fromisocalendar(self.year, self.number, 1)
        if self.cadence == MONTH:
            return datetime.date(self.year, self.number, 1)
        if self.cadence == QUARTER:
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> Period:
        if self.cadence == WEEK:
            return containing(WEEK, self.start + datetime.timedelta(days=7))
        if self.cadence == MONTH:
            return Period(MONTH, self.year + self.number // 12, self.number % 12 + 1)
        if self.cadence == QUARTER:
            return Period(QUARTER, self.year + self.number // 4, self.number % 4 + 1)
        return Period(YEAR, self.year + 1, 1)

    def __str__(self) -> str:
        return self.key


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the year's last ISO week."""
    return datetime.date(year, 12, 28).isocalendar()[1]


def parse(cadence: str, text: str) -> Period:
    """The period ``text`` names; raises PeriodError when it is not one of the cadence."""
    if cadence not in CADENCES:
        raise PeriodError(f"unknown cadence {cadence!r}")
    match = _PATTERNS[cadence].match(str(text))
    if match is None:
        raise PeriodError(f"{text!r} is not written like {EXAMPLES[cadence]}")
    year = int(match.group(1))
    number = int(match.group(2)) if cadence != YEAR else 1
    if not 1900 <= year <= 2100:
        raise PeriodError(f"year {year} is out of range")
    if cadence == WEEK and not 1 <= number <= weeks_in_year(year):
        raise PeriodError(f"{year} has no week {number}")
    if cadence == MONTH and not 1 <= number <= 12:
        raise PeriodError(f"there is no month {number}")
    return Period(cadence, year, number)


def containing(cadence: str, day: datetime.date) -> Period:
    """The period of the cadence that holds the day."""
    if cadence == WEEK:
        iso = day.isocalendar()
        return Period(WEEK, iso[0], iso[1])
    if cadence == MONTH:
        return Period(MONTH, day.year, day.month)
    if cadence == QUARTER:
        return Period(QUARTER, day.year, (day.month - 1) // 3 + 1)
    return Period(YEAR, day.year, 1)


def between(first: Period, last: Period) -> list[Period]:
    """Every period from first to last, both included."""
    periods: list[Period] = []
    current = first
    while current <= last and len(periods) < 10_000:
        periods.append(current)
        current = current.next()
    return periods
