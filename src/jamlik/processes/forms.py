from __future__ import annotations

from django import forms

from jamlik.core.forms import VersionedModelForm
from jamlik.processes.models import ChangeProcess


class ChangeProcessForm(VersionedModelForm):
    class Meta:
        model = ChangeProcess
        fields = ["name", "purpose", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:  # type: ignore[operator]
            from django.utils.translation import gettext as _

            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned
