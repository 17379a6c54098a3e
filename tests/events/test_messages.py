"""The organiser writes to the participants, prints name badges and attendance lists; bulk registration."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from jamlik.core.models import AuditEntry, OrganisationUnit
from jamlik.events.actions import NewRegistrant, do_bulk_register, do_cancel_registration, do_register
from jamlik.events.models import Event, Registration, WaitingListEntry
from tests.events.helpers import make_event

pytestmark = pytest.mark.django_db


def _register_three(event: Event) -> None:
    sector = OrganisationUnit.objects.get(code="A1")
    morning = event.sessions.get(title="Närområden")
    do_register(event, name="Alva Ek", email="alva@example.org", unit=sector, sessions=[morning])
    do_register(event, name="Bertil Ask", email="bertil@example.org", unit=sector)
    do_register(event, name="Cilla Extern", email="cilla@example.org", unit=None, organisation="Polisen")


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_message_goes_to_each_participant_after_commit_with_an_audit_row(
    world: Any, conference: Event, django_capture_on_commit_callbacks: Any
) -> None:
    _register_three(conference)
    mail.outbox.clear()
    client = Client()
    client.force_login(world.users["administrator"])
    url = reverse("events:message", args=[conference.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"subject": "", "body": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"subject": "Välkomna", "body": "Vi ses i Stora salen kl. 8.30."})
    assert response.status_code == 302
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alva@example.org",
        "bertil@example.org",
        "cilla@example.org",
    ]
    assert all(len(m.to) == 1 and "Vi ses i Stora salen" in m.body for m in mail.outbox)
    entry = AuditEntry.objects.get(code="event.message_sent")
    assert entry.actor == world.users["administrator"]
    assert entry.changes["recipients"] == 3 and entry.changes["session"] is None


def test_message_to_one_session_reaches_only_its_participants(
    world: Any, conference: Event, django_capture_on_commit_callbacks: Any
) -> None:
    _register_three(conference)
    mail.outbox.clear()
    client = Client()
    client.force_login(world.users["administrator"])
    session = conference.sessions.get(title="Närområden")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:message", args=[conference.pk]),
            {"session": session.pk, "subject": "Ny sal", "body": "Passet flyttar till Sal B."},
        )
    assert [m.to for m in mail.outbox] == [["alva@example.org"]]
    assert AuditEntry.objects.get(code="event.message_sent").changes["session"] == "Närområden"


def test_message_refuses_a_session_of_another_event(world: Any, conference: Event) -> None:
    other = make_event(world.unit_b, title="Annan")
    client = Client()
    client.force_login(world.users["administrator"])
    response = client.post(
        reverse("events:message", args=[conference.pk]),
        {"session": other.sessions.first().pk, "subject": "x", "body": "y"},
    )
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(code="event.message_sent").exists()


def test_badges_and_attendance_lists_are_pdfs_naming_the_participants(world: Any, conference: Event) -> None:
    _register_three(conference)
    do_cancel_registration(Registration.objects.get(email="bertil@example.org"))
    client = Client()
    client.force_login(world.users["administrator"])
    response = client.get(reverse("events:badges_pdf", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Alva Ek" in text and "Cilla Extern" in text and "Polisen" in text
    assert "Bertil Ask" not in text  # cancelled
    response = client.get(reverse("events:attendance_pdf", args=[conference.pk]))
    text = _pdf_text(response.content)
    assert "Alva Ek" in text and "Cilla Extern" in text and "Bertil Ask" not in text
    session = conference.sessions.get(title="Närområden")
    url = reverse("events:attendance_pdf", args=[conference.pk])
    text = _pdf_text(client.get(f"{url}?session={session.pk}").content)
    assert "Alva Ek" in text and "Cilla Extern" not in text and "Närområden" in text
    assert client.get(f"{url}?session=999999").status_code == 404
    assert client.get(f"{url}?session=abc").status_code == 404


def test_a_direction_override_in_a_name_does_not_print_it_reversed(world: Any, conference: Event) -> None:
    """U+202E (right-to-left override) is invisible in the form but reverses what follows on paper."""
    do_register(
        conference, name="Dana \u202ekE\u202c Ström", email="dana@example.org", unit=None, organisation="X"
    )
    client = Client()
    client.force_login(world.users["administrator"])
    response = client.get(reverse("events:badges_pdf", args=[conference.pk]))
    text = _pdf_text(response.content)
    assert "Dana kE Ström" in text
    assert "\u202e" not in text


def _outcome(
    event: Event,
) -> list[tuple[str, str, str | None, bool, list[str], list[tuple[str | None, int]]]]:
    return [
        (
            r.email,
            r.status,
            r.quota.name if r.quota else None,
            r.open_seat,
            sorted(s.session.title for s in r.session_seats.all()),
            sorted(
                (e.session.title if e.session else None, e.position)
                for e in WaitingListEntry.objects.filter(registration=r)
            ),
        )
        for r in Registration.objects.filter(event=event).order_by("email")
    ]


def test_bulk_registration_gives_the_same_seats_as_one_by_one(world: Any) -> None:
    sector = OrganisationUnit.objects.get(code="A1")
    events = []
    for title in ["Ett i taget", "Alla på en gång"]:
        event = make_event(sector, title=title, capacity=5, session_capacity=2)
        from jamlik.events.actions import do_add_quota

        do_add_quota(event, acting_user=None, name="A", size=3, units=[world.unit_a])
        do_add_quota(event, acting_user=None, name="Externa", size=1)
        events.append(event)
    one, bulk = events

    def people(event: Event) -> list[NewRegistrant]:
        morning = event.sessions.get(title="Närområden")
        return [
            NewRegistrant(
                name=f"P{n}",
                email=f"p{n}@example.org",
                unit=sector if n % 3 else None,
                organisation="" if n % 3 else "Polisen",
                sessions=[morning] if n % 2 else [],
            )
            for n in range(9)
        ]

    for person in people(one):
        do_register(
            one,
            name=person.name,
            email=person.email,
            unit=person.unit,
            organisation=person.organisation,
            sessions=person.sessions,
            join_waiting_list=True,
        )
    before = AuditEntry.objects.count()
    made = do_bulk_register(bulk, [*people(bulk), people(bulk)[0]])  # the last is a duplicate
    assert len(made) == 9
    assert _outcome(one) == _outcome(bulk)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.get(code="registration.bulk_created")
    assert entry.changes == {"registered": 9, "confirmed": 4, "waiting": 5, "skipped": 1}
