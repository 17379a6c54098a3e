"""Change processes over the API, through the processes app's rules, access helpers and actions."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jamlik.api.common import (
    MAX_PK,
    Paging,
    acting,
    check_period,
    choices_schema,
    known_pk,
    patch_data,
    referenced,
    referenced_many,
    require,
    visible,
)
from jamlik.core.models import OrganisationUnit
from jamlik.goals.models import Strategy, TargetArea
from jamlik.processes import actions
from jamlik.processes.access import get_process_for_user
from jamlik.processes.models import ChangeProcess, Phase

ProcessStatus = Annotated[ChangeProcess.Status, choices_schema(ChangeProcess.Status)]

router = Router(tags=["processes"])

VIEW = "processes.view_changeprocess"


class ProcessOut(Schema):
    id: int
    name: str
    purpose: str
    owner_unit_id: int
    status: ProcessStatus
    phase: str
    problem_type: str | None
    start: datetime.date | None
    end: datetime.date | None
    criterion_sectors: str
    criterion_complex: str
    criterion_equality: str
    knowledge_certain: bool | None
    values_agreed: bool | None
    sector_ids: list[int]
    target_area_ids: list[int]
    strategy_ids: list[int]
    version: int

    @staticmethod
    def resolve_problem_type(obj: ChangeProcess) -> str | None:
        return str(obj.problem_type) if obj.problem_type else None

    @staticmethod
    def resolve_sector_ids(obj: ChangeProcess) -> list[int]:
        return sorted(unit.pk for unit in obj.sectors.all())

    @staticmethod
    def resolve_target_area_ids(obj: ChangeProcess) -> list[int]:
        return sorted(area.pk for area in obj.target_areas.all())

    @staticmethod
    def resolve_strategy_ids(obj: ChangeProcess) -> list[int]:
        return sorted(strategy.pk for strategy in obj.strategies.all())


class ProcessFields(Schema):
    """The fields the edit form offers (purpose, status, phase and leaders have their own steps)."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    criterion_sectors: str = ""
    criterion_complex: str = ""
    criterion_equality: str = ""
    knowledge_certain: bool | None = None
    values_agreed: bool | None = None
    sector_ids: list[int] = Field(default_factory=list, max_length=200)
    target_area_ids: list[int] = Field(default_factory=list, max_length=200)
    strategy_ids: list[int] = Field(default_factory=list, max_length=200)


class ProcessIn(ProcessFields):
    name: str = Field(min_length=1, max_length=200)
    owner_unit_id: int
    purpose: str = ""


class ProcessPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    start: datetime.date | None = None
    end: datetime.date | None = None
    criterion_sectors: str | None = None
    criterion_complex: str | None = None
    criterion_equality: str | None = None
    knowledge_certain: bool | None = None
    values_agreed: bool | None = None
    sector_ids: list[int] | None = Field(None, max_length=200)
    target_area_ids: list[int] | None = Field(None, max_length=200)
    strategy_ids: list[int] | None = Field(None, max_length=200)


NULLABLE = ("start", "end", "knowledge_certain", "values_agreed")


def _relations(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the id lists of a request into the objects the action sets (only sectors count as sectors)."""
    lookups = {
        "sector_ids": ("sectors", OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.SECTOR)),
        "target_area_ids": ("target_areas", TargetArea.objects.all()),
        "strategy_ids": ("strategies", Strategy.objects.all()),
    }
    for key, (name, queryset) in lookups.items():
        if key in data:
            data[name] = referenced_many(queryset, data.pop(key) or [], name)
    return data


def process_queryset() -> Any:
    return ChangeProcess.objects.select_related("owner_unit").prefetch_related(
        "sectors", "target_areas", "strategies"
    )


@router.get("/processes", response=list[ProcessOut], operation_id="process_list")
@paginate(Paging)
def process_list(
    request: HttpRequest,
    status: ProcessStatus | None = None,
    phase: Phase | None = None,
    owner_unit_id: int | None = Query(None, ge=1, le=MAX_PK),
    target_area_id: int | None = Query(None, ge=1, le=MAX_PK),
    year: int | None = Query(None, ge=1900, le=2200),
) -> Any:
    processes = process_queryset().order_by("name", "pk")
    if status:
        processes = processes.filter(status=status)
    if phase:
        processes = processes.filter(phase=phase)
    if owner_unit_id is not None:
        processes = processes.filter(owner_unit_id=owner_unit_id)
    if target_area_id is not None:
        processes = processes.filter(target_areas=target_area_id)
    if year is not None:
        processes = processes.running_in(year)
    return visible(request, processes, VIEW)


@router.post("/processes", response={201: ProcessOut}, operation_id="process_create")
def process_create(request: HttpRequest, payload: ProcessIn) -> Any:
    require(request, "processes.add_changeprocess")
    administrations = OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION)
    data = payload.dict()
    data["owner_unit"] = referenced(administrations, data.pop("owner_unit_id"), "owner_unit")
    check_period(data["start"], data["end"])
    process = actions.do_create_process(acting_user=acting(request), **_relations(data))
    return Status(201, process_queryset().get(pk=process.pk))


@router.get("/processes/{pk}", response=ProcessOut, operation_id="process_detail")
def process_detail(request: HttpRequest, pk: int) -> Any:
    process, _can_edit = get_process_for_user(request, known_pk(pk))
    return process


@router.patch("/processes/{pk}", response=ProcessOut, operation_id="process_update")
def process_update(request: HttpRequest, pk: int, payload: ProcessPatch) -> Any:
    process, _can_edit = get_process_for_user(request, known_pk(pk))
    require(request, "processes.change_changeprocess", process)
    version, data = patch_data(payload, NULLABLE)
    check_period(data.get("start", process.start), data.get("end", process.end))
    actions.do_update_process(
        process, acting_user=acting(request), data=_relations(data), expected_version=version
    )
    return process_queryset().get(pk=process.pk)
