"""No overselling: many people registering at the same moment get exactly the seats there are.

Runs only on PostgreSQL (CI), where `select_for_update` takes a real row lock on the event; SQLite
serialises every writer anyway and cannot show the race.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from jamlik.core.actions import do_create_unit
from jamlik.core.models import OrganisationUnit
from jamlik.events.actions import RegistrationError, do_add_quota, do_register
from jamlik.events.models import Event, Registration, WaitingListEntry
from tests.events.helpers import make_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REGISTRANTS = 200
SEATS = 100
# At most this many threads talk to the database at once (PostgreSQL allows 100 connections by default).
CONNECTIONS = 40


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL (set DATABASE_URL)")


def _units() -> tuple[list[OrganisationUnit], list[OrganisationUnit]]:
    x = do_create_unit(acting_user=None, name="Förvaltning X", code="X", kind="administration")
    y = do_create_unit(acting_user=None, name="Förvaltning Y", code="Y", kind="administration")
    xs = [
        do_create_unit(acting_user=None, name=f"X{i}", code=f"X{i}", kind="unit", parent=x) for i in range(3)
    ]
    return [x, *xs], [y]


@pytest.mark.parametrize(
    ("released", "sizes"),
    [(False, (40, 30, 30)), (True, (30, 20, 10))],
    ids=["before-release", "after-release"],
)
def test_parallel_registrations_never_oversell(released: bool, sizes: tuple[int, int, int]) -> None:
    x_units, y_units = _units()
    event = make_event(x_units[0], capacity=SEATS, release_in_days=10)
    if released:
        Event.objects.filter(pk=event.pk).update(quota_release_at=timezone.now() - datetime.timedelta(days=1))
    quotas = [
        do_add_quota(event, acting_user=None, name="X", size=sizes[0], units=[x_units[0]]),
        do_add_quota(event, acting_user=None, name="Y", size=sizes[1], units=y_units),
        do_add_quota(event, acting_user=None, name="Externa", size=sizes[2]),
    ]
    # 80 from X (spread over its sub-units), 60 from Y, 60 external.
    people: list[OrganisationUnit | None] = (
        [x_units[i % 4] for i in range(80)] + [y_units[0]] * 60 + [None] * 60
    )
    assert len(people) == REGISTRANTS

    gate = threading.Semaphore(CONNECTIONS)
    start = threading.Barrier(REGISTRANTS)
    errors: list[BaseException] = []

    def register(n: int, unit: OrganisationUnit | None) -> None:
        start.wait()
        with gate:
            try:
                do_register(
                    event,
                    name=f"Person {n}",
                    email=f"p{n}@example.org",
                    unit=unit,
                    organisation="" if unit else "Föreningen",
                    join_waiting_list=True,
                )
            except (RegistrationError, Exception) as exc:
                errors.append(exc)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=register, args=(n, unit)) for n, unit in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors[:3]
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == REGISTRANTS
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == SEATS
    assert registrations.filter(status=Registration.Status.WAITING).count() == REGISTRANTS - SEATS
    for quota in quotas:
        in_quota = registrations.filter(
            status=Registration.Status.CONFIRMED, quota=quota, open_seat=False
        ).count()
        assert in_quota <= quota.size, quota.name
        if not released:
            assert in_quota == quota.size, quota.name
    positions = list(
        WaitingListEntry.objects.filter(event=event, session__isnull=True).values_list("position", flat=True)
    )
    assert sorted(positions) == list(range(1, REGISTRANTS - SEATS + 1))
