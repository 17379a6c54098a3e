"""The House: the management model drawn as a house, its rooms and its garage of parked issues."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.followup.pages import FORM_PAGE, form_page, posted
from jamlik.goals import actions
from jamlik.goals.house_access import get_house_for_user, get_parked_issue_for_user, get_room_for_user
from jamlik.goals.house_drawing import house_drawing
from jamlik.goals.house_forms import (
    DropForm,
    HouseCreateForm,
    HouseForm,
    ParkedIssueForm,
    ParkIssueForm,
    PickUpForm,
    RoomCreateForm,
    RoomForm,
    RoomLinkForm,
)
from jamlik.goals.models import ManagementModel, ParkedIssue


def _crumbs(house: ManagementModel | None = None) -> list[tuple[Any, str]]:
    trail = [(_("The House"), reverse("goals:house_list"))]
    if house is not None:
        trail.append((str(house), house.get_absolute_url()))
    return trail


def _update(request: AuthenticatedHttpRequest, action: Any) -> Any:
    return lambda obj, data, version: action(
        obj, acting_user=request.user, data=data, expected_version=version
    )


@login_required
def house_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "goals.view_managementmodel")
    context = {
        "houses": ManagementModel.objects.select_related("unit").prefetch_related("rooms"),
        "overdue": ParkedIssue.objects.overdue().select_related("house__unit", "owner"),
        "can_add": request.user.has_perm("goals.add_managementmodel"),
    }
    return render(request, "goals/house/house_list.html", context)


@login_required
def house_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    def run(data: dict[str, Any]) -> ManagementModel:
        unit = data.pop("unit")
        if not data["integrated_goals"]:
            del data["integrated_goals"]
        return actions.do_create_management_model(unit, acting_user=request.user, **data)

    return form_page(
        request,
        allowed=request.user.has_perm("goals.add_managementmodel"),
        form=HouseCreateForm(posted(request), user=request.user),
        run=run,
        success_url=lambda house: house.get_absolute_url(),
        success_message=_("The house was built."),
        context={
            "heading": _("New house"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("goals:house_list"),
        },
    )


@login_required
def house_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    house, can_edit = get_house_for_user(request, pk)
    rooms = list(house.rooms.prefetch_related("links"))
    parked = house.parked_issues.parked().count()
    context = {
        "house": house,
        "can_edit": can_edit,
        "rooms": rooms,
        "parked_count": parked,
        "drawing": house_drawing(house, rooms, parked),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "goals/house/house_detail.html", context)


@login_required
def house_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    house, can_edit = get_house_for_user(request, pk)
    return edit_page(
        request,
        obj=house,
        allowed=can_edit,
        form_class=HouseForm,
        update=_update(request, actions.do_update_management_model),
        template=FORM_PAGE,
        context={
            "heading": _("Edit the house"),
            "breadcrumbs": _crumbs(house),
            "cancel_url": house.get_absolute_url(),
        },
        success_url=house.get_absolute_url(),
    )


@login_required
def room_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    house, can_edit = get_house_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=RoomCreateForm(posted(request)),
        run=lambda data: actions.do_add_room(house, acting_user=request.user, **data),
        success_url=lambda room: room.get_absolute_url(),
        success_message=_("The room was added."),
        context={
            "heading": _("New room"),
            "breadcrumbs": _crumbs(house),
            "cancel_url": house.get_absolute_url(),
        },
    )


@login_required
def room_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    room, can_edit = get_room_for_user(request, pk)
    context = {
        "room": room,
        "house": room.house,
        "can_edit": can_edit,
        "links": room.links.all(),
        "stops": room.wheel_stops.select_related("owner"),
        "picked_up": room.picked_up_issues.all(),
        "breadcrumbs": _crumbs(room.house),
    }
    return render(request, "goals/house/room_detail.html", context)


@login_required
def room_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    room, can_edit = get_room_for_user(request, pk)
    return edit_page(
        request,
        obj=room,
        allowed=can_edit,
        form_class=RoomForm,
        update=_update(request, actions.do_update_room),
        template=FORM_PAGE,
        context={
            "heading": _("Edit room %(name)s") % {"name": room.name},
            "breadcrumbs": _crumbs(room.house),
            "cancel_url": room.get_absolute_url(),
        },
        success_url=room.get_absolute_url(),
    )


@login_required
def room_link_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    room, can_edit = get_room_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=RoomLinkForm(posted(request)),
        run=lambda data: actions.do_add_room_link(room, acting_user=request.user, **data),
        success_url=room.get_absolute_url(),
        success_message=_("The document was added."),
        context={
            "heading": _("Add a document to %(name)s") % {"name": room.name},
            "breadcrumbs": _crumbs(room.house),
            "cancel_url": room.get_absolute_url(),
        },
    )


@login_required
def garage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    house, can_edit = get_house_for_user(request, pk)
    issues = house.parked_issues.select_related("owner", "picked_up_room", "picked_up_process")
    context = {
        "house": house,
        "can_edit": can_edit,
        "parked": [i for i in issues if i.status == ParkedIssue.Status.PARKED],
        "handled": [i for i in issues if i.status != ParkedIssue.Status.PARKED],
        "today": timezone.localdate(),
        "breadcrumbs": _crumbs(house),
    }
    return render(request, "goals/house/garage.html", context)


@login_required
def parked_issue_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    house, can_edit = get_house_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ParkIssueForm(posted(request), initial={"parked_on": timezone.localdate()}),
        run=lambda data: actions.do_park_issue(house, acting_user=request.user, **data),
        success_url=reverse("goals:garage", args=[house.pk]),
        success_message=_("The issue was parked in the garage."),
        context={
            "heading": _("Park an issue in the garage"),
            "breadcrumbs": _crumbs(house),
            "cancel_url": reverse("goals:garage", args=[house.pk]),
        },
    )


@login_required
def parked_issue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue, can_edit = get_parked_issue_for_user(request, pk)
    context = {
        "issue": issue,
        "can_edit": can_edit,
        "actions": issue.actions.select_related("theme__plan"),
        "overdue": issue.is_overdue(),
        "breadcrumbs": [*_crumbs(issue.house), (_("Garage"), reverse("goals:garage", args=[issue.house_id]))],
    }
    return render(request, "goals/house/parked_issue_detail.html", context)


@login_required
def parked_issue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue, can_edit = get_parked_issue_for_user(request, pk)
    return edit_page(
        request,
        obj=issue,
        allowed=can_edit,
        form_class=ParkedIssueForm,
        update=_update(request, actions.do_update_parked_issue),
        template=FORM_PAGE,
        context={
            "heading": _("Edit parked issue"),
            "breadcrumbs": _crumbs(issue.house),
            "cancel_url": issue.get_absolute_url(),
        },
        success_url=issue.get_absolute_url(),
    )


@login_required
def parked_issue_pick_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue, can_edit = get_parked_issue_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit and issue.status == ParkedIssue.Status.PARKED,
        form=PickUpForm(posted(request), issue=issue),
        run=lambda data: actions.do_pick_up_parked_issue(issue, acting_user=request.user, **data),
        success_url=issue.get_absolute_url(),
        success_message=_("The issue was picked up from the garage."),
        context={
            "heading": _("Pick up: %(title)s") % {"title": issue.title},
            "breadcrumbs": _crumbs(issue.house),
            "cancel_url": issue.get_absolute_url(),
        },
    )


@login_required
def parked_issue_drop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue, can_edit = get_parked_issue_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit and issue.status == ParkedIssue.Status.PARKED,
        form=DropForm(posted(request)),
        run=lambda data: actions.do_drop_parked_issue(issue, acting_user=request.user, note=data["note"]),
        success_url=issue.get_absolute_url(),
        success_message=_("The issue was taken out of the garage without being picked up."),
        context={
            "heading": _("Drop: %(title)s") % {"title": issue.title},
            "breadcrumbs": _crumbs(issue.house),
            "cancel_url": issue.get_absolute_url(),
        },
    )
