"""E-mail to registrants, sent only from `transaction.on_commit`: a rolled-back change sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from jamlik.events.models import Registration, SessionSeat, WaitingListEntry


def personal_link(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("events:manage", args=[token])


def session_seats(registration: Registration) -> list[SessionSeat]:
    return list(
        registration.session_seats.select_related("session__slot").order_by("session__slot__starts_at")
    )


def ical_for(registration: Registration, link: str, seats: list[SessionSeat] | None = None) -> bytes:
    """The event and the registrant's sessions as an iCalendar file, for the registrant's calendar."""
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//Jämlik//events//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entries = [(f"event-{event.pk}", event.title, event.starts_at, event.ends_at, event.place)]
    for seat in session_seats(registration) if seats is None else seats:
        session = seat.session
        entries.append(
            (
                f"session-{session.pk}",
                session.title,
                session.slot.starts_at,
                session.slot.ends_at,
                f"{event.place}, {session.room}" if session.room else event.place,
            )
        )
    for key, title, start, end, place in entries:
        item = CalendarEvent()
        item.add("uid", f"{key}-registration-{registration.pk}@jamlik")
        item.add("dtstamp", timezone.now())
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("summary", title)
        item.add("location", place)
        item.add("description", _("Your registration: %(link)s") % {"link": link})
        calendar.add_component(item)
    return calendar.to_ical()


def _send(
    registration: Registration,
    subject: str,
    template: str,
    context: dict[str, object],
    ical: bool,
    seats: list[SessionSeat] | None = None,
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"registration": registration, "event": registration.event, **context}
        )
        message = EmailMessage(
            subject=f"{subject}: {registration.event.title}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        if ical:
            message.attach(
                "inbjudan.ics",
                ical_for(registration, str(context.get("link", "")), seats),
                "text/calendar",
            )
        message.send()


def send_registration(registration_id: int, token: str, site_url: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    send_registration_to(registration, token, site_url)


def send_registration_to(
    registration: Registration, token: str, site_url: str, *, with_sessions: bool = True
) -> None:
    """The confirmation (or the waiting-list notice) for a registration the caller has just saved.

    `with_sessions=False` (the caller knows no session was chosen) saves the query for the seats.
    """
    seats = session_seats(registration) if with_sessions else []
    confirmed = registration.status == Registration.Status.CONFIRMED
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registration confirmed") if confirmed else _("You are on the waiting list")
    _send(
        registration,
        subject,
        "events/email/registration.txt",
        {"link": personal_link(site_url, token), "confirmed": confirmed, "seats": seats},
        ical=confirmed,
        seats=seats,
    )


def send_link(registration_id: int, token: str, site_url: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your personal link")
    _send(
        registration, subject, "events/email/link.txt", {"link": personal_link(site_url, token)}, ical=False
    )


def send_offer(entry_id: int, token: str, site_url: str) -> None:
    entry = WaitingListEntry.objects.select_related("registration__event", "session").get(pk=entry_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A seat is free for you")
    _send(
        entry.registration,
        subject,
        "events/email/offer.txt",
        {"link": personal_link(site_url, token), "entry": entry},
        ical=False,
    )


def send_cancelled(registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registration cancelled")
    _send(registration, subject, "events/email/cancelled.txt", {}, ical=False)


def send_message(registration_ids: list[int], subject: str, body: str) -> None:
    """The organiser's message, one e-mail per person so that nobody sees the others' addresses."""
    registrations = Registration.objects.select_related("event").filter(pk__in=registration_ids)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            EmailMessage(
                subject=f"{subject}: {registration.event.title}",
                body=render_to_string(
                    "events/email/message.txt", {"registration": registration, "body": body}
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[registration.email],
            )
            for registration in registrations
        ]
    with get_connection() as connection:
        connection.send_messages(messages)
