from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
