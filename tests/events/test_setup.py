"""An organiser sets up an event through the pages: event, quotas, time slots, sessions and questions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.events.models import Event

pytestmark = pytest.mark.django_db


def test_organiser_builds_a_conference_with_parallel_sessions(world: Any) -> None:
    client = Client()
    client.force_login(world.users["process_owner"])
    response = client.post(
        reverse("events:create"),
        {
            "kind": "conference",
            "title": "Jämlikhetskonferensen",
            "starts_at": "2030-05-29T08:30",
            "ends_at": "2030-05-29T16:00",
            "place": "Burgården",
            "organiser_unit": world.unit_a.pk,
            "capacity": 500,
            "registration_closes_at": "2030-05-20T23:59",
            "quota_release_at": "2030-04-27T00:00",
            "max_sessions": 2,
            "hold_hours": 48,
            "answer_retention_days": 30,
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.get_absolute_url() == response["Location"]

    def post(name: str, data: dict[str, Any]) -> None:
        assert client.post(reverse(name, args=[event.pk]), data).status_code == 302

    post(
        "events:quota_create",
        {"name": "Förvaltning A", "units": [world.unit_a.pk], "size": 200, "position": 1},
    )
    post("events:quota_create", {"name": "Externa/Övriga", "size": 40, "position": 2})
    # A unit cannot be in two quotas of the same event.
    refused = client.post(
        reverse("events:quota_create", args=[event.pk]),
        {"name": "Igen", "units": [world.unit_a.pk], "size": 1},
    )
    assert refused.status_code == 400
    post(
        "events:slot_create",
        {"starts_at": "2030-05-29T10:00", "ends_at": "2030-05-29T11:00", "label": "Pass 1"},
    )
    slot = event.slots.get()
    for title in ["Närområden som bryr sig", "Nudging"]:
        post(
            "events:session_create",
            {"slot": slot.pk, "title": title, "speakers": "Anna A", "room": "Sal A", "capacity": 100},
        )
    post("events:question_create", {"text": "Specialkost", "position": 1})
    assert event.quotas.count() == 2
    assert list(slot.sessions.values_list("title", flat=True)) == ["Nudging", "Närområden som bryr sig"]
    codes = set(AuditEntry.objects.values_list("code", flat=True))
    assert {
        "event.created",
        "quota.created",
        "timeslot.created",
        "session.created",
        "question.created",
    } <= codes

    edit = client.get(reverse("events:edit", args=[event.pk]))
    assert edit.status_code == 200
    data = {k: v for k, v in edit.context["form"].initial.items() if v is not None}
    data.update(
        {
            "title": "Jämlikhetskonferensen 2030",
            "version": event.version,
            "starts_at": "2030-05-29T08:30",
            "ends_at": "2030-05-29T16:00",
            "registration_closes_at": "2030-05-20T23:59",
            "quota_release_at": "2030-04-27T00:00",
        }
    )
    assert client.post(reverse("events:edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Jämlikhetskonferensen 2030"
    assert AuditEntry.objects.filter(code="event.changed").count() == 1


def test_a_session_from_another_event_cannot_be_chosen_as_slot(world: Any) -> None:
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get(reverse("events:session_create", args=[999_999])).status_code == 404
