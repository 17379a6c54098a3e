"""The demo key figures load through the actions, show a real signal after the change, and load once."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.demo.loader import load_demo
from jamlik.followup.models import WheelStop
from jamlik.kpis.analysis import analyse
from jamlik.kpis.models import Kpi, KpiValue

pytestmark = pytest.mark.django_db


def test_demo_kpis_are_idempotent_and_show_the_signal(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    counts = (Kpi.objects.count(), KpiValue.objects.count(), WheelStop.objects.count())
    assert load_demo() == 0
    assert (Kpi.objects.count(), KpiValue.objects.count(), WheelStop.objects.count()) == counts
    work = Kpi.objects.get(code="kba-i-arbete")
    assert dict(work.values.values_list("period", "value")) == {"2018": 74.0, "2023": 115.0, "2024": 154.0}
    weekly = analyse(Kpi.objects.get(code="ifo-dagar-till-beslut"))
    assert weekly.variation == "improvement_low"
    # The falling trend starts in week 19, just before the change; nothing earlier is flagged.
    assert weekly.chart.low[20:].all() and not weekly.chart.low[:18].any()
    monthly = analyse(Kpi.objects.get(code="ifo-i-arbete-6-man"))
    assert len(monthly.chart.runs) == 2  # a new phase from April 2024
    assert Kpi.objects.get(code="sdf-dagar-forslag-beslut").values.exists()
