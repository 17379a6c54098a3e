from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, Person, User, VersionedModel
from jamlik.goals.models import Strategy, TargetArea


class ProblemType(models.TextChoices):
    """The four problem types: how certain the knowledge is × how far the values are agreed."""

    STRUCTURED = "structured", _("Structured")
    GOALS_AGREED = "goals_agreed", _("Moderately structured – goals agreed")
    KNOWLEDGE_AGREED = "knowledge_agreed", _("Moderately structured – knowledge agreed")
    UNSTRUCTURED = "unstructured", _("Unstructured")


# (knowledge certain, values agreed) → problem type
PROBLEM_TYPES: dict[tuple[bool, bool], ProblemType] = {
    (True, True): ProblemType.STRUCTURED,
    (False, True): ProblemType.GOALS_AGREED,
    (True, False): ProblemType.KNOWLEDGE_AGREED,
    (False, False): ProblemType.UNSTRUCTURED,
}


class Phase(models.TextChoices):
    """The five phases of co-creation."""

    CO_INITIATE = "co_initiate", _("Co-initiate")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCTION = "co_production", _("Co-production")
    CO_IMPLEMENTATION = "co_implementation", _("Co-implementation")
    CO_EVALUATION = "co_evaluation", _("Co-evaluation")


class ChangeProcessQuerySet(models.QuerySet["ChangeProcess"]):
    def led_by(self, user: User) -> ChangeProcessQuerySet:
        """Processes the user leads today."""
        today = timezone.localdate()
        return self.filter(
            Q(leaderships__person__user=user),
            Q(leaderships__start__lte=today),
            Q(leaderships__end__isnull=True) | Q(leaderships__end__gte=today),
        ).distinct()

    def running_in(self, year: int) -> ChangeProcessQuerySet:
        """Processes whose period overlaps the given year (an open end counts as ongoing)."""
        return self.filter(
            Q(start__lte=datetime.date(year, 12, 31)) | Q(start__isnull=True),
            Q(end__isnull=True) | Q(end__gte=datetime.date(year, 1, 1)),
        )

    def of_problem_type(self, problem_type: str) -> ChangeProcessQuerySet:
        for (certain, agreed), kind in PROBLEM_TYPES.items():
            if kind == problem_type:
                return self.filter(knowledge_certain=certain, values_agreed=agreed)
        return self.none()


class ChangeProcess(VersionedModel):
    """A cross-sector group working on one complex local challenge (a 'theme group')."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        COMPLETED = "completed", _("Completed")
        LEFT = "left", _("Left the programme")

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_("The current purpose. Earlier purposes are kept in the history."),
    )
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="change_processes",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Leave empty while the process is ongoing.")
    )
    target_areas = models.ManyToManyField(
        TargetArea, verbose_name=_("target areas"), blank=True, related_name="change_processes"
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), blank=True, related_name="change_processes"
    )
    sectors = models.ManyToManyField(
        OrganisationUnit,
        verbose_name=_("sectors involved"),
        blank=True,
        related_name="involved_in_processes",
        help_text=_("The sectors whose responsibilities the process spans."),
    )
    criterion_sectors = models.TextField(
        _("spans several sectors' responsibilities"),
        blank=True,
        help_text=_("Briefly: which sectors share the responsibility for this challenge?"),
    )
    criterion_complex = models.TextField(
        _("complex and hard to solve"),
        blank=True,
        help_text=_("Briefly: why can no single unit solve this alone?"),
    )
    criterion_equality = models.TextField(
        _("linked to the equality goal"),
        blank=True,
        help_text=_("Briefly: how is the challenge linked to unequal living conditions and health?"),
    )
    knowledge_certain = models.BooleanField(
        _("is the knowledge certain?"),
        null=True,
        blank=True,
        help_text=_("Do we know which measures work? Leave unanswered if not yet discussed."),
    )
    values_agreed = models.BooleanField(
        _("are the values agreed?"),
        null=True,
        blank=True,
        help_text=_(
            "Do those involved agree on what a good result is? Leave unanswered if not yet discussed."
        ),
    )
    phase = models.CharField(_("co-creation phase"), max_length=30, choices=Phase.choices, blank=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A stable id from an imported file; a re-import finds the process by it."),
    )

    objects = ChangeProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("change process")
        verbose_name_plural = _("change processes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id

    def is_led_by(self, user: User, on: datetime.date | None = None) -> bool:
        """True when the user is one of the process's current leaders; the one place this is decided."""
        if not user.is_authenticated:
            return False
        on = on or timezone.localdate()
        return self.leaderships.filter(
            Q(person__user=user), Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on)
        ).exists()

    def current_leaderships(self, on: datetime.date | None = None) -> models.QuerySet[ProcessLeadership]:
        on = on or timezone.localdate()
        return self.leaderships.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on)).select_related(
            "person"
        )

    @property
    def problem_type(self) -> ProblemType | None:
        """Derived from the two answers, so it can never disagree with them."""
        if self.knowledge_certain is None or self.values_agreed is None:
            return None
        return PROBLEM_TYPES[(self.knowledge_certain, self.values_agreed)]

    def unanswered_criteria(self) -> list[str]:
        """Management approves a start only when every selection criterion has a justification."""
        names = ["criterion_sectors", "criterion_complex", "criterion_equality"]
        fields = [self._meta.get_field(n) for n in names]
        return [
            str(f.verbose_name)
            for f in fields
            if isinstance(f, models.Field) and not getattr(self, f.name).strip()
        ]

    def leaders_from_same_sector(self, leaderships: list[ProcessLeadership] | None = None) -> bool:
        """Leaders should be one from a sector and one from development: a same-sector pair gets a warning."""
        leaderships = leaderships if leaderships is not None else list(self.current_leaderships())
        if len(leaderships) != 2:
            return False
        sectors = []
        for leadership in leaderships:
            memberships = leadership.person.memberships.current().select_related(
                "unit__parent__parent__parent"
            )
            sectors.append({_home_sector(m.unit).pk for m in memberships})
        return bool(sectors[0] and sectors[1] and sectors[0] & sectors[1])


def _home_sector(unit: OrganisationUnit) -> OrganisationUnit:
    """The nearest sector (or the development unit) at or above the unit; else the core's notion of sector."""
    for node in [unit, *reversed(unit.ancestors())]:
        if node.kind == OrganisationUnit.Kind.SECTOR or node.is_development_unit:
            return node
    return unit.sector()


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ChangeProcess.Status.PROPOSED: {ChangeProcess.Status.APPROVED},
    ChangeProcess.Status.APPROVED: {ChangeProcess.Status.ACTIVE, ChangeProcess.Status.LEFT},
    ChangeProcess.Status.ACTIVE: {
        ChangeProcess.Status.DORMANT,
        ChangeProcess.Status.COMPLETED,
        ChangeProcess.Status.LEFT,
    },
    ChangeProcess.Status.DORMANT: {
        ChangeProcess.Status.ACTIVE,
        ChangeProcess.Status.COMPLETED,
        ChangeProcess.Status.LEFT,
    },
    ChangeProcess.Status.COMPLETED: set(),
    ChangeProcess.Status.LEFT: set(),
}


class ProcessLeadership(models.Model):
    """A person leading a change process for a period; leaders change over time, so each spell is kept."""

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="leaderships")
    person = models.ForeignKey(
        Person, verbose_name=_("process leader"), on_delete=models.PROTECT, related_name="leaderships"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("process leadership")
        verbose_name_plural = _("process leaderships")
        ordering = ["process", "start"]

    def __str__(self) -> str:
        return f"{self.person} – {self.process}"


class HistoryEntry(models.Model):
    """Something dated that happened to a process, kept for its timeline."""

    on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["on", "id"]


class PurposeVersion(HistoryEntry):
    """One purpose a process had from a date; the newest is the current one, the older ones stay."""

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="purpose_versions")
    purpose = models.TextField(_("purpose"))
    reason = models.TextField(_("reason for the change"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.purpose[:60]}"


class StatusChange(HistoryEntry):
    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=ChangeProcess.Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_status_display()}"


class PhaseChange(HistoryEntry):
    """The process entered a co-creation phase; records who took part in it."""

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("co-creation phase"), max_length=30, choices=Phase.choices)
    with_staff = models.BooleanField(_("staff took part"), default=True)
    with_civil_society = models.BooleanField(_("civil society took part"), default=False)
    with_citizens = models.BooleanField(_("citizens or users took part"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_phase_display()}"

    def participant_labels(self) -> list[str]:
        labels: list[Any] = []
        if self.with_staff:
            labels.append(_("staff"))
        if self.with_civil_society:
            labels.append(_("civil society"))
        if self.with_citizens:
            labels.append(_("citizens/users"))
        return [str(label) for label in labels]


class Participant(models.Model):
    """Who takes part: an internal person, an external organisation, or a group of citizens/users.

    Citizens are recorded only as a described group with a count, never by name.
    """

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal person")
        EXTERNAL = "external", _("External organisation")
        CITIZENS = "citizens", _("Citizen or user group")

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    group_description = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("Describe the group, e.g. 'parents at the open preschool'."),
    )
    count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="citizens") | Q(person__isnull=True), name="participant_citizens_unnamed"
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.INTERNAL:
            return str(self.person)
        if self.kind == self.Kind.EXTERNAL:
            return self.organisation
        return f"{self.group_description} ({self.count})"


class Activity(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        DIALOGUE = "dialogue", _("Dialogue")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("Event")
        SURVEY = "survey", _("Survey or interviews")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    description = models.TextField(_("short description"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ProcessLink(models.Model):
    """A document or web page that belongs to the process (final report, minutes, invitation…)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("document or link")
        verbose_name_plural = _("documents and links")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
