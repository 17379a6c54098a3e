from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jamlik.core.formfields import model_choice_field
from jamlik.core.forms import VersionedModelForm
from jamlik.core.uploads import validate_upload_field
from jamlik.goals.models import Strategy
from jamlik.processes.forms import date_field, date_input
from jamlik.proposals.models import AssessmentState, DecisionKind, Proposal


class ProposalForm(VersionedModelForm):
    class Meta:
        model = Proposal
        fields = [
            "heading",
            "title",
            "description",
            "directed_to",
            "target_areas",
            "strategies",
            "submitted_on",
        ]
        widgets = {"submitted_on": date_input(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "strategies").queryset = Strategy.objects.select_related("target_area")


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    decided_on = date_field(_("Date"), initial=timezone.localdate)
    body = forms.CharField(label=_("Deciding body"), max_length=200, initial=_("Management group"))
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required when the proposal is rejected or referred."),
    )
    trial_start = date_field(_("Trial from"), required=False, help_text=_("Only for a trial."))
    trial_end = date_field(_("Trial until"), required=False, help_text=_("Only for a trial."))
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=200,
        required=False,
        help_text=_("Only when referred to another body."),
    )
    feedback = forms.CharField(
        label=_("Feedback to the process leaders"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "What can be done, what should continue, what is not possible. Leave empty to send the decision and motivation."  # noqa: E501
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind in {DecisionKind.REJECTED, DecisionKind.REFERRED} and not cleaned.get("motivation"):
            self.add_error("motivation", gettext("Give the reason: the process leaders need to know why."))
        if kind == DecisionKind.REFERRED and not cleaned.get("referred_to"):
            self.add_error("referred_to", gettext("Name the body the proposal is referred to."))
        if kind == DecisionKind.TRIAL:
            start, end = cleaned.get("trial_start"), cleaned.get("trial_end")
            if not (start and end):
                self.add_error("trial_end", gettext("Give the trial period: from and until."))
            elif end < start:
                self.add_error("trial_end", gettext("The trial cannot end before it starts."))
        return cleaned


class AssessmentForm(forms.Form):
    state = forms.ChoiceField(label=_("Assessment"), choices=AssessmentState.choices)
    assessed_on = date_field(_("Date"), initial=timezone.localdate)
    assessor_name = forms.CharField(label=_("Assessed by"), max_length=200)
    assessor_role = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("E.g. coordinator, unit manager.")
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(gettext("An assessment cannot be dated in the future."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template; every row is checked before anything is saved."),
    )

    def clean_file(self) -> Any:
        return validate_upload_field(self.cleaned_data["file"])
