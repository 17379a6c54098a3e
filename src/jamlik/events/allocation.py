"""Counting seats. Every figure is computed from the registrations and open offers, never stored.

Callers that act on the answer (give a seat, make an offer) must hold the event's row lock, taken by
`lock_event`, so that two registrations cannot both see the last seat as free. They count with
`seat_counts` (one aggregate query) only after the lock is taken: on PostgreSQL a statement sees the
data committed when it starts, so a count read in the same statement as the lock, or before it, could
miss the seat the previous lock holder just gave away.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
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


@dataclass
class SeatCounts:
    """Seats taken in the event and in each quota at one moment, read under the event lock.

    The lock holder updates the figures in memory with `take` as it gives seats away, so one query
    serves a whole registration (or a round of offers) without a counter ever being stored.
    """

    capacity: int
    quotas_apply: bool
    taken: int
    quota_taken: dict[int, int]
    waiting: dict[int | None, int]
    quota_size: dict[int, int] = field(default_factory=dict)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    def hopeful_quotas(self) -> list[int | None]:
        """Quotas (None: no quota) with people waiting who could get a seat now."""
        if not self.free:
            return []
        return [
            quota_id
            for quota_id, waiting in self.waiting.items()
            if waiting
            and (
                not self.quotas_apply
                or (
                    quota_id is not None
                    and self.quota_taken.get(quota_id, 0) < self.quota_size.get(quota_id, 0)
                )
            )
        ]

    def seat_for(self, quota: Quota | None) -> str | None:
        """The same rule as `seat_for`, answered from the counts."""
        if self.taken >= self.capacity:
            return None
        if quota is not None and self.quota_taken.get(quota.pk, 0) < quota.size:
            return QUOTA_SEAT
        if not self.quotas_apply:
            return OPEN_SEAT
        return None

    def take(self, quota: Quota | None, seat: str) -> None:
        self.taken += 1
        if seat == QUOTA_SEAT and quota is not None:
            self.quota_taken[quota.pk] = self.quota_taken.get(quota.pk, 0) + 1


@dataclass(frozen=True)
class QueueState:
    """What the waiting lists of an event hold at one moment, read with the seat counts."""

    expired_offers: int
    waiting_for_event: int
    waiting_for_sessions: int
    last_event_position: int


SNAPSHOT_SQL = """
SELECT 'seats', r.quota_id,
       SUM(CASE WHEN r.status = %(confirmed)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status = %(confirmed)s AND NOT r.open_seat THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status = %(waiting)s THEN 1 ELSE 0 END),
       MAX(q.size)
  FROM {registration} r LEFT JOIN {quota} q ON q.id = r.quota_id
 WHERE r.event_id = %(event)s GROUP BY r.quota_id
UNION ALL
SELECT 'held', r.quota_id, COUNT(*), SUM(CASE WHEN NOT w.open_seat THEN 1 ELSE 0 END), 0, 0
  FROM {entry} w JOIN {registration} r ON r.id = w.registration_id
 WHERE w.event_id = %(event)s AND w.session_id IS NULL AND w.status = %(offered)s AND w.hold_until > %(now)s
 GROUP BY r.quota_id
UNION ALL
SELECT 'queue', NULL,
       SUM(CASE WHEN status = %(offered)s AND hold_until <= %(now)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = %(waiting)s AND session_id IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = %(waiting)s AND session_id IS NOT NULL THEN 1 ELSE 0 END),
       MAX(CASE WHEN session_id IS NULL THEN position END)
  FROM {entry} WHERE event_id = %(event)s
"""


def snapshot(event: Event, now: datetime.datetime, *, quotas_apply: bool) -> tuple[SeatCounts, QueueState]:
    """Seats taken (in total and per quota) and the state of the queues, in one statement.

    Registration runs this under the event lock for every request, so it is written out once by hand
    rather than built by the ORM each time: three aggregates, one round trip, plain SQL that
    PostgreSQL and SQLite both read. The figures mean what `seats_taken`, `quota_seats_taken` and the
    waiting-list querysets mean; tests/events/test_allocation.py checks them against each other.
    """
    sql = SNAPSHOT_SQL.format(
        registration=connection.ops.quote_name(Registration._meta.db_table),
        entry=connection.ops.quote_name(WaitingListEntry._meta.db_table),
        quota=connection.ops.quote_name(Quota._meta.db_table),
    )
    params = {
        "event": event.pk,
        "now": connection.ops.adapt_datetimefield_value(now),
        "confirmed": Registration.Status.CONFIRMED.value,
        "waiting": Registration.Status.WAITING.value,
        "offered": WaitingListEntry.Status.OFFERED.value,
    }
    counts = SeatCounts(
        capacity=event.capacity, quotas_apply=quotas_apply, taken=0, quota_taken={}, waiting={}
    )
    queue = QueueState(0, 0, 0, 0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, quota_id, first, second, third, fourth in rows:
        if kind == "queue":
            queue = QueueState(int(first or 0), int(second or 0), int(third or 0), int(fourth or 0))
            continue
        counts.taken += int(first)
        if quota_id is not None:
            counts.quota_taken[quota_id] = counts.quota_taken.get(quota_id, 0) + int(second)
        counts.waiting[quota_id] = counts.waiting.get(quota_id, 0) + int(third)
        if kind == "seats" and quota_id is not None:
            counts.quota_size[quota_id] = int(fourth)
    return counts, queue


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
