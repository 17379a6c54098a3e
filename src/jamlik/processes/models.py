from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, Person, User, VersionedModel
from jamlik.goals.models import Strategy, TargetArea


class ChangeProcessQuerySet(models.QuerySet["ChangeProcess"]):
    def led_by(self, user: User) -> ChangeProcessQuerySet:
        """Processes the user leads today."""
        today = timezone.localdate()
        return self.filter(
            Q(leaderships__person__user=user),
            Q(leaderships__start__lte=today),
            Q(leaderships__end__isnull=True) | Q(leaderships__end__gte=today),
        ).distinct()


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
    purpose = models.TextField(_("purpose"), blank=True)
    owner_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("administration"), on_delete=models.PROTECT, related_name="change_processes"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Leave empty while the process is ongoing."))
    target_areas = models.ManyToManyField(
        TargetArea, verbose_name=_("target areas"), blank=True, related_name="change_processes"
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), blank=True, related_name="change_processes"
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


class ProcessLeadership(models.Model):
    """A person leading a change process for a period; leaders change over time, so each spell is kept."""

    process = models.ForeignKey(ChangeProcess, on_delete=models.CASCADE, related_name="leaderships")
    person = models.ForeignKey(Person, verbose_name=_("process leader"), on_delete=models.PROTECT,
                               related_name="leaderships")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("process leadership")
        verbose_name_plural = _("process leaderships")
        ordering = ["process", "start"]

    def __str__(self) -> str:
        return f"{self.person} – {self.process}"
