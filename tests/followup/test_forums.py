"""Forums with agenda items, notes and decisions; the open project workshop followed to an outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup.models import WorkshopSubmission

pytestmark = pytest.mark.django_db


def test_an_agenda_item_links_a_process_and_records_notes_and_a_decision(
    owner_client: Any, fu: Any, world: Any
) -> None:
    meeting = fu["own_meeting"]
    owner_client.post(
        reverse("followup:agenda_item_create", args=[meeting.pk]),
        {"title": "Lägesrapport", "process": world.objects["own_process"].pk},
    )
    item = meeting.agenda_items.get(title="Lägesrapport")
    owner_client.post(
        reverse("followup:agenda_item_outcome", args=[item.pk]), {"notes": "Bra läge", "decision": "Fortsätt"}
    )
    item.refresh_from_db()
    assert (item.process, item.decision) == (world.objects["own_process"], "Fortsätt")
    page = owner_client.get(meeting.get_absolute_url()).content.decode()
    assert "Fortsätt" in page and world.objects["own_process"].name in page


def test_staff_bring_something_to_the_workshop_and_it_is_followed_to_an_outcome(
    as_role: Any, owner_client: Any, fu: Any, world: Any
) -> None:
    forum = fu["own_forum"]
    response = as_role(Role.READER).post(
        reverse("followup:submission_create", args=[forum.pk]),
        {"kind": "need", "title": "Tolk på föräldramöten", "description": "Föräldrar missar information."},
    )
    submission = WorkshopSubmission.objects.get(title="Tolk på föräldramöten")
    assert response.status_code == 302 and submission.submitted_by == world.users[Role.READER].person
    owner_client.post(
        reverse("followup:submission_follow_up", args=[submission.pk]),
        {"status": "done", "outcome": "Tolk bokas till alla möten"},
    )
    submission.refresh_from_db()
    assert submission.status == "done" and submission.outcome == "Tolk bokas till alla möten"
    assert AuditEntry.objects.for_object(submission).count() == 2


def test_the_forum_page_counts_meetings_with_equality_focus(as_role: Any, fu: Any) -> None:
    page = as_role(Role.READER).get(fu["own_forum"].get_absolute_url())
    assert page.context["equality_count"] == 1
