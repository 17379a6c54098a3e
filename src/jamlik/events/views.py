"""Event pages. Programme, registration and the personal-link pages are public; the rest is for organisers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.editing import create_page, edit_page
from jamlik.core.http import AuthenticatedHttpRequest
from jamlik.events import actions, exports, printouts
from jamlik.events.access import (
    get_event,
    get_event_for_organiser,
    get_registration_by_token,
    get_session_for_organiser,
    get_waiting_entry_for_organiser,
)
from jamlik.events.allocation import allocation_table, session_free_seats
from jamlik.events.forms import (
    EventForm,
    LostLinkForm,
    MessageForm,
    MoveEntryForm,
    QuestionForm,
    QuotaForm,
    RegistrationForm,
    SessionChoiceForm,
    SessionForm,
    TimeSlotForm,
)
from jamlik.events.models import Event, Registration, Session, TimeSlot, WaitingListEntry

FORM_TEMPLATE = "core/form.html"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _programme(event: Event) -> Any:
    return event.slots.prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("title")))


# --- Public pages -------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = Event.objects.select_related("organiser_unit")
    context = {
        "upcoming": events.filter(ends_at__gte=now),
        "past": events.filter(ends_at__lt=now).order_by("-starts_at")[:20],
        "can_add": request.user.has_perm("events.add_event"),
    }
    return render(request, "events/event_list.html", context)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    table = allocation_table(event)
    context = {
        "event": event,
        "slots": _programme(event),
        "free": session_free_seats(event),
        "seats_free": table.free,
        "registration_open": event.registration_open(),
        "can_organise": request.user.has_perm("events.organise_event", event),
    }
    return render(request, "events/event_detail.html", context)


def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    if not event.registration_open():
        return render(
            request, "events/closed.html", {"event": event}, status=200 if request.method == "GET" else 400
        )
    posted = request.method == "POST"
    # A posted form is shown again only when refused; the free seats are counted only then.
    form = RegistrationForm(
        request.POST if posted else None, event=event, free=None if posted else session_free_seats(event)
    )
    full = False
    if request.method == "POST" and form.is_valid():
        try:
            registration, token = actions.do_register(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                unit=form.selected_unit(),
                organisation=form.cleaned_data["organisation"],
                answers=form.answers(),
                sessions=form.chosen_sessions(),
                join_waiting_list=form.cleaned_data["join_waiting_list"],
                site_url=_site_url(request),
            )
        except actions.RegistrationError as exc:
            form.add_error(None, exc.message)
            full = exc.code == "full"
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(
                    request, _("You are registered. We have sent a confirmation to your e-mail.")
                )
            else:
                messages.success(
                    request, _("You are on the waiting list. We will e-mail you when a seat is free.")
                )
            return redirect("events:manage", token=token)
    if posted:
        form.mark_full(session_free_seats(event))
    context = {"event": event, "form": form, "full": full}
    return render(request, "events/register.html", context, status=400 if form.is_bound else 200)


def lost_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the personal link again. The answer is the same whether or not the address is registered."""
    event = get_event(pk)
    form = LostLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_resend_link(event, email=form.cleaned_data["email"], site_url=_site_url(request))
        return render(request, "events/lost_link_sent.html", {"event": event})
    context = {"event": event, "form": form}
    return render(request, "events/lost_link.html", context, status=400 if form.is_bound else 200)


def manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_by_token(token)
    event = registration.event
    open_ = event.registration_open() and registration.status == Registration.Status.CONFIRMED
    seats = registration.session_seats.select_related("session__slot")
    initial = {f"slot_{seat.session.slot_id}": str(seat.session_id) for seat in seats}
    entries = registration.waiting_entries.filter(
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
    ).select_related("session")
    for entry in entries:
        if entry.session_id:
            initial[f"slot_{entry.session.slot_id}"] = str(entry.session_id)  # type: ignore[union-attr]
    context = {
        "registration": registration,
        "event": event,
        "token": token,
        "seats": seats,
        "entries": entries,
        "answers": registration.answers.select_related("question"),
        "form": SessionChoiceForm(initial=initial, event=event, free=session_free_seats(event))
        if open_
        else None,
        "now": timezone.now(),
    }
    return render(request, "events/manage.html", context)


@require_POST
def change_sessions(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_by_token(token)
    # Only validated, never shown: the labels that mark full sessions are not needed.
    form = SessionChoiceForm(request.POST, event=registration.event, free=None)
    if form.is_valid():
        try:
            actions.do_change_sessions(
                registration, sessions=form.chosen_sessions(), site_url=_site_url(request)
            )
        except actions.RegistrationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your sessions were saved."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Check your choice."))
    return redirect("events:manage", token=token)


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_by_token(token)
    if request.method != "POST":
        return render(request, "events/cancel.html", {"registration": registration, "token": token})
    if actions.do_cancel_registration(registration, site_url=_site_url(request)):
        messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
    else:
        messages.info(request, _("This registration was already cancelled."))
    return redirect("events:manage", token=token)


@require_POST
def accept_offer(request: HttpRequest, token: str, entry_pk: int) -> HttpResponse:
    registration = get_registration_by_token(token)
    entry = registration.waiting_entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    try:
        actions.do_accept_offer(entry, token=token, site_url=_site_url(request))
    except actions.RegistrationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The seat is yours."))
    return redirect("events:manage", token=token)


# --- Organiser pages ----------------------------------------------------------------------------


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return create_page(
        request,
        allowed=request.user.has_perm("events.add_event"),
        form_class=EventForm,
        create=lambda data: actions.do_create_event(acting_user=request.user, **data),
        template=FORM_TEMPLATE,
        context={"cancel_url": reverse("events:list"), "heading_model": Event._meta.verbose_name},
    )


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    return edit_page(
        request,
        obj=event,
        allowed=True,
        form_class=EventForm,
        update=lambda obj, data, version: actions.do_update_event(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_TEMPLATE,
        context={"cancel_url": event.get_absolute_url()},
        success_url=event.get_absolute_url(),
    )


def _part_create(
    request: HttpRequest,
    event: Event,
    form_class: type,
    create: Any,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    return create_page(
        request,
        allowed=True,
        form_class=form_class,
        create=create,
        template=FORM_TEMPLATE,
        context={
            "cancel_url": event.get_absolute_url(),
            "heading_model": form_class._meta.model._meta.verbose_name,  # type: ignore[attr-defined]
        },
        form_kwargs=form_kwargs or {},
    )


@login_required
def quota_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    return _part_create(
        request,
        event,
        QuotaForm,
        lambda data: _created(event, actions.do_add_quota(event, acting_user=request.user, **data)),
        {"event": event},
    )


@login_required
def slot_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    return _part_create(
        request,
        event,
        TimeSlotForm,
        lambda data: _created(event, actions.do_add_slot(event, acting_user=request.user, **data)),
    )


@login_required
def session_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)

    def create(data: dict[str, Any]) -> Any:
        slot: TimeSlot = data.pop("slot")
        return _created(event, actions.do_add_session(slot, acting_user=request.user, **data))

    return _part_create(request, event, SessionForm, create, {"event": event})


@login_required
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    return _part_create(
        request,
        event,
        QuestionForm,
        lambda data: _created(event, actions.do_add_question(event, acting_user=request.user, **data)),
    )


class _Created:
    """What create_page shows after saving a part of an event: its name, then the event's page."""

    def __init__(self, event: Event, obj: Any) -> None:
        self.obj = obj
        self.url = event.get_absolute_url()

    def __str__(self) -> str:
        return str(self.obj)

    def get_absolute_url(self) -> str:
        return self.url


def _created(event: Event, obj: Any) -> Any:
    return _Created(event, obj)


@login_required
def allocation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    sessions = event.sessions.select_related("slot").annotate(
        seated=Count("seats", distinct=True),
        waiting=Count(
            "waiting_entries",
            filter=Q(waiting_entries__status=WaitingListEntry.Status.WAITING),
            distinct=True,
        ),
    )
    context = {"event": event, "table": allocation_table(event), "sessions": sessions, "now": timezone.now()}
    return render(request, "events/allocation.html", context)


@login_required
def participants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    context = {
        "event": event,
        "registrations": exports.event_registrations(event),
        "questions": list(event.questions.all()),
    }
    return render(request, "events/participants.html", context)


@login_required
def participants_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_response(exports.event_table(event), f"deltagare-{event.pk}", fmt)


@login_required
def session_participants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_organiser(request, pk)
    context = {
        "session": session,
        "event": session.event,
        "seats": session.seats.select_related("registration__unit").order_by("registration__name"),
        "waiting": session.waiting_entries.filter(
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
        )
        .select_related("registration")
        .order_by("position"),
    }
    return render(request, "events/session_participants.html", context)


@login_required
def session_participants_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = get_session_for_organiser(request, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_response(exports.session_table(session), f"pass-{session.pk}", fmt)


@login_required
def waiting_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    entries = (
        event.waiting_entries.filter(
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
        )
        .select_related("registration__quota", "session")
        .order_by("session__title", "status", "position", "pk")
    )
    return render(request, "events/waiting_list.html", {"event": event, "entries": entries})


@login_required
def move_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_waiting_entry_for_organiser(request, pk)
    form = MoveEntryForm(
        request.POST if request.method == "POST" else None, initial={"position": entry.position}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_move_waiting_entry(
                entry,
                acting_user=request.user,
                position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
            )
        except actions.RegistrationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The waiting list was reordered."))
            return redirect("events:waiting_list", pk=entry.event_id)
    context = {
        "form": form,
        "entry": entry,
        "cancel_url": reverse("events:waiting_list", args=[entry.event_id]),
        "submit_label": _("Move"),
    }
    return render(request, "events/move_entry.html", context, status=400 if form.is_bound else 200)


# --- Messages and printouts ---------------------------------------------------------------------


@login_required
def message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    form = MessageForm(request.POST if request.method == "POST" else None, event=event)
    if form.is_valid():
        count = actions.do_send_message(
            event,
            acting_user=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            session=form.cleaned_data["session"],
        )
        messages.success(request, _("The message is on its way to %(count)s people.") % {"count": count})
        return redirect("events:participants", pk=event.pk)
    context = {"event": event, "form": form, "everyone": len(actions.message_recipients(event))}
    return render(request, "events/message.html", context, status=400 if form.is_bound else 200)


def _print_session(request: HttpRequest, event: Event) -> Session | None:
    session_pk = request.GET.get("session", "")
    if not session_pk:
        return None
    session = event.sessions.filter(pk=session_pk).first() if session_pk.isdigit() else None
    if session is None:
        raise Http404
    return session


@login_required
def badges_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    context = {"event": event, "registrations": printouts.seated(event)}
    return printouts.pdf_response(request, "events/print/badges.html", context, f"namnbrickor-{event.pk}")


@login_required
def attendance_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_organiser(request, pk)
    session = _print_session(request, event)
    context = {
        "event": event,
        "title": f"{event.title} – {session.title}" if session else event.title,
        "registrations": printouts.seated(event, session),
    }
    name = f"narvarolista-{event.pk}" + (f"-pass-{session.pk}" if session else "")
    return printouts.pdf_response(request, "events/print/attendance.html", context, name)
