"""The equality follow-up: counts by sex and household type, small cells and their complements hidden."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from jamlik.casework.actions import do_add_measure, do_close_plan, do_create_plan, do_record_enrolment
from jamlik.casework.models import LifeArea
from jamlik.casework.report import THRESHOLD, measures_by_area, offered_share, outcomes, suppress
from jamlik.core.roles import Role
from tests.casework.helpers import CASE_CODE, Casework


def test_a_small_cell_and_its_complement_are_hidden() -> None:
    cells, rows, cols, grand = suppress([[10, 3], [12, 20]])
    assert cells[0][1] is None  # 3 < 5
    assert cells[0][0] is None  # else 13 − 10 gives it away
    assert rows == [13, 32] and grand == 45
    # The columns now each have one hidden cell: their next smallest is hidden too.
    assert cells[1][0] is None or cols[0] is None
    assert cells[1][1] is None or cols[1] is None


def test_a_table_without_small_cells_is_shown_whole() -> None:
    assert suppress([[10, 7], [12, 20]]) == ([[10, 7], [12, 20]], [17, 32], [22, 27], 49)


@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=1, max_size=4))
def test_no_line_ever_has_exactly_one_hidden_member(table: list[list[int]]) -> None:
    width = len(table[0])
    table = [(row + [0] * width)[:width] for row in table]
    cells, rows, cols, grand = suppress(table)
    lines = [[*cells[r], rows[r]] for r in range(len(table))]
    lines += [[*(cells[r][c] for r in range(len(table))), cols[c]] for c in range(width)]
    lines += [[*rows, grand], [*cols, grand]]
    for line in lines:
        assert sum(1 for v in line if v is None) != 1
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            assert value >= THRESHOLD or cells[r][c] is None


def test_the_report_counts_outcomes_and_the_share_offered(world: Any, cw: Casework) -> None:
    assert cw.plan is not None
    for n in range(6):
        plan = do_create_plan(
            acting_user=None,
            professional=cw.professionals["socsek"],
            case_code=f"FFIA-R-{n}",
            offered_on=datetime.date(2026, 1, 5 + n),
            participant_sex="woman",
        )
        do_add_measure(
            plan,
            acting_user=None,
            life_area=LifeArea.objects.get(name="Hälsa"),
            title="Hälsovägledning",
            owner_role="social_worker",
            starts_on=datetime.date(2026, 2, 1),
        )
        do_close_plan(plan, acting_user=None, outcome="work", outcome_on=datetime.date(2026, 6, 1))
    do_record_enrolment(cw.units["soc"], acting_user=None, month=datetime.date(2026, 1, 1), enrolled=12)
    table = outcomes()
    woman_single = next(cells for label, cells, total in table.rows if label.startswith("Kvinna, ensam"))
    assert woman_single[1] == 6  # work
    for table, column in [(measures_by_area(), 0), (measures_by_area("household_type"), 0)]:
        health = next(cells for label, cells, total in table.rows if label == "Hälsa")
        assert health[column] == 6
    january = offered_share()[0]
    assert (january.offered, january.enrolled, january.reaches_target) == (7, 12, True)
    client = Client()
    client.force_login(world.users[Role.PROCESS_OWNER])
    page = client.get(reverse("casework:report")).content.decode()
    assert "58 %" in page
    assert CASE_CODE not in page and "FFIA-R-" not in page
