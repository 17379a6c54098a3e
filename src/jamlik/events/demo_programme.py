"""What the demo events share: local times on the event's day and a programme built through the actions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from jamlik.events.actions import do_add_session, do_add_slot
from jamlik.events.models import Event

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def add_programme(event: Event, day: datetime.date, programme: Iterable[tuple[Any, ...]]) -> None:
    """Add time slots and their parallel sessions.

    Each item is ((start hour, start minute, end hour, end minute, slot label), sessions), and each session
    (title, speakers, room, seats, description).
    """
    for (h1, m1, h2, m2, label), sessions in programme:
        slot = do_add_slot(
            event,
            acting_user=None,
            starts_at=local_time(day, h1, m1),
            ends_at=local_time(day, h2, m2),
            label=label,
        )
        for title, speakers, room, seats, description in sessions:
            do_add_session(
                slot,
                acting_user=None,
                title=title,
                speakers=speakers,
                room=room,
                capacity=seats,
                description=description,
            )
