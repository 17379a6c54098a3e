"""Registration through the public pages, the personal link, and the organiser's pages and exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from jamlik.core.models import AuditEntry, OrganisationUnit
from jamlik.events.actions import do_register
from jamlik.events.exports import safe_cell
from jamlik.events.models import Answer, Event, Registration, WaitingListEntry, hash_token

pytestmark = pytest.mark.django_db


def form_data(event: Event, **overrides: Any) -> dict[str, Any]:
    sector = OrganisationUnit.objects.get(code="A1")
    morning = event.sessions.filter(slot__label="Förmiddag").first()
    data = {
        "name": "Maja Svensson",
        "email": "maja@example.org",
        "unit": str(sector.pk),
        f"question_{event.questions.get().pk}": "Vegetarisk",
        f"slot_{morning.slot_id}": str(morning.pk),
    }
    data.update(overrides)
    return data


def test_register_confirm_by_email_with_calendar_and_personal_link(
    world: Any, conference: Event, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    assert client.get(reverse("events:register", args=[conference.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[conference.pk]), form_data(conference))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.quota.name == "Förvaltning A"
    assert Answer.objects.get().text == "Vegetarisk"
    assert registration.session_seats.count() == 1

    token = response["Location"].rstrip("/").split("/")[-1]
    assert registration.token_hash == hash_token(token) and token not in registration.token_hash
    (message,) = mail.outbox
    assert message.to == ["maja@example.org"]
    assert f"/moten/anmalan/{token}/" in message.body
    (_name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    summaries = [str(c["summary"]) for c in calendar.walk("VEVENT")]
    assert summaries == [conference.title, registration.session_seats.get().session.title]
    assert client.get(response["Location"]).status_code == 200
    assert AuditEntry.objects.filter(code="registration.created").count() == 1


def test_pages_behind_a_personal_link_are_never_stored_by_a_browser(world: Any, conference: Event) -> None:
    """They show a person's name, e-mail and answers: a shared computer must not page back to them."""
    _registration, token = do_register(conference, name="Ali", email="ali@example.org", unit=world.unit_a)
    client = Client()
    for name in ("events:manage", "events:cancel"):
        response = client.get(reverse(name, args=[token]))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


def test_cancel_through_the_personal_link_frees_the_seat(world: Any, conference: Event) -> None:
    registration, token = do_register(conference, name="Ali", email="ali@example.org", unit=world.unit_a)
    client = Client()
    assert client.get(reverse("events:cancel", args=[token])).status_code == 200
    response = client.post(reverse("events:cancel", args=[token]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.session_seats.count() == 0
    # The freed address may register again.
    do_register(conference, name="Ali", email="ali@example.org", unit=world.unit_a)


def test_bad_input_changes_nothing(world: Any, conference: Event) -> None:
    client = Client()
    url = reverse("events:register", args=[conference.pk])
    do_register(conference, name="Maja", email="maja@example.org", unit=world.unit_a)
    # The same address twice.
    assert client.post(url, form_data(conference)).status_code == 400
    # Two sessions when only one is allowed in total.
    conference.max_sessions = 1
    conference.save()
    afternoon = conference.sessions.filter(slot__label="Eftermiddag").first()
    data = form_data(conference, email="ny@example.org", **{f"slot_{afternoon.slot_id}": str(afternoon.pk)})
    assert client.post(url, data).status_code == 400
    # A session that is not in the event's programme.
    assert (
        client.post(
            url, form_data(conference, email="ny@example.org", **{f"slot_{afternoon.slot_id}": "999999"})
        ).status_code
        == 400
    )
    # An external participant must say where they come from.
    assert client.post(url, form_data(conference, email="ny@example.org", unit="external")).status_code == 400
    assert Registration.objects.count() == 1
    # After registration has closed.
    with time_machine.travel(conference.registration_closes_at + datetime.timedelta(minutes=1)):
        assert client.get(url).status_code == 200
        assert client.post(url, form_data(conference, email="sen@example.org")).status_code == 400
    assert Registration.objects.count() == 1


def test_a_full_event_offers_the_waiting_list(world: Any, conference: Event) -> None:
    do_register(conference, name="1", email="1@example.org", unit=world.unit_a)
    do_register(conference, name="2", email="2@example.org", unit=world.unit_a)
    client = Client()
    url = reverse("events:register", args=[conference.pk])
    response = client.post(url, form_data(conference))
    assert response.status_code == 400
    assert response.context["full"] is True
    assert Registration.objects.count() == 2
    response = client.post(url, form_data(conference, join_waiting_list="on"))
    assert response.status_code == 302
    registration = Registration.objects.get(email="maja@example.org")
    assert registration.status == Registration.Status.WAITING
    assert registration.session_seats.count() == 0
    assert registration.waiting_entries.get().position == 1


def test_lost_link_answers_alike_and_replaces_the_old_link(
    world: Any, conference: Event, django_capture_on_commit_callbacks: Any
) -> None:
    _registration, old_token = do_register(conference, name="Ali", email="ali@example.org", unit=world.unit_a)
    client = Client()
    url = reverse("events:lost_link", args=[conference.pk])
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "ALI@example.org"})
        unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
    assert csrf.sub(b"", known.content) == csrf.sub(b"", unknown.content)
    (message,) = mail.outbox
    assert message.to == ["ali@example.org"]
    assert client.get(reverse("events:manage", args=[old_token])).status_code == 404
    new_token = message.body.split("/moten/anmalan/")[1].split("/")[0]
    assert client.get(reverse("events:manage", args=[new_token])).status_code == 200


def test_exports_escape_formula_cells(world: Any, conference: Event) -> None:
    do_register(
        conference,
        name='=HYPERLINK("http://x")',
        email="f@example.org",
        unit=world.unit_a,
        answers={conference.questions.get(): "+46 glutenfri"},
    )
    client = Client()
    client.force_login(world.users["administrator"])
    response = client.get(reverse("events:participants_export", args=[conference.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][-1] == "'+46 glutenfri"
    response = client.get(reverse("events:participants_export", args=[conference.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert [safe_cell(v) for v in ["-1", "@a", "ok", None]] == ["'-1", "'@a", "ok", ""]


def test_allocation_page_counts_from_the_registrations(
    world: Any, conference: Event, django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        do_register(
            conference, name=f"P{n}", email=f"p{n}@example.org", unit=world.unit_a, join_waiting_list=True
        )
    client = Client()
    client.force_login(world.users["process_owner"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("events:allocation", args=[conference.pk]))
    rows = response.context["table"].rows
    assert [(r.quota.name, r.registered, r.free, r.waiting) for r in rows] == [
        ("Förvaltning A", 2, 0, 1),
        ("Externa/övriga", 0, 1, 0),
    ]
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:participants", args=[conference.pk])).status_code == 200


def test_organiser_reorders_through_the_page(world: Any, conference: Event) -> None:
    for n in range(4):
        do_register(
            conference, name=f"P{n}", email=f"p{n}@example.org", unit=world.unit_a, join_waiting_list=True
        )
    last = WaitingListEntry.objects.filter(event=conference).waiting().last()
    client = Client()
    client.force_login(world.users["administrator"])
    url = reverse("events:move_entry", args=[last.pk])
    assert client.post(url, {"position": 1}).status_code == 400  # a reason is required
    assert client.post(url, {"position": 1, "reason": "Talare"}).status_code == 302
    assert WaitingListEntry.objects.filter(event=conference).waiting().first() == last


def test_purge_event_answers_after_the_retention_time(world: Any, conference: Event) -> None:
    do_register(
        conference,
        name="A",
        email="a@example.org",
        unit=world.unit_a,
        answers={conference.questions.get(): "Rullstol"},
    )
    call_command("purge_event_answers", stdout=io.StringIO())
    assert Answer.objects.count() == 1
    with time_machine.travel(conference.ends_at + datetime.timedelta(days=29)):
        call_command("purge_event_answers", stdout=io.StringIO())
    assert Answer.objects.count() == 1
    with time_machine.travel(conference.ends_at + datetime.timedelta(days=31)):
        call_command("purge_event_answers", stdout=io.StringIO())
    assert Answer.objects.count() == 0
    assert Registration.objects.count() == 1
    assert AuditEntry.objects.filter(code="event.answers_purged").count() == 1


def test_process_waiting_lists_command_offers_released_seats(world: Any, conference: Event) -> None:
    do_register(conference, name="1", email="1@example.org", unit=world.unit_a)
    do_register(conference, name="2", email="2@example.org", unit=world.unit_a)
    waiting, _ = do_register(
        conference, name="3", email="3@example.org", unit=world.unit_a, join_waiting_list=True
    )
    with time_machine.travel(conference.quota_release_at + datetime.timedelta(hours=1)):
        out = io.StringIO()
        call_command("process_waiting_lists", stdout=out)
    assert "1" in out.getvalue()
    assert waiting.waiting_entries.get().status == WaitingListEntry.Status.OFFERED
    assert timezone.now() < conference.quota_release_at


def test_an_offer_is_accepted_through_the_personal_link(
    world: Any, conference: Event, django_capture_on_commit_callbacks: Any
) -> None:
    _first, first_token = do_register(conference, name="1", email="1@example.org", unit=world.unit_a)
    do_register(conference, name="2", email="2@example.org", unit=world.unit_a)
    waiting, _old_token = do_register(
        conference, name="3", email="3@example.org", unit=world.unit_a, join_waiting_list=True
    )
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel", args=[first_token]))
    offer_mail = next(m for m in mail.outbox if m.to == ["3@example.org"])
    token = offer_mail.body.split("/moten/anmalan/")[1].split("/")[0]
    entry = waiting.waiting_entries.get()
    page = client.get(reverse("events:manage", args=[token]))
    assert reverse("events:accept_offer", args=[token, entry.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:accept_offer", args=[token, entry.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].attachments  # the confirmation now carries the calendar file
    # A second accept changes nothing and says so.
    assert client.post(reverse("events:accept_offer", args=[token, entry.pk])).status_code == 302
    assert AuditEntry.objects.filter(code="waitinglist.accepted").count() == 1


def test_external_participant_uses_the_external_quota(world: Any, conference: Event) -> None:
    client = Client()
    data = form_data(conference, unit="external", organisation="Räddningsmissionen", email="ext@example.org")
    assert client.post(reverse("events:register", args=[conference.pk]), data).status_code == 302
    registration = Registration.objects.get(email="ext@example.org")
    assert registration.unit is None
    assert registration.quota.name == "Externa/övriga"


def test_the_interface_speaks_swedish(world: Any, conference: Event) -> None:
    response = Client().get(reverse("events:register", args=[conference.pk]))
    assert "Anmälan till Jämlikhetskonferensen" in response.content.decode()
