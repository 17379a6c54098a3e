from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.uploads import limits
from jamlik.goals.models import TargetArea
from jamlik.indicators import actions, analysis, charts
from jamlik.indicators.access import get_indicator_for_user
from jamlik.indicators.forms import ImportForm, IndicatorForm
from jamlik.indicators.importers import ImportFailed, format_for
from jamlik.indicators.importers.tabular import template_csv, template_excel
from jamlik.indicators.models import Indicator, Sex


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "indicators.view_indicator")
    indicators = (
        Indicator.objects.annotate(latest_year=Max("values__year"), n_values=Count("values"))
        .prefetch_related(Prefetch("target_areas", queryset=TargetArea.objects.order_by("position", "pk")))
        .order_by("name")
    )
    can_import = request.user.has_perm("indicators.import_values")
    return render(
        request, "indicators/indicator_list.html", {"indicators": indicators, "can_import": can_import}
    )


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator, can_edit = get_indicator_for_user(request, pk)
    found = analysis.comparisons(indicator)
    chosen = next((c for c in found if c.key == request.GET.get("jamforelse")), found[0] if found else None)
    context: dict[str, Any] = {
        "indicator": indicator,
        "can_edit": can_edit,
        "comparisons": found,
        "chosen": chosen,
    }
    if chosen is not None:
        context.update(_comparison_context(indicator, chosen, request.GET.get("kon", "")))
    context.update(_area_context(indicator))
    return render(request, "indicators/indicator_detail.html", context)


def _comparison_context(indicator: Indicator, chosen: analysis.Comparison, sex_choice: str) -> dict[str, Any]:
    points = analysis.points(indicator, chosen)
    sexes_present = {p.sex for p in points}
    split = sex_choice != "T" and {Sex.WOMEN.value, Sex.MEN.value} <= sexes_present
    sexes = ["K", "M"] if split else ["T"] if "T" in sexes_present else sorted(sexes_present)
    shown = [p for p in points if p.sex in sexes]
    series = analysis.gaps(shown, indicator.favourable)
    title = f"{indicator.name}: {chosen.label.lower()}"
    return {
        "split_by_sex": split,
        "trend_svg": charts.render_svg(charts.trend_spec(shown, unit=indicator.unit, title=title))
        if shown
        else "",
        "trend_table": _trend_table(shown),
        "gaps": series,
        "gap_svg": charts.render_svg(
            charts.gap_spec(series, unit=indicator.unit, title=_("Difference between groups (D)"))
        )
        if series
        else "",
        "sentences": [
            (analysis.SEX_LABELS[sex], t.sentence(_gap_unit(indicator.unit)))
            for sex in sexes
            if (t := analysis.trend([g for g in series if g.sex == sex])) is not None
        ],
        **_library_table(indicator, chosen, shown),
    }


def _library_table(
    indicator: Indicator, chosen: analysis.Comparison, points: list[analysis.Point]
) -> dict[str, Any]:
    """The further WHO measures as one row per year and sex, one column per measure; cached by the data."""
    key = (
        "indicator-measures:"
        + hashlib.sha256(
            repr((indicator.pk, indicator.favourable, indicator.scale, chosen, points)).encode()
        ).hexdigest()
    )
    rows = cache.get(key)
    if rows is None:
        rows = analysis.library_measures(indicator, chosen, points)
        cache.set(key, rows, 24 * 3600)
    measures = [m for m in analysis.EXTRA_MEASURES if any(r["measure"] == m for r in rows)]
    table: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}
    for row in rows:
        table.setdefault((row["year"], row["sex"]), {})[row["measure"]] = row
    return {
        "library_measures": measures,
        "library_rows": [
            {"year": year, "sex": analysis.SEX_LABELS[sex], "cells": [cells.get(m) for m in measures]}
            for (year, sex), cells in sorted(table.items())
        ],
    }


def _gap_unit(unit: str) -> str:
    """A difference between two percentages is in percentage points."""
    return _("percentage points") if unit.strip() in ("%", "procent", "percent") else unit


def _trend_table(points: list[analysis.Point]) -> dict[str, Any]:
    years = sorted({p.year for p in points})
    cells: dict[tuple[str, str], dict[int, float]] = {}
    order: dict[tuple[str, str], tuple[int, str]] = {}
    for p in points:
        key = (p.label, p.sex)
        cells.setdefault(key, {})[p.year] = p.estimate
        order[key] = (p.order or 0, p.label)
    rows = [
        {
            "group": label,
            "sex": analysis.SEX_LABELS[sex],
            "values": [cells[(label, sex)].get(y) for y in years],
        }
        for label, sex in sorted(cells, key=lambda k: (order[k], k[1]))
    ]
    return {"years": years, "rows": rows}


def _area_context(indicator: Indicator) -> dict[str, Any]:
    comparison = next((c for c in analysis.comparisons(indicator) if c.key == "area:district"), None)
    if comparison is None:
        return {}
    points = [p for p in analysis.points(indicator, comparison) if p.sex == Sex.TOTAL.value]
    if not points:
        return {}
    year = max(p.year for p in points)
    latest = sorted([p for p in points if p.year == year], key=lambda p: -p.estimate)
    average = analysis.municipality_average(indicator, year, Sex.TOTAL.value)
    title = _("%(name)s by district, %(year)s") % {"name": indicator.name, "year": year}
    return {
        "area_year": year,
        "area_points": latest,
        "area_average": average,
        "area_svg": charts.render_svg(
            charts.area_spec(latest, average=average, unit=indicator.unit, title=title)
        ),
    }


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator, can_edit = get_indicator_for_user(request, pk)
    return edit_page(
        request,
        obj=indicator,
        allowed=can_edit,
        form_class=IndicatorForm,
        update=lambda obj, data, version: actions.do_update_indicator(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template="core/form.html",
        context={"cancel_url": indicator.get_absolute_url()},
        success_url=indicator.get_absolute_url(),
    )


@login_required
def import_values(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "indicators.import_values")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = actions.do_import_values(
                upload.read(limits().max_bytes + 1),  # a bigger file is refused by the guard unread
                fmt=format_for(upload.name),
                acting_user=request.user,
                source_label=upload.name,
                indicator_code=form.cleaned_data["indicator_code"],
            )
        except ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)s new and %(updated)s changed figures; "
                    "%(unchanged)s were already up to date."
                )
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("indicators:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/import.html", {"form": form, "import_errors": errors}, status=status)


@login_required
def download_template(request: HttpRequest, fmt: str) -> HttpResponse:
    require_perm(request, "indicators.view_indicator")
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(template_excel(), content_type=content_type)
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indikatorvarden-mall.{fmt}"'
    return response
