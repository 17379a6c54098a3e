"""Follow-up reports: what a report covers (the definition) and each rendering of it (generated reports)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit, VersionedModel


class Section(models.TextChoices):
    """The switchable sections of a follow-up report, in the order the report shows them."""

    BACKGROUND = "background", _("Background and programme")
    ORGANISATION = "organisation", _("Purpose and organisation")
    METHOD = "method", _("How the follow-up was done")
    ROUNDS = "rounds", _("Results of the follow-up rounds")
    PROCESSES = "processes", _("Change processes")
    FIGURES = "figures", _("Key figures and charts")
    LEARNING = "learning", _("Learning and signs of change")
    IDEAS = "ideas", _("Ideas for continuation")
    PLANS = "plans", _("Action plans")
    APPENDICES = "appendices", _("Appendices: proposals per change process")


ALL_SECTIONS = [section.value for section in Section]


def default_sections() -> list[str]:
    return list(ALL_SECTIONS)


class ReportDefinition(VersionedModel):
    """What a follow-up report covers: a period, an administration, its change processes and sections."""

    slug = models.SlugField(
        _("short name"), max_length=80, unique=True, help_text=_("Used in addresses, e.g. jnh-2015-2018.")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        related_name="report_definitions",
        help_text=_("The administration whose work the report follows up."),
    )
    processes = models.ManyToManyField(
        "processes.ChangeProcess",
        verbose_name=_("change processes"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to include every change process of the unit that ran during the period."),
    )
    sections = models.JSONField(_("sections"), default=default_sections, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)

    class Meta:
        verbose_name = _("report definition")
        verbose_name_plural = _("report definitions")
        ordering = ["-period_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.slug])

    def permission_unit_id(self) -> int:
        return self.unit_id

    def has_section(self, section: str) -> bool:
        return section in (self.sections or [])

    def latest_done(self) -> GeneratedReport | None:
        """The newest report that rendered: what readers download while a newer one runs or failed."""
        return (
            self.generated.filter(status=GeneratedReport.Status.DONE).order_by("-created_at", "-pk").first()
        )


def _upload_to(instance: GeneratedReport, filename: str) -> str:
    return f"reports/{instance.definition.slug}/{instance.pk or 'new'}/{filename}"


class GeneratedReport(models.Model):
    """One rendering of a definition; earlier ones are kept so that every version stays downloadable."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="generated")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Set every few seconds while the report is made; a stale one means its worker is gone."),
    )
    error = models.TextField(_("error"), blank=True)
    html = models.FileField(_("HTML"), upload_to=_upload_to, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_upload_to, blank=True)
    docx = models.FileField(_("Word"), upload_to=_upload_to, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.definition} {self.created_at:%Y-%m-%d %H:%M}"

    def files(self) -> list[tuple[str, Any]]:
        return [(kind, getattr(self, kind)) for kind in ("html", "pdf", "docx") if getattr(self, kind)]
