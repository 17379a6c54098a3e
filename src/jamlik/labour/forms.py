from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jamlik.core.uploads import size_limit_text, validate_upload_field
from jamlik.labour.models import Classification


class _UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "CSV (UTF-8, comma or semicolon) or Excel in the template's columns; at most %(size)s."
        ) % {"size": size_limit_text()}

    def clean_file(self) -> Any:
        return validate_upload_field(self.cleaned_data["file"])


class MatrixImportForm(_UploadForm):
    name = forms.CharField(
        label=_("Name of the matrix"),
        max_length=200,
        help_text=_("Importing again under the same name replaces that matrix's pairs."),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        initial=Classification.SNI2007,
        help_text=_("SNI for industries, SSYK for occupations."),
    )
    period = forms.CharField(
        label=_("Period"), max_length=40, help_text=_("The years the flows cover, e.g. 2013–2019.")
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, help_text=_("Who published the matrix, and where.")
    )
    licence = forms.CharField(
        label=_("Licence"), max_length=100, required=False, help_text=_("E.g. CC BY 4.0.")
    )
    attribution = forms.CharField(
        label=_("Attribution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The credit the licence asks for; shown wherever the matrix is used."),
    )
    symmetric = forms.BooleanField(
        label=_("Symmetric: one value per pair, the same both ways"),
        required=False,
    )


class EmploymentImportForm(_UploadForm):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.SNI2007
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, required=False, help_text=_("E.g. SCB, RAMS 2023.")
    )
