"""Learning logs written by process leaders; ideas ranked and decided by management."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.followup.models import Idea, LearningLog

pytestmark = pytest.mark.django_db

LOG = {
    "period_start": "2024-01-01",
    "period_end": "2024-06-30",
    "activities": "Dialogcafé",
    "experiences": "Vi visste mindre än vi trodde",
    "new_activities": "Familjer med från start",
    "signs_of_change": "Fler frågar om barnens perspektiv",
}


def test_a_process_leader_writes_their_own_log_for_a_process_they_lead(as_role: Any, world: Any) -> None:
    client = as_role(Role.PROCESS_LEADER)
    page = client.get(reverse("followup:log_create"))
    choices = list(page.context["form"].fields["process"].queryset)
    assert choices == [world.objects["own_process"]] and "author" not in page.context["form"].fields
    response = client.post(
        reverse("followup:log_create"), {"process": world.objects["other_process"].pk, **LOG}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("followup:log_create"), {"process": world.objects["own_process"].pk, **LOG}
    )
    log = LearningLog.objects.get(signs_of_change=LOG["signs_of_change"])
    assert response["Location"] == log.get_absolute_url()
    assert log.author == world.users[Role.PROCESS_LEADER].person
    assert AuditEntry.objects.for_object(log).get().code == "learninglog.created"


def test_a_leader_cannot_edit_someone_else_s_log(as_role: Any, fu: Any) -> None:
    client = as_role(Role.PROCESS_LEADER)
    assert client.get(reverse("followup:log_edit", args=[fu["own_log"].pk])).status_code == 200
    assert client.get(reverse("followup:log_edit", args=[fu["other_log"].pk])).status_code == 403


def test_the_period_cannot_end_before_it_starts(as_role: Any, world: Any) -> None:
    client = as_role(Role.PROCESS_LEADER)
    response = client.post(
        reverse("followup:log_create"),
        {"process": world.objects["own_process"].pk, **LOG, "period_end": "2023-01-01"},
    )
    assert response.status_code == 400 and not LearningLog.objects.exists()


def test_ideas_come_in_unranked_and_management_ranks_and_decides(as_role: Any, fu: Any, world: Any) -> None:
    idea = fu["own_idea"]
    page = as_role(Role.READER).get(reverse("followup:idea_list"))
    assert idea in page.context["unranked"] and not page.context["ranked"]
    client = as_role(Role.MANAGEMENT_MEMBER)
    owner = world.users[Role.PROCESS_LEADER].person
    response = client.post(
        reverse("followup:idea_decide", args=[idea.pk]),
        {"rank": 1, "decision": "prioritised", "owner": owner.pk, "decision_note": "Viktigast"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.rank, idea.decision, idea.owner, idea.decided_on is not None) == (
        1,
        "prioritised",
        owner,
        True,
    )
    entry = AuditEntry.objects.for_object(idea).get(code="idea.decided")
    assert entry.actor == world.users[Role.MANAGEMENT_MEMBER] and entry.changes["rank"] == [None, 1]
    page = as_role(Role.READER).get(reverse("followup:idea_list"))
    assert idea in page.context["ranked"]


def test_a_prioritised_idea_needs_someone_to_carry_it(fu: Any, world: Any) -> None:
    with pytest.raises(ValidationError):
        actions.do_decide_idea(
            fu["own_idea"],
            acting_user=world.users[Role.MANAGEMENT_MEMBER],
            rank=1,
            decision=Idea.Decision.PRIORITISED,
        )
