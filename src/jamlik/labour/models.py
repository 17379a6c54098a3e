"""Industries and occupations, the labour flows and relatedness between them, and local employment.

A `Matrix` is one published or computed relatedness table (a source, a classification, a period); its
`Flow` rows are the pairs. A matrix of counted job changes gets SR and SR̃ computed on import; a published
matrix brings SR or SR̃ and the other is derived. `Employment` is the number employed in an area by
industry, year and sex, which the pages compare with the matrices.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamlik.indicators.models import Area, Sex


class Kind(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    OCCUPATION = "occupation", _("Occupation")


class Classification(models.TextChoices):
    SNI2007 = "sni2007", "SNI 2007"
    SNI2002 = "sni2002", "SNI 2002"
    SSYK2012 = "ssyk2012", "SSYK 2012"

    @classmethod
    def kind_of(cls, value: str) -> str:
        """Occupation codes (SSYK) describe jobs; SNI codes describe what workplaces do."""
        return Kind.OCCUPATION.value if value == cls.SSYK2012 else Kind.INDUSTRY.value


class IndustryQuerySet(models.QuerySet["Industry"]):
    def of(self, classification: str) -> IndustryQuerySet:
        return self.filter(classification=classification)


class Industry(models.Model):
    """An industry (SNI) or an occupation (SSYK): a node of the relatedness network."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDUSTRY)
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices, default=Classification.SNI2007
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Digits only, e.g. 101 for SNI group 10.1.")
    )
    name = models.CharField(_("name"), max_length=300)
    section = models.CharField(
        _("section"),
        max_length=10,
        blank=True,
        help_text=_("The top level the code belongs to (the SNI section letter); colours the network."),
    )

    objects = IndustryQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["classification", "code"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "code"], name="labour_industry_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Matrix(models.Model):
    """One relatedness table between the industries (or occupations) of one classification."""

    class Measure(models.TextChoices):
        FLOWS = "flows", _("Counted job changes")
        SR = "sr", _("Skill relatedness (SR)")
        SR_NORM = "sr_norm", _("Normalised skill relatedness (SR̃)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDUSTRY)
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices, default=Classification.SNI2007
    )
    period = models.CharField(
        _("period"), max_length=40, help_text=_("The years the flows cover, e.g. 2013–2019.")
    )
    measure = models.CharField(_("given as"), max_length=20, choices=Measure.choices)
    symmetric = models.BooleanField(
        _("symmetric"), default=False, help_text=_("One value per pair of industries, the same both ways.")
    )
    source = models.CharField(_("source"), max_length=300)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    attribution = models.TextField(
        _("attribution"), blank=True, help_text=_("The credit the licence asks for, shown with the data.")
    )
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("relatedness matrix")
        verbose_name_plural = _("relatedness matrices")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Flow(models.Model):
    """One pair of a matrix: the job changes from origin to destination and their relatedness.

    In a symmetric matrix each pair is stored once, with the smaller code as origin.
    """

    matrix = models.ForeignKey(
        Matrix, verbose_name=_("matrix"), on_delete=models.CASCADE, related_name="flows"
    )
    origin = models.ForeignKey(
        Industry, verbose_name=_("from"), on_delete=models.PROTECT, related_name="flows_out"
    )
    destination = models.ForeignKey(
        Industry, verbose_name=_("to"), on_delete=models.PROTECT, related_name="flows_in"
    )
    count = models.FloatField(_("job changes"), null=True, blank=True)
    sr = models.FloatField(_("SR"), null=True, blank=True)
    sr_norm = models.FloatField(_("SR̃"))
    p_value = models.FloatField(_("p-value"), null=True, blank=True)

    class Meta:
        verbose_name = _("flow")
        verbose_name_plural = _("flows")
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "origin", "destination"], name="labour_flow_pair_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin_id} → {self.destination_id}: {self.sr_norm:.3f}"


class Employment(models.Model):
    """The number employed in an area, industry, year and sex (day-time population, as SCB counts it)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="employment"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="employment"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("employed"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment")
        ordering = ["area", "industry", "year", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "industry", "year", "sex"], name="labour_employment_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.industry_id} {self.year} {self.sex}: {self.count}"


class ImportDraft(models.Model):
    """An uploaded file waiting for its uploader to confirm the preview.

    It holds the bytes between the preview and the confirmation, changes nothing anyone else sees, and is
    removed when confirmed or after a day; the audit row is written when the import itself is made.
    """

    class Target(models.TextChoices):
        MATRIX = "matrix", _("Relatedness matrix")
        EMPLOYMENT = "employment", _("Employment")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20, choices=Target.choices)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    options = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self) -> str:
        return f"{self.target}: {self.filename}"
