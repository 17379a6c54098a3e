"""Fetching events for organisers, and registrations for whoever holds the personal link."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from jamlik.events.models import Event, Invitation, Registration, Session, Survey, WaitingListEntry


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


def get_survey_for_user(
    request: HttpRequest, event_pk: int, perm: str = "events.manage_evaluation"
) -> Survey:
    """The event's evaluation survey for one of its organisers (403 for others, as for every organiser page).

    A missing survey is a 404, but only once the user is known to organise the event.
    """
    event = get_event(event_pk)
    if not request.user.has_perm(perm, event):
        raise PermissionDenied
    survey = Survey.objects.select_related("event__organiser_unit").filter(event=event).first()
    if survey is None:
        raise Http404
    return survey


def get_invitation_by_token(token: str) -> Invitation:
    """The survey invitation the personal answer link opens; a wrong link is a 404."""
    invitation = Invitation.objects.by_token(token)
    if invitation is None:
        raise Http404
    return invitation
