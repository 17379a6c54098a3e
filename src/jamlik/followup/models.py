"""Follow-up and learning: rounds of questions, learning logs, ideas, action plans, the annual wheel, forums.

Seed 000 is the model: the same three questions asked in three groups on three dates, answers compiled
under themes; process leaders' four reflection questions; ideas for continuation; an action plan with
numbered themes and lettered actions. Seed 001 adds the annual wheel where each room of the house is a stop.
"""

from __future__ import annotations

import calendar
import datetime
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jamlik.core.models import Membership, OrganisationUnit, Person, User, VersionedModel

# --- Follow-up rounds ------------------------------------------------------------------------------------


class FollowUpRoundQuerySet(models.QuerySet["FollowUpRound"]):
    def asking(self, person: Person | None) -> FollowUpRoundQuerySet:
        """Rounds with a group the person is asked in: named in it, or a current member of its body."""
        if person is None:
            return self.none()
        today = timezone.localdate()
        memberships = Membership.objects.current(today).filter(person=person)
        body = Q(groups__body_unit__in=memberships.values("unit")) & (
            Q(groups__body_role="") | Q(groups__body_role__in=memberships.values("role"))
        )
        return self.filter(Q(groups__members=person) | body).distinct()


class FollowUpRound(VersionedModel):
    """The same questions asked in several groups, each on its own date, and the compiled answers."""

    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="followup_rounds",
        help_text=_("The unit that runs the follow-up; its process owner compiles the answers."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("purpose"), blank=True, help_text=_("What the follow-up is about."))
    process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("change process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followup_rounds",
        help_text=_("Leave empty for a follow-up of the whole work."),
    )
    method_steps = models.TextField(
        _("method"),
        blank=True,
        help_text=_("The steps the facilitator leads the group through. One step per line."),
    )
    is_open = models.BooleanField(
        _("open for answers"),
        default=True,
        help_text=_("While open, the people asked can send their answers from their own phone or computer."),
    )
    allow_anonymous = models.BooleanField(
        _("anonymous answers allowed"),
        default=True,
        help_text=_("Participants may choose to answer without their name. Nothing then links them to it."),
    )

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["-pk"]

    objects = FollowUpRoundQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:round_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id

    def steps(self) -> list[str]:
        return [line.strip() for line in self.method_steps.splitlines() if line.strip()]

    def groups_for(self, person: Person | None) -> list[RoundGroup]:
        """The groups of this round the person is asked in (usually one)."""
        if person is None:
            return []
        return [group for group in self.groups.all() if group.asks(person)]


class Question(models.Model):
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def permission_unit_id(self) -> int:
        return self.round.owner_unit_id


class RoundGroup(models.Model):
    """A group asked the round's questions on one date: named people, or an organisational body.

    A body (e.g. the management of an administration) is everyone with a current membership in its unit,
    optionally only in one role, so the group stays right when people come and go.
    """

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("group"), max_length=200, help_text=_("E.g. the process leadership team."))
    date = models.DateField(_("date"))
    members = models.ManyToManyField(Person, verbose_name=_("people asked"), blank=True, related_name="+")
    body_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organisational body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ask everyone who works in this unit now (optionally only in the role below)."),
    )
    body_role = models.CharField(
        _("role in the body"), max_length=30, blank=True, choices=Membership.Kind.choices
    )

    class Meta:
        verbose_name = _("group asked")
        verbose_name_plural = _("groups asked")
        ordering = ["round", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.date:%Y-%m-%d}"

    def permission_unit_id(self) -> int:
        return self.round.owner_unit_id

    def asks(self, person: Person) -> bool:
        if self.members.filter(pk=person.pk).exists():
            return True
        if self.body_unit_id is None:
            return False
        memberships = Membership.objects.current().filter(person=person, unit_id=self.body_unit_id)
        if self.body_role:
            memberships = memberships.filter(role=self.body_role)
        return memberships.exists()


class Theme(models.Model):
    """A heading the compiler groups one question's answers under."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def permission_unit_id(self) -> int:
        return self.question.round.owner_unit_id


class Answer(models.Model):
    """One answer to one question from one group.

    An anonymous answer has no author, and the table holds nothing that could point to one: the key is
    random (a sequence number would place it between its author's other actions), and there is no
    timestamp — the group's date is the answer's date.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    group = models.ForeignKey(RoundGroup, on_delete=models.PROTECT, related_name="answers")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers")
    text = models.TextField(_("answer"))
    author = models.ForeignKey(
        Person,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for answers the facilitator wrote down for the group, and for anonymous answers."),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "group__date", "text"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True), name="followup_anonymous_no_author"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def permission_unit_id(self) -> int:
        return self.question.round.owner_unit_id


# --- Learning logs ---------------------------------------------------------------------------------------


class LearningLog(VersionedModel):
    """A process leader's reflection over a period: the four questions of the learning loop."""

    process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("change process"),
        on_delete=models.PROTECT,
        related_name="learning_logs",
    )
    author = models.ForeignKey(
        Person, verbose_name=_("process leader"), on_delete=models.PROTECT, related_name="learning_logs"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    activities = models.TextField(
        _("activities done"),
        blank=True,
        help_text=_("What activities and actions have you taken part in as a process leader?"),
    )
    experiences = models.TextField(
        _("experienced and learned"),
        blank=True,
        help_text=_("What did you experience and what did you learn?"),
    )
    new_activities = models.TextField(
        _("new activities that followed"),
        blank=True,
        help_text=_(
            "From what you experienced and learned: what new activities do you see or did you start?"
        ),
    )
    signs_of_change = models.TextField(
        _("signs of change"), blank=True, help_text=_("What signs of change do you see?")
    )

    class Meta:
        verbose_name = _("learning log")
        verbose_name_plural = _("learning logs")
        ordering = ["-period_end", "process__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="learninglog_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} – {self.process} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("followup:log_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.process.owner_unit_id


# --- Ideas for continuation ------------------------------------------------------------------------------


class Idea(VersionedModel):
    """An idea for how to continue, collected unranked; management later ranks it and decides."""

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided")
        PRIORITISED = "prioritised", _("Prioritised")
        LATER = "later", _("Later")
        REJECTED = "rejected", _("Not taken forward")

    owner_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="ideas"
    )
    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("follow-up round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("The area the idea belongs to, for grouping.")
    )
    text = models.TextField(_("idea"))
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("1 is the most important. Empty until ranked.")
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.UNDECIDED
    )
    decision_note = models.TextField(_("motivation"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
        help_text=_("Who takes the idea forward."),
    )

    class Meta:
        verbose_name = _("idea for continuation")
        verbose_name_plural = _("ideas for continuation")
        ordering = [models.F("rank").asc(nulls_last=True), "heading", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("followup:idea_list") + f"#idea-{self.pk}"

    def permission_unit_id(self) -> int:
        return self.owner_unit_id


# --- Action plans ----------------------------------------------------------------------------------------


class ActionPlan(VersionedModel):
    owner_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("background"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("change process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:plan_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id


class PlanTheme(models.Model):
    """A numbered theme of an action plan (1, 2, 3 …)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("theme"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("action plan theme")
        verbose_name_plural = _("action plan themes")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plantheme_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"

    def permission_unit_id(self) -> int:
        return self.plan.owner_unit_id


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])

    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Action(VersionedModel):
    """A lettered action under a plan theme (1a, 1b …), with an owner, a due date and a status."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext_lazy("action status", "Cancelled")

    theme = models.ForeignKey(PlanTheme, on_delete=models.CASCADE, related_name="actions")
    letter = models.CharField(_("letter"), max_length=3)
    text = models.TextField(pgettext_lazy("action plan", "action"))
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_note = models.TextField(_("status note"), blank=True)
    process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("change process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    idea = models.ForeignKey(
        Idea,
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    parked_issue = models.ForeignKey(
        "goals.ParkedIssue",
        verbose_name=_("parked issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text=_("The garage issue this action picked up."),
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("action plan", "action")
        verbose_name_plural = pgettext_lazy("action plan", "actions")
        ordering = ["theme__number", "letter"]
        constraints = [models.UniqueConstraint(fields=["theme", "letter"], name="action_unique_letter")]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}"

    @property
    def label(self) -> str:
        return f"{self.theme.number}{self.letter}"

    def get_absolute_url(self) -> str:
        return reverse("followup:plan_detail", args=[self.theme.plan_id]) + f"#action-{self.pk}"

    def permission_unit_id(self) -> int:
        return self.theme.plan.owner_unit_id

    def is_owned_by(self, user: User) -> bool:
        person_id = getattr(getattr(user, "person", None), "pk", None) if user.is_authenticated else None
        return person_id is not None and self.owner_id == person_id


def next_letter(used: set[str]) -> str:
    """a, b, … z, then aa, ab …: the first letter label not yet used in the theme."""
    for index in range(26 * 27):
        first, second = divmod(index, 26)
        label = (chr(ord("a") + first - 1) if first else "") + chr(ord("a") + second)
        if label not in used:
            return label
    raise ValueError("too many actions in one theme")


# --- The annual wheel ------------------------------------------------------------------------------------


class WheelStop(VersionedModel):
    """A stop on the year's calendar, recurring every year on the same day (e.g. a room's review)."""

    class Kind(models.TextChoices):
        ROOM_REVIEW = "room_review", _("Room review")
        FOLLOWUP = "followup", _("Follow-up round")
        FORUM = "forum", _("Leaders' forum")
        REPORT = "report", _("Report date")
        BUDGET = "budget", _("Budget or decision date")
        OTHER = "other", _("Other")

    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        related_name="wheel_stops",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    month = models.PositiveSmallIntegerField(_("month"), choices=[(m, str(m)) for m in range(1, 13)])
    day = models.PositiveSmallIntegerField(
        _("day"), help_text=_("Day of the month. A day the month lacks (e.g. 31) falls on its last day.")
    )
    description = models.TextField(_("description"), blank=True)
    room = models.ForeignKey(
        "goals.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wheel_stops",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wheel_stops",
        help_text=_("Who is reminded before the stop."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before"),
        default=7,
        help_text=_("How many days before the stop the owner is e-mailed."),
    )

    class Meta:
        verbose_name = _("annual wheel stop")
        verbose_name_plural = _("annual wheel stops")
        ordering = ["month", "day", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="wheelstop_month"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="wheelstop_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day}/{self.month} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("followup:wheel_stop_edit", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.unit_id

    def date_in(self, year: int) -> datetime.date:
        last = calendar.monthrange(year, self.month)[1]
        return datetime.date(year, self.month, min(self.day, last))

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """Every date of this stop from start to end, both included."""
        dates = (self.date_in(year) for year in range(start.year, end.year + 1))
        return [date for date in dates if start <= date <= end]

    def next_occurrence(self, on: datetime.date) -> datetime.date:
        this_year = self.date_in(on.year)
        return this_year if this_year >= on else self.date_in(on.year + 1)


class WheelReminder(models.Model):
    """That the reminder for one occurrence of a stop has gone out, so it never goes out twice."""

    stop = models.ForeignKey(WheelStop, on_delete=models.CASCADE, related_name="reminders")
    occurrence = models.DateField(_("occurrence"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipient = models.EmailField(_("recipient"), blank=True)

    class Meta:
        verbose_name = _("annual wheel reminder")
        verbose_name_plural = _("annual wheel reminders")
        constraints = [
            models.UniqueConstraint(fields=["stop", "occurrence"], name="wheelreminder_once_per_occurrence")
        ]

    def __str__(self) -> str:
        return f"{self.stop} {self.occurrence}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address for subscribing to the annual wheel in a calendar program.

    Calendar programs cannot log in, so the token in the address is the permission; it can be replaced
    to shut out an address that has spread.
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="wheel_feed"
    )
    unit = models.OneToOneField(
        OrganisationUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="wheel_feed"
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, unit__isnull=False) | Q(user__isnull=False, unit__isnull=True),
                name="calendarfeed_user_or_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("followup:wheel_ical", args=[self.token])


# --- Forums and meeting places ---------------------------------------------------------------------------


class Forum(VersionedModel):
    """A recurring meeting place, e.g. the leaders' forum (8 times a year, 4 with an equality focus)."""

    owner_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="forums"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("purpose"), blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(_("meetings per year"), default=8)
    equality_meetings_per_year = models.PositiveSmallIntegerField(
        _("of which with equality focus"), default=4
    )
    is_project_workshop = models.BooleanField(
        _("open project workshop"),
        default=False,
        help_text=_("Staff may bring an idea, need, challenge or project to this meeting place."),
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:forum_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id


class ForumMeeting(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    equality_focus = models.BooleanField(_("equality focus"), default=False)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        ordering = ["forum", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.forum} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("followup:meeting_detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.forum.owner_unit_id


class AgendaItem(models.Model):
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    process = models.ForeignKey(
        "processes.ChangeProcess",
        verbose_name=_("change process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    notes = models.TextField(_("notes"), blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def permission_unit_id(self) -> int:
        return self.meeting.forum.owner_unit_id


class WorkshopSubmission(VersionedModel):
    """What a member of staff brings to the open project workshop, followed until it has an outcome."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        NEED = "need", _("Need")
        CHALLENGE = "challenge", _("Challenge")
        PROJECT = "project", _("Project")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WORKSHOPPED = "workshopped", _("Worked on in the workshop")
        IN_PROGRESS = "in_progress", _("Being carried out")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Not taken further")

    forum = models.ForeignKey(
        Forum, verbose_name=_("meeting place"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    submitted_by = models.ForeignKey(
        Person,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("workshop submission")
        verbose_name_plural = _("workshop submissions")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:forum_detail", args=[self.forum_id]) + f"#submission-{self.pk}"

    def permission_unit_id(self) -> int:
        return self.forum.owner_unit_id


def person_of(user: Any) -> Person | None:
    """The user's person record, or None (a login need not have one)."""
    if not user.is_authenticated:
        return None
    try:
        return user.person  # type: ignore[no-any-return]
    except Person.DoesNotExist:
        return None
