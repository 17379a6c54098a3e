"""The annual wheel: yearly stops, the chart, the calendar feed, reminders and the start page."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from typing import Any

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.followup.models import WheelReminder, WheelStop
from jamlik.followup.wheel import wheel_chart

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


def stop(world: Any, month: int, day: int, **fields: Any) -> WheelStop:
    fields.setdefault("owner", world.users[Role.PROCESS_OWNER].person)
    return actions.do_create_wheel_stop(
        acting_user=None, unit=world.unit_a, title=f"Stopp {month}/{day}", month=month, day=day, **fields
    )


def test_a_stop_recurs_every_year_and_a_missing_day_falls_on_the_month_s_last(world: Any) -> None:
    leap = stop(world, 2, 29)
    assert leap.occurrences(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)) == [
        datetime.date(2024, 2, 29),
        datetime.date(2025, 2, 28),
    ]
    assert leap.next_occurrence(datetime.date(2025, 3, 1)) == datetime.date(2026, 2, 28)


def test_the_calendar_feed_holds_every_stop_of_the_next_twelve_months(world: Any, fu: Any) -> None:
    stops = [stop(world, 3, 10), stop(world, 3, 9), stop(world, 12, 24, reminder_days=3)]
    feed = fu["unit_feed"]
    with time_machine.travel(datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)):
        response = Client().get(reverse("followup:wheel_ical", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    unit_stops = WheelStop.objects.filter(unit=world.unit_a)
    assert set(events) == {s.title for s in unit_stops}
    assert events["Stopp 3/10"].decoded("dtstart") == datetime.date(2025, 3, 10)
    assert events["Stopp 3/9"].decoded("dtstart") == datetime.date(2026, 3, 9)  # yesterday's is next year's
    alarm = events["Stopp 12/24"].walk("VALARM")[0]
    assert alarm.decoded("trigger") == -datetime.timedelta(days=3)
    assert len({str(e["uid"]) for e in events.values()}) == len(events)
    assert stops


def test_a_personal_feed_holds_the_stops_of_the_user_s_units(world: Any, fu: Any) -> None:
    response = Client().get(
        reverse("followup:wheel_ical", args=[fu["feed"].token])
    )  # the reader's, in unit A
    titles = {str(e["summary"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert titles == {"Ledarforum own"}


def test_a_user_creates_and_replaces_their_calendar_address(as_role: Any, world: Any) -> None:
    client = as_role(Role.PARTICIPANT)
    client.post(reverse("followup:wheel_feed_create"))
    first = world.users[Role.PARTICIPANT].wheel_feed.token
    client.post(reverse("followup:wheel_feed_create"), {"renew": "1"})
    world.users[Role.PARTICIPANT].refresh_from_db()
    second = world.users[Role.PARTICIPANT].wheel_feed.token
    assert first != second
    assert Client().get(reverse("followup:wheel_ical", args=[first])).status_code == 404
    assert Client().get(reverse("followup:wheel_ical", args=[second])).status_code == 200


def test_a_stop_due_tomorrow_is_emailed_once_even_when_run_twice(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tomorrow = TODAY + datetime.timedelta(days=1)
    due = stop(world, tomorrow.month, tomorrow.day, reminder_days=7)
    stop(world, 6, 1, reminder_days=7)  # not due yet
    with time_machine.travel(datetime.datetime(2025, 3, 10, 6, tzinfo=datetime.UTC)):
        for _run in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_wheel_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.users[Role.PROCESS_OWNER].person.email or "process_owner@example.org"]
    assert due.title in mail.outbox[0].subject
    assert WheelReminder.objects.get().occurrence == tomorrow
    assert AuditEntry.objects.filter(code="wheelstop.reminded").count() == 1


def test_the_reminder_is_sent_only_after_the_transaction_commits(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    due = stop(world, 3, 12, reminder_days=7)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert actions.do_send_wheel_reminder(due, acting_user=None, occurrence=datetime.date(2025, 3, 12))
    assert len(mail.outbox) == 0 and len(callbacks) == 1
    assert not actions.do_send_wheel_reminder(due, acting_user=None, occurrence=datetime.date(2025, 3, 12))


def test_the_start_page_shows_the_next_30_days(as_role: Any, world: Any) -> None:
    soon = datetime.date.today() + datetime.timedelta(days=5)
    later = datetime.date.today() + datetime.timedelta(days=60)
    stop(world, soon.month, soon.day, description="")
    stop(world, later.month, later.day)
    page = as_role(Role.READER).get(reverse("home")).content.decode()
    assert f"Stopp {soon.month}/{soon.day}" in page and f"Stopp {later.month}/{later.day}" not in page


def test_the_chart_numbers_stops_in_date_order_and_keeps_same_day_stops_apart(world: Any) -> None:
    first, second, third = stop(world, 5, 1), stop(world, 5, 1), stop(world, 1, 2)
    chart = wheel_chart([first, second, third], 2025, TODAY)
    assert chart["marks"][0].stop == third
    same_day = [m for m in chart["marks"] if m.date == datetime.date(2025, 5, 1)]
    assert (same_day[0].x, same_day[0].y) != (same_day[1].x, same_day[1].y)
    assert len(chart["months"]) == 12


def test_the_wheel_page_draws_every_stop_as_a_link_and_lists_it_in_a_table(as_role: Any, world: Any) -> None:
    stop(world, 4, 1)
    stop(world, 9, 1)
    page = as_role(Role.READER).get(reverse("followup:wheel") + "?unit=A&year=2025").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert '<title id="wheel-title">' in svg and '<desc id="wheel-desc">' in svg
    assert svg.count('<a href="') == 2 and page.count('<tr id="stop-') == 2
    # Coordinates are never written the Swedish way (a comma in "x" would move each letter apart).
    assert not re.search(r'\b(x|y|cx|cy|x2|y2)="[^"]*,', svg)


def test_removing_a_stop_needs_a_confirmation(owner_client: Any, world: Any) -> None:
    to_remove = stop(world, 4, 1)
    url = reverse("followup:wheel_stop_delete", args=[to_remove.pk])
    assert owner_client.post(url).status_code == 400
    assert owner_client.post(url, {"confirm": "yes"}).status_code == 302
    assert not WheelStop.objects.filter(pk=to_remove.pk).exists()
    assert AuditEntry.objects.filter(code="wheelstop.deleted").count() == 1


def test_the_reminder_task_sends_the_same_reminders(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from jamlik.followup.tasks import send_wheel_reminders_task

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    soon = datetime.date.today() + datetime.timedelta(days=2)
    stop(world, soon.month, soon.day)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_wheel_reminders_task.enqueue()
    assert result.return_value == 1 and len(mail.outbox) == 1
