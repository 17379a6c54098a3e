"""Family-centred plans (FFIA): sensitive personal data under social-services secrecy.

A plan belongs to its team (a social worker, a labour-market consultant, sometimes others, each from
their unit). Only the team and the team members' unit managers may see it (see `access.py`); every
read and write is written to the access log. Free text and identity fields are encrypted at rest
(`crypto.py`). `__str__` of every model here names no participant, so audit rows and exports that
print objects never carry a case code or a name.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.casework.crypto import EncryptedCharField, EncryptedTextField
from jamlik.core.models import Membership, OrganisationUnit, Person, VersionedModel


class Side(models.TextChoices):
    """The two services that meet the family; each keeps its own notes under its own secrecy."""

    SOCIAL = "social", _("Social services")
    LABOUR = "labour", _("Labour market")


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    LABOUR_CONSULTANT = "labour_consultant", _("Labour-market consultant")
    OTHER = "other", _("Other professional")


class OwnerRole(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    LABOUR_CONSULTANT = "labour_consultant", _("Labour-market consultant")
    OTHER = "other", _("Someone else in the team")


def luhn_valid(digits: str) -> bool:
    """The Luhn check digit of a Swedish personal identity number (over its last ten digits)."""
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_personnummer(value: str) -> str:
    """YYYYMMDD-XXXX from the common ways of writing it; ValidationError when it cannot be one."""
    cleaned = value.strip().replace(" ", "")
    plus = "+" in cleaned
    digits = cleaned.replace("-", "").replace("+", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        raise ValidationError(_("Write the personal identity number as YYYYMMDD-XXXX."), code="format")
    if len(digits) == 10:
        today = timezone.localdate()
        century = (today.year - (100 if plus else 0)) // 100
        year = century * 100 + int(digits[:2])
        if year > today.year:
            year -= 100
        digits = f"{year}{digits[2:]}"
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]) % 60 or 1)
    except ValueError:
        raise ValidationError(_("The personal identity number holds no real date."), code="date") from None
    if not luhn_valid(digits[2:]):
        raise ValidationError(_("The check digit of the personal identity number is wrong."), code="luhn")
    return f"{digits[:8]}-{digits[8:]}"


class LifeArea(models.Model):
    """One part of the family's life that the conversation template goes through (configurable)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("Questions that help the conversation about this area.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("life area")
        verbose_name_plural = _("life areas")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Professional(models.Model):
    """Someone who may be placed in a casework team: a social worker or labour-market consultant.

    Registered by an administrator. Only registered professionals may start plans and use the
    emergency access path.
    """

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="casework_professional"
    )
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    side = models.CharField(_("service"), max_length=10, choices=Side.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("casework professional")
        verbose_name_plural = _("casework professionals")
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_profession_display()}, {self.unit.code})"


class PlanQuerySet(models.QuerySet["Plan"]):
    def active(self) -> PlanQuerySet:
        return self.filter(status=Plan.Status.ACTIVE)

    def visible_to(self, user: Any) -> PlanQuerySet:
        """Plans the user may see: as a team member, or as manager of a team member's unit.

        Emergency access is not included: it opens one plan at a time and never a list.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        managed = Membership.objects.current().filter(person__user=user, role=Membership.Kind.MANAGER)
        return self.filter(
            Q(team__person__user=user, team__left_on__isnull=True)
            | Q(team__unit_id__in=managed.values("unit_id"), team__left_on__isnull=True)
        ).distinct()


class Plan(VersionedModel):
    """A family's implementation plan: household, team, life areas, goals, measures and reviews."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class Sex(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Other or not stated")

    class Household(models.TextChoices):
        SINGLE = "single", _("Single parent")
        COUPLE = "couple", _("Two adults")
        OTHER = "other", _("Other household")

    class FinalGoalType(models.TextChoices):
        WORK = "work", _("Work")
        STUDIES = "studies", _("Studies")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        NONE = "", _("Not yet")
        WORK = "work", _("Work")
        STUDIES = "studies", _("Studies")
        OTHER = "other", _("Other")

    case_code = models.CharField(
        _("case code"),
        max_length=30,
        unique=True,
        help_text=_("The code the plan is known by. Never a name or a personal identity number."),
    )
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    offered_on = models.DateField(_("offered the method on"))
    started_on = models.DateField(_("plan started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Identity: only in personal mode (setting JAMLIK_CASEWORK_PERSONAL_MODE), always encrypted.
    participant_name = EncryptedCharField(_("participant's name"), blank=True)
    personnummer = EncryptedCharField(_("personal identity number"), blank=True)
    participant_sex = models.CharField(
        _("the parent's sex"),
        max_length=10,
        choices=Sex.choices,
        default=Sex.OTHER,
        help_text=_("For the sex-disaggregated follow-up; never shown outside the team except in totals."),
    )
    household_type = models.CharField(
        _("household type"), max_length=10, choices=Household.choices, default=Household.SINGLE
    )
    adults = models.PositiveSmallIntegerField(
        _("adults in the household"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    children_0_5 = models.PositiveSmallIntegerField(_("children aged 0–5"), default=0)
    children_6_12 = models.PositiveSmallIntegerField(_("children aged 6–12"), default=0)
    children_13_17 = models.PositiveSmallIntegerField(_("children aged 13–17"), default=0)
    final_goal_type = models.CharField(
        _("final goal"), max_length=10, choices=FinalGoalType.choices, default=FinalGoalType.WORK
    )
    final_goal = EncryptedTextField(
        _("final goal in words"),
        blank=True,
        help_text=_("Evaluable: what will be true when the goal is reached."),
    )
    overall_responsible = models.ForeignKey(
        "TeamMember",
        verbose_name=_("overall responsibility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who in the team holds the overall responsibility for the plan."),
    )
    follow_up = EncryptedTextField(
        _("follow-up"), blank=True, help_text=_("When the plan is followed up, and by whom.")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True)
    outcome_on = models.DateField(_("outcome reached on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    review_stop = models.ForeignKey(
        "followup.WheelStop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField(_("thinned on"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("family plan")
        verbose_name_plural = _("family plans")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{_('Family plan')} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("casework:plan_detail", args=[self.pk])

    def children(self) -> int:
        return self.children_0_5 + self.children_6_12 + self.children_13_17


class TeamMember(models.Model):
    """A professional in a plan's team. Each comes from their own unit and service (side)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    side = models.CharField(_("service"), max_length=10, choices=Side.choices)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["profession", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=Q(left_on__isnull=True),
                name="casework_one_seat_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_profession_display()})"


class Meeting(models.Model):
    """A meeting of the participant with the team."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    summary = EncryptedTextField(_("what was discussed"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{_('Meeting')} {self.held_on:%Y-%m-%d}"


RATING = [MinValueValidator(1), MaxValueValidator(10)]


class LifeAreaRating(models.Model):
    """One life area on one date: situation, need, support, and two ratings side by side.

    The participant's and the professionals' 1–10 ratings are kept apart and shown side by side; a
    disagreement is a topic for the conversation, not a number to average away.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="ratings")
    life_area = models.ForeignKey(
        LifeArea, verbose_name=_("life area"), on_delete=models.PROTECT, related_name="+"
    )
    rated_on = models.DateField(_("date"), default=timezone.localdate)
    situation = EncryptedTextField(_("current situation"), blank=True)
    need = EncryptedTextField(_("need"), blank=True)
    support = EncryptedTextField(_("support"), blank=True)
    participant_rating = models.PositiveSmallIntegerField(
        _("participant's rating (1–10)"),
        validators=RATING,
        help_text=_("1 = a great deal of trouble, 10 = all well."),
    )
    professional_rating = models.PositiveSmallIntegerField(
        _("professionals' rating (1–10)"), validators=RATING
    )

    class Meta:
        verbose_name = _("life-area rating")
        verbose_name_plural = _("life-area ratings")
        ordering = ["life_area__position", "rated_on", "id"]

    def __str__(self) -> str:
        return f"{self.life_area} {self.rated_on:%Y-%m-%d}"

    def disagreement(self) -> int:
        return abs(self.participant_rating - self.professional_rating)


class Goal(models.Model):
    """A sub-goal of the plan, scored −2 … +2 at each review (goal attainment scaling)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")
        CANCELLED = "cancelled", _("Cancelled")

    class StatedBy(models.TextChoices):
        TOGETHER = "together", _("The participant and the professionals together")
        PARTICIPANT = "participant", _("The participant")
        PROFESSIONALS = "professionals", _("The professionals")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    life_area = models.ForeignKey(
        LifeArea,
        verbose_name=_("life area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = EncryptedTextField(
        _("sub-goal"), help_text=_("The expected outcome (score 0), so that it can be evaluated.")
    )
    stated_by = models.CharField(
        _("stated by"), max_length=20, choices=StatedBy.choices, default=StatedBy.TOGETHER
    )
    owner_role = models.CharField(_("who does it"), max_length=30, choices=OwnerRole.choices)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How much the goal counts in the goal attainment score (1–5)."),
    )

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{_('Sub-goal')} {self.pk}"


class Resource(models.Model):
    """An offer the municipality has for children and families (homework help, activities …)."""

    name = models.CharField(_("name"), max_length=200)
    life_area = models.ForeignKey(
        LifeArea, verbose_name=_("life area"), on_delete=models.PROTECT, related_name="resources"
    )
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("how to reach it"), max_length=300, blank=True)
    url = models.URLField(_("web address"), blank=True)
    is_active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["life_area__position", "name"]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """A measure in the plan, with start and end: measures run in parallel, one lane per owner."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    life_area = models.ForeignKey(
        LifeArea, verbose_name=_("life area"), on_delete=models.PROTECT, related_name="+"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("sub-goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    title = EncryptedTextField(_("measure"))
    owner_role = models.CharField(_("who does it"), max_length=30, choices=OwnerRole.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("from the resource catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["owner_role", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="casework_measure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Measure')} {self.pk}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class Note(models.Model):
    """A working note of one service. The other service sees it only under the participant's consent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    side = models.CharField(_("service"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{_('Note')} {self.pk}"


class Consent(models.Model):
    """The participant's consent that one service shares its notes with the other (one direction)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consents")
    from_side = models.CharField(_("shared by"), max_length=10, choices=Side.choices)
    to_side = models.CharField(_("shared with"), max_length=10, choices=Side.choices)
    scope = EncryptedTextField(
        _("scope"), help_text=_("What the consent covers, in the participant's words.")
    )
    given_on = models.DateField(_("given on"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_side=models.F("to_side")), name="casework_consent_two_sides"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Consent')} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PlanVersion(models.Model):
    """A saved state of the plan's text. Agreed versions record the meeting and the three parties."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    changed_by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = EncryptedTextField(_("text"))
    agreed_on = models.DateField(_("agreed at the meeting on"), null=True, blank=True)
    agreed_by_participant = models.BooleanField(_("agreed by the participant"), default=False)
    agreed_social_worker = models.ForeignKey(
        TeamMember,
        verbose_name=_("social worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_consultant = models.ForeignKey(
        TeamMember,
        verbose_name=_("labour-market consultant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="casework_version_number")]

    def __str__(self) -> str:
        return f"{_('Version')} {self.number}"


class Review(models.Model):
    """A follow-up meeting where each sub-goal is scored and the goal attainment T-score is kept."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"))
    by = models.ForeignKey(
        TeamMember, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    t_score = models.FloatField(_("goal attainment (T)"), null=True, blank=True)
    comment = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{_('Review')} {self.held_on:%Y-%m-%d}"


class GoalScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="scores")
    score = models.SmallIntegerField(_("score"), validators=[MinValueValidator(-2), MaxValueValidator(2)])
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="casework_one_score_per_goal")]

    def __str__(self) -> str:
        return f"{self.goal} {self.score:+d}"


class EmergencyAccess(models.Model):
    """Access to a plan outside the team, for a stated reason, for a short time; always reviewed."""

    plan = models.ForeignKey(Plan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{_('Emergency access')} {self.pk}"


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Access-log entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Access-log entries cannot be deleted; the retention purge removes old ones.")

    def outside_team(self) -> AccessLogQuerySet:
        return self.exclude(relation=AccessLogEntry.Relation.TEAM)


class AccessLogEntry(models.Model):
    """One read or write of a plan (HSLF-FS 2016:40 4 kap. 9 §): who, in which role and unit, what, when.

    Written once, never changed; kept at least five years, then removed by the retention purge.
    """

    class Relation(models.TextChoices):
        TEAM = "team", _("Team member")
        SUPERVISOR = "supervisor", _("Unit manager")
        EMERGENCY = "emergency", _("Emergency access")
        NONE = "none", _("No relation (refused)")

    class Action(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")
        DENIED = "denied", _("Refused")
        EXPORT = "export", _("Export")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150)
    relation = models.CharField(_("role"), max_length=20, choices=Relation.choices)
    profession = models.CharField(_("profession"), max_length=30, blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("unit"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    plan = models.ForeignKey(Plan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    section = models.CharField(_("section"), max_length=40)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access-log entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["plan", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.section}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Access-log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Access-log entries cannot be deleted.")


class SpotCheck(models.Model):
    """The unit manager's monthly review of a sample of the access log, with its outcome."""

    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month checked."))
    created_at = models.DateTimeField(default=timezone.now)
    sample = models.ManyToManyField(AccessLogEntry, related_name="+")
    outcome = EncryptedTextField(_("outcome"), blank=True)
    found_problems = models.BooleanField(_("accesses that need action"), default=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access-log spot check")
        verbose_name_plural = _("access-log spot checks")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="casework_one_check_per_month")]

    def __str__(self) -> str:
        return f"{_('Spot check')} {self.unit.code} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("casework:spot_check", args=[self.pk])


class Draft(models.Model):
    """A plan form's unsaved input, kept on the server so that a timeout or a closed tab loses nothing."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="drafts")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="drafts")
    form = models.CharField(max_length=40)
    data = EncryptedTextField()
    base_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "member", "form"], name="casework_one_draft")]

    def __str__(self) -> str:
        return f"{_('Draft')} {self.pk}"


class Enrolment(models.Model):
    """How many parents a unit enrolled in a month (the base of the share offered the method)."""

    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    enrolled = models.PositiveIntegerField(_("enrolled"))

    class Meta:
        verbose_name = _("enrolment count")
        verbose_name_plural = _("enrolment counts")
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="casework_one_count_per_month")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.month:%Y-%m}: {self.enrolled}"
