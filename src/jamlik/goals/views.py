from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jamlik.core.editing import create_page, edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.goals import actions
from jamlik.goals.access import (
    get_knowledge_item_for_user,
    get_principle_for_user,
    get_programme_for_user,
    get_strategy_for_user,
    get_target_area_for_user,
)
from jamlik.goals.forms import KnowledgeItemForm, PrincipleForm, ProgrammeForm, StrategyForm, TargetAreaForm
from jamlik.goals.models import Programme, Strategy
from jamlik.indicators.analysis import headline_trend

FORM_TEMPLATE = "core/form.html"


def _update(request: AuthenticatedHttpRequest) -> Any:
    return lambda obj, data, version: actions.do_update_goal(
        obj, acting_user=request.user, data=data, expected_version=version
    )


@login_required
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "goals.view_programme")
    programmes = Programme.objects.select_related("owner_unit").prefetch_related("target_areas")
    return render(
        request,
        "goals/programme_list.html",
        {"programmes": programmes, "can_add": request.user.has_perm("goals.add_programme")},
    )


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return create_page(
        request,
        allowed=request.user.has_perm("goals.add_programme"),
        form_class=ProgrammeForm,
        create=lambda data: actions.do_create_programme(acting_user=request.user, **data),
        form_kwargs={"user": request.user},
        template=FORM_TEMPLATE,
        context={
            "cancel_url": reverse("goals:programme_list"),
            "heading_model": Programme._meta.verbose_name,
        },
    )


@login_required
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, can_edit = get_programme_for_user(request, pk)
    target_areas = programme.target_areas.prefetch_related(
        Prefetch("strategies", queryset=Strategy.objects.order_by("position", "pk"))
    )
    context = {
        "programme": programme,
        "can_edit": can_edit,
        "target_areas": target_areas,
        "principles": programme.principles.all(),
        "knowledge_items": programme.knowledge_items.all(),
    }
    return render(request, "goals/programme_detail.html", context)


@login_required
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, can_edit = get_programme_for_user(request, pk)
    return edit_page(
        request,
        obj=programme,
        allowed=can_edit,
        form_class=ProgrammeForm,
        update=_update(request),
        template=FORM_TEMPLATE,
        context={"cancel_url": programme.get_absolute_url()},
        success_url=programme.get_absolute_url(),
        form_kwargs={"user": request.user},
    )


@login_required
def target_area_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area, can_edit = get_target_area_for_user(request, pk)
    context = {
        "area": area,
        "programme": area.programme,
        "can_edit": can_edit,
        "strategies": area.strategies.all(),
        "linked_processes": area.change_processes.order_by("name"),
        "linked_proposals": _proposals_linked_to(area),
        "linked_indicators": [
            (indicator, headline_trend(indicator)) for indicator in area.indicators.order_by("name")
        ],
    }
    return render(request, "goals/target_area_detail.html", context)


def _proposals_linked_to(area: Any) -> Any:
    """Proposals linked to the area directly or through their change process, with their current state."""
    from django.db.models import Q

    from jamlik.proposals.models import Proposal

    linked = Proposal.objects.filter(Q(target_areas=area) | Q(process__target_areas=area)).values("pk")
    return Proposal.objects.filter(pk__in=linked).with_current().order_by("process__name", "heading", "pk")


def _part_create(
    request: AuthenticatedHttpRequest, parent: Any, can_edit: bool, form_class: type, create: Any
) -> HttpResponse:
    return create_page(
        request,
        allowed=can_edit,
        form_class=form_class,
        create=create,
        template=FORM_TEMPLATE,
        context={
            "cancel_url": parent.get_absolute_url(),
            "heading_model": form_class._meta.model._meta.verbose_name,  # type: ignore[attr-defined]
        },
    )


@login_required
def target_area_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, can_edit = get_programme_for_user(request, pk)
    return _part_create(
        request,
        programme,
        can_edit,
        TargetAreaForm,
        lambda data: actions.do_add_target_area(programme, acting_user=request.user, **data),
    )


@login_required
def strategy_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area, can_edit = get_target_area_for_user(request, pk)
    return _part_create(
        request,
        area,
        can_edit,
        StrategyForm,
        lambda data: actions.do_add_strategy(area, acting_user=request.user, **data),
    )


@login_required
def principle_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, can_edit = get_programme_for_user(request, pk)
    return _part_create(
        request,
        programme,
        can_edit,
        PrincipleForm,
        lambda data: actions.do_add_principle(programme, acting_user=request.user, **data),
    )


@login_required
def knowledge_item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, can_edit = get_programme_for_user(request, pk)
    return _part_create(
        request,
        programme,
        can_edit,
        KnowledgeItemForm,
        lambda data: actions.do_add_knowledge_item(programme, acting_user=request.user, **data),
    )


def _part_edit(
    request: AuthenticatedHttpRequest, obj: Any, can_edit: bool, form_class: type, back: str
) -> HttpResponse:
    return edit_page(
        request,
        obj=obj,
        allowed=can_edit,
        form_class=form_class,
        update=_update(request),
        template=FORM_TEMPLATE,
        context={"cancel_url": back},
        success_url=back,
    )


@login_required
def target_area_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area, can_edit = get_target_area_for_user(request, pk)
    return _part_edit(request, area, can_edit, TargetAreaForm, area.get_absolute_url())


@login_required
def strategy_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    strategy, can_edit = get_strategy_for_user(request, pk)
    return _part_edit(request, strategy, can_edit, StrategyForm, strategy.target_area.get_absolute_url())


@login_required
def principle_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    principle, can_edit = get_principle_for_user(request, pk)
    return _part_edit(request, principle, can_edit, PrincipleForm, principle.programme.get_absolute_url())


@login_required
def knowledge_item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item, can_edit = get_knowledge_item_for_user(request, pk)
    return _part_edit(request, item, can_edit, KnowledgeItemForm, item.programme.get_absolute_url())
