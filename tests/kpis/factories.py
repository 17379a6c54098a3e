"""KPIs for the tests, made through the actions on first use and kept in `world.objects`."""

from __future__ import annotations

from typing import Any

from jamlik.core.models import OrganisationUnit
from jamlik.kpis.actions import RawRow, do_create_kpi, do_record_values
from jamlik.kpis.models import Kpi

# A weekly series that falls after a change of method in week 11 (days from application to a decision).
WEEKLY_DAYS = [14, 13, 15, 14, 12, 15, 13, 14, 16, 13, 7, 6, 7, 5, 6, 7, 6, 5, 6, 6]


def sector(world: Any) -> OrganisationUnit:
    """Sector A1, where every role but the process owner works (the process owner works above it)."""
    return OrganisationUnit.objects.get(code="A1")


def make_kpi(unit: OrganisationUnit, *, code: str, values: list[float] | None = None, **fields: Any) -> Kpi:
    fields.setdefault("name", f"Dagar till beslut {code}")
    fields.setdefault("cadence", "week")
    fields.setdefault("direction", "lower")
    fields.setdefault("unit", "dagar")
    kpi = do_create_kpi(acting_user=None, owner_unit=unit, code=code, **fields)
    if values:
        rows = [RawRow(line=i + 1, period=f"2024-W{i + 1:02d}", value=v) for i, v in enumerate(values)]
        do_record_values(kpi, acting_user=None, rows=rows, source="test")
    return kpi


def kpi_objects(world: Any) -> dict[str, Any]:
    if "own_kpi" not in world.objects:
        world.objects["own_kpi"] = make_kpi(
            sector(world), code="own-kpi", values=WEEKLY_DAYS, target=7, baseline_periods=10
        )
        world.objects["other_kpi"] = make_kpi(world.unit_b, code="other-kpi", values=WEEKLY_DAYS[:5])
    return world.objects


def own_kpi(world: Any) -> dict[str, Any]:
    return {"pk": kpi_objects(world)["own_kpi"].pk}


def other_kpi(world: Any) -> dict[str, Any]:
    return {"pk": kpi_objects(world)["other_kpi"].pk}
