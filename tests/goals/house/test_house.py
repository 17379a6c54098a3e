"""The House: configurable per unit, drawn as an accessible SVG; the garage with overdue revisits."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.goals import actions
from jamlik.goals.models import ManagementModel, ParkedIssue

pytestmark = pytest.mark.django_db


def test_a_new_house_has_the_six_rooms_each_with_a_gender_equality_goal(world: Any) -> None:
    house = actions.do_create_management_model(world.unit_a, acting_user=world.users[Role.PROCESS_OWNER])
    rooms = list(house.rooms.all())
    assert len(rooms) == 6 and all(room.gender_equality_goal for room in rooms)
    assert len(house.lines("integrated_goals")) == 3
    entry = AuditEntry.objects.for_object(house).get()
    assert entry.code == "managementmodel.created" and len(entry.changes["rooms"]) == 6


def test_the_owner_builds_a_house_for_their_unit_only(owner_client: Any, world: Any) -> None:
    form = owner_client.get(reverse("goals:house_create")).context["form"]
    assert world.unit_b not in form.fields["unit"].queryset
    response = owner_client.post(
        reverse("goals:house_create"), {"unit": world.unit_a.pk, "with_default_rooms": "on"}
    )
    house = ManagementModel.objects.get(unit=world.unit_a)
    assert response["Location"] == house.get_absolute_url() and house.rooms.count() == 6


def test_the_house_is_drawn_with_a_title_a_description_and_a_link_per_part(as_role: Any, fu: Any) -> None:
    house = fu["own_house"]
    page = as_role(Role.READER).get(house.get_absolute_url()).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert re.search(r'<title id="house-title">', svg) and re.search(r'<desc id="house-desc">', svg)
    assert 'aria-labelledby="house-title house-desc"' in svg
    assert not re.search(r'\b(x|y|width|height)="[^"]*,', svg)  # no Swedish decimal commas in coordinates
    parts = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-part="([^"]+)"', svg)
    keys = [key for _href, _label, key in parts]
    assert keys[:2] == ["roof", "beam"] and keys[-2:] == ["foundation", "garage"]
    assert len([k for k in keys if k.startswith("room-")]) == 6
    for room in house.rooms.all():
        assert room.get_absolute_url() in svg and room.get_absolute_url() in page[page.index("</svg>") :]
    # The text alternative holds the same parts.
    assert 'id="house-roof"' in page and 'id="house-beam"' in page and 'id="house-foundation"' in page


def test_the_garage_lists_overdue_revisits_first_and_everywhere(as_role: Any, fu: Any, world: Any) -> None:
    house = fu["own_house"]
    late = actions.do_park_issue(
        house,
        acting_user=None,
        title="Sen fråga",
        reason="Väntar",
        parked_on=datetime.date(2020, 1, 1),
        revisit_on=datetime.date(2020, 6, 1),
        owner=world.users[Role.PROCESS_OWNER].person,
    )
    assert list(ParkedIssue.objects.overdue()) == [late]
    page = as_role(Role.READER).get(reverse("goals:garage", args=[house.pk])).content.decode()
    assert page.index("Sen fråga") < page.index(fu["own_issue"].title)
    assert page.count('class="overdue"') == 1
    assert late in as_role(Role.READER).get(reverse("goals:house_list")).context["overdue"]


def test_a_revisit_date_cannot_be_before_the_parking_date(fu: Any) -> None:
    with pytest.raises(ValidationError):
        actions.do_park_issue(
            fu["own_house"],
            acting_user=None,
            title="x",
            reason="y",
            parked_on=datetime.date(2024, 5, 1),
            revisit_on=datetime.date(2024, 4, 1),
        )


def test_a_parked_issue_is_picked_up_into_a_room_or_a_process(owner_client: Any, fu: Any, world: Any) -> None:
    issue, room = fu["own_issue"], fu["own_room"]
    response = owner_client.post(
        reverse("goals:parked_issue_pick_up", args=[issue.pk]), {"room": room.pk, "note": "Tas upp i rummet"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "picked_up" and issue.picked_up_room == room and issue.picked_up_on
    assert owner_client.get(reverse("goals:parked_issue_pick_up", args=[issue.pk])).status_code == 403
    other = actions.do_park_issue(
        fu["own_house"],
        acting_user=None,
        title="Till process",
        reason="Senare",
        revisit_on=datetime.date.today(),
    )
    actions.do_pick_up_parked_issue(other, acting_user=None, process=world.objects["own_process"])
    assert other.picked_up_process == world.objects["own_process"]
    with pytest.raises(ValidationError):
        actions.do_pick_up_parked_issue(other, acting_user=None, process=world.objects["own_process"])


def test_a_room_from_another_house_is_refused(fu: Any) -> None:
    with pytest.raises(ValidationError):
        actions.do_pick_up_parked_issue(fu["own_issue"], acting_user=None, room=fu["other_room"])


def test_rooms_carry_goals_questions_and_documents(owner_client: Any, fu: Any) -> None:
    room = fu["own_room"]
    owner_client.post(
        reverse("goals:room_link_create", args=[room.pk]),
        {"title": "Rutin", "url": "https://intranat.example.org/rutin"},
    )
    owner_client.post(
        reverse("goals:room_edit", args=[room.pk]),
        {
            "name": room.name,
            "position": room.position,
            "goals": "Mål ett\nMål två",
            "gender_equality_goal": room.gender_equality_goal,
            "followup_questions": "Fråga?",
            "version": room.version,
        },
    )
    page = owner_client.get(room.get_absolute_url()).content.decode()
    assert "Mål två" in page and "Fråga?" in page and "https://intranat.example.org/rutin" in page
