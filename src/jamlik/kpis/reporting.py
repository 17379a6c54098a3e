"""The key figures as the follow-up report shows them: one row per KPI of the report's units."""

from __future__ import annotations

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from jamlik.kpis import analysis
from jamlik.kpis.models import Kpi


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + (f" {unit}" if unit else "")


def kpi_table(unit_ids: set[int]) -> tuple[str, list[str], list[list[str]]] | None:
    """(caption, columns, rows) for the units' KPIs, or None when they have none."""
    kpis = (
        Kpi.objects.filter(owner_unit_id__in=unit_ids)
        .annotate(n_values=Count("values"), last_change=Max("values__updated_at"))
        .order_by("name", "pk")
    )
    rows = []
    for kpi in kpis:
        summary = analysis.summary(kpi, n_values=kpi.n_values, last_change=kpi.last_change)
        rows.append(
            [
                kpi.name,
                summary.latest_period or "–",
                _number(summary.latest_value, kpi.unit),
                _number(kpi.target),
                f"{summary.variation_icon[0]} {summary.variation_icon[1]}",
                f"{summary.assurance_icon[0]} {summary.assurance_icon[1]}",
            ]
        )
    if not rows:
        return None
    columns = [
        _("Key figure"),
        _("Latest period"),
        _("Latest value"),
        _("Target"),
        _("Variation"),
        _("Assurance"),
    ]
    return _("Key figures: latest value, signal and assurance"), columns, rows


def kpi_intro() -> str:
    return _(
        "The units' own key figures, followed up every week or month. The signal tells a real change from "
        "ordinary variation; the assurance tells whether the target will be met."
    )
