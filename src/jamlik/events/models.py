"""Conferences, forum meetings and workshops: programme, seat quotas, registrations and waiting lists.

Nothing here stores how many seats are left. Availability is always counted from the registrations
and the open offers themselves, so a cancellation frees its seat the moment it is saved.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, VersionedModel


def hash_token(token: str) -> str:
    """Personal links carry a random token; only its hash is stored, so a database leak reveals no link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Event(VersionedModel):
    """A conference, forum meeting or workshop that people register for."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        FORUM = "forum", _("Forum meeting")
        WORKSHOP = "workshop", _("Workshop")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    title = models.CharField(_("title"), max_length=200)
    series = models.CharField(
        _("series"),
        max_length=200,
        blank=True,
        help_text=_("For recurring meetings, e.g. “Leaders' forum 2026”. Leave empty for a single event."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
        help_text=_("The unit that runs the event. Its staff can see the registrations."),
    )
    capacity = models.PositiveIntegerField(_("seats"), help_text=_("How many people the venue takes."))
    registration_closes_at = models.DateTimeField(
        _("registration closes"), help_text=_("After this time nobody can register or change sessions.")
    )
    quota_release_at = models.DateTimeField(
        _("quotas released"),
        null=True,
        blank=True,
        help_text=_(
            "Until this time each unit can only take the seats of its quota; from then on every free seat "
            "is open to everyone. Leave empty when the event has no quotas."
        ),
    )
    max_sessions = models.PositiveSmallIntegerField(
        _("most sessions per person"),
        default=0,
        help_text=_("How many sessions one person may choose in total; 0 means one in every time slot."),
    )
    hold_hours = models.PositiveSmallIntegerField(
        _("hold time for offers (hours)"),
        default=48,
        help_text=_("How long a seat offered from the waiting list is kept before it passes to the next."),
    )
    answer_retention_days = models.PositiveSmallIntegerField(
        _("keep answers (days after the event)"),
        default=30,
        help_text=_("Dietary and accessibility needs are deleted this many days after the event ends."),
    )
    answers_purged_at = models.DateTimeField(_("answers deleted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.organiser_unit_id

    def registration_open(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.registration_closes_at

    def quotas_apply(self, now: datetime.datetime | None = None) -> bool:
        """Quotas bind only before their release time, and only if the event has any."""
        if self.quota_release_at is None or (now or timezone.now()) >= self.quota_release_at:
            return False
        return self.quotas.exists()

    def session_limit(self) -> int:
        return self.max_sessions or self.slots.count()

    def quota_for(self, unit: OrganisationUnit | None) -> Quota | None:
        """The quota a registrant from `unit` belongs to (None = external participant).

        The nearest quota up the unit tree wins; anyone no unit quota covers (and every external
        participant) falls to the external/other quota, if the event has one.
        """
        quotas = list(self.quotas.prefetch_related("units"))
        if unit is not None:
            by_unit = {u.pk: q for q in quotas for u in q.units.all()}
            for node in [unit, *reversed(unit.ancestors())]:
                if node.pk in by_unit:
                    return by_unit[node.pk]
        return next((q for q in quotas if not q.units.all()), None)


class Quota(models.Model):
    """Seats kept for the staff of some units until the release time (an empty unit list = external/other)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="quotas")
    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. “District administrations (total)”.")
    )
    units = models.ManyToManyField(
        OrganisationUnit,
        verbose_name=_("units"),
        blank=True,
        related_name="event_quotas",
        help_text=_(
            "Staff of these units and every unit under them use this quota. Leave empty for the quota of "
            "external participants and everyone no other quota covers."
        ),
    )
    size = models.PositiveIntegerField(_("seats"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def permission_unit_id(self) -> int:
        return self.event.organiser_unit_id


class TimeSlot(models.Model):
    """A part of the programme; sessions in the same slot run in parallel."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("E.g. “Morning sessions”."))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        times = f"{start:%H:%M}–{end:%H:%M}"
        return f"{self.label} {times}" if self.label else times


class Session(models.Model):
    """One session of the programme, in one time slot, with its own seats."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    slot = models.ForeignKey(
        TimeSlot, verbose_name=_("time slot"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["slot__starts_at", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def permission_unit_id(self) -> int:
        return self.event.organiser_unit_id


class Question(models.Model):
    """A question the organiser asks every registrant, e.g. about dietary or accessibility needs."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def by_token(self, token: str) -> Registration | None:
        return self.select_related("event", "unit", "quota").filter(token_hash=hash_token(token)).first()


class Registration(models.Model):
    """One person's registration for one event: a seat, or a place on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    quota = models.ForeignKey(
        Quota,
        verbose_name=_("quota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    open_seat = models.BooleanField(
        _("seat from the open pool"),
        default=False,
        help_text=_("Given after the quotas were released, beyond the size of the registrant's quota."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            )
        ]
        # The availability count under the event lock reads one event's registrations by status and quota.
        indexes = [models.Index(fields=["event", "status", "quota"], name="registration_availability")]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"


class SessionSeat(models.Model):
    """A confirmed registrant's seat in one session."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="session_seats"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="seats"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session seat")
        verbose_name_plural = _("session seats")
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="session_seat_once")]

    def __str__(self) -> str:
        return f"{self.registration.name} – {self.session.title}"


class Answer(models.Model):
    """A registrant's answer to one question; deleted a set time after the event (purge_event_answers)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question.text}: {self.text}"


class WaitingListEntryQuerySet(models.QuerySet["WaitingListEntry"]):
    def waiting(self) -> WaitingListEntryQuerySet:
        return self.filter(status=WaitingListEntry.Status.WAITING).order_by("position", "pk")

    def holding(self, now: datetime.datetime | None = None) -> WaitingListEntryQuerySet:
        """Offers whose hold has not run out: each keeps a seat taken."""
        return self.filter(status=WaitingListEntry.Status.OFFERED, hold_until__gt=now or timezone.now())

    def for_event_seat(self) -> WaitingListEntryQuerySet:
        return self.filter(session__isnull=True)


class WaitingListEntry(models.Model):
    """A place in the queue for the event (session empty) or for one session."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered a seat")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Left the list")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="waiting_entries"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_entries",
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="waiting_entries"
    )
    position = models.PositiveIntegerField(_("place in line"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    open_seat = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    hold_until = models.DateTimeField(_("offer holds until"), null=True, blank=True)

    objects = WaitingListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["event", "session", "position", "pk"]
        indexes = [models.Index(fields=["event", "status", "session"], name="waitinglist_availability")]

    def __str__(self) -> str:
        target = self.session.title if self.session is not None else self.event.title
        return f"{self.registration.name} – {target} #{self.position}"

    def permission_unit_id(self) -> Any:
        return self.event.organiser_unit_id


# The evaluation survey lives in its own module; importing it here registers its models with the app.
from jamlik.events.evaluation_models import (  # noqa: E402, F401
    FollowUpFeed,
    Invitation,
    Response,
    ResponseAnswer,
    Survey,
    SurveyQuestion,
)
