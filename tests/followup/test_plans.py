"""Action plans: numbered themes, lettered actions, owners reporting status, garage issues picked up."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.followup.models import Action, next_letter
from jamlik.goals.models import ParkedIssue

pytestmark = pytest.mark.django_db


def test_themes_are_numbered_and_actions_lettered(world: Any) -> None:
    plan = actions.do_create_action_plan(acting_user=None, owner_unit=world.unit_a, title="Plan")
    first = actions.do_add_plan_theme(plan, acting_user=None, title="Kompetens")
    second = actions.do_add_plan_theme(plan, acting_user=None, title="Öva")
    labels = [actions.do_add_action(first, acting_user=None, text=t).label for t in ("a", "b", "c")]
    labels.append(actions.do_add_action(second, acting_user=None, text="d").label)
    assert labels == ["1a", "1b", "1c", "2a"]
    assert next_letter({chr(c) for c in range(ord("a"), ord("z") + 1)}) == "aa"


def test_an_action_links_to_a_process_a_proposal_and_an_idea(fu: Any, world: Any, as_role: Any) -> None:
    action = actions.do_add_action(
        fu["own_plan_theme"],
        acting_user=None,
        text="Koppla",
        process=world.objects["own_process"],
        proposal=world.objects["own_proposal"],
        idea=fu["own_idea"],
        due_on=datetime.date(2020, 1, 1),
    )
    page = as_role(Role.READER).get(fu["own_plan"].get_absolute_url()).content.decode()
    assert world.objects["own_process"].name in page and fu["own_idea"].text in page
    assert action in Action.objects.overdue()


def test_the_owner_of_an_action_reports_its_status(as_role: Any, fu: Any, world: Any) -> None:
    action = fu["own_action"]
    response = as_role(Role.MANAGEMENT_MEMBER).post(
        reverse("followup:action_status", args=[action.pk]), {"status": "done", "status_note": "Klart i maj"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.status_note == "Klart i maj"
    assert AuditEntry.objects.for_object(action).filter(code="action.status_reported").count() == 1
    assert (
        as_role(Role.READER).post(reverse("followup:action_status", args=[action.pk]), {}).status_code == 403
    )


def test_a_parked_issue_is_picked_up_into_an_action_plan(owner_client: Any, fu: Any) -> None:
    issue = fu["own_issue"]
    response = owner_client.post(
        reverse("followup:issue_to_plan", args=[issue.pk]),
        {"theme": fu["own_plan_theme"].pk, "text": "Ta fram en mall"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    action = issue.actions.get()
    assert issue.status == ParkedIssue.Status.PICKED_UP and action.label == "1b"
    assert owner_client.get(reverse("followup:issue_to_plan", args=[issue.pk])).status_code == 403
    # The other unit's plan is not offered to the process owner.
    page = owner_client.get(reverse("followup:issue_to_plan", args=[fu["other_issue"].pk]))
    assert page.status_code == 403
