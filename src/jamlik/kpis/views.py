from __future__ import annotations

import base64
import binascii
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.editing import create_page, edit_page
from jamlik.core.exports import csv_text
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.models import OrganisationUnit
from jamlik.core.uploads import limits
from jamlik.goals.models import TargetArea
from jamlik.kpis import actions, analysis, charts, importing, periods
from jamlik.kpis.access import get_kpi_for_user
from jamlik.kpis.forms import ForumForm, ImportForm, KpiForm, RhythmForm
from jamlik.kpis.models import MAX_KPIS_PER_TARGET_AREA, Kpi, KpiValue

GRID_PERIODS = 12
SORTS = {
    "namn": lambda r: r["kpi"].name.lower(),
    "enhet": lambda r: r["kpi"].owner_unit.name.lower(),
    "senaste": lambda r: (r["result"].latest_value is None, r["result"].latest_value or 0),
    "signal": lambda r: r["result"].variation,
    "malsakring": lambda r: r["result"].assurance,
}


def _overview_rows(request: HttpRequest) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every visible KPI with its summary. The values are read only for KPIs whose cached summary is
    stale: the count and latest change of the values (one aggregate query) key the cache."""
    today = timezone.localdate()
    due_keys = [analysis.due_period_for(cadence, today).key for cadence in periods.CADENCES]
    unit_pk, area_pk = _int(request.GET.get("enhet")), _int(request.GET.get("malomrade"))
    unit = OrganisationUnit.objects.filter(pk=unit_pk).first() if unit_pk else None
    area = TargetArea.objects.filter(pk=area_pk).first() if area_pk else None
    chosen = Kpi.objects.all()
    if unit is not None:
        chosen = chosen.for_unit(unit)
    if area is not None:
        chosen = chosen.for_target_area(area)
    kpis = (
        chosen.select_related("owner_unit")
        .annotate(
            n_values=Count("values"),
            last_change=Max("values__updated_at"),
            has_due=Exists(KpiValue.objects.filter(kpi=OuterRef("pk"), period__in=due_keys)),
        )
        .order_by("name")
    )
    rows = []
    for kpi in kpis:
        if not request.user.has_perm("kpis.view_kpi", kpi):
            continue
        result = analysis.summary(kpi, n_values=kpi.n_values, last_change=kpi.last_change)
        rows.append({"kpi": kpi, "result": result, "due_missing": not kpi.has_due})
    key = request.GET.get("sortera", "namn")
    descending = request.GET.get("ordning") == "fallande"
    rows.sort(key=SORTS.get(key, SORTS["namn"]), reverse=descending)
    return rows, {
        "unit": unit,
        "area": area,
        "sort": key if key in SORTS else "namn",
        "descending": descending,
    }


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, "kpis.view_kpi")
    rows, chosen = _overview_rows(request)
    crowded = (
        TargetArea.objects.annotate(n_kpis=Count("kpis"))
        .filter(n_kpis__gt=MAX_KPIS_PER_TARGET_AREA)
        .order_by("position", "pk")
    )
    query = request.GET.copy()
    query.pop("sortera", None)
    query.pop("ordning", None)
    return render(
        request,
        "kpis/overview.html",
        {
            "rows": rows,
            **chosen,
            "units": OrganisationUnit.objects.filter(kpis__isnull=False).distinct().order_by("name"),
            "areas": TargetArea.objects.filter(kpis__isnull=False).distinct().order_by("position", "pk"),
            "crowded": crowded,
            "max_per_area": MAX_KPIS_PER_TARGET_AREA,
            "filter_query": query.urlencode(),
            "sort_columns": [
                ("namn", _("Key figure")),
                ("enhet", _("Owner unit")),
                ("senaste", _("Latest value")),
                ("signal", _("Variation")),
                ("malsakring", _("Assurance")),
            ],
            "can_add": request.user.has_perm("kpis.add_kpi"),
            "can_import": request.user.has_perm("kpis.add_kpi")
            or request.user.has_perm("kpis.record_values"),
        },
    )


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    require_perm(request, "kpis.view_kpi")
    rows, _chosen = _overview_rows(request)
    header = [
        _("Code"),
        _("Key figure"),
        _("Owner unit"),
        _("Cadence"),
        _("Latest period"),
        _("Latest value"),
        _("Unit"),
        _("Target"),
        _("Variation"),
        _("Assurance"),
    ]
    body = [
        [
            r["kpi"].code,
            r["kpi"].name,
            r["kpi"].owner_unit.name,
            r["kpi"].get_cadence_display(),
            r["result"].latest_period or "",
            "" if r["result"].latest_value is None else f"{r['result'].latest_value:g}".replace(".", ","),
            r["kpi"].unit,
            "" if r["kpi"].target is None else f"{r['kpi'].target:g}".replace(".", ","),
            str(r["result"].variation_icon[1]),
            str(r["result"].assurance_icon[1]),
        ]
        for r in rows
    ]
    response = HttpResponse(csv_text(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nyckeltal.csv"'
    return response


@login_required
def kpi_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "kpis.add_kpi")

    def create(data: dict[str, Any]) -> Kpi:
        unit = data.pop("owner_unit")
        if not request.user.has_perm("kpis.change_kpi", Kpi(owner_unit=unit)):
            raise PermissionDenied
        return actions.do_create_kpi(
            acting_user=request.user, owner_unit=unit, code=data.pop("code"), name=data.pop("name"), **data
        )

    return create_page(
        request,
        allowed=True,
        form_class=KpiForm,
        create=create,
        template="core/form.html",
        context={"heading_model": _("key figure"), "cancel_url": "/nyckeltal/"},
        form_kwargs={"user": request.user},
    )


@login_required
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kpi, can_edit = get_kpi_for_user(request, pk)
    result = analysis.analyse(kpi)
    today = timezone.localdate()
    return render(
        request,
        "kpis/detail.html",
        {
            "kpi": kpi,
            "can_edit": can_edit,
            "can_record": request.user.has_perm("kpis.record_values", kpi),
            "can_send": request.user.has_perm("kpis.send_to_forum", kpi),
            "result": result,
            "table": result.table(),
            "svg": charts.spc_svg(result),
            "due": analysis.due_period(kpi, today),
            "due_missing": analysis.is_missing_due_value(kpi, set(result.periods), today),
            "crowded_areas": [
                a for a in kpi.target_areas.annotate(n=Count("kpis")) if a.n > MAX_KPIS_PER_TARGET_AREA
            ],
            "questions": actions.guiding_questions(),
            "forum_form": ForumForm(kpi=kpi),
        },
    )


@login_required
def kpi_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi, can_edit = get_kpi_for_user(request, pk)
    return edit_page(
        request,
        obj=kpi,
        allowed=can_edit,
        form_class=KpiForm,
        update=lambda obj, data, version: actions.do_update_kpi(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template="core/form.html",
        context={"cancel_url": kpi.get_absolute_url()},
        success_url=kpi.get_absolute_url(),
        form_kwargs={"user": request.user},
    )


def _grid_periods(kpi: Kpi, known: list[str]) -> list[periods.Period]:
    last = periods.containing(kpi.cadence, timezone.localdate())
    shown = [last]
    while len(shown) < GRID_PERIODS:
        shown.append(periods.containing(kpi.cadence, shown[-1].start - datetime.timedelta(days=1)))
    return list(reversed(shown))


@login_required
def kpi_values(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The grid: the last periods in rows, a cell per sex (and a denominator); empty cells are left alone."""
    kpi, _can_edit = get_kpi_for_user(request, pk)
    require_perm(request, "kpis.record_values", kpi)
    sexes = ["T", "K", "M"] if kpi.person_based else ["T"]
    stored = {(v.period, v.sex): v for v in kpi.values.all()}
    shown = _grid_periods(kpi, [p for p, _s in stored])
    errors: list[str] = []
    if request.method == "POST":
        raw = []
        for line, period in enumerate(shown, start=1):
            for sex in sexes:
                value = request.POST.get(f"v-{period.key}-{sex}", "").strip()
                denominator = request.POST.get(f"d-{period.key}", "").strip() or None
                if value:
                    raw.append(
                        actions.RawRow(
                            line=line, period=period.key, sex=sex, value=value, denominator=denominator
                        )
                    )
        try:
            if not raw:
                raise actions.ValuesRejected([_("Fill in at least one value.")])
            result = actions.do_record_values(
                kpi, acting_user=request.user, rows=raw, source=_("Entered by hand")
            )
        except actions.ValuesRejected as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Saved: %(created)s new and %(updated)s changed values.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(kpi.get_absolute_url())
    grid = [
        {
            "period": p,
            "cells": [
                (sex, request.POST.get(f"v-{p.key}-{sex}") if errors else _cell(stored.get((p.key, sex))))
                for sex in sexes
            ],
            "denominator": request.POST.get(f"d-{p.key}") if errors else _den(stored.get((p.key, "T"))),
        }
        for p in shown
    ]
    return render(
        request,
        "kpis/values.html",
        {
            "kpi": kpi,
            "grid": grid,
            "sexes": sexes,
            "errors": errors,
            "needs_denominator": kpi.chart_kind in ("p", "u"),
        },
        status=400 if errors else 200,
    )


def _cell(value: KpiValue | None) -> str:
    return "" if value is None else f"{value.value:g}"


def _den(value: KpiValue | None) -> str:
    return "" if value is None or value.denominator is None else f"{value.denominator:g}"


@login_required
def import_values(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 uploads and previews (nothing written); step 2 confirms the same bytes, all or nothing."""
    if not (request.user.has_perm("kpis.add_kpi") or request.user.has_perm("kpis.record_values")):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "errors": []}
    if request.method == "POST":
        payload = request.POST.get("payload", "")
        name = request.POST.get("filename", "")[:200]
        if payload and request.POST.get("confirm"):
            try:
                data = base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError):
                data = b""
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            data, name = upload.read(limits().max_bytes + 1), upload.name
        else:
            return render(request, "kpis/import.html", context, status=400)
        dry_run = not request.POST.get("confirm")
        try:
            rows = importing.parse_file(data, name)
            total, per_kpi = actions.do_import_kpi_values(
                rows, acting_user=request.user, source_label=name, dry_run=dry_run
            )
        except actions.ValuesRejected as exc:
            context["errors"] = exc.errors
            return render(request, "kpis/import.html", context, status=400)
        if dry_run:
            context.update(
                preview=rows[:200],
                n_rows=len(rows),
                total=total,
                per_kpi=sorted(per_kpi.items()),
                payload=base64.b64encode(data).decode(),
                filename=name,
            )
            return render(request, "kpis/import.html", context)
        messages.success(
            request,
            _(
                "Imported: %(created)s new and %(updated)s changed values; "
                "%(unchanged)s were already up to date."
            )
            % {"created": total.created, "updated": total.updated, "unchanged": total.unchanged},
        )
        return redirect("kpis:overview")
    return render(request, "kpis/import.html", context)


@login_required
def download_template(request: HttpRequest) -> HttpResponse:
    require_perm(request, "kpis.view_kpi")
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nyckeltal-mall.csv"'
    return response


@login_required
@require_POST
def kpi_refresh(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Recompute from Jämlik's own data, or fetch from Kolada, as the KPI's source says."""
    kpi, can_edit = get_kpi_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied
    try:
        if kpi.source == "kolada":
            this_year = timezone.localdate().year
            result = actions.do_fetch_kolada_values(
                kpi, acting_user=request.user, years=list(range(this_year - 10, this_year + 1))
            )
        else:
            result = actions.do_compute_kpi_values(kpi, acting_user=request.user)
    except actions.ValuesRejected as exc:
        for error in exc.errors:
            messages.error(request, error)
        return redirect(kpi.get_absolute_url())
    messages.success(
        request,
        _("Saved: %(created)s new and %(updated)s changed values.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect(kpi.get_absolute_url())


@login_required
@require_POST
def send_to_forum(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi, _can_edit = get_kpi_for_user(request, pk)
    require_perm(request, "kpis.send_to_forum", kpi)
    form = ForumForm(request.POST, kpi=kpi)
    if not form.is_valid():
        messages.error(request, _("Choose a forum."))
        return redirect(kpi.get_absolute_url())
    forum = form.cleaned_data["forum"]
    try:
        item = actions.do_send_result_to_forum(kpi, acting_user=request.user, forum=forum)
    except actions.ValuesRejected as exc:
        for error in exc.errors:
            messages.error(request, error)
        return redirect(kpi.get_absolute_url())
    messages.success(request, _("On the agenda of %(meeting)s.") % {"meeting": item.meeting})
    return redirect(kpi.get_absolute_url())


@login_required
def plan_rhythm(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "kpis.add_kpi")
    form = RhythmForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        require_perm(request, "kpis.plan_rhythm", unit)
        planned = actions.do_plan_kpi_rhythm(
            unit, acting_user=request.user, forum=form.cleaned_data["forum"], day=form.cleaned_data["day"]
        )
        messages.success(
            request,
            _(
                "The monthly follow-up is on the annual wheel (%(n)s new stops) "
                "with the guiding questions as a template."
            )
            % {"n": planned["stops_created"]},
        )
        return redirect("followup:wheel")
    return render(
        request,
        "kpis/rhythm.html",
        {"form": form, "questions": actions.guiding_questions()},
        status=400 if form.is_bound else 200,
    )
