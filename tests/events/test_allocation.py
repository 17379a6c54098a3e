"""Seat allocation: quotas until the release, then open seats; waiting lists with time-limited offers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jamlik.core.models import AuditEntry, OrganisationUnit
from jamlik.events.actions import (
    RegistrationError,
    do_accept_offer,
    do_cancel_registration,
    do_change_sessions,
    do_move_waiting_entry,
    do_offer_next,
    do_register,
)
from jamlik.events.allocation import allocation_table, quota_seats_taken, seats_taken, snapshot
from jamlik.events.models import Event, Registration, SessionSeat, WaitingListEntry

pytestmark = pytest.mark.django_db


def register(event: Event, n: int, unit: OrganisationUnit | None, **kwargs: Any) -> Registration:
    registration, _token = do_register(
        event,
        name=f"Person {n}",
        email=f"p{n}@example.org",
        unit=unit,
        organisation="" if unit else "Förening",
        **kwargs,
    )
    return registration


def test_registrant_belongs_to_the_quota_of_the_nearest_unit_above(world: Any, conference: Event) -> None:
    sector = OrganisationUnit.objects.get(code="A1")
    assert conference.quota_for(sector).name == "Förvaltning A"
    assert conference.quota_for(world.unit_a).name == "Förvaltning A"
    # Nobody's quota covers unit B, and external participants have none: both use external/other.
    assert conference.quota_for(world.unit_b).name == "Externa/övriga"
    assert conference.quota_for(None).name == "Externa/övriga"


def test_before_the_release_a_full_quota_sends_people_to_the_waiting_list(
    world: Any, conference: Event
) -> None:
    register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    with pytest.raises(RegistrationError) as refused:
        register(conference, 3, world.unit_a)
    assert refused.value.code == "full"
    assert Registration.objects.filter(event=conference).count() == 2

    waiting = register(conference, 3, world.unit_a, join_waiting_list=True)
    assert waiting.status == Registration.Status.WAITING
    assert waiting.waiting_entries.get().position == 1
    # The external quota still has its seat, and one seat belongs to no quota until the release.
    assert register(conference, 4, None).status == Registration.Status.CONFIRMED
    assert register(conference, 5, None, join_waiting_list=True).status == Registration.Status.WAITING
    table = allocation_table(conference)
    assert [(r.allocated, r.registered, r.free, r.waiting) for r in table.rows] == [
        (2, 2, 0, 1),
        (1, 1, 0, 1),
    ]
    assert (table.confirmed, table.free, table.waiting) == (3, 1, 2)
    assert AuditEntry.objects.filter(code="registration.created").count() == 5


def test_at_the_release_free_seats_go_to_the_waiting_list_without_anyone_moving_them(
    world: Any, conference: Event
) -> None:
    register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    waiting = register(conference, 3, world.unit_a, join_waiting_list=True)
    assert conference.quota_release_at is not None
    with time_machine.travel(conference.quota_release_at + datetime.timedelta(minutes=1)):
        offers = do_offer_next(conference)
        assert [o.registration for o in offers] == [waiting]
        entry = offers[0]
        assert entry.status == WaitingListEntry.Status.OFFERED and entry.open_seat
        do_accept_offer(entry)
        waiting.refresh_from_db()
        assert waiting.status == Registration.Status.CONFIRMED and waiting.open_seat
        # The quota itself stays within its size; the extra seat came from the open pool.
        quota = conference.quotas.get(name="Förvaltning A")
        assert quota_seats_taken(quota, timezone.now()) == 2
        assert register(conference, 4, world.unit_a).open_seat  # the last seat, open to anyone
        with pytest.raises(RegistrationError):
            register(conference, 5, None)
    assert seats_taken(conference, timezone.now()) == conference.capacity


def test_a_cancellation_frees_the_seat_at_once_and_offers_it_to_the_next_of_that_quota(
    world: Any, conference: Event
) -> None:
    first = register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    external_waiting = register(conference, 3, None)  # takes the external seat
    register(conference, 4, None, join_waiting_list=True)
    a_waiting = register(conference, 5, world.unit_a, join_waiting_list=True)

    assert do_cancel_registration(first)
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    offer = WaitingListEntry.objects.get(status=WaitingListEntry.Status.OFFERED)
    # The freed seat is an A quota seat: it skips the external registrant who was first in line.
    assert offer.registration == a_waiting
    assert offer.hold_until == offer.offered_at + datetime.timedelta(hours=48)
    assert external_waiting.status == Registration.Status.CONFIRMED
    assert AuditEntry.objects.filter(code="registration.cancelled").count() == 1
    assert AuditEntry.objects.filter(code="waitinglist.offered").count() == 1
    assert not do_cancel_registration(first)  # a second cancel changes nothing


def test_an_expired_hold_passes_to_the_next_in_line(world: Any, conference: Event) -> None:
    first = register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    second_in_line = register(conference, 3, world.unit_a, join_waiting_list=True)
    third_in_line = register(conference, 4, world.unit_a, join_waiting_list=True)
    do_cancel_registration(first)
    offer = second_in_line.waiting_entries.get()
    assert offer.status == WaitingListEntry.Status.OFFERED
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        with pytest.raises(RegistrationError):
            do_accept_offer(offer)
        offers = do_offer_next(conference)
    assert [o.registration for o in offers] == [third_in_line]
    offer.refresh_from_db()
    second_in_line.refresh_from_db()
    assert offer.status == WaitingListEntry.Status.EXPIRED
    assert second_in_line.status == Registration.Status.CANCELLED
    assert AuditEntry.objects.filter(code="waitinglist.offer_expired").count() == 1


def test_the_organiser_reorders_the_waiting_list_with_a_reason(world: Any, conference: Event) -> None:
    register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    queued = [register(conference, n, world.unit_a, join_waiting_list=True) for n in (3, 4, 5)]
    last = queued[2].waiting_entries.get()
    do_move_waiting_entry(last, acting_user=world.users["administrator"], position=1, reason="Talare")
    order = [e.registration for e in WaitingListEntry.objects.filter(event=conference).waiting()]
    assert order == [queued[2], queued[0], queued[1]]
    audit = AuditEntry.objects.get(code="waitinglist.reordered")
    assert audit.changes == {"place": [3, 1], "reason": "Talare"}
    assert audit.actor == world.users["administrator"]


def test_session_rules_and_session_waiting_lists(world: Any, conference: Event) -> None:
    morning = list(conference.sessions.filter(slot__label="Förmiddag"))
    afternoon = list(conference.sessions.filter(slot__label="Eftermiddag"))
    with pytest.raises(RegistrationError) as same_slot:
        register(conference, 1, world.unit_a, sessions=morning)
    assert same_slot.value.code == "same_slot"
    conference.max_sessions = 1
    conference.save()
    with pytest.raises(RegistrationError) as too_many:
        register(conference, 1, world.unit_a, sessions=[morning[0], afternoon[0]])
    assert too_many.value.code == "too_many_sessions"
    assert not Registration.objects.exists()

    a = register(conference, 1, world.unit_a, sessions=[morning[0]])
    b = register(conference, 2, world.unit_a, sessions=[morning[0]])
    c = register(conference, 3, None, sessions=[morning[0]])  # the session has two seats
    assert SessionSeat.objects.filter(session=morning[0]).count() == 2
    queued = c.waiting_entries.get(session=morning[0])
    assert queued.status == WaitingListEntry.Status.WAITING

    do_change_sessions(a, sessions=[morning[1]])
    queued.refresh_from_db()
    assert queued.status == WaitingListEntry.Status.OFFERED
    do_accept_offer(queued)
    assert set(c.session_seats.values_list("session", flat=True)) == {morning[0].pk}
    assert set(a.session_seats.values_list("session", flat=True)) == {morning[1].pk}
    assert b.session_seats.count() == 1


def test_registration_refused_after_it_closes(world: Any, conference: Event) -> None:
    after_closing = conference.registration_closes_at + datetime.timedelta(seconds=1)
    with time_machine.travel(after_closing), pytest.raises(RegistrationError) as closed:
        register(conference, 1, world.unit_a)
    assert closed.value.code == "closed"
    assert not Registration.objects.exists()


def test_the_same_address_cannot_register_twice(world: Any, conference: Event) -> None:
    register(conference, 1, world.unit_a)
    with pytest.raises(RegistrationError) as duplicate:
        do_register(conference, name="Again", email="P1@EXAMPLE.ORG", unit=world.unit_a)
    assert duplicate.value.code == "duplicate"
    assert Registration.objects.count() == 1


def test_the_one_query_snapshot_counts_what_the_separate_counts_count(world: Any, conference: Event) -> None:
    """Registration counts with `snapshot` (hand-written SQL); it must agree with the plain querysets."""
    quota_a, external = list(conference.quotas.all())
    first = register(conference, 1, world.unit_a)
    register(conference, 2, world.unit_a)
    register(conference, 3, None)
    register(conference, 4, world.unit_a, join_waiting_list=True)
    register(conference, 5, None, join_waiting_list=True)
    do_cancel_registration(first)  # frees an A seat: person 4 gets a held offer
    now = timezone.now()
    counts, queue = snapshot(conference, now, quotas_apply=True)
    assert counts.taken == seats_taken(conference, now) == 3
    assert counts.quota_taken[quota_a.pk] == quota_seats_taken(quota_a, now) == 2
    assert counts.quota_taken[external.pk] == quota_seats_taken(external, now) == 1
    assert counts.free == 1
    assert counts.seat_for(quota_a) is None and counts.seat_for(external) is None
    assert (queue.expired_offers, queue.waiting_for_event, queue.waiting_for_sessions) == (0, 1, 0)
    assert queue.last_event_position == 2
    # Once the hold has run out the offer no longer takes a seat, and counts as expired.
    later = now + datetime.timedelta(hours=49)
    counts, queue = snapshot(conference, later, quotas_apply=True)
    assert counts.taken == seats_taken(conference, later) == 2
    assert counts.quota_taken[quota_a.pk] == quota_seats_taken(quota_a, later) == 1
    assert queue.expired_offers == 1
    assert counts.seat_for(quota_a) == "quota"


def test_a_duplicate_that_slips_past_the_early_check_is_refused_by_the_constraint(
    world: Any, conference: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests for the same address at once: the unique constraint decides, with the same message."""
    register(conference, 1, world.unit_a)
    checks = iter([False, True])  # the early check misses the first registration; the recheck sees it
    monkeypatch.setattr("jamlik.events.actions.is_registered", lambda event, email: next(checks))
    with pytest.raises(RegistrationError) as refused:
        register(conference, 1, world.unit_a)
    assert refused.value.code == "duplicate"
    assert Registration.objects.filter(event=conference).count() == 1
