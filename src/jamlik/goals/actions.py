"""Changes to programme goals. Each creates or saves one object and writes its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import OrganisationUnit, User
from jamlik.goals.models import (
    DEFAULT_INTEGRATED_GOALS,
    DEFAULT_ROOMS,
    KnowledgeItem,
    ManagementModel,
    ParkedIssue,
    Principle,
    Programme,
    ProgrammePart,
    Room,
    RoomLink,
    Strategy,
    TargetArea,
)


def do_create_programme(*, acting_user: User | None, **fields: Any) -> Programme:
    programme: Programme = create_logged(
        Programme, acting_user=acting_user, audit_code="programme.created", **fields
    )
    return programme


def do_add_target_area(programme: Programme, *, acting_user: User | None, **fields: Any) -> TargetArea:
    area: TargetArea = create_logged(
        TargetArea, acting_user=acting_user, audit_code="targetarea.created", programme=programme, **fields
    )
    return area


def do_add_strategy(target_area: TargetArea, *, acting_user: User | None, **fields: Any) -> Strategy:
    strategy: Strategy = create_logged(
        Strategy, acting_user=acting_user, audit_code="strategy.created", target_area=target_area, **fields
    )
    return strategy


def do_add_principle(programme: Programme, *, acting_user: User | None, **fields: Any) -> Principle:
    principle: Principle = create_logged(
        Principle, acting_user=acting_user, audit_code="principle.created", programme=programme, **fields
    )
    return principle


def do_add_knowledge_item(programme: Programme, *, acting_user: User | None, **fields: Any) -> KnowledgeItem:
    item: KnowledgeItem = create_logged(
        KnowledgeItem,
        acting_user=acting_user,
        audit_code="knowledgeitem.created",
        programme=programme,
        **fields,
    )
    return item


def do_update_goal(
    obj: Programme | ProgrammePart, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Save an edit of a programme or one of its parts, refusing it if someone saved in between."""
    return save_versioned(
        obj,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code=f"{obj._meta.model_name}.changed",
    )


# --- The House (management model), its rooms and the garage -----------------------------------------------


def do_create_management_model(
    unit: OrganisationUnit,
    *,
    acting_user: User | None,
    name: str = "",
    with_default_rooms: bool = True,
    **fields: Any,
) -> ManagementModel:
    """A house for the unit, by default with seed 001's six rooms, each with a gender-equality goal.

    The integrated goals default to the three of seed 001 (sustainable, gender-equal, children's rights).
    """
    fields.setdefault("integrated_goals", "\n".join(str(goal) for goal in DEFAULT_INTEGRATED_GOALS))
    with transaction.atomic():
        house = ManagementModel.objects.create(unit=unit, name=name or gettext("The House"), **fields)
        rooms = []
        if with_default_rooms:
            for position, room_name in enumerate(DEFAULT_ROOMS, start=1):
                rooms.append(
                    Room.objects.create(
                        house=house,
                        name=str(room_name),
                        position=position,
                        gender_equality_goal=default_gender_equality_goal(str(room_name)),
                    )
                )
        log_action(
            "managementmodel.created",
            actor=acting_user,
            obj=house,
            changes={"unit": jsonable(unit), "name": [None, house.name], "rooms": [r.name for r in rooms]}
            | {k: [None, jsonable(v)] for k, v in fields.items()},
        )
    return house


def default_gender_equality_goal(room_name: str) -> str:
    return gettext(
        "Women and men, girls and boys get work of equal quality in %(room)s; sex does not steer "
        "assessments or decisions where it is not relevant, and we follow it up with sex-disaggregated data."
    ) % {"room": room_name.lower()}


def do_update_management_model(
    house: ManagementModel, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        house,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="managementmodel.changed",
    )


def do_add_room(house: ManagementModel, *, acting_user: User | None, name: str, **fields: Any) -> Room:
    """A new room; without a gender-equality goal of its own it gets the default one."""
    if "position" not in fields:
        fields["position"] = (
            house.rooms.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    if not fields.get("gender_equality_goal"):
        fields["gender_equality_goal"] = default_gender_equality_goal(name)
    room: Room = create_logged(
        Room, acting_user=acting_user, audit_code="room.created", house=house, name=name, **fields
    )
    return room


def do_update_room(
    room: Room, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        room, acting_user=acting_user, data=data, expected_version=expected_version, code="room.changed"
    )


def do_add_room_link(room: Room, *, acting_user: User | None, title: str, url: str) -> RoomLink:
    link: RoomLink = create_logged(
        RoomLink, acting_user=acting_user, audit_code="roomlink.created", room=room, title=title, url=url
    )
    return link


def do_park_issue(
    house: ManagementModel, *, acting_user: User | None, title: str, reason: str, **fields: Any
) -> ParkedIssue:
    """Put an issue in the garage, with why it waits, who owns it and when to look at it again."""
    fields.setdefault("parked_on", timezone.localdate())
    if "revisit_on" in fields and fields["revisit_on"] < fields["parked_on"]:
        raise ValidationError(
            {"revisit_on": gettext("The revisit date cannot be before the date it was parked.")}
        )
    issue: ParkedIssue = create_logged(
        ParkedIssue,
        acting_user=acting_user,
        audit_code="parkedissue.parked",
        house=house,
        title=title,
        reason=reason,
        **fields,
    )
    return issue


def do_update_parked_issue(
    issue: ParkedIssue, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        issue,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="parkedissue.changed",
    )


def do_pick_up_parked_issue(
    issue: ParkedIssue,
    *,
    acting_user: User | None,
    room: Room | None = None,
    process: Any = None,
    note: str = "",
    on: datetime.date | None = None,
) -> ParkedIssue:
    """Take an issue out of the garage into one of the house's rooms or into a change process.

    (Picking it up into an action plan is `followup.actions.do_pick_up_issue_into_plan`.)
    """
    if (room is None) == (process is None):
        raise ValidationError(gettext("Choose either a room or a change process."))
    if room is not None and room.house_id != issue.house_id:
        raise ValidationError({"room": gettext("The room belongs to another house.")})
    on = on or timezone.localdate()
    with transaction.atomic():
        current = ParkedIssue.objects.select_for_update().get(pk=issue.pk)
        if current.status != ParkedIssue.Status.PARKED:
            raise ValidationError(gettext("The issue is no longer parked."))
        data = {
            "status": ParkedIssue.Status.PICKED_UP,
            "picked_up_on": on,
            "picked_up_room": room,
            "picked_up_process": process,
            "outcome_note": note,
        }
        ParkedIssue.objects.filter(pk=issue.pk).update(**data, version=current.version + 1)
        for key, value in data.items():
            setattr(issue, key, value)
        issue.version = current.version + 1
        log_action(
            "parkedissue.picked_up",
            actor=acting_user,
            obj=issue,
            changes={"status": [current.status, issue.status]}
            | {k: jsonable(v) for k, v in data.items() if k != "status"},
        )
    return issue


def do_drop_parked_issue(issue: ParkedIssue, *, acting_user: User | None, note: str) -> ParkedIssue:
    """Decide that a parked issue will not be taken up, and say why."""
    with transaction.atomic():
        current = ParkedIssue.objects.select_for_update().get(pk=issue.pk)
        if current.status != ParkedIssue.Status.PARKED:
            raise ValidationError(gettext("The issue is no longer parked."))
        ParkedIssue.objects.filter(pk=issue.pk).update(
            status=ParkedIssue.Status.DROPPED, outcome_note=note, version=current.version + 1
        )
        issue.status, issue.outcome_note, issue.version = (
            ParkedIssue.Status.DROPPED,
            note,
            current.version + 1,
        )
        log_action(
            "parkedissue.dropped",
            actor=acting_user,
            obj=issue,
            changes={"status": [current.status, issue.status], "note": note},
        )
    return issue
