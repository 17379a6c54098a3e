from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import OrganisationUnit
from jamlik.processes.models import ChangeProcess
from jamlik.reports.actions import check_period
from jamlik.reports.models import ReportDefinition, Section


class PeriodMixin:
    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        if not self.errors.get("period_start") and not self.errors.get("period_end"):  # type: ignore[attr-defined]
            try:
                check_period(data.get("period_start"), data.get("period_end"))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)  # type: ignore[attr-defined]
        return data


class ReportDefinitionForm(PeriodMixin, forms.ModelForm):  # type: ignore[type-arg]
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick the sections the report should leave out."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportDefinition
        fields = [
            "slug",
            "title",
            "period_start",
            "period_end",
            "unit",
            "processes",
            "sections",
            "introduction",
            "conclusions",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "processes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "introduction": _("Shown first in the report. Paragraphs, lists, headings and links are kept."),
            "conclusions": _("Shown last in the report. Paragraphs, lists, headings and links are kept."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = OrganisationUnit.objects.exclude(kind=OrganisationUnit.Kind.EXTERNAL)
        processes_field = self.fields["processes"]
        assert isinstance(processes_field, forms.ModelMultipleChoiceField)
        processes_field.queryset = ChangeProcess.objects.order_by("name")
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.initial["version"] = self.instance.version
        else:
            self.initial.setdefault("sections", [s.value for s in Section])


class CopyForm(PeriodMixin, forms.Form):
    slug = forms.SlugField(label=_("Short name"), max_length=80, help_text=_("E.g. jnh-2019."))
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if ReportDefinition.objects.filter(slug=slug).exists():
            raise ValidationError(_("A report with this short name already exists."))
        return slug
