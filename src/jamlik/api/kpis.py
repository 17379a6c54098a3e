"""Key figures over the API, through the kpis app's rules and actions.

POST /kpis/{id}/values is an upsert keyed by (KPI, period, sex): sending the same rows twice stores one
value each, with or without an Idempotency-Key (the key also replays the first answer).
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jamlik.api.common import MAX_PK, Paging, acting, known_pk, require, visible
from jamlik.kpis import actions, analysis
from jamlik.kpis.access import get_kpi_for_user
from jamlik.kpis.models import Kpi, Sex

router = Router(tags=["kpis"])

VIEW = "kpis.view_kpi"


class KpiOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    target: float | None
    owner_unit_id: int
    cadence: str
    person_based: bool
    classification: str
    chart_kind: str
    version: int


class KpiValueOut(Schema):
    period: str
    sex: str
    value: float
    denominator: float | None
    source: str


class KpiValueIn(Schema):
    period: str = Field(min_length=1, max_length=10, description="2024-W07, 2024-03, 2024-Q1 or 2024.")
    sex: Sex = Sex.TOTAL
    value: float = Field(allow_inf_nan=False, ge=-1e12, le=1e12)
    denominator: float | None = Field(None, allow_inf_nan=False, gt=0, le=1e12)


class KpiValuesIn(Schema):
    source_label: str = Field("API", min_length=1, max_length=200)
    rows: list[KpiValueIn] = Field(min_length=1, max_length=5000)


class RecordOut(Schema):
    created: int
    updated: int
    unchanged: int


class ErrorsOut(Schema):
    detail: str
    errors: list[dict[str, str]]


class PointOut(Schema):
    period: str
    value: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    phase: int
    high: bool
    low: bool


class ChartOut(Schema):
    kind: str
    rules: str
    variation: str
    assurance: str
    signal: bool
    points: list[PointOut]


@router.get("/kpis", response=list[KpiOut], operation_id="kpi_list")
@paginate(Paging)
def kpi_list(
    request: HttpRequest,
    owner_unit_id: int | None = Query(None, ge=1, le=MAX_PK),
    target_area_id: int | None = Query(None, ge=1, le=MAX_PK),
) -> Any:
    kpis = Kpi.objects.order_by("code", "pk")
    if owner_unit_id is not None:
        kpis = kpis.filter(owner_unit_id=owner_unit_id)
    if target_area_id is not None:
        kpis = kpis.filter(target_areas=target_area_id)
    return visible(request, kpis, VIEW)


@router.get("/kpis/{pk}", response=KpiOut, operation_id="kpi_detail")
def kpi_detail(request: HttpRequest, pk: int) -> Any:
    kpi, _can_edit = get_kpi_for_user(request, known_pk(pk))
    return kpi


@router.get("/kpis/{pk}/values", response=list[KpiValueOut], operation_id="kpi_value_list")
@paginate(Paging)
def kpi_value_list(request: HttpRequest, pk: int) -> Any:
    kpi, _can_edit = get_kpi_for_user(request, known_pk(pk))
    return kpi.values.order_by("period_start", "sex", "pk")


@router.post("/kpis/{pk}/values", response={200: RecordOut, 422: ErrorsOut}, operation_id="kpi_value_upsert")
def kpi_value_upsert(request: HttpRequest, pk: int, payload: KpiValuesIn) -> Any:
    """Add or replace values, all or nothing; a repeat of stored values changes nothing."""
    kpi, _can_edit = get_kpi_for_user(request, known_pk(pk))
    require(request, "kpis.record_values", kpi)
    rows = [
        actions.RawRow(line=n, period=r.period, sex=r.sex.value, value=r.value, denominator=r.denominator)
        for n, r in enumerate(payload.rows, start=1)
    ]
    try:
        result = actions.do_record_values(
            kpi, acting_user=acting(request), rows=rows, source=payload.source_label
        )
    except actions.ValuesRejected as exc:
        body = {
            "detail": _("The request contains invalid data."),
            "errors": [{"field": "rows", "message": message} for message in exc.errors],
        }
        return Status(422, body)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


@router.get("/kpis/{pk}/chart", response=ChartOut, operation_id="kpi_chart")
def kpi_chart(request: HttpRequest, pk: int) -> Any:
    """The chart's numbers and signals, as on the KPI page."""
    kpi, _can_edit = get_kpi_for_user(request, known_pk(pk))
    result = analysis.analyse(kpi)
    return {
        "kind": result.chart.kind,
        "rules": result.chart.rules,
        "variation": result.variation,
        "assurance": result.assurance,
        "signal": result.chart.signal,
        "points": [
            {k: row[k] for k in ("period", "value", "cl", "lcl", "ucl", "phase", "high", "low")}
            for row in result.table()
        ],
    }
