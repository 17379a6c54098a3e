"""Every change to events, registrations and waiting lists.

Each action is one transaction that writes its audit row; e-mail goes out only after commit. Actions
that give or free seats first lock the event row (`lock_event`) and then count, so the count they act
on cannot change under them. After any change that may free a seat, `_offer_next` hands free seats
to the waiting lists, so nobody ever moves seats by hand.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.audit import log_action
from jamlik.core.models import OrganisationUnit, User
from jamlik.events import emails
from jamlik.events.allocation import (
    OPEN_SEAT,
    QueueState,
    SeatCounts,
    lock_event,
    session_free_seats,
    session_seats_taken,
    snapshot,
)
from jamlik.events.models import (
    Answer,
    Event,
    Question,
    Quota,
    Registration,
    Session,
    SessionSeat,
    TimeSlot,
    WaitingListEntry,
    hash_token,
)


class RegistrationError(Exception):
    """A registration request the rules refuse; the message is shown to the registrant as it is."""

    def __init__(self, message: Any, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def _closed() -> RegistrationError:
    return RegistrationError(_("Registration for this event has closed."), "closed")


def default_site_url() -> str:
    return getattr(settings, "JAMLIK_SITE_URL", "http://localhost:8000")


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _registrant(registration: Registration) -> str:
    """Who the audit row names when a registrant acts through a personal link (no login)."""
    return f"registration {registration.pk}"


# --- Setting up events --------------------------------------------------------------------------


def do_create_event(*, acting_user: User | None, **fields: Any) -> Event:
    event: Event = create_logged(Event, acting_user=acting_user, audit_code="event.created", **fields)
    return event


def do_update_event(
    event: Event, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        event, acting_user=acting_user, data=data, expected_version=expected_version, code="event.changed"
    )


def do_add_quota(
    event: Event,
    *,
    acting_user: User | None,
    name: str,
    size: int,
    units: Iterable[OrganisationUnit] = (),
    position: int = 0,
) -> Quota:
    units = list(units)
    with transaction.atomic():
        taken = set(
            OrganisationUnit.objects.filter(
                event_quotas__event=event, pk__in=[u.pk for u in units]
            ).values_list("name", flat=True)
        )
        if taken:
            raise ValueError(f"units already in another quota: {sorted(taken)}")
        quota: Quota = create_logged(
            Quota,
            acting_user=acting_user,
            audit_code="quota.created",
            event=event,
            name=name,
            size=size,
            position=position,
        )
        quota.units.set(units)
    return quota


def do_add_slot(event: Event, *, acting_user: User | None, **fields: Any) -> TimeSlot:
    slot: TimeSlot = create_logged(
        TimeSlot, acting_user=acting_user, audit_code="timeslot.created", event=event, **fields
    )
    return slot


def do_add_session(slot: TimeSlot, *, acting_user: User | None, **fields: Any) -> Session:
    session: Session = create_logged(
        Session, acting_user=acting_user, audit_code="session.created", event=slot.event, slot=slot, **fields
    )
    return session


def do_add_question(event: Event, *, acting_user: User | None, **fields: Any) -> Question:
    question: Question = create_logged(
        Question, acting_user=acting_user, audit_code="question.created", event=event, **fields
    )
    return question


# --- Registering --------------------------------------------------------------------------------


def check_session_choice(event: Event, sessions: list[Session], limit: int | None = None) -> None:
    """At most one session per time slot, at most the event's limit in total, all from this event.

    `limit` saves the query for the event's time slots when the caller has them at hand.
    """
    if not sessions:
        return
    if any(session.event_id != event.pk for session in sessions):
        raise RegistrationError(_("A chosen session does not belong to this event."), "foreign_session")
    slots = [session.slot_id for session in sessions]
    if len(slots) != len(set(slots)):
        raise RegistrationError(_("Choose at most one session in each time slot."), "same_slot")
    if limit is None:
        limit = event.session_limit()
    if len(sessions) > limit:
        raise RegistrationError(
            _("Choose at most %(limit)s sessions in total.") % {"limit": limit}, "too_many_sessions"
        )


def _next_position(event: Event, session: Session | None) -> int:
    last = (
        WaitingListEntry.objects.filter(event=event, session=session)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return (last or 0) + 1


def _place_in_sessions(
    registration: Registration, sessions: list[Session], now: datetime.datetime
) -> list[str]:
    """Give a seat in each session that has one; queue for the others. Returns the queued titles."""
    queued = []
    for session in sessions:
        if session_seats_taken(session, now) < session.capacity:
            SessionSeat.objects.create(registration=registration, session=session)
        else:
            WaitingListEntry.objects.create(
                event=registration.event,
                session=session,
                registration=registration,
                position=_next_position(registration.event, session),
            )
            queued.append(session.title)
    return queued


def _duplicate() -> RegistrationError:
    return RegistrationError(
        _(
            "This e-mail address is already registered for the event. Use your personal link to "
            "change your registration, or ask for the link again."
        ),
        "duplicate",
    )


def is_registered(event: Event, email: str) -> bool:
    """Whether an active registration uses this address; the query matches the unique index exactly."""
    return (
        Registration.objects.active()
        .alias(email_lower=Lower("email"))
        .filter(event=event, email_lower=email.lower())
        .exists()
    )


def do_register(
    event: Event,
    *,
    name: str,
    email: str,
    unit: OrganisationUnit | None,
    organisation: str = "",
    answers: dict[Question, str] | None = None,
    sessions: list[Session] | None = None,
    join_waiting_list: bool = False,
    acting_user: User | None = None,
    site_url: str = "",
) -> tuple[Registration, str]:
    """Register someone: a seat if their quota (or, after the release, the open pool) has one.

    When no seat is free, `join_waiting_list` decides between a place on the waiting list and an
    `EventFull` refusal that changes nothing. Returns the registration and its personal-link token.

    Everything that does not depend on the seat count (the duplicate check, the quota, the token) is
    done before the event lock is taken, so the lock is held for a few short statements only. The
    duplicate check outside the lock is backed by the unique constraint on (address, event).
    """
    sessions = sessions or []
    email = email.strip()
    check_session_choice(event, sessions)
    if is_registered(event, email):
        raise _duplicate()
    quota = event.quota_for(unit)
    has_quotas = quota is not None or event.quotas.exists()
    token, token_hash = _new_token()
    try:
        with transaction.atomic():
            event = lock_event(event.pk)
            now = timezone.now()
            if not event.registration_open(now):
                raise _closed()
            release = event.quota_release_at
            quotas_apply = has_quotas and release is not None and now < release
            # People already waiting come before newcomers: hand out freed seats first.
            round_ = _offer_next(event, now, site_url, quotas_apply=quotas_apply)
            seat = round_.counts.seat_for(quota)
            if seat is None and not join_waiting_list:
                raise RegistrationError(_("The event is full. You can join the waiting list."), "full")
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                unit=unit,
                organisation=organisation,
                quota=quota,
                open_seat=seat == OPEN_SEAT,
                status=Registration.Status.CONFIRMED if seat else Registration.Status.WAITING,
                token_hash=token_hash,
                created_at=now,
            )
            _save_answers(registration, answers)
            queued: list[str] = []
            if seat:
                queued = _place_in_sessions(registration, sessions, now) if sessions else []
            else:
                WaitingListEntry.objects.create(
                    event=event,
                    registration=registration,
                    position=round_.queue.last_event_position + 1,
                    created_at=now,
                )
            log_action(
                "registration.created",
                actor=acting_user,
                actor_name="" if acting_user else _registrant(registration),
                obj=registration,
                changes={
                    "status": registration.status,
                    "quota": quota.name if quota else None,
                    "open_seat": registration.open_seat,
                    "sessions": [s.title for s in sessions] if seat else [],
                    "session_waiting_lists": queued,
                },
            )
            # After commit, and so after the lock is released: the e-mail never delays the next one.
            transaction.on_commit(
                partial(
                    emails.send_registration_to,
                    registration,
                    token,
                    site_url or default_site_url(),
                    with_sessions=bool(sessions),
                )
            )
    except IntegrityError:
        # Someone registered the same address between our check and our insert.
        if is_registered(event, email):
            raise _duplicate() from None
        raise
    return registration, token


def _save_answers(registration: Registration, answers: dict[Question, str] | None) -> None:
    rows = [Answer(registration=registration, question=q, text=t) for q, t in (answers or {}).items() if t]
    if rows:
        Answer.objects.bulk_create(rows)


def do_change_sessions(
    registration: Registration,
    *,
    sessions: list[Session],
    acting_user: User | None = None,
    site_url: str = "",
) -> None:
    """Replace the registrant's session choice slot by slot, keeping what they already hold."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        now = timezone.now()
        if not event.registration_open(now):
            raise _closed()
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError(_("You can choose sessions once you have a seat."), "not_confirmed")
        check_session_choice(event, sessions)
        seats: dict[int, SessionSeat] = {s.session_id: s for s in registration.session_seats.all()}
        queued: dict[int | None, WaitingListEntry] = {
            e.session_id: e
            for e in registration.waiting_entries.filter(
                session__isnull=False,
                status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
            )
        }
        wanted = {s.pk for s in sessions}
        before = sorted({*seats, *(k for k in queued if k is not None)})
        for session_id, seat in seats.items():
            if session_id not in wanted:
                seat.delete()
        for queued_id, entry in queued.items():
            if queued_id not in wanted:
                entry.status = WaitingListEntry.Status.CANCELLED
                entry.save(update_fields=["status"])
        _place_in_sessions(
            registration, [s for s in sessions if s.pk not in seats and s.pk not in queued], now
        )
        log_action(
            "registration.sessions_changed",
            actor=acting_user,
            actor_name="" if acting_user else _registrant(registration),
            obj=registration,
            changes={"sessions": [before, sorted(wanted)]},
        )
        _offer_next(event, now, site_url)


def do_cancel_registration(
    registration: Registration, *, acting_user: User | None = None, site_url: str = ""
) -> bool:
    """Cancel; the seat and any session seats are free at once and offered to the waiting lists.

    Returns False (and changes nothing) when the registration was already cancelled.
    """
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return False
        now = timezone.now()
        old_status = registration.status
        _cancel(registration, now)
        log_action(
            "registration.cancelled",
            actor=acting_user,
            actor_name="" if acting_user else _registrant(registration),
            obj=registration,
            changes={"status": [old_status, registration.status]},
        )
        transaction.on_commit(partial(emails.send_cancelled, registration.pk))
        _offer_next(event, now, site_url)
    return True


def _cancel(registration: Registration, now: datetime.datetime) -> None:
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    registration.session_seats.all().delete()
    registration.waiting_entries.filter(
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
    ).update(status=WaitingListEntry.Status.CANCELLED)


def do_resend_link(event: Event, *, email: str, site_url: str = "") -> None:
    """Send a fresh personal link to whoever registered with this address; silent when nobody did.

    Only the token's hash is stored, so the old link cannot be sent again: a new one replaces it.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.active()
            .filter(event=event, email__iexact=email.strip())
            .select_for_update()
            .first()
        )
        if registration is None:
            return
        token, registration.token_hash = _new_token()
        registration.save(update_fields=["token_hash"])
        log_action(
            "registration.link_sent", actor=None, actor_name=_registrant(registration), obj=registration
        )
        transaction.on_commit(
            partial(emails.send_link, registration.pk, token, site_url or default_site_url())
        )


# --- Waiting lists ------------------------------------------------------------------------------


def do_offer_next(event: Event, *, site_url: str = "") -> list[WaitingListEntry]:
    """Let expired offers pass on and offer every free seat to the next in line (the periodic job)."""
    with transaction.atomic():
        event = lock_event(event.pk)
        return _offer_next(event, timezone.now(), site_url).offers


def _expire_offers(event: Event, now: datetime.datetime) -> None:
    expired = WaitingListEntry.objects.filter(
        event=event, status=WaitingListEntry.Status.OFFERED, hold_until__lte=now
    ).select_related("registration", "session")
    for entry in expired:
        entry.status = WaitingListEntry.Status.EXPIRED
        entry.save(update_fields=["status"])
        if entry.session_id is None:
            # An event seat not taken in time: the registrant leaves the list.
            _cancel(entry.registration, now)
        log_action(
            "waitinglist.offer_expired",
            actor=None,
            obj=entry,
            changes={"session": entry.session.title if entry.session else None},
        )


def _offer(entry: WaitingListEntry, now: datetime.datetime, open_seat: bool, site_url: str) -> None:
    entry.status = WaitingListEntry.Status.OFFERED
    entry.offered_at = now
    entry.hold_until = now + timedelta(hours=entry.event.hold_hours)
    entry.open_seat = open_seat
    entry.save(update_fields=["status", "offered_at", "hold_until", "open_seat"])
    registration = entry.registration
    token, registration.token_hash = _new_token()
    registration.save(update_fields=["token_hash"])
    log_action(
        "waitinglist.offered",
        actor=None,
        obj=entry,
        changes={"hold_until": entry.hold_until, "position": entry.position},
    )
    transaction.on_commit(partial(emails.send_offer, entry.pk, token, site_url or default_site_url()))


@dataclass
class OfferRound:
    """What `_offer_next` saw and did: the counts (after its offers), the queues, the offers made."""

    counts: SeatCounts
    queue: QueueState
    offers: list[WaitingListEntry]


def _offer_next(
    event: Event, now: datetime.datetime, site_url: str, *, quotas_apply: bool | None = None
) -> OfferRound:
    """Runs under the event lock: expire old offers, then offer each free seat to the first who fits.

    Before the release a freed quota seat goes to the first waiting person of that quota; after it,
    to the first in line whoever they are. Each offer holds the seat for the event's hold time.

    One aggregate query (`snapshot`) tells whether anything can move at all; in a rush (event full,
    long lists) that is all this costs. The seat counts it returns include its own offers, so a registration
    under the same lock needs no further count.
    """
    if quotas_apply is None:
        quotas_apply = event.quotas_apply(now)
    counts, queue = snapshot(event, now, quotas_apply=quotas_apply)
    if queue.expired_offers:
        _expire_offers(event, now)
        counts, queue = snapshot(event, now, quotas_apply=quotas_apply)
    offers: list[WaitingListEntry] = []
    if queue.waiting_for_event and counts.free:
        offers += _offer_event_seats(event, counts, now, site_url)
    if queue.waiting_for_sessions:
        offers += _offer_session_seats(event, now, site_url)
    return OfferRound(counts, queue, offers)


def _offer_event_seats(
    event: Event, counts: SeatCounts, now: datetime.datetime, site_url: str
) -> list[WaitingListEntry]:
    """Offer free event seats in queue order. Only the queues of people who could get a seat are read."""
    hopeful = counts.hopeful_quotas()
    if not hopeful:
        return []
    offers = []
    entries = (
        WaitingListEntry.objects.filter(event=event, session__isnull=True)
        .waiting()
        .select_related("registration__quota", "event")
    )
    if counts.quotas_apply:
        # Before the release only a free seat in the registrant's own quota can be offered.
        entries = entries.filter(registration__quota__in=hopeful)
    else:
        entries = entries[: counts.free]
    for entry in entries:
        quota = entry.registration.quota
        seat = counts.seat_for(quota)
        if seat is None:
            if not counts.free:
                break
            continue
        _offer(entry, now, seat == OPEN_SEAT, site_url)
        counts.take(quota, seat)
        offers.append(entry)
    return offers


def _offer_session_seats(event: Event, now: datetime.datetime, site_url: str) -> list[WaitingListEntry]:
    open_sessions = [pk for pk, free in session_free_seats(event, now).items() if free > 0]
    if not open_sessions:
        return []
    offers = []
    session_queues: dict[Session, list[WaitingListEntry]] = {}
    waiting = WaitingListEntry.objects.filter(event=event, session__in=open_sessions).waiting()
    for entry in waiting.select_related("registration", "event", "session"):
        if entry.session is not None:
            session_queues.setdefault(entry.session, []).append(entry)
    for session, entries in session_queues.items():
        free = session.capacity - session_seats_taken(session, now)
        for entry in entries[: max(free, 0)]:
            _offer(entry, now, False, site_url)
            offers.append(entry)
    return offers


def do_accept_offer(
    entry: WaitingListEntry, *, acting_user: User | None = None, token: str = "", site_url: str = ""
) -> None:
    """Take an offered seat while its hold lasts. A session seat replaces any other in the same slot."""
    with transaction.atomic():
        event = lock_event(entry.event_id)
        entry = WaitingListEntry.objects.select_related("registration", "session").get(pk=entry.pk)
        now = timezone.now()
        if (
            entry.status != WaitingListEntry.Status.OFFERED
            or entry.hold_until is None
            or entry.hold_until <= now
        ):
            raise RegistrationError(_("This offer is no longer open."), "offer_closed")
        registration = entry.registration
        entry.status = WaitingListEntry.Status.ACCEPTED
        entry.save(update_fields=["status"])
        if entry.session is None:
            registration.status = Registration.Status.CONFIRMED
            registration.open_seat = entry.open_seat
            registration.save(update_fields=["status", "open_seat"])
        else:
            registration.session_seats.filter(session__slot=entry.session.slot).delete()
            registration.waiting_entries.filter(
                session__slot=entry.session.slot, status=WaitingListEntry.Status.WAITING
            ).update(status=WaitingListEntry.Status.CANCELLED)
            SessionSeat.objects.create(registration=registration, session=entry.session)
        log_action(
            "waitinglist.accepted",
            actor=acting_user,
            actor_name="" if acting_user else _registrant(registration),
            obj=entry,
            changes={"session": entry.session.title if entry.session else None},
        )
        if entry.session is None and token:
            transaction.on_commit(
                partial(emails.send_registration, registration.pk, token, site_url or default_site_url())
            )
        _offer_next(event, now, site_url)


def do_move_waiting_entry(entry: WaitingListEntry, *, acting_user: User, position: int, reason: str) -> None:
    """The organiser moves someone in the queue; the reason is kept in the audit row."""
    with transaction.atomic():
        lock_event(entry.event_id)
        queue = list(
            WaitingListEntry.objects.filter(event_id=entry.event_id, session=entry.session).waiting()
        )
        current = next((e for e in queue if e.pk == entry.pk), None)
        if current is None:
            raise RegistrationError(_("Only people still waiting can be moved."), "not_waiting")
        old_place = queue.index(current) + 1
        queue.remove(current)
        new_place = min(max(position, 1), len(queue) + 1)
        queue.insert(new_place - 1, current)
        for place, item in enumerate(queue, start=1):
            if item.position != place:
                item.position = place
                item.save(update_fields=["position"])
        log_action(
            "waitinglist.reordered",
            actor=acting_user,
            obj=current,
            changes={"place": [old_place, new_place], "reason": reason},
        )


# --- Personal data ------------------------------------------------------------------------------


def do_purge_answers(event: Event, *, acting_user: User | None = None) -> int:
    """Delete the registrants' answers (dietary and accessibility needs) for one event."""
    with transaction.atomic():
        count, _detail = Answer.objects.filter(registration__event=event).delete()
        Event.objects.filter(pk=event.pk).update(answers_purged_at=timezone.now())
        log_action("event.answers_purged", actor=acting_user, obj=event, changes={"deleted": count})
    return count


# --- Registering many at once -------------------------------------------------------------------


@dataclass(frozen=True)
class NewRegistrant:
    """One person in a bulk registration (an import, or the demo data)."""

    name: str
    email: str
    unit: OrganisationUnit | None = None
    organisation: str = ""
    answers: dict[Question, str] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)


def do_bulk_register(
    event: Event, people: Iterable[NewRegistrant], *, acting_user: User | None = None
) -> list[Registration]:
    """Register many people in one transaction, in order, by the same rules as `do_register`.

    Everyone joins the waiting list when no seat is left. The seat counts are taken once under the
    event lock and then kept in memory, so the whole batch costs a handful of queries. No e-mail is
    sent (the personal links are not handed out: registrants ask for one with the lost-link form), and
    the audit log gets one row for the batch. People refused (a duplicate address or a wrong session
    choice) are skipped; the audit row counts them.
    """
    people = list(people)
    with transaction.atomic():
        event = lock_event(event.pk)
        now = timezone.now()
        if not event.registration_open(now):
            raise _closed()
        counts = _offer_next(event, now, "").counts
        limit = event.session_limit()
        session_taken = {session.pk: session_seats_taken(session, now) for session in event.sessions.all()}
        positions: dict[int | None, int] = {
            row["session"]: row["last"]
            for row in WaitingListEntry.objects.filter(event=event)
            .values("session")
            .annotate(last=Max("position"))
        }
        emails_taken = {
            e.lower()
            for e in Registration.objects.active().filter(event=event).values_list("email", flat=True)
        }
        quota_of: dict[int | None, Quota | None] = {}
        accepted: list[tuple[NewRegistrant, Registration]] = []
        skipped = 0
        for person in people:
            email = person.email.strip()
            slots = [session.slot_id for session in person.sessions]
            if (
                email.lower() in emails_taken
                or any(session.event_id != event.pk for session in person.sessions)
                or len(slots) != len(set(slots))
                or len(slots) > limit
            ):
                skipped += 1
                continue
            emails_taken.add(email.lower())
            unit_id = person.unit.pk if person.unit else None
            if unit_id not in quota_of:
                quota_of[unit_id] = event.quota_for(person.unit)
            quota = quota_of[unit_id]
            seat = counts.seat_for(quota)
            if seat:
                counts.take(quota, seat)
            accepted.append(
                (
                    person,
                    Registration(
                        event=event,
                        name=person.name,
                        email=email,
                        unit=person.unit,
                        organisation=person.organisation,
                        quota=quota,
                        open_seat=seat == OPEN_SEAT,
                        status=Registration.Status.CONFIRMED if seat else Registration.Status.WAITING,
                        token_hash=_new_token()[1],
                        created_at=now,
                    ),
                )
            )
        Registration.objects.bulk_create([registration for _person, registration in accepted])
        answers: list[Answer] = []
        seats: list[SessionSeat] = []
        entries: list[WaitingListEntry] = []

        def queue(registration: Registration, session: Session | None) -> None:
            key = session.pk if session else None
            positions[key] = positions.get(key, 0) + 1
            entries.append(
                WaitingListEntry(
                    event=event,
                    session=session,
                    registration=registration,
                    position=positions[key],
                    created_at=now,
                )
            )

        for person, registration in accepted:
            answers += [
                Answer(registration=registration, question=q, text=t) for q, t in person.answers.items() if t
            ]
            if registration.status != Registration.Status.CONFIRMED:
                queue(registration, None)
                continue
            for session in person.sessions:
                if session_taken[session.pk] < session.capacity:
                    session_taken[session.pk] += 1
                    seats.append(SessionSeat(registration=registration, session=session, created_at=now))
                else:
                    queue(registration, session)
        Answer.objects.bulk_create(answers)
        SessionSeat.objects.bulk_create(seats)
        WaitingListEntry.objects.bulk_create(entries)
        registrations = [registration for _person, registration in accepted]
        log_action(
            "registration.bulk_created",
            actor=acting_user,
            obj=event,
            changes={
                "registered": len(registrations),
                "confirmed": sum(r.status == Registration.Status.CONFIRMED for r in registrations),
                "waiting": sum(r.status == Registration.Status.WAITING for r in registrations),
                "skipped": skipped,
            },
        )
    return registrations


# --- Messages to participants -------------------------------------------------------------------


def message_recipients(event: Event, session: Session | None = None) -> list[int]:
    """Ids of the registrations a message reaches: everyone confirmed, or those seated in `session`."""
    registrations = Registration.objects.confirmed().filter(event=event)
    if session is not None:
        registrations = registrations.filter(session_seats__session=session)
    return list(registrations.order_by("pk").values_list("pk", flat=True))


def do_send_message(
    event: Event, *, acting_user: User, subject: str, body: str, session: Session | None = None
) -> int:
    """Write to the participants; one e-mail each, sent after commit. Returns how many it goes to."""
    if session is not None and session.event_id != event.pk:
        raise ValueError("the session belongs to another event")
    with transaction.atomic():
        recipients = message_recipients(event, session)
        log_action(
            "event.message_sent",
            actor=acting_user,
            obj=event,
            changes={
                "subject": subject,
                "session": session.title if session else None,
                "recipients": len(recipients),
            },
        )
        transaction.on_commit(partial(emails.send_message, recipients, subject, body))
    return len(recipients)
