"""Events and registrations over the API, through the events app's rules, access helpers and actions.

Events are public in the UI, so refusing a non-organiser on an event answers 403 (as the UI does);
a registration is personal data, so one the caller may not see answers 404 like a missing one.
A registration made here goes through `do_register`, as the web form's does; the personal link is
e-mailed to the registrant and never returned (the idempotency store would keep it in plain text).
"""

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from jamlik.api.common import (
    MAX_PK,
    Paging,
    acting,
    check_period,
    choices_schema,
    invalid,
    known_pk,
    patch_data,
    referenced,
    referenced_many,
    require,
)
from jamlik.core.models import OrganisationUnit
from jamlik.events import actions
from jamlik.events.access import get_event, get_event_for_organiser
from jamlik.events.models import Event, Registration

EventKind = Annotated[Event.Kind, choices_schema(Event.Kind)]
RegistrationStatus = Annotated[Registration.Status, choices_schema(Registration.Status)]

router = Router(tags=["events"])

ORGANISE = "events.organise_event"


def _aware(value: datetime.datetime) -> datetime.datetime:
    """Times within reason, read in the site's time zone when they carry none (as the forms do)."""
    if not 1900 <= value.year <= 2200:
        raise ValueError("year out of range (1900–2200)")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Moment = Annotated[datetime.datetime, AfterValidator(_aware)]


class EventOut(Schema):
    id: int
    kind: EventKind
    title: str
    series: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    description: str
    organiser_unit_id: int
    capacity: int
    registration_closes_at: datetime.datetime
    quota_release_at: datetime.datetime | None
    max_sessions: int
    hold_hours: int
    answer_retention_days: int
    version: int


class EventIn(Schema):
    kind: EventKind = Event.Kind.CONFERENCE
    title: str = Field(min_length=1, max_length=200)
    series: str = Field("", max_length=200)
    starts_at: Moment
    ends_at: Moment
    place: str = Field(min_length=1, max_length=200)
    description: str = ""
    organiser_unit_id: int
    capacity: int = Field(ge=0, le=2_147_483_647)
    registration_closes_at: Moment
    quota_release_at: Moment | None = None
    max_sessions: int = Field(0, ge=0, le=32767)
    hold_hours: int = Field(48, ge=0, le=32767)
    answer_retention_days: int = Field(30, ge=0, le=32767)


class EventPatch(Schema):
    version: int
    kind: EventKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    series: str | None = Field(None, max_length=200)
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    place: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    organiser_unit_id: int | None = None
    capacity: int | None = Field(None, ge=0, le=2_147_483_647)
    registration_closes_at: Moment | None = None
    quota_release_at: Moment | None = None
    max_sessions: int | None = Field(None, ge=0, le=32767)
    hold_hours: int | None = Field(None, ge=0, le=32767)
    answer_retention_days: int | None = Field(None, ge=0, le=32767)


class RegistrationAnswerOut(Schema):
    question_id: int
    text: str


class RegistrationOut(Schema):
    id: int
    event_id: int
    name: str
    email: str
    unit_id: int | None
    organisation: str
    quota_id: int | None
    open_seat: bool
    status: RegistrationStatus
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None
    session_ids: list[int]
    answers: list[RegistrationAnswerOut]

    @staticmethod
    def resolve_session_ids(obj: Registration) -> list[int]:
        return sorted(seat.session_id for seat in obj.session_seats.all())

    @staticmethod
    def resolve_answers(obj: Registration) -> list[dict[str, Any]]:
        return [{"question_id": a.question_id, "text": a.text} for a in obj.answers.all()]


class RegistrationAnswerIn(Schema):
    question_id: int
    text: str = Field(max_length=1000)


class RegistrationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    unit_id: int | None = Field(None, description="Leave out for an external participant.")
    organisation: str = Field("", max_length=200, description="Required for an external participant.")
    session_ids: list[int] = Field(default_factory=list, max_length=50)
    answers: list[RegistrationAnswerIn] = Field(default_factory=list, max_length=50)
    join_waiting_list: bool = False


def _unit(data: dict[str, Any]) -> dict[str, Any]:
    if "organiser_unit_id" in data:
        data["organiser_unit"] = referenced(
            OrganisationUnit.objects.all(), data.pop("organiser_unit_id"), "organiser_unit"
        )
    return data


@router.get("/events", response=list[EventOut], operation_id="event_list")
@paginate(Paging)
def event_list(
    request: HttpRequest,
    upcoming: bool | None = Query(None, description="Only events not yet over (or only past ones)."),
    kind: EventKind | None = None,
    organiser_unit_id: int | None = Query(None, ge=1, le=MAX_PK),
    series: str | None = Query(None, max_length=200),
) -> Any:
    """Every event: the programme is public, as on the events page."""
    events = Event.objects.order_by("starts_at", "pk")
    if upcoming is not None:
        now = timezone.now()
        events = events.filter(ends_at__gte=now) if upcoming else events.filter(ends_at__lt=now)
    if kind is not None:
        events = events.filter(kind=kind)
    if organiser_unit_id is not None:
        events = events.filter(organiser_unit_id=organiser_unit_id)
    if series:
        events = events.filter(series=series)
    return events


@router.post("/events", response={201: EventOut}, operation_id="event_create")
def event_create(request: HttpRequest, payload: EventIn) -> Any:
    require(request, "events.add_event")
    data = _unit(payload.dict())
    check_period(data["starts_at"], data["ends_at"], "ends_at", _("The event cannot end before it starts."))
    return Status(201, actions.do_create_event(acting_user=acting(request), **data))


@router.get("/events/{pk}", response=EventOut, operation_id="event_detail")
def event_detail(request: HttpRequest, pk: int) -> Any:
    return get_event(known_pk(pk))


@router.patch("/events/{pk}", response=EventOut, operation_id="event_update")
def event_update(request: HttpRequest, pk: int, payload: EventPatch) -> Any:
    event = get_event_for_organiser(request, known_pk(pk))
    version, data = patch_data(payload, nullable=("quota_release_at",))
    data = _unit(data)
    check_period(
        data.get("starts_at", event.starts_at),
        data.get("ends_at", event.ends_at),
        "ends_at",
        _("The event cannot end before it starts."),
    )
    actions.do_update_event(event, acting_user=acting(request), data=data, expected_version=version)
    return Event.objects.get(pk=event.pk)


def registration_queryset() -> Any:
    return Registration.objects.select_related("event").prefetch_related("session_seats", "answers")


@router.get("/events/{pk}/registrations", response=list[RegistrationOut], operation_id="registration_list")
@paginate(Paging)
def registration_list(request: HttpRequest, pk: int, status: RegistrationStatus | None = None) -> Any:
    """The event's registrations, for its organisers only (as the participants page)."""
    event = get_event_for_organiser(request, known_pk(pk))
    registrations = registration_queryset().filter(event=event).order_by("created_at", "pk")
    if status is not None:
        registrations = registrations.filter(status=status)
    return registrations


@router.post(
    "/events/{pk}/registrations", response={201: RegistrationOut}, operation_id="registration_create"
)
def registration_create(request: HttpRequest, pk: int, payload: RegistrationIn) -> Any:
    """Register someone, by the same rules as the public form (quotas, sessions, waiting list)."""
    event = get_event(known_pk(pk))
    try:
        validate_email(payload.email)
    except DjangoValidationError as exc:
        raise DjangoValidationError({"email": exc.messages}) from exc
    units = OrganisationUnit.objects.exclude(kind=OrganisationUnit.Kind.EXTERNAL)
    unit = referenced(units, payload.unit_id, "unit")
    if unit is None and not payload.organisation.strip():
        raise invalid("organisation", _("Tell us which organisation you come from."))
    sessions = referenced_many(event.sessions.all(), payload.session_ids, "sessions")
    answers = _registration_answers(event, payload)
    try:
        registration, _token = actions.do_register(
            event,
            name=payload.name,
            email=payload.email,
            unit=unit,
            organisation=payload.organisation,
            answers=answers,
            sessions=sessions,
            join_waiting_list=payload.join_waiting_list,
            acting_user=acting(request),
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )
    except actions.RegistrationError as exc:
        raise invalid("", str(exc.message)) from exc
    return Status(201, registration_queryset().get(pk=registration.pk))


def _registration_answers(event: Event, payload: RegistrationIn) -> dict[Any, str]:
    """{question: text}, with the event's required questions answered, as the form demands."""
    questions = {q.pk: q for q in event.questions.all()}
    answers = {}
    for item in payload.answers:
        question = questions.get(item.question_id)
        if question is None:
            raise invalid("answers", _("There is no such object (id %(id)s).") % {"id": item.question_id})
        answers[question] = item.text.strip()
    for question in questions.values():
        if question.required and not answers.get(question):
            raise invalid("answers", _("Answer the question “%(question)s”.") % {"question": question.text})
    return answers


@router.get("/registrations/{pk}", response=RegistrationOut, operation_id="registration_detail")
def registration_detail(request: HttpRequest, pk: int) -> Any:
    registration = registration_queryset().filter(pk=known_pk(pk)).first()
    if registration is None or not request.user.has_perm(ORGANISE, registration.event):
        raise Http404
    return registration
