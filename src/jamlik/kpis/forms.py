from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit, User
from jamlik.core.predicates import is_administrator, user_unit_ids
from jamlik.core.uploads import size_limit_text, validate_upload_field
from jamlik.followup.models import Forum
from jamlik.goals.models import Room, Strategy, TargetArea
from jamlik.kpis.actions import LINK_FIELDS
from jamlik.kpis.models import Kpi
from jamlik.processes.models import ChangeProcess

FIELDS = [
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "target",
    "target_valid_from",
    "owner_unit",
    "cadence",
    "person_based",
    "classification",
    "chart_kind",
    "rules",
    "baseline_periods",
    "change_from",
    "change_note",
    "source",
    "kolada_id",
    "kolada_municipality",
]


def units_for(user: User) -> Any:
    units = OrganisationUnit.objects.order_by("name")
    return units if is_administrator.test(user) else units.filter(pk__in=user_unit_ids(user))


class KpiForm(VersionedModelForm):
    target_areas = forms.ModelMultipleChoiceField(
        queryset=TargetArea.objects.select_related("programme"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target areas"),
        help_text=_(
            "The goals this key figure follows up. More than five on one goal is too many to keep in mind."
        ),
    )
    strategies = forms.ModelMultipleChoiceField(
        queryset=Strategy.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Strategies"),
    )
    rooms = forms.ModelMultipleChoiceField(
        queryset=Room.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Rooms of the House"),
    )
    processes = forms.ModelMultipleChoiceField(
        queryset=ChangeProcess.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Change processes"),
    )

    class Meta:
        model = Kpi
        fields = FIELDS
        widgets = {"target_valid_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units_for(user)  # type: ignore[attr-defined]
        if self.instance.pk:
            for name in LINK_FIELDS:
                self.fields[name].initial = list(getattr(self.instance, name).all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, direction = data.get("chart_kind"), data.get("direction")
        if data.get("source") == "kolada" and data.get("cadence") != "year":
            self.add_error("cadence", gettext("Kolada has yearly figures: choose the cadence year."))
        if kind in ("p", "u") and data.get("source") == "proposal_decision_days":
            self.add_error(
                "chart_kind", gettext("A computed key figure is shown as a run chart or an I chart.")
            )
        if direction not in (None, "", "higher", "lower", "neutral"):
            self.add_error("direction", gettext("Choose a direction."))
        return data

    def changed_data_dict(self) -> dict[str, Any]:
        return {**super().changed_data_dict(), **{n: list(self.cleaned_data[n]) for n in LINK_FIELDS}}

    def create_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "CSV (semicolon or comma) or Excel with the columns nyckeltal, period, kon, varde and namnare; "
            "at most %(size)s."
        ) % {"size": size_limit_text()}

    def clean_file(self) -> Any:
        return validate_upload_field(self.cleaned_data["file"])


class ForumForm(forms.Form):
    forum = forms.ModelChoiceField(queryset=Forum.objects.none(), label=_("Forum"))

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.order_by("name")  # type: ignore[attr-defined]


class RhythmForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrganisationUnit.objects.none(), label=_("Organisation unit"))
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.order_by("name"),
        required=False,
        label=_("Leaders' forum"),
        help_text=_("Where the monthly result goes."),
    )
    day = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=28,
        initial=5,
        help_text=_("When the monthly stop falls."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)  # type: ignore[attr-defined]
