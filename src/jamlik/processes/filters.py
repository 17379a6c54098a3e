from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jamlik.core.formfields import choice_field, model_choice_field
from jamlik.core.models import OrganisationUnit
from jamlik.goals.models import TargetArea
from jamlik.processes.models import ChangeProcess, Phase, ProblemType


class ProcessFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("Running in year"), required=False, min_value=1990, max_value=2100)
    target_area = forms.ModelChoiceField(
        label=_("Target area"), queryset=TargetArea.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=OrganisationUnit.objects.none(), required=False
    )
    problem_type = forms.ChoiceField(label=_("Problem type"), required=False)
    phase = forms.ChoiceField(label=_("Co-creation phase"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        choice_field(self, "status").choices = every + list(ChangeProcess.Status.choices)
        choice_field(self, "problem_type").choices = every + list(ProblemType.choices)
        choice_field(self, "phase").choices = every + list(Phase.choices)
        model_choice_field(self, "target_area").queryset = TargetArea.objects.select_related("programme")
        model_choice_field(self, "target_area").empty_label = str(_("All"))
        model_choice_field(self, "sector").queryset = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.SECTOR
        )
        model_choice_field(self, "sector").empty_label = str(_("All"))

    def apply(self, processes: QuerySet[ChangeProcess]) -> QuerySet[ChangeProcess]:
        if not self.is_valid():
            return processes
        data = self.cleaned_data
        if data.get("status"):
            processes = processes.filter(status=data["status"])
        if data.get("year"):
            processes = processes.running_in(data["year"])  # type: ignore[attr-defined]
        if data.get("target_area"):
            processes = processes.filter(target_areas=data["target_area"])
        if data.get("sector"):
            processes = processes.filter(sectors=data["sector"])
        if data.get("problem_type"):
            processes = processes.of_problem_type(data["problem_type"])  # type: ignore[attr-defined]
        if data.get("phase"):
            processes = processes.filter(phase=data["phase"])
        return processes
