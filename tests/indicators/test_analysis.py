"""The gap measures D and R, and the sentence that says whether a gap shrank beyond chance."""

from __future__ import annotations

import math

import pytest
from django.utils import translation

from jamlik.indicators import analysis
from jamlik.indicators.analysis import Gap, Point, gaps, trend
from tests.indicators.factories import make_indicator


def point(
    group: str, estimate: float, se: float | None = None, order: int | None = None, ref: bool = False
) -> Point:
    return Point(2020, "T", group, group, order, ref, estimate, se, None)


def test_ordered_favourable_compares_most_with_least_advantaged() -> None:
    # WHO healthequal's example: estimates 20..60, SE 5..14; D = 40, R = 3
    pts = [
        point(str(i), y, s, order=i)
        for i, (y, s) in enumerate(zip((20, 30, 40, 50, 60), (5, 7, 10, 12, 14), strict=True), 1)
    ]
    (gap,) = gaps(pts, favourable=True)
    assert gap.d == 40 and gap.r == 3
    assert gap.se == pytest.approx(math.sqrt(5**2 + 14**2))
    se_r = math.sqrt((14**2 + 9 * 5**2) / 20**2)
    assert gap.r_low == pytest.approx(math.exp(math.log(3) - 1.959964 * se_r / 3))


def test_ordered_adverse_reverses_the_pair() -> None:
    pts = [point("low", 30, order=1), point("mid", 20, order=2), point("high", 10, order=3)]
    (gap,) = gaps(pts, favourable=False)
    assert (gap.d, gap.r) == (20, 3)
    assert gap.d_low is None  # no standard errors, no interval


def test_reference_group_and_unordered() -> None:
    pts = [point("a", 50, ref=True), point("b", 40), point("c", 45)]
    assert gaps(pts, favourable=True)[0].d == 10
    assert gaps(pts, favourable=False)[0].d == -5
    unordered = [point("a", 5), point("b", 9), point("c", 7)]
    assert gaps(unordered, favourable=False)[0].d == 4


def gap(year: int, d: float, se: float | None) -> Gap:
    return Gap(year, "T", d, None, None, None, None, None, se, 2)


def test_trend_sentences() -> None:
    with translation.override("en"):
        shrank = trend([gap(2010, 9.0, 0.5), gap(2024, 7.0, 0.5)])
        assert shrank is not None and shrank.direction == "shrank" and shrank.beyond_ci
        assert shrank.sentence("years") == (
            "Between 2010 and 2024 the gap shrank from 9,0 to 7,0 years. "
            "The change is larger than the uncertainty (95 percent confidence interval)."
        )
        grew = trend([gap(2010, 7.0, 2.0), gap(2024, 8.0, 2.0)])
        assert grew is not None and grew.direction == "grew" and grew.beyond_ci is False
        assert "may be chance" in grew.sentence()
        unknown = trend([gap(2010, 7.0, None), gap(2024, 8.0, None)])
        assert unknown is not None and "no standard errors" in unknown.sentence()
    assert trend([gap(2010, 7.0, None)]) is None


@pytest.mark.django_db
def test_comparisons_and_headline_trend_from_the_database() -> None:
    indicator = make_indicator()
    found = analysis.comparisons(indicator)
    assert [c.key for c in found] == ["area:district", "dimension:utbildning"]
    education = analysis.gaps(analysis.points(indicator, found[1]), True)
    assert [g.d for g in education if g.sex == "T"] == [30, 27, 24]
    headline = analysis.headline_trend(indicator)
    assert (
        headline is not None
        and headline.direction == "shrank"
        and headline.first == 20
        and headline.last == 10
    )
