"""The indicator catalogue: what is measured, where, for which groups, and the measured values.

A value belongs to one indicator, year, area and sex, and optionally to one subgroup of a dimension
(education, age …). Comparisons between areas use the area hierarchy itself: the districts of a
municipality are the subgroups of the "district" comparison.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import VersionedModel
from jamlik.goals.models import Strategy, TargetArea


class Sex(models.TextChoices):
    TOTAL = "T", _("Total")
    WOMEN = "K", _("Women")
    MEN = "M", _("Men")


class Area(models.Model):
    """A geographical area: a municipality, a district in it, or a sub-area of a district."""

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        SUBAREA = "subarea", _("Sub-area")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A stable code, e.g. the municipality code 1480 or an SCB DeSO/RegSO code."),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.MUNICIPALITY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code_system = models.CharField(
        _("code system"), max_length=40, blank=True, help_text=_("E.g. DeSO, RegSO or a local code list.")
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    """A way of dividing the population into subgroups (education, age, country of birth …)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    ordered = models.BooleanField(
        _("ordered"),
        default=False,
        help_text=_("The subgroups have a natural order from most disadvantaged to most advantaged."),
    )

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Subgroup(models.Model):
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="subgroups"
    )
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(
        _("order"),
        null=True,
        blank=True,
        help_text=_("In an ordered dimension: 1 for the most disadvantaged group, upwards from there."),
    )
    is_reference = models.BooleanField(
        _("reference group"), default=False, help_text=_("The group the others are compared with, if any.")
    )

    class Meta:
        verbose_name = _("subgroup")
        verbose_name_plural = _("subgroups")
        ordering = ["dimension", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="subgroup_code_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(VersionedModel):
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("A stable code used by imports, e.g. N00945.")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("E.g. %, years or SEK."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    favourable = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Tick when a higher value is better (employment); leave empty when lower is better."),
    )
    scale = models.FloatField(
        _("scale"),
        null=True,
        blank=True,
        help_text=_(
            "100 for percentages, 1000 per thousand; empty for life expectancy, income and the like."
        ),
    )
    person_based = models.BooleanField(
        _("person-based"),
        default=True,
        help_text=_("A measure of people: it must be reported for women and men separately."),
    )
    target_areas = models.ManyToManyField(
        TargetArea, verbose_name=_("target areas"), blank=True, related_name="indicators"
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), blank=True, related_name="indicators"
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.pk])


class ValueQuerySet(models.QuerySet["Value"]):
    def area_totals(self) -> ValueQuerySet:
        """Values for whole areas, not for a subgroup within them."""
        return self.filter(subgroup__isnull=True)


class Value(models.Model):
    """One measured figure. Missing figures are not stored."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"),
        max_length=20,
        blank=True,
        help_text=_("When the figure covers several years, e.g. 2018–2021."),
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="values")
    subgroup = models.ForeignKey(
        Subgroup,
        verbose_name=_("subgroup"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    estimate = models.FloatField(_("estimate"))
    se = models.FloatField(_("standard error"), null=True, blank=True)
    population = models.FloatField(_("population"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["indicator", "year", "area", "subgroup", "sex"]
        constraints = [
            # Two partial constraints because NULL subgroups are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["indicator", "year", "area", "subgroup", "sex"],
                condition=Q(subgroup__isnull=False),
                name="value_natural_key",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "area", "sex"],
                condition=Q(subgroup__isnull=True),
                name="value_natural_key_area_total",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "subgroup", "year"], name="value_indicator_subgroup")]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.year} {self.area_id} {self.subgroup_id} {self.sex}: {self.estimate}"
        )
