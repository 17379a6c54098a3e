"""Events for the shared test world, created on first use and kept in `world.objects`.

The permission matrix builds its URLs from `world`; these helpers add the event objects to it
without touching the shared fixture.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jamlik.core.models import OrganisationUnit
from jamlik.events.actions import (
    do_add_question,
    do_add_quota,
    do_add_session,
    do_add_slot,
    do_create_event,
    do_register,
)
from jamlik.events.models import Event


def make_event(
    organiser: OrganisationUnit,
    *,
    title: str = "Jämlikhetskonferensen",
    capacity: int = 10,
    days_ahead: int = 30,
    release_in_days: int | None = 10,
    closes_in_days: int = 20,
    session_capacity: int = 5,
    **fields: Any,
) -> Event:
    now = timezone.now()
    start = now + datetime.timedelta(days=days_ahead)
    event = do_create_event(
        acting_user=None,
        kind=Event.Kind.CONFERENCE,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7),
        place="Burgården konferens",
        organiser_unit=organiser,
        capacity=capacity,
        registration_closes_at=now + datetime.timedelta(days=closes_in_days),
        quota_release_at=now + datetime.timedelta(days=release_in_days)
        if release_in_days is not None
        else None,
        **fields,
    )
    morning = do_add_slot(
        event,
        acting_user=None,
        starts_at=start + datetime.timedelta(hours=1),
        ends_at=start + datetime.timedelta(hours=2),
        label="Förmiddag",
    )
    afternoon = do_add_slot(
        event,
        acting_user=None,
        starts_at=start + datetime.timedelta(hours=4),
        ends_at=start + datetime.timedelta(hours=5),
        label="Eftermiddag",
    )
    for slot, titles in [
        (morning, ["Närområden", "Nudging"]),
        (afternoon, ["Barn bygger staden", "Socialtjänstlagen"]),
    ]:
        for session_title in titles:
            do_add_session(
                slot,
                acting_user=None,
                title=session_title,
                speakers="Anna Exempel",
                room="Sal 1",
                capacity=session_capacity,
            )
    do_add_question(event, acting_user=None, text="Specialkost", position=1)
    return event


def event_objects(world: Any) -> dict[str, Any]:
    """own_event (organised by sector A1), other_event (unit B), a registration token and a queue entry."""
    if "own_event" in world.objects:
        return world.objects
    sector = OrganisationUnit.objects.get(code="A1")
    own = make_event(sector, title="Egen konferens")
    do_add_quota(own, acting_user=None, name="Förvaltning A", size=6, units=[world.unit_a])
    do_add_quota(own, acting_user=None, name="Externa/övriga", size=4)
    other = make_event(world.unit_b, title="Annan konferens")
    tight = own.sessions.get(title="Närområden")
    tight.capacity = 1
    tight.save()
    do_register(own, name="Först Först", email="forst@example.org", unit=sector, sessions=[tight])
    registration, token = do_register(
        own, name="Vera Väntar", email="vera@example.org", unit=sector, sessions=[tight]
    )
    _other_reg, other_token = do_register(other, name="Bo B", email="bo@example.org", unit=world.unit_b)
    world.objects.update(
        {
            "own_event": own,
            "other_event": other,
            "own_session": tight,
            "other_session": other.sessions.first(),
            "registration": registration,
            "token": token,
            "other_token": other_token,
            "own_entry": registration.waiting_entries.get(),
        }
    )
    world.objects["other_entry"] = _other_entry(other)
    return world.objects


def _other_entry(event: Event) -> Any:
    session = event.sessions.first()
    session.capacity = 0
    session.save()
    registration, _token = do_register(
        event,
        name="Kö Kösson",
        email="ko@example.org",
        unit=None,
        organisation="Föreningen",
        sessions=[session],
    )
    return registration.waiting_entries.get()
