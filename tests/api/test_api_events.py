"""Events and registrations over the API: registrations go through the web form's own action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from jamlik.core.models import AuditEntry, OrganisationUnit
from jamlik.events.actions import do_cancel_registration
from jamlik.events.models import Event, Registration
from tests.api.helpers import bearer, call
from tests.events.helpers import event_objects, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(world: Any) -> dict[str, Any]:
    return event_objects(world)


def _person(email: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Sara Exempel", "email": email, **extra}


def test_a_registration_gets_a_seat_by_quota_and_the_link_only_by_email(
    world: Any, ev: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sector = OrganisationUnit.objects.get(code="A1")
    session = ev["own_event"].sessions.get(title="Nudging")
    url = f"/api/events/{ev['own_event'].pk}/registrations"
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            bearer(world, "participant"),
            "POST",
            url,
            _person("sara@example.org", unit_id=sector.pk, session_ids=[session.pk]),
        )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed" and body["session_ids"] == [session.pk]
    assert body["quota_id"] == ev["own_event"].quotas.get(name="Förvaltning A").pk
    registration = Registration.objects.get(email="sara@example.org")
    assert AuditEntry.objects.for_object(registration).filter(code="registration.created").count() == 1
    # The personal link goes to the registrant's inbox and nowhere else.
    assert [m.to for m in mail.outbox] == [["sara@example.org"]]
    assert "token" not in str(body).lower() and "/anmalan/" not in response.content.decode()


def test_the_forms_rules_refuse_bad_registrations_in_swedish(world: Any, ev: Any) -> None:
    client = bearer(world, "reader")
    url = f"/api/events/{ev['own_event'].pk}/registrations"
    before = Registration.objects.count()
    external = call(client, "POST", url, _person("ext@example.org"))
    assert external.status_code == 422
    assert external.json()["errors"] == [
        {"field": "organisation", "message": "Ange vilken organisation du kommer från."}
    ]
    bad_email = call(client, "POST", url, _person("inte-en-adress", organisation="Föreningen"))
    assert bad_email.status_code == 422 and bad_email.json()["errors"][0]["field"] == "email"
    twice = call(client, "POST", url, _person("forst@example.org", organisation="Föreningen"))
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["message"].startswith("E-postadressen är redan anmäld")
    assert Registration.objects.count() == before


def test_a_full_event_refuses_or_queues_as_asked(world: Any, ev: Any) -> None:
    event = make_event(world.unit_b, title="Liten workshop", capacity=1, release_in_days=None)
    client = bearer(world, "reader")
    url = f"/api/events/{event.pk}/registrations"
    assert (
        call(client, "POST", url, _person("a@example.org", organisation="X")).json()["status"] == "confirmed"
    )
    full = call(client, "POST", url, _person("b@example.org", organisation="X"))
    assert full.status_code == 422
    assert full.json()["errors"][0]["message"] == "Evenemanget är fullt. Du kan ställa dig på reservlistan."
    queued = call(client, "POST", url, _person("b@example.org", organisation="X", join_waiting_list=True))
    assert queued.status_code == 201 and queued.json()["status"] == "waiting"


def test_registrations_are_for_the_event_organisers_only(world: Any, ev: Any) -> None:
    reader = bearer(world, "reader")  # works in sector A1, which organises the own event only
    own = reader.get(f"/api/events/{ev['own_event'].pk}/registrations").json()
    assert {r["email"] for r in own["items"]} == {"forst@example.org", "vera@example.org"}
    do_cancel_registration(ev["registration"])
    cancelled = reader.get(f"/api/events/{ev['own_event'].pk}/registrations?status=cancelled").json()
    assert [r["name"] for r in cancelled["items"]] == ["Vera Väntar"]
    other = ev["other_event"]
    assert reader.get(f"/api/events/{other.pk}/registrations").status_code == 403
    other_registration = other.registrations.first()
    hidden = reader.get(f"/api/registrations/{other_registration.pk}")
    assert hidden.status_code == 404 and hidden.json() == reader.get("/api/registrations/999999").json()
    assert (
        bearer(world, "process_owner").get(f"/api/registrations/{other_registration.pk}").status_code == 200
    )


def test_an_event_is_created_in_local_time_and_edited_with_a_version(world: Any) -> None:
    client = bearer(world, "process_owner")
    body = {
        "title": "Ledarforum",
        "starts_at": "2030-05-01T09:00:00",
        "ends_at": "2030-05-01T12:00:00",
        "place": "Stadshuset",
        "organiser_unit_id": world.unit_a.pk,
        "capacity": 40,
        "registration_closes_at": "2030-04-25T12:00:00",
    }
    created = call(client, "POST", "/api/events", body)
    assert created.status_code == 201
    assert created.json()["starts_at"] == "2030-05-01T09:00:00+02:00"  # read as Stockholm summer time
    backwards = call(client, "POST", "/api/events", {**body, "ends_at": "2030-05-01T08:00:00"})
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["message"] == "Evenemanget kan inte sluta innan det börjar."
    url = f"/api/events/{created.json()['id']}"
    assert call(client, "PATCH", url, {"version": 1, "capacity": 60}).json()["version"] == 2
    stale = call(client, "PATCH", url, {"version": 1, "capacity": 10})
    assert stale.status_code == 409 and stale.json()["changed_fields"] == ["capacity"]
    assert Event.objects.get(title="Ledarforum").capacity == 60


def test_event_list_filters(world: Any, ev: Any) -> None:
    client = bearer(world, "participant")
    assert client.get("/api/events?upcoming=true").json()["count"] == 2
    assert client.get("/api/events?upcoming=false").json()["count"] == 0
    in_b = client.get(f"/api/events?organiser_unit_id={world.unit_b.pk}").json()
    assert [e["title"] for e in in_b["items"]] == ["Annan konferens"]
    assert client.get("/api/events?kind=workshop").json()["count"] == 0
