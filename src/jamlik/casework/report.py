"""The equality follow-up of family-centred work: counts by sex and household type, never a person.

Every count under five is suppressed, and so is enough of the rest (the complement) that no suppressed
count can be worked out again from the totals shown beside it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from jamlik.casework.models import Enrolment, LifeArea, Measure, Plan

THRESHOLD = 5
TARGET_SHARE = 0.5  # the programme's goal: half of those enrolled are offered the method

Cell = int | None


def suppress(
    table: list[list[int]], threshold: int = THRESHOLD
) -> tuple[list[list[Cell]], list[Cell], list[Cell], Cell]:
    """The table with its row totals, column totals and grand total, small counts hidden (None).

    Primary suppression hides every count under `threshold`. Secondary suppression then looks at
    each line (a row with its total, a column with its total, the totals with the grand total): a
    line with exactly one hidden member would give it away by subtraction, so its smallest visible
    member is hidden too, until no line has exactly one.
    """
    n_rows, n_cols = len(table), len(table[0]) if table else 0
    row_totals = [sum(row) for row in table]
    col_totals = [sum(table[r][c] for r in range(n_rows)) for c in range(n_cols)]
    grand = sum(row_totals)
    # Every value by a key: ("c", r, c), ("r", r), ("k", c), ("g",)
    Key = tuple[Any, ...]
    values: dict[Key, int] = {("g",): grand}
    for r in range(n_rows):
        values[("r", r)] = row_totals[r]
        for c in range(n_cols):
            values[("c", r, c)] = table[r][c]
    for c in range(n_cols):
        values[("k", c)] = col_totals[c]
    hidden = {key for key, value in values.items() if value < threshold}
    lines: list[list[Key]] = [[("c", r, c) for c in range(n_cols)] + [("r", r)] for r in range(n_rows)]
    lines += [[("c", r, c) for r in range(n_rows)] + [("k", c)] for c in range(n_cols)]
    lines.append([("r", r) for r in range(n_rows)] + [("g",)])
    lines.append([("k", c) for c in range(n_cols)] + [("g",)])
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            visible = [key for key in line if key not in hidden]
            if not visible:
                continue
            # Prefer hiding a cell over a total, and the smallest one.
            visible.sort(key=lambda key: (key[0] != "c", values[key]))
            hidden.add(visible[0])
            changed = True

    def shown(key: tuple[Any, ...]) -> Cell:
        return None if key in hidden else values[key]

    cells = [[shown(("c", r, c)) for c in range(n_cols)] for r in range(n_rows)]
    return (
        cells,
        [shown(("r", r)) for r in range(n_rows)],
        [shown(("k", c)) for c in range(n_cols)],
        shown(("g",)),
    )


@dataclass
class Table:
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], Cell]]
    column_totals: list[Cell]
    grand_total: Cell


def _table(
    caption: str, row_header: str, row_labels: list[str], columns: list[str], counts: list[list[int]]
) -> Table:
    cells, row_totals, col_totals, grand = suppress(counts)
    rows = [(label, cells[i], row_totals[i]) for i, label in enumerate(row_labels)]
    return Table(caption, row_header, columns, rows, col_totals, grand)


def measures_by_area(by: str = "participant_sex") -> Table:
    """Parents offered at least one measure in each life area, by the parent's sex or household type."""
    groups = list(Plan.Sex) if by == "participant_sex" else list(Plan.Household)
    areas = list(LifeArea.objects.all())
    found = Counter(
        (row["life_area"], row[f"plan__{by}"])
        for row in Measure.objects.values("life_area", f"plan__{by}", "plan").distinct()
    )
    counts = [[found[(area.pk, group.value)] for group in groups] for area in areas]
    caption = (
        _("Parents offered measures, by life area and sex")
        if by == "participant_sex"
        else _("Parents offered measures, by life area and household type")
    )
    return _table(
        caption, _("Life area"), [area.name for area in areas], [str(g.label) for g in groups], counts
    )


def outcomes() -> Table:
    """Plans by outcome (work, studies …), by the parent's sex and household type."""
    sexes, households = list(Plan.Sex), list(Plan.Household)
    kinds = list(Plan.Outcome)
    found = {
        (row["participant_sex"], row["household_type"], row["outcome"]): row["n"]
        for row in Plan.objects.values("participant_sex", "household_type", "outcome").annotate(n=Count("id"))
    }
    labels, counts = [], []
    for sex in sexes:
        for household in households:
            labels.append(f"{sex.label}, {str(household.label).lower()}")
            counts.append([found.get((sex.value, household.value, kind.value), 0) for kind in kinds])
    return _table(
        _("Outcomes by the parent's sex and household type"),
        _("Parent"),
        labels,
        [str(kind.label) for kind in kinds],
        counts,
    )


@dataclass
class MonthRow:
    month: datetime.date
    offered: Cell
    enrolled: Cell
    share: float | None
    reaches_target: bool | None


def offered_share() -> list[MonthRow]:
    """Per month: parents offered the method against those enrolled, and the 50 % target."""
    offered = Counter(day.replace(day=1) for day in Plan.objects.values_list("offered_on", flat=True))
    enrolled: Counter[datetime.date] = Counter()
    for count in Enrolment.objects.all():
        enrolled[count.month] += count.enrolled
    rows = []
    for month in sorted(set(offered) | set(enrolled)):
        o, e = offered[month], enrolled[month]
        o_shown = o if o >= THRESHOLD else None
        e_shown = e if e >= THRESHOLD else None
        share = o / e if (o_shown is not None and e_shown is not None) else None
        rows.append(
            MonthRow(month, o_shown, e_shown, share, None if share is None else share >= TARGET_SHARE)
        )
    return rows
