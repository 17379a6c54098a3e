"""Fetching the House and its parts for a user: invisible and non-existent objects answer alike (404).

Rooms, documents and parked issues are fetched through their house, whose permissions decide.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.goals.models import ManagementModel, ParkedIssue, Room


def _check(request: HttpRequest, house: ManagementModel | None) -> bool:
    if house is None or not request.user.has_perm("goals.view_managementmodel", house):
        raise Http404
    return bool(request.user.has_perm("goals.change_managementmodel", house))


def get_house_for_user(request: HttpRequest, pk: int) -> tuple[ManagementModel, bool]:
    house = ManagementModel.objects.select_related("unit").filter(pk=pk).first()
    can_edit = _check(request, house)
    return house, can_edit  # type: ignore[return-value]


def get_room_for_user(request: HttpRequest, pk: int) -> tuple[Room, bool]:
    room = Room.objects.select_related("house__unit").filter(pk=pk).first()
    can_edit = _check(request, room.house if room else None)
    return room, can_edit  # type: ignore[return-value]


def get_parked_issue_for_user(request: HttpRequest, pk: int) -> tuple[ParkedIssue, bool]:
    issue = (
        ParkedIssue.objects.select_related("house__unit", "owner", "picked_up_room", "picked_up_process")
        .filter(pk=pk)
        .first()
    )
    can_edit = _check(request, issue.house if issue else None)
    return issue, can_edit  # type: ignore[return-value]
