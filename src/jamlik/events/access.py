"""Fetching events for organisers, and registrations for whoever holds the personal link."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from jamlik.events.models import Event, Registration, Session, WaitingListEntry


def get_event(pk: int) -> Event:
    """Events are public: anyone may read the programme and register."""
    event = Event.objects.select_related("organiser_unit").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def get_event_for_organiser(request: HttpRequest, pk: int) -> Event:
    """The event, if the user organises it. Events are public, so refusing with 403 reveals nothing."""
    event = get_event(pk)
    if not request.user.has_perm("events.organise_event", event):
        raise PermissionDenied
    return event


def get_session_for_organiser(request: HttpRequest, pk: int) -> Session:
    session = Session.objects.select_related("event__organiser_unit", "slot").filter(pk=pk).first()
    if session is None:
        raise Http404
    if not request.user.has_perm("events.organise_event", session.event):
        raise PermissionDenied
    return session


def get_waiting_entry_for_organiser(request: HttpRequest, pk: int) -> WaitingListEntry:
    entry = WaitingListEntry.objects.select_related("event__organiser_unit", "session").filter(pk=pk).first()
    if entry is None:
        raise Http404
    if not request.user.has_perm("events.organise_event", entry.event):
        raise PermissionDenied
    return entry


def get_registration_by_token(token: str) -> Registration:
    """The registration the personal link opens; a wrong or replaced link is a 404."""
    registration = Registration.objects.by_token(token)
    if registration is None:
        raise Http404
    return registration
