"""The equality follow-up feeds the indicators: parents offered the method per year by sex, never a
person and never a count under five; through the indicators' import action and its rights."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from jamlik.casework.actions import do_create_plan
from jamlik.casework.publish import INDICATOR, do_publish_offered_share
from jamlik.core.roles import Role
from jamlik.indicators.models import Indicator, Value
from tests.casework.helpers import Casework


def _plans(cw: Casework, year: int, women: int, men: int) -> None:
    for n, sex in enumerate(["woman"] * women + ["man"] * men):
        do_create_plan(
            acting_user=None,
            professional=cw.professionals["socsek"],
            case_code=f"FFIA-P-{year}-{n}",
            offered_on=datetime.date(year, 3, 1 + n),
            participant_sex=sex,
        )


def test_parents_offered_per_year_and_sex_become_an_indicator_and_small_years_are_left_out(
    world: Any, cw: Casework
) -> None:
    _plans(cw, 2019, women=7, men=5)
    _plans(cw, 2018, women=9, men=3)  # three men: the year is left out whole (9 of 12 would tell)
    result = do_publish_offered_share(
        acting_user=world.users[Role.ADMINISTRATOR], area_code="1480", area_name="Göteborg"
    )
    assert result is not None and result.created == 3
    indicator = Indicator.objects.get(code=INDICATOR)
    values = {(v.year, v.sex): v.estimate for v in Value.objects.filter(indicator=indicator)}
    assert values == {(2019, "T"): 12, (2019, "K"): 7, (2019, "M"): 5}
    again = do_publish_offered_share(
        acting_user=world.users[Role.ADMINISTRATOR], area_code="1480", area_name="Göteborg"
    )
    assert again is not None and again.changed == 0  # the same counts change nothing


def test_only_those_who_may_import_indicator_values_publish(world: Any, cw: Casework) -> None:
    _plans(cw, 2019, women=5, men=5)
    with pytest.raises(PermissionDenied):
        do_publish_offered_share(acting_user=world.users[Role.READER], area_code="1480", area_name="Göteborg")
    assert not Indicator.objects.filter(code=INDICATOR).exists()
    call_command(
        "publish_casework_indicator", world.users[Role.ADMINISTRATOR].username, "--area", "1480",
        "--area-name", "Göteborg",
    )  # fmt: skip
    assert Indicator.objects.filter(code=INDICATOR).exists()
