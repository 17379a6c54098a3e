"""Counting seats. Every figure is computed from the registrations and open offers, never stored.

Callers that act on the answer (give a seat, make an offer) must hold the event's row lock, taken by
`lock_event`, so that two registrations cannot both see the last seat as free.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from jamlik.events.models import Event, Quota, Registration, Session, SessionSeat, WaitingListEntry

QUOTA_SEAT = "quota"
OPEN_SEAT = "open"


def lock_event(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction (a real row lock on PostgreSQL).

    SQLite ignores FOR UPDATE, but the settings open every transaction with BEGIN IMMEDIATE, which
    takes the database's write lock at once: the same serialisation, only coarser.
    """
    return Event.objects.select_for_update().get(pk=event_id)


def seats_taken(event: Event, now: datetime.datetime) -> int:
    confirmed = Registration.objects.filter(event=event).confirmed().count()
    held = WaitingListEntry.objects.filter(event=event).for_event_seat().holding(now).count()
    return confirmed + held


def quota_seats_taken(quota: Quota, now: datetime.datetime) -> int:
    """Seats counted against the quota: open-pool seats given after the release do not count."""
    confirmed = Registration.objects.confirmed().filter(quota=quota, open_seat=False).count()
    held = (
        WaitingListEntry.objects.for_event_seat()
        .holding(now)
        .filter(registration__quota=quota, open_seat=False)
        .count()
    )
    return confirmed + held


def seat_for(event: Event, quota: Quota | None, now: datetime.datetime) -> str | None:
    """Which kind of seat a registrant of `quota` can get now: a quota seat, an open seat, or none."""
    if seats_taken(event, now) >= event.capacity:
        return None
    if quota is not None and quota_seats_taken(quota, now) < quota.size:
        return QUOTA_SEAT
    if not event.quotas_apply(now):
        return OPEN_SEAT
    return None


def session_seats_taken(session: Session, now: datetime.datetime) -> int:
    seated = SessionSeat.objects.filter(session=session).count()
    held = WaitingListEntry.objects.filter(session=session).holding(now).count()
    return seated + held


def session_free_seats(event: Event, now: datetime.datetime | None = None) -> dict[int, int]:
    """Free seats per session id, in two queries."""
    now = now or timezone.now()
    sessions = event.sessions.annotate(
        seated=Count("seats", distinct=True),
        held=Count(
            "waiting_entries",
            filter=Q(
                waiting_entries__status=WaitingListEntry.Status.OFFERED, waiting_entries__hold_until__gt=now
            ),
            distinct=True,
        ),
    )
    return {s.pk: max(0, s.capacity - s.seated - s.held) for s in sessions}


@dataclass(frozen=True)
class QuotaRow:
    quota: Quota | None
    allocated: int
    registered: int
    in_quota: int
    free: int
    waiting: int


@dataclass(frozen=True)
class AllocationTable:
    rows: list[QuotaRow]
    capacity: int
    confirmed: int
    held: int
    free: int
    waiting: int
    quotas_apply: bool


def allocation_table(event: Event, now: datetime.datetime | None = None) -> AllocationTable:
    """Allocated, registered, free and waiting per quota, plus the totals: three queries."""
    now = now or timezone.now()
    regs = Registration.objects.filter(event=event)
    per_quota: dict[int | None, dict[str, Any]] = {
        row["quota"]: dict(row)
        for row in regs.values("quota").annotate(
            registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            in_quota=Count("pk", filter=Q(status=Registration.Status.CONFIRMED, open_seat=False)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        )
    }
    held: dict[int | None, dict[str, Any]] = {
        row["registration__quota"]: dict(row)
        for row in WaitingListEntry.objects.filter(event=event)
        .for_event_seat()
        .holding(now)
        .values("registration__quota")
        .annotate(n=Count("pk"), in_quota=Count("pk", filter=Q(open_seat=False)))
    }
    rows = []
    for quota in event.quotas.all():
        counts: dict[str, Any] = per_quota.get(quota.pk, {})
        taken = counts.get("in_quota", 0) + held.get(quota.pk, {}).get("in_quota", 0)
        rows.append(
            QuotaRow(
                quota=quota,
                allocated=quota.size,
                registered=counts.get("registered", 0),
                in_quota=counts.get("in_quota", 0),
                free=max(0, quota.size - taken),
                waiting=counts.get("waiting", 0),
            )
        )
    if None in per_quota:
        counts = per_quota[None]
        rows.append(QuotaRow(None, 0, counts["registered"], 0, 0, counts["waiting"]))
    confirmed = sum(row.registered for row in rows)
    held_total = sum(row["n"] for row in held.values())
    return AllocationTable(
        rows=rows,
        capacity=event.capacity,
        confirmed=confirmed,
        held=held_total,
        free=max(0, event.capacity - confirmed - held_total),
        waiting=sum(row.waiting for row in rows),
        quotas_apply=event.quotas_apply(now),
    )
