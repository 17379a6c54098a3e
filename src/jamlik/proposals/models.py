from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, VersionedModel
from jamlik.goals.models import Strategy, TargetArea
from jamlik.processes.models import ChangeProcess


class DecisionKind(models.TextChoices):
    PRIORITISED = "prioritised", _("Prioritised / approved")
    TRIAL = "trial", _("Approved as a trial")
    REJECTED = "rejected", _("Rejected")
    REFERRED = "referred", _("Referred to another body")
    NONE = "none", _("No decision yet")


APPROVING_KINDS = [DecisionKind.PRIORITISED, DecisionKind.TRIAL]


class AssessmentState(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    PARTLY = "partly", _("Partly implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    WAITING = "waiting", _("Waiting for another actor")
    NOT_PRIORITISED = "not_prioritised", _("Not prioritised")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def with_current(self) -> ProposalQuerySet:
        """Everything a list row shows, in one query."""
        return self.select_related("process", "directed_to", "latest_decision", "latest_assessment")

    def undecided(self) -> ProposalQuerySet:
        """No decision, or only 'no decision yet' answers: these wait in management's queue."""
        return self.filter(Q(latest_decision__isnull=True) | Q(latest_decision__kind=DecisionKind.NONE))

    def decided_not_implemented(self) -> ProposalQuerySet:
        """Approved (also as a trial) but not yet judged implemented."""
        return self.filter(latest_decision__kind__in=APPROVING_KINDS).exclude(
            latest_assessment__state=AssessmentState.IMPLEMENTED
        )

    def without_feedback(self) -> ProposalQuerySet:
        return self.exclude(Exists(Feedback.objects.filter(proposal=OuterRef("pk"))))

    def stale(self, weeks: int | None = None, today: datetime.date | None = None) -> ProposalQuerySet:
        """Submitted more than `weeks` weeks ago and still without a decision or without feedback."""
        weeks = settings.JAMLIK_STALE_PROPOSAL_WEEKS if weeks is None else weeks
        cutoff = (today or timezone.localdate()) - datetime.timedelta(weeks=weeks)
        no_feedback = ~Exists(Feedback.objects.filter(proposal=OuterRef("pk")))
        return self.filter(submitted_on__lte=cutoff).filter(
            Q(latest_decision__isnull=True) | Q(latest_decision__kind=DecisionKind.NONE) | no_feedback
        )

    def for_unit(self, unit: OrganisationUnit) -> ProposalQuerySet:
        return self.filter(directed_to=unit)

    def implemented(self) -> ProposalQuerySet:
        return self.filter(latest_assessment__state=AssessmentState.IMPLEMENTED)


class Proposal(VersionedModel):
    """What a change process proposes to management, under a heading, directed to a unit."""

    process = models.ForeignKey(
        ChangeProcess, verbose_name=_("change process"), on_delete=models.PROTECT, related_name="proposals"
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Proposals with the same heading are shown together."),
    )
    title = models.CharField(_("proposal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    directed_to = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("directed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The unit that would carry the proposal out."),
    )
    target_areas = models.ManyToManyField(
        TargetArea, verbose_name=_("target areas"), blank=True, related_name="proposals"
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), blank=True, related_name="proposals"
    )
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    # The current decision and assessment, kept up to date by the actions so lists need no subqueries.
    latest_decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    latest_assessment = models.ForeignKey(
        "Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["process__name", "heading", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.process.owner_unit_id


class Decision(models.Model):
    """Management's answer to a proposal. All are kept; the latest (by date) is the current one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField(_("date"))
    body = models.CharField(_("deciding body"), max_length=200, help_text=_("E.g. the management group."))
    motivation = models.TextField(_("motivation"), blank=True)
    trial_start = models.DateField(_("trial from"), null=True, blank=True)
    trial_end = models.DateField(_("trial until"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%Y-%m-%d}"


class Feedback(models.Model):
    """The answer process leaders get about a proposal; every decision produces one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="feedback")
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("given at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("read at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.text[:60]}"

    def permission_unit_id(self) -> int:
        return self.proposal.process.owner_unit_id


class Assessment(models.Model):
    """A dated judgement of how far a proposal was carried out, by a named person in a named role."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("date"))
    state = models.CharField(_("assessment"), max_length=20, choices=AssessmentState.choices)
    assessor_name = models.CharField(_("assessed by"), max_length=200)
    assessor_role = models.CharField(
        _("role"), max_length=200, help_text=_("E.g. coordinator, unit manager.")
    )
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("implementation assessment")
        verbose_name_plural = _("implementation assessments")
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.assessed_on:%Y-%m-%d}"
