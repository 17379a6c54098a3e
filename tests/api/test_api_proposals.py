"""Proposals, decisions and assessments over the API, by the proposals app's rules and actions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from jamlik.core.models import AuditEntry
from jamlik.proposals.models import Decision, Proposal
from tests.api.helpers import bearer, call

pytestmark = pytest.mark.django_db


def test_a_leader_writes_proposals_for_the_process_they_lead_only(world: Any) -> None:
    client = bearer(world, "process_leader")
    own, other = world.objects["own_process"], world.objects["other_process"]
    created = call(
        client,
        "POST",
        f"/api/processes/{own.pk}/proposals",
        {"title": "Läxhjälp i biblioteket", "heading": "Skola", "directed_to_id": world.unit_a.pk},
    )
    assert created.status_code == 201
    assert created.json()["process_id"] == own.pk and created.json()["directed_to_id"] == world.unit_a.pk
    proposal = Proposal.objects.get(title="Läxhjälp i biblioteket")
    assert AuditEntry.objects.for_object(proposal).filter(code="proposal.created").count() == 1
    refused = call(client, "POST", f"/api/processes/{other.pk}/proposals", {"title": "Annat"})
    assert refused.status_code == 403 and not Proposal.objects.filter(title="Annat").exists()


def test_list_filters_by_process_decision_and_queue(world: Any) -> None:
    client = bearer(world, "reader")
    own = world.objects["own_process"]
    by_process = client.get(f"/api/proposals?process_id={own.pk}").json()
    assert {p["title"] for p in by_process["items"]} == {"Förslag own", "Beslutat own"}
    prioritised = client.get("/api/proposals?decision=prioritised").json()
    assert {p["title"] for p in prioritised["items"]} == {"Beslutat own", "Beslutat other"}
    undecided = client.get("/api/proposals?queue=undecided&limit=2").json()
    assert undecided["count"] == 3 and len(undecided["items"]) == 2
    assert client.get("/api/proposals?queue=everything").status_code == 422


def test_management_decides_and_the_leaders_get_feedback(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = bearer(world, "management_member")
    proposal = world.objects["own_proposal"]
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client,
            "POST",
            f"/api/proposals/{proposal.pk}/decisions",
            {
                "kind": "trial",
                "body": "Ledningsgruppen",
                "trial_start": "2025-01-01",
                "trial_end": "2025-06-30",
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "trial" and body["feedback"] == "Godkänt på försök. 2025-01-01 – 2025-06-30"
    proposal.refresh_from_db()
    assert proposal.latest_decision_id == body["id"]
    assert [m.to for m in mail.outbox] == [["process_leader@example.org"]]
    listed = bearer(world, "reader").get(f"/api/proposals/{proposal.pk}/decisions").json()
    assert [d["id"] for d in listed] == [body["id"]]


def test_a_refusal_without_a_reason_is_refused_in_swedish(world: Any) -> None:
    client = bearer(world, "management_member")
    proposal = world.objects["own_proposal"]
    response = call(
        client, "POST", f"/api/proposals/{proposal.pk}/decisions", {"kind": "rejected", "body": "Ledningen"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "motivation", "message": "Ange skälet: processledarna behöver veta varför."}
    ]
    assert not Decision.objects.filter(proposal=proposal).exists()


def test_only_management_of_the_administration_decides(world: Any) -> None:
    proposal = world.objects["other_unit_proposal"]
    response = call(
        bearer(world, "management_member"),
        "POST",
        f"/api/proposals/{proposal.pk}/decisions",
        {"kind": "prioritised", "body": "Ledningen"},
    )
    assert response.status_code == 403 and not Decision.objects.filter(proposal=proposal).exists()


def test_assessments_are_added_and_the_latest_by_date_is_current(world: Any) -> None:
    client = bearer(world, "process_leader")
    proposal = world.objects["own_decided_proposal"]
    url = f"/api/proposals/{proposal.pk}/assessments"
    later = call(
        client,
        "POST",
        url,
        {
            "state": "implemented",
            "assessed_on": "2024-06-01",
            "assessor_name": "Ali",
            "assessor_role": "Chef",
        },
    )
    earlier = call(
        client,
        "POST",
        url,
        {"state": "partly", "assessed_on": "2024-01-01", "assessor_name": "Ali", "assessor_role": "Chef"},
    )
    assert later.status_code == earlier.status_code == 201
    proposal.refresh_from_db()
    assert proposal.latest_assessment_id == later.json()["id"]
    assert [a["state"] for a in client.get(url).json()] == ["partly", "implemented"]
    assert client.get(f"/api/assessments/{later.json()['id']}").json()["assessor_role"] == "Chef"
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    refused = call(
        client,
        "POST",
        url,
        {"state": "partly", "assessed_on": future, "assessor_name": "A", "assessor_role": "B"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"] == "En bedömning kan inte dateras i framtiden."
    assert proposal.assessments.count() == 2


def test_proposal_edit_refuses_a_stale_version(world: Any) -> None:
    client = bearer(world, "process_owner")
    proposal = world.objects["own_proposal"]
    url = f"/api/proposals/{proposal.pk}"
    area = world.objects["own_target_area"]
    first = call(
        client, "PATCH", url, {"version": 1, "description": "Mer text", "target_area_ids": [area.pk]}
    )
    assert first.status_code == 200 and first.json()["target_area_ids"] == [area.pk]
    stale = call(client, "PATCH", url, {"version": 1, "description": "Annan text"})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    unknown = call(client, "PATCH", url, {"version": 2, "strategy_ids": [999_999]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "strategies", "message": "Det finns inget sådant objekt (id 999999)."}
    ]
    proposal.refresh_from_db()
    assert proposal.description == "Mer text" and not proposal.strategies.exists()
