"""Key figures (KPIs) a unit follows up in a rhythm, and their values per week, month, quarter or year.

A KPI is the unit's own measure of how its work goes (seed 004: days from application to a decision,
people into work, income support paid out). Unlike an indicator it has a cadence, a direction, a target
and an owner unit, and its values are read as a run chart or a control chart (see jamlik.measures.spc).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, VersionedModel
from jamlik.goals.models import Room, Strategy, TargetArea
from jamlik.kpis import periods
from jamlik.processes.models import ChangeProcess

# More KPIs than this on one goal and the goal is followed by numbers nobody can keep in mind.
MAX_KPIS_PER_TARGET_AREA = 5


class Cadence(models.TextChoices):
    WEEK = periods.WEEK, _("Week")
    MONTH = periods.MONTH, _("Month")
    QUARTER = periods.QUARTER, _("Quarter")
    YEAR = periods.YEAR, _("Year")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither (neutral)")


class Classification(models.TextChoices):
    RESOURCE = "resource", _("Resource")
    PERFORMANCE = "performance", _("Performance")
    QUALITY = "quality", _("Quality")


class ChartKind(models.TextChoices):
    RUN = "run", _("Run chart (median)")
    I = "i", _("I chart (individual values)")  # noqa: E741 - the chart's name
    P = "p", _("P chart (proportions)")
    U = "u", _("U chart (rates)")


class RuleSet(models.TextChoices):
    ANHOEJ = "anhoej", _("Anhøj's run rules")
    NHS = "nhs", _("NHS Making Data Count rules")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered or imported")
    PROPOSAL_DECISION_DAYS = "proposal_decision_days", _("Computed: days from proposal to decision")
    KOLADA = "kolada", _("Fetched from Kolada")


class Sex(models.TextChoices):
    TOTAL = "T", _("Total")
    WOMEN = "K", _("Women")
    MEN = "M", _("Men")


class KpiQuerySet(models.QuerySet["Kpi"]):
    def for_unit(self, unit: OrganisationUnit) -> KpiQuerySet:
        return self.filter(owner_unit=unit)

    def for_target_area(self, area: TargetArea) -> KpiQuerySet:
        return self.filter(target_areas=area)


class Kpi(VersionedModel):
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("A short stable code used by imports and the API.")
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("How the figure is counted, so that everyone counts alike.")
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("E.g. days, persons or MSEK."))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.FloatField(_("target"), null=True, blank=True)
    target_valid_from = models.DateField(
        _("target valid from"), null=True, blank=True, help_text=_("From when the target applies.")
    )
    owner_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="kpis"
    )
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.MONTH)
    person_based = models.BooleanField(
        _("person-based"),
        default=False,
        help_text=_("A measure of people: values for women and men are required."),
    )
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices, default=Classification.PERFORMANCE
    )
    chart_kind = models.CharField(_("chart"), max_length=5, choices=ChartKind.choices, default=ChartKind.I)
    rules = models.CharField(_("rules"), max_length=10, choices=RuleSet.choices, default=RuleSet.NHS)
    baseline_periods = models.PositiveSmallIntegerField(
        _("baseline periods"),
        null=True,
        blank=True,
        help_text=_("Freeze the centre line and limits on this many first periods; empty uses all."),
    )
    change_from = models.CharField(
        _("new way of working from"),
        max_length=10,
        blank=True,
        help_text=_("The period a new way of working started (e.g. 2024-W10): the chart starts a new phase."),
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, default=Source.MANUAL)
    kolada_id = models.CharField(
        _("Kolada KPI"), max_length=20, blank=True, help_text=_("E.g. U31402, for the yearly comparison.")
    )
    kolada_municipality = models.CharField(_("Kolada municipality code"), max_length=10, blank=True)
    target_areas = models.ManyToManyField(
        TargetArea, verbose_name=_("target areas"), blank=True, related_name="kpis"
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), blank=True, related_name="kpis"
    )
    rooms = models.ManyToManyField(Room, verbose_name=_("rooms"), blank=True, related_name="kpis")
    processes = models.ManyToManyField(
        ChangeProcess, verbose_name=_("change processes"), blank=True, related_name="kpis"
    )

    objects = KpiQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kpis:detail", args=[self.pk])

    def permission_unit_id(self) -> int:
        return self.owner_unit_id

    def parse_period(self, text: str) -> periods.Period:
        return periods.parse(self.cadence, text)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.change_from:
            try:
                self.change_from = self.parse_period(self.change_from).key
            except periods.PeriodError as exc:
                raise ValidationError(
                    {
                        "change_from": _("Write the period like %(example)s.")
                        % {"example": periods.EXAMPLES[self.cadence]}
                    }
                ) from exc


class KpiValue(models.Model):
    """One figure for one period (and sex). Entering the same period and sex again replaces it."""

    kpi = models.ForeignKey(
        Kpi, verbose_name=_("key figure"), on_delete=models.CASCADE, related_name="values"
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period starts"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    value = models.FloatField(_("value"))
    denominator = models.FloatField(
        _("denominator"),
        null=True,
        blank=True,
        help_text=_("For P and U charts: the number the value is out of."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("key figure value")
        verbose_name_plural = _("key figure values")
        ordering = ["kpi", "period_start", "sex"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period", "sex"], name="kpivalue_natural_key")]
        indexes = [models.Index(fields=["kpi", "sex", "period_start"], name="kpivalue_series")]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period} {self.sex}: {self.value}"

    def as_row(self) -> dict[str, Any]:
        return {"period": self.period, "sex": self.sex, "value": self.value, "denominator": self.denominator}


class KpiReminder(models.Model):
    """That the reminder about one KPI's missing value for one period has gone out, so never twice."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(_("period"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("key figure reminder")
        verbose_name_plural = _("key figure reminders")
        constraints = [models.UniqueConstraint(fields=["kpi", "period"], name="kpireminder_once_per_period")]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period}"
