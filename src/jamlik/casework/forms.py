from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.casework.actions import PLAN_FIELDS
from jamlik.casework.models import (
    Consent,
    Goal,
    LifeArea,
    LifeAreaRating,
    Measure,
    Plan,
    Professional,
    Resource,
    Side,
    TeamMember,
    normalise_personnummer,
)
from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit

DATE = forms.DateInput(attrs={"type": "date"})
IDENTITY = ("participant_name", "personnummer")


def _identity_fields() -> tuple[str, ...]:
    return IDENTITY if settings.CASEWORK_PERSONAL_MODE else ()


class PersonnummerMixin:
    cleaned_data: dict[str, Any]

    def clean_personnummer(self) -> str:
        value = self.cleaned_data.get("personnummer", "")
        return normalise_personnummer(value) if value else ""


class PlanCreateForm(PersonnummerMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "case_code",
            "offered_on",
            "started_on",
            "participant_sex",
            "household_type",
            "adults",
            "children_0_5",
            "children_6_12",
            "children_13_17",
            "final_goal_type",
            "final_goal",
            *IDENTITY,
        ]
        widgets = {"offered_on": DATE, "started_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not settings.CASEWORK_PERSONAL_MODE:
            for name in IDENTITY:
                del self.fields[name]
        today = timezone.localdate()
        self.fields["offered_on"].initial = today
        self.fields["started_on"].initial = today


class PlanForm(PersonnummerMixin, VersionedModelForm):
    class Meta:
        model = Plan
        fields = list(PLAN_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not settings.CASEWORK_PERSONAL_MODE:
            for name in IDENTITY:
                del self.fields[name]
        field = self.fields["overall_responsible"]
        field.queryset = self.instance.team.filter(left_on__isnull=True).select_related("person")  # type: ignore[attr-defined]

    def changed_data_dict(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class RatingForm(forms.ModelForm):
    class Meta:
        model = LifeAreaRating
        fields = [
            "life_area",
            "rated_on",
            "situation",
            "need",
            "support",
            "participant_rating",
            "professional_rating",
        ]
        widgets = {"rated_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_area"].queryset = LifeArea.objects.filter(is_active=True)  # type: ignore[attr-defined]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["life_area", "text", "stated_by", "owner_role", "due_on", "weight"]
        widgets = {"due_on": DATE}


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Goal.Status.choices)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["life_area", "title", "goal", "owner_role", "starts_on", "ends_on", "resource"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "title": forms.TextInput}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()  # type: ignore[attr-defined]
        self.fields["goal"].label_from_instance = lambda goal: goal.text  # type: ignore[attr-defined]
        self.fields["resource"].queryset = Resource.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(label=_("what was discussed"), widget=forms.Textarea, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("note"),
        widget=forms.Textarea,
        help_text=_(
            "Seen by your own service; the other service sees it only under the participant's consent."
        ),
    )


class TeamAddForm(forms.Form):
    professional = forms.ModelChoiceField(label=_("professional"), queryset=Professional.objects.none())

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = plan.team.filter(left_on__isnull=True).values("person_id")
        self.fields["professional"].queryset = (  # type: ignore[attr-defined]
            Professional.objects.filter(is_active=True)
            .exclude(person_id__in=present)
            .select_related("person", "unit")
        )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["from_side", "to_side", "scope", "given_on"]
        widgets = {"given_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_side") and data.get("from_side") == data.get("to_side"):
            self.add_error(
                "to_side", _("A consent shares notes between the two services; pick the other one.")
            )
        return data


SCORE_CHOICES = [
    (-2, _("−2 much less than expected")),
    (-1, _("−1 less than expected")),
    (0, _("0 the expected outcome")),
    (1, _("+1 more than expected")),
    (2, _("+2 much more than expected")),
]


class ReviewForm(forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.text, choices=SCORE_CHOICES, coerce=int, initial=0
            )

    def scores(self) -> dict[int, int]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items() if name.startswith("goal_")}


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label=_("meeting date"), widget=DATE, initial=timezone.localdate)
    agreed_by_participant = forms.BooleanField(label=_("The participant agrees to the plan"), required=True)
    social_worker = forms.ModelChoiceField(label=_("social worker"), queryset=TeamMember.objects.none())
    consultant = forms.ModelChoiceField(
        label=_("labour-market consultant"), queryset=TeamMember.objects.none()
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = plan.team.filter(left_on__isnull=True).select_related("person")
        self.fields["social_worker"].queryset = team.filter(profession="social_worker")  # type: ignore[attr-defined]
        self.fields["consultant"].queryset = team.filter(profession="labour_consultant")  # type: ignore[attr-defined]


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea,
        min_length=10,
        help_text=_("Why you need to open this plan now. Your manager reviews every emergency access."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Plan.Outcome.choices, required=False)
    outcome_on = forms.DateField(label=_("outcome reached on"), widget=DATE, required=False)


class SpotCheckStartForm(forms.Form):
    unit: forms.ModelChoiceField[OrganisationUnit] = forms.ModelChoiceField(
        label=_("unit"), queryset=OrganisationUnit.objects.none()
    )
    month = forms.DateField(label=_("a day in the month to check"), widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class SpotCheckOutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea)
    found_problems = forms.BooleanField(label=_("Some accesses need action"), required=False)


class ResourceForm(forms.ModelForm):
    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["name", "life_area", "description", "contact", "url"]


class EnrolmentForm(forms.Form):
    unit: forms.ModelChoiceField[OrganisationUnit] = forms.ModelChoiceField(
        label=_("unit"), queryset=OrganisationUnit.objects.none()
    )
    month = forms.DateField(label=_("a day in the month"), widget=DATE)
    enrolled = forms.IntegerField(label=_("enrolled parents"), min_value=0)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


SIDE_CHOICES = Side.choices
