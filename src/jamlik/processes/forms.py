from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jamlik.core.formfields import choice_field, model_choice_field
from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit, Person
from jamlik.goals.models import Strategy
from jamlik.processes.models import (
    ALLOWED_TRANSITIONS,
    Activity,
    ChangeProcess,
    Participant,
    Phase,
    ProcessLeadership,
    ProcessLink,
)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), **kwargs)


class AnswerField(forms.NullBooleanField):
    """Yes / no / not answered yet, as a plain select."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.NullBooleanSelect, required=False, **kwargs)


PROCESS_FIELDS = [
    "name",
    "start",
    "end",
    "sectors",
    "target_areas",
    "strategies",
    "criterion_sectors",
    "criterion_complex",
    "criterion_equality",
    "knowledge_certain",
    "values_agreed",
]


class ChangeProcessForm(VersionedModelForm):
    knowledge_certain = AnswerField(
        label=ChangeProcess._meta.get_field("knowledge_certain").verbose_name,
        help_text=ChangeProcess._meta.get_field("knowledge_certain").help_text,
    )
    values_agreed = AnswerField(
        label=ChangeProcess._meta.get_field("values_agreed").verbose_name,
        help_text=ChangeProcess._meta.get_field("values_agreed").help_text,
    )

    class Meta:
        model = ChangeProcess
        fields = PROCESS_FIELDS
        widgets = {
            "start": date_input(),
            "end": date_input(),
            "criterion_sectors": forms.Textarea(attrs={"rows": 3}),
            "criterion_complex": forms.Textarea(attrs={"rows": 3}),
            "criterion_equality": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "sectors").queryset = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.SECTOR
        )
        model_choice_field(self, "strategies").queryset = Strategy.objects.select_related("target_area")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end date cannot be before the start date."))
        return cleaned


class ChangeProcessCreateForm(ChangeProcessForm):
    class Meta(ChangeProcessForm.Meta):
        fields = ["name", "owner_unit", "purpose", *PROCESS_FIELDS[1:]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner_unit").queryset = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.ADMINISTRATION
        )


class PurposeForm(forms.Form):
    purpose = forms.CharField(label=_("New purpose"), widget=forms.Textarea(attrs={"rows": 4}))
    on = date_field(_("Valid from"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Required when the process already has a purpose: the earlier one is kept with this reason."
        ),
    )


class ApproveForm(forms.Form):
    on = date_field(_("Decided on"), initial=timezone.localdate)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = date_field(_("From"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the process leaves the programme."),
    )

    def __init__(self, *args: Any, process: ChangeProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(process.status, set()) - {ChangeProcess.Status.APPROVED}
        choice_field(self, "status").choices = [
            (v, label) for v, label in ChangeProcess.Status.choices if v in allowed
        ]


class LeadershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProcessLeadership) -> str:
        return str(obj.person)


class LeadersForm(forms.Form):
    remove = LeadershipChoiceField(
        label=_("Leader who stops"), queryset=ProcessLeadership.objects.none(), required=False
    )
    add = forms.ModelChoiceField(label=_("New leader"), queryset=Person.objects.all(), required=False)
    on = date_field(_("From"), initial=timezone.localdate)

    def __init__(self, *args: Any, process: ChangeProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "remove").queryset = process.current_leaderships()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("remove") and not cleaned.get("add") and not self.errors:
            raise forms.ValidationError(gettext("Choose a leader who stops, a new leader, or both."))
        return cleaned


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Co-creation phase"), choices=Phase.choices)
    on = date_field(_("From"), initial=timezone.localdate)
    with_staff = forms.BooleanField(label=_("Staff took part"), required=False, initial=True)
    with_civil_society = forms.BooleanField(label=_("Civil society took part"), required=False)
    with_citizens = forms.BooleanField(label=_("Citizens or users took part"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["date", "kind", "participant_count", "description"]
        widgets = {"date": date_input(), "description": forms.Textarea(attrs={"rows": 3})}


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["kind", "person", "organisation", "group_description", "count"]
        help_texts = {"person": _("Only for internal people. Citizens are never recorded by name.")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == Participant.Kind.INTERNAL and not cleaned.get("person"):
            self.add_error("person", gettext("Choose the person."))
        if kind == Participant.Kind.EXTERNAL and not cleaned.get("organisation"):
            self.add_error("organisation", gettext("Name the organisation."))
        if kind == Participant.Kind.CITIZENS:
            if cleaned.get("person"):
                self.add_error(
                    "person", gettext("Citizens and users are recorded as a group, never by name.")
                )
            if not cleaned.get("group_description"):
                self.add_error("group_description", gettext("Describe the group."))
            if not cleaned.get("count"):
                self.add_error("count", gettext("Give the number of people."))
        return cleaned


class ProcessLinkForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")

    class Meta:
        model = ProcessLink
        fields = ["kind", "title", "url"]
