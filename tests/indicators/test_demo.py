"""The generated demo city: complete, with realistic gaps, linked to the programme, and idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.demo.loader import load_demo
from jamlik.indicators import analysis
from jamlik.indicators.demo import SPECS, load_indicators_demo
from jamlik.indicators.models import Area, Indicator, Value

pytestmark = pytest.mark.django_db


def test_demo_city_is_complete_and_idempotent(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    counts = (Indicator.objects.count(), Area.objects.count(), Value.objects.count())
    assert load_indicators_demo() == 0
    assert (Indicator.objects.count(), Area.objects.count(), Value.objects.count()) == counts
    assert Indicator.objects.count() == len(SPECS) >= 12
    assert Area.objects.filter(level=Area.Level.DISTRICT).count() == 10
    assert Area.objects.filter(level=Area.Level.SUBAREA).count() == 30
    assert sorted(set(Value.objects.values_list("year", flat=True))) == list(range(2010, 2025))
    # every person-based figure is split by sex
    assert set(Value.objects.values_list("sex", flat=True)) == {"T", "K", "M"}
    linked = {area.name for indicator in Indicator.objects.all() for area in indicator.target_areas.all()}
    assert len(linked) == 4


def test_life_expectancy_gap_between_districts_is_realistic() -> None:
    load_indicators_demo()
    indicator = Indicator.objects.get(code="demo-medellivslangd")
    comparison = next(c for c in analysis.comparisons(indicator) if c.key == "area:district")
    gaps = [g for g in analysis.gaps(analysis.points(indicator, comparison), True) if g.sex == "T"]
    assert len(gaps) == 15
    assert all(7 <= g.d <= 9 for g in gaps)
    assert [c.key for c in analysis.comparisons(indicator)] == [
        "area:district",
        "area:subarea",
        "dimension:utbildningsniva",
    ]
