"""Indicators and their values over the API, through the indicators app's rules and actions.

Values are imported, never typed one by one in the UI, so the API adds them the same way: the rows go
through the long-format importer's parsing and `write_values` (all or nothing, one audit row), exactly
as a CSV upload does, and a bad row gives the importer's own message with its row number.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jamlik.api.common import MAX_PK, Paging, acting, known_pk, patch_data, referenced_many, require, visible
from jamlik.goals.models import Strategy, TargetArea
from jamlik.indicators import actions
from jamlik.indicators.access import get_indicator_for_user
from jamlik.indicators.importers import ImportFailed, write_values
from jamlik.indicators.importers.tabular import COLUMNS, parse_records
from jamlik.indicators.models import Indicator, Sex, Value

router = Router(tags=["indicators"])

VIEW = "indicators.view_indicator"


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    description: str
    unit: str
    source: str
    favourable: bool
    scale: float | None
    person_based: bool
    target_area_ids: list[int]
    strategy_ids: list[int]
    version: int

    @staticmethod
    def resolve_target_area_ids(obj: Indicator) -> list[int]:
        return sorted(area.pk for area in obj.target_areas.all())

    @staticmethod
    def resolve_strategy_ids(obj: Indicator) -> list[int]:
        return sorted(strategy.pk for strategy in obj.strategies.all())


class IndicatorPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    unit: str | None = Field(None, max_length=60)
    source: str | None = Field(None, max_length=300)
    favourable: bool | None = None
    scale: float | None = Field(None, allow_inf_nan=False, gt=0, le=1e12)
    person_based: bool | None = None
    target_area_ids: list[int] | None = Field(None, max_length=200)
    strategy_ids: list[int] | None = Field(None, max_length=200)


class ValueOut(Schema):
    id: int
    indicator_id: int
    year: int
    period: str
    area_code: str
    dimension: str | None
    subgroup: str | None
    sex: Sex
    estimate: float
    se: float | None
    population: float | None
    source: str

    @staticmethod
    def resolve_area_code(obj: Value) -> str:
        return obj.area.code

    @staticmethod
    def resolve_dimension(obj: Value) -> str | None:
        return obj.subgroup.dimension.code if obj.subgroup else None

    @staticmethod
    def resolve_subgroup(obj: Value) -> str | None:
        return obj.subgroup.code if obj.subgroup else None


def _finite(**kwargs: Any) -> Any:
    return Field(None, allow_inf_nan=False, **kwargs)


class ValueRowIn(Schema):
    """One figure in the long format of the import template (the same columns, the same rules)."""

    indicator: str = Field(min_length=1, max_length=60)
    indicator_name: str = Field("", max_length=300, description="Only when the indicator is new.")
    year: int = Field(ge=1900, le=2100)
    period: str = Field("", max_length=20)
    area_code: str = Field(min_length=1, max_length=40)
    area_name: str = Field("", max_length=200, description="Only when the area is new.")
    parent_area_code: str = Field("", max_length=40)
    # At least one letter or digit: the importer keys dimensions by their slug.
    dimension: str = Field("", max_length=60, pattern=r"^(|.*[A-Za-z0-9].*)$")
    subgroup: str = Field("", max_length=60)
    subgroup_name: str = Field("", max_length=200)
    subgroup_order: int | None = Field(None, ge=0, le=32767)
    reference: bool = False
    sex: Sex = Sex.TOTAL
    estimate: float | None = _finite(description="Leave out (null) for a figure that is missing.")
    se: float | None = _finite(ge=0)
    population: float | None = _finite(ge=0)
    source: str = Field("", max_length=300)


class ValuesIn(Schema):
    source_label: str = Field("API", min_length=1, max_length=200, description="Kept in the audit log.")
    rows: list[ValueRowIn] = Field(min_length=1, max_length=10_000)


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    missing: int
    indicators: list[str]


class ImportErrorOut(Schema):
    detail: str
    errors: list[dict[str, str]]


def indicator_queryset() -> Any:
    return Indicator.objects.prefetch_related("target_areas", "strategies")


@router.get("/indicators", response=list[IndicatorOut], operation_id="indicator_list")
@paginate(Paging)
def indicator_list(
    request: HttpRequest,
    code: str | None = Query(None, max_length=60),
    target_area_id: int | None = Query(None, ge=1, le=MAX_PK),
    person_based: bool | None = None,
) -> Any:
    indicators = indicator_queryset().order_by("code", "pk")
    if code:
        indicators = indicators.filter(code=code)
    if target_area_id is not None:
        indicators = indicators.filter(target_areas=target_area_id)
    if person_based is not None:
        indicators = indicators.filter(person_based=person_based)
    return visible(request, indicators, VIEW)


@router.get("/indicators/{pk}", response=IndicatorOut, operation_id="indicator_detail")
def indicator_detail(request: HttpRequest, pk: int) -> Any:
    indicator, _can_edit = get_indicator_for_user(request, known_pk(pk))
    return indicator


@router.patch("/indicators/{pk}", response=IndicatorOut, operation_id="indicator_update")
def indicator_update(request: HttpRequest, pk: int, payload: IndicatorPatch) -> Any:
    indicator, _can_edit = get_indicator_for_user(request, known_pk(pk))
    require(request, "indicators.change_indicator", indicator)
    version, data = patch_data(payload, nullable=("scale",))
    if "target_area_ids" in data:
        data["target_areas"] = referenced_many(
            TargetArea.objects.all(), data.pop("target_area_ids"), "target_areas"
        )
    if "strategy_ids" in data:
        data["strategies"] = referenced_many(Strategy.objects.all(), data.pop("strategy_ids"), "strategies")
    actions.do_update_indicator(indicator, acting_user=acting(request), data=data, expected_version=version)
    return indicator_queryset().get(pk=indicator.pk)


@router.get("/indicators/{pk}/values", response=list[ValueOut], operation_id="indicator_value_list")
@paginate(Paging)
def indicator_value_list(
    request: HttpRequest,
    pk: int,
    year: int | None = Query(None, ge=1900, le=2100),
    area_code: str | None = Query(None, max_length=40),
    sex: Sex | None = None,
    dimension: str | None = Query(
        None, max_length=60, description="Subgroups of one dimension; '' for area totals."
    ),
) -> Any:
    """An indicator's figures; a value is visible exactly when its indicator is."""
    indicator, _can_edit = get_indicator_for_user(request, known_pk(pk))
    values = indicator.values.select_related("area", "subgroup__dimension").order_by(
        "year", "area__code", "subgroup", "sex", "pk"
    )
    if year is not None:
        values = values.filter(year=year)
    if area_code:
        values = values.filter(area__code=area_code)
    if sex is not None:
        values = values.filter(sex=sex)
    if dimension is not None:
        values = (
            values.filter(subgroup__isnull=True)
            if dimension == ""
            else values.filter(subgroup__dimension__code=dimension)
        )
    return values


@router.post(
    "/indicator-values",
    response={200: ImportOut, 422: ImportErrorOut},
    operation_id="indicator_value_import",
)
def indicator_value_import(request: HttpRequest, payload: ValuesIn) -> Any:
    """Add or update figures, all or nothing; a row that repeats a stored figure leaves it unchanged."""
    require(request, "indicators.import_values")
    records = [
        (number, {name: _cell(getattr(row, name)) for name in COLUMNS})
        for number, row in enumerate(payload.rows, start=1)
    ]
    table = parse_records(records, COLUMNS)
    try:
        result = write_values(
            table.rows,
            acting_user=acting(request),
            source_label=payload.source_label,
            metas=table.metas.values(),
            parse_errors=table.errors,
            missing=table.missing,
        )
    except ImportFailed as exc:
        body = {
            "detail": _("The request contains invalid data."),
            "errors": [{"field": "rows", "message": message} for message in exc.errors],
        }
        return Status(422, body)
    return result


def _cell(value: Any) -> str:
    """A field as the importer reads a spreadsheet cell (booleans as the template's 'ja')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, Sex):
        return value.value
    return str(value)
