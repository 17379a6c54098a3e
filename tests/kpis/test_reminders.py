"""A value that is due and missing: the unit's recorders are e-mailed once per period, in Swedish."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from jamlik.core.models import AuditEntry
from jamlik.kpis.actions import RawRow, do_record_values
from tests.kpis.factories import kpi_objects

pytestmark = pytest.mark.django_db


def test_missing_weekly_value_is_reminded_once(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]  # weekly values for 2024-W01 … W20
    today = datetime.date(2024, 6, 5)  # in week 23: week 22 is due
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kpi_reminders", date=today, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "2024-W22" in message.subject and message.subject.startswith("Påminnelse")
    assert set(message.to) == {"process_leader@example.org", "management_member@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kpi_reminders", date=today, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(code="kpi.reminded", object_id=str(kpi.pk)).count() == 1


def test_no_reminder_when_the_value_is_in(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    do_record_values(kpi, acting_user=None, rows=[RawRow(line=1, period="2024-W22", value=6)])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kpi_reminders", date=datetime.date(2024, 6, 5), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m for m in mail.outbox if kpi.name in m.subject] == []
