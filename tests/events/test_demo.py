"""The demo conference loads through the actions, keeps every quota within its size, and loads once."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.demo.loader import load_demo
from jamlik.events.allocation import allocation_table
from jamlik.events.demo import load_events_demo
from jamlik.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_demo_events_load_once(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    conference = Event.objects.get(kind=Event.Kind.CONFERENCE)
    assert conference.quotas.count() == 13
    assert sum(conference.quotas.values_list("size", flat=True)) == 499
    assert conference.sessions.count() == 9
    table = allocation_table(conference)
    assert all(row.in_quota <= row.allocated for row in table.rows)
    assert table.confirmed + table.held <= conference.capacity
    assert Registration.objects.filter(event=conference).count() >= 200
    assert Event.objects.filter(kind=Event.Kind.FORUM).count() == 4
    before = Registration.objects.count()
    assert load_events_demo() == 0
    assert Registration.objects.count() == before
