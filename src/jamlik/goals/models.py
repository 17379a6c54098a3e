from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, VersionedModel


class Programme(VersionedModel):
    """A programme adopted by the municipality (e.g. a city's equality programme 2018–2026)."""

    name = models.CharField(_("name"), max_length=200)
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("The administration that runs its work under this programme."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("E.g. the city council.")
    )
    document_url = models.URLField(_("link to the programme document"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="programme_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("goals:programme_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first year.")})


class ProgrammePart(VersionedModel):
    """Something that belongs to one programme and is edited by whoever may edit the programme."""

    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        abstract = True

    def get_programme(self) -> Programme:
        raise NotImplementedError

    def permission_unit_id(self) -> int:
        return self.get_programme().owner_unit_id


class TargetArea(ProgrammePart):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="target_areas"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_programme(self) -> Programme:
        return self.programme

    def get_absolute_url(self) -> str:
        return reverse("goals:target_area_detail", args=[self.pk])


class Strategy(ProgrammePart):
    target_area = models.ForeignKey(
        TargetArea, verbose_name=_("target area"), on_delete=models.CASCADE, related_name="strategies"
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["target_area", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_programme(self) -> Programme:
        return self.target_area.programme


class Principle(ProgrammePart):
    """A cross-cutting principle that all work under the programme should follow."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_programme(self) -> Programme:
        return self.programme


class KnowledgeItem(ProgrammePart):
    """A strategy or research perspective in the knowledge base the local work rests on."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        PERSPECTIVE = "perspective", _("Research and knowledge perspective")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="knowledge_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("knowledge base item")
        verbose_name_plural = _("knowledge base")
        ordering = ["programme", "kind", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_programme(self) -> Programme:
        return self.programme


# --- The House: a management model for systematic quality work (seed 001) ---------------------------------

DEFAULT_INTEGRATED_GOALS = [
    _("Sustainable"),
    _("Gender-equal"),
    _("Safeguards children's rights"),
]

DEFAULT_ROOMS = [
    _("Processes and norms"),
    _("Safety and security"),
    _("Staff and competence"),
    _("Holistic view and cooperation"),
    _("Approach and decision-making"),
    _("External monitoring"),
]


class ManagementModel(VersionedModel):
    """The House: one organisation unit's management system for systematic quality work.

    The foundation carries the mission, the beam the work-environment aim that holds up the roof, and the
    roof the vision, the political goals and the integrated goals. Each quality area is a room; issues
    that cannot be handled now are parked in the garage.
    """

    unit = models.OneToOneField(
        OrganisationUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        related_name="management_model",
        help_text=_("The unit whose management system this is. Each unit has at most one house."),
    )
    name = models.CharField(_("name"), max_length=200)
    mission_and_goals = models.TextField(
        _("foundation: mission and goals"),
        blank=True,
        help_text=_("What the unit is there to do in society, and its goals. One per line."),
    )
    work_environment_aim = models.TextField(
        _("beam: work-environment aim"),
        blank=True,
        help_text=_("The aim for a good work environment that holds the roof up."),
    )
    vision = models.TextField(_("roof: vision"), blank=True)
    political_goals = models.TextField(
        _("roof: political goals"), blank=True, help_text=_("The political goals for the unit. One per line.")
    )
    integrated_goals = models.TextField(
        _("roof: integrated goals"),
        blank=True,
        help_text=_(
            "Goals built into every part of the house, e.g. sustainable, gender-equal. One per line."
        ),
    )

    class Meta:
        verbose_name = _("management model")
        verbose_name_plural = _("management models")
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("goals:house_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.unit_id

    def lines(self, field: str) -> list[str]:
        """A one-per-line text field as a list, for drawing the house."""
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


class Room(VersionedModel):
    """A quality area of the house, with its goals, follow-up questions and documents.

    Each room carries a gender-equality goal of its own, because gender equality is built into every part
    of the house rather than kept in a room of its own.
    """

    house = models.ForeignKey(
        ManagementModel, verbose_name=_("house"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True, help_text=_("The room's goals. One per line."))
    gender_equality_goal = models.TextField(
        _("gender-equality goal"),
        blank=True,
        help_text=_("How gender equality shows in this room's work, as a goal that can be followed up."),
    )
    followup_questions = models.TextField(
        _("follow-up questions"),
        blank=True,
        help_text=_("The questions asked when the room is reviewed. One per line."),
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["house", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("goals:room_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.house.unit_id

    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.followup_questions.splitlines() if line.strip()]


class RoomLink(models.Model):
    """A document or web page that belongs to a room (routine, template, checklist)."""

    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("room document")
        verbose_name_plural = _("room documents")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def permission_unit_id(self) -> int:
        return self.room.house.unit_id


class ParkedIssueQuerySet(models.QuerySet["ParkedIssue"]):
    def parked(self) -> ParkedIssueQuerySet:
        return self.filter(status=ParkedIssue.Status.PARKED)

    def overdue(self, today: datetime.date | None = None) -> ParkedIssueQuerySet:
        """Parked issues whose revisit date has passed: someone promised to look at them again."""
        today = today or timezone.localdate()
        return self.parked().filter(revisit_on__lt=today)


class ParkedIssue(VersionedModel):
    """An issue that cannot be handled now, parked in the garage with a reason until it is picked up."""

    class Status(models.TextChoices):
        PARKED = "parked", _("Parked")
        PICKED_UP = "picked_up", _("Picked up")
        DROPPED = "dropped", _("Dropped")

    house = models.ForeignKey(
        ManagementModel,
        verbose_name=_("house"),
        on_delete=models.CASCADE,
        related_name="parked_issues",
    )
    title = models.CharField(_("issue"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("why it is parked"), help_text=_("Why the issue cannot be handled now."))
    parked_on = models.DateField(_("parked on"))
    owner = models.ForeignKey(
        "core.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parked_issues",
        help_text=_("Who keeps an eye on the issue and brings it back."),
    )
    revisit_on = models.DateField(_("revisit on"), help_text=_("When the issue should be looked at again."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PARKED)
    picked_up_on = models.DateField(_("picked up on"), null=True, blank=True)
    picked_up_room = models.ForeignKey(
        Room,
        verbose_name=_("picked up into room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="picked_up_issues",
    )
    picked_up_process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("picked up into change process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="picked_up_issues",
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)

    objects = ParkedIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("parked issue")
        verbose_name_plural = _("parked issues")
        ordering = ["revisit_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:parked_issue_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.house.unit_id

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.PARKED and self.revisit_on < (today or timezone.localdate())
