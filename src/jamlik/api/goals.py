"""Programmes, target areas and strategies over the API, through the same rules and actions as the UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jamlik.api.common import Paging
from jamlik.core.models import OrganisationUnit, User
from jamlik.goals import actions
from jamlik.goals.models import Programme, Strategy, TargetArea

router = Router(tags=["programme"])


class ProgrammeOut(Schema):
    id: int
    name: str
    owner_unit_id: int
    start_year: int
    end_year: int
    adopted_on: Any = None
    adopted_by: str
    document_url: str
    description: str
    version: int


class ProgrammeIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    owner_unit_id: int
    start_year: int = Field(ge=1900, le=2200)
    end_year: int = Field(ge=1900, le=2200)
    adopted_by: str = Field("", max_length=200)
    document_url: str = Field("", max_length=200)
    description: str = ""


class ProgrammePatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    start_year: int | None = Field(None, ge=1900, le=2200)
    end_year: int | None = Field(None, ge=1900, le=2200)
    adopted_by: str | None = Field(None, max_length=200)
    document_url: str | None = Field(None, max_length=200)
    description: str | None = None


class TargetAreaOut(Schema):
    id: int
    programme_id: int
    name: str
    description: str
    position: int
    version: int


class StrategyOut(Schema):
    id: int
    target_area_id: int
    name: str
    description: str
    position: int
    version: int


class NamedPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    position: int | None = Field(None, ge=0, le=32767)


def acting(request: HttpRequest) -> User:
    """The authenticated caller; the API's auth classes guarantee there is one."""
    assert isinstance(request.user, User)
    return request.user


def _visible(request: HttpRequest, obj: Any, perm: str) -> Any:
    if obj is None or not request.user.has_perm(perm, obj):
        raise Http404
    return obj


@router.get("/programmes", response=list[ProgrammeOut], operation_id="programme_list")
@paginate(Paging)
def programme_list(request: HttpRequest, start_year: int | None = None) -> Any:
    programmes = Programme.objects.order_by("pk")
    if start_year is not None:
        programmes = programmes.filter(start_year=start_year)
    return [p for p in programmes if request.user.has_perm("goals.view_programme", p)]


@router.post("/programmes", response={201: ProgrammeOut}, operation_id="programme_create")
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Any:
    if not request.user.has_perm("goals.add_programme"):
        raise PermissionDenied
    unit = OrganisationUnit.objects.filter(pk=payload.owner_unit_id).first()
    if unit is None:
        raise Http404
    data = payload.dict()
    data.pop("owner_unit_id")
    if data["end_year"] < data["start_year"]:
        raise HttpError(422, _("The last year cannot be before the first year."))
    return Status(201, actions.do_create_programme(acting_user=acting(request), owner_unit=unit, **data))


@router.get("/programmes/{pk}", response=ProgrammeOut, operation_id="programme_detail")
def programme_detail(request: HttpRequest, pk: int) -> Any:
    return _visible(request, Programme.objects.filter(pk=pk).first(), "goals.view_programme")


@router.patch("/programmes/{pk}", response=ProgrammeOut, operation_id="programme_update")
def programme_update(request: HttpRequest, pk: int, payload: ProgrammePatch) -> Any:
    programme = _visible(request, Programme.objects.filter(pk=pk).first(), "goals.view_programme")
    return _update(request, programme, "goals.change_programme", payload)


@router.get("/programmes/{pk}/target-areas", response=list[TargetAreaOut], operation_id="target_area_list")
def target_area_list(request: HttpRequest, pk: int) -> Any:
    programme = _visible(request, Programme.objects.filter(pk=pk).first(), "goals.view_programme")
    return list(programme.target_areas.all())


@router.get("/target-areas/{pk}", response=TargetAreaOut, operation_id="target_area_detail")
def target_area_detail(request: HttpRequest, pk: int) -> Any:
    return _visible(
        request, TargetArea.objects.select_related("programme").filter(pk=pk).first(), "goals.view_targetarea"
    )


@router.patch("/target-areas/{pk}", response=TargetAreaOut, operation_id="target_area_update")
def target_area_update(request: HttpRequest, pk: int, payload: NamedPatch) -> Any:
    area = _visible(
        request, TargetArea.objects.select_related("programme").filter(pk=pk).first(), "goals.view_targetarea"
    )
    return _update(request, area, "goals.change_targetarea", payload)


@router.get("/target-areas/{pk}/strategies", response=list[StrategyOut], operation_id="strategy_list")
def strategy_list(request: HttpRequest, pk: int) -> Any:
    area = _visible(request, TargetArea.objects.filter(pk=pk).first(), "goals.view_targetarea")
    return list(area.strategies.all())


@router.patch("/strategies/{pk}", response=StrategyOut, operation_id="strategy_update")
def strategy_update(request: HttpRequest, pk: int, payload: NamedPatch) -> Any:
    strategy = _visible(
        request,
        Strategy.objects.select_related("target_area__programme").filter(pk=pk).first(),
        "goals.view_strategy",
    )
    return _update(request, strategy, "goals.change_strategy", payload)


def _update(request: HttpRequest, obj: Any, perm: str, payload: Schema) -> Any:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    merged = {name: data[name] for name in data if data[name] is not None}
    actions.do_update_goal(obj, acting_user=acting(request), data=merged, expected_version=version)
    obj.refresh_from_db()
    return obj
