from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.core.uploads import size_limit_text, validate_upload_field
from jamlik.goals.models import Strategy, TargetArea
from jamlik.indicators.models import Indicator


class IndicatorForm(VersionedModelForm):
    target_areas = forms.ModelMultipleChoiceField(
        queryset=TargetArea.objects.select_related("programme"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target areas"),
        help_text=_("The programme's target areas this indicator follows up."),
    )
    strategies = forms.ModelMultipleChoiceField(
        queryset=Strategy.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Strategies"),
    )

    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "source", "favourable", "scale", "person_based"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["target_areas"].initial = list(self.instance.target_areas.all())
            self.fields["strategies"].initial = list(self.instance.strategies.all())

    def changed_data_dict(self) -> dict[str, Any]:
        return {
            **super().changed_data_dict(),
            "target_areas": list(self.cleaned_data["target_areas"]),
            "strategies": list(self.cleaned_data["strategies"]),
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    indicator_code = forms.SlugField(
        label=_("Indicator code"),
        required=False,
        help_text=_(
            "For PC-Axis and JSON-stat only: the code to file the figures under (default: the table's id)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The cap is a setting (JAMLIK_UPLOAD_MAX_BYTES), so the help text is built per form.
        self.fields["file"].help_text = gettext(
            "CSV or Excel in the template's long format, a PC-Axis file (.px) "
            "or JSON-stat (.json); at most %(size)s."
        ) % {"size": size_limit_text()}

    def clean_file(self) -> Any:
        return validate_upload_field(self.cleaned_data["file"])
