from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit
from jamlik.core.predicates import is_administrator, user_unit_ids
from jamlik.goals.models import ManagementModel, ParkedIssue, Room, RoomLink
from jamlik.processes.models import ChangeProcess

HOUSE_FIELDS = [
    "name",
    "mission_and_goals",
    "work_environment_aim",
    "vision",
    "political_goals",
    "integrated_goals",
]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseForm(VersionedModelForm):
    class Meta:
        model = ManagementModel
        fields = HOUSE_FIELDS


class HouseCreateForm(forms.ModelForm):
    with_default_rooms = forms.BooleanField(
        label=_("Start with the six usual rooms"),
        required=False,
        initial=True,
        help_text=_(
            "Processes and norms; safety and security; staff and competence; holistic view and cooperation; "
            "approach and decision-making; external monitoring. Each gets a gender-equality goal."
        ),
    )

    class Meta:
        model = ManagementModel
        fields = ["unit", *HOUSE_FIELDS]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrganisationUnit.objects.filter(management_model__isnull=True)
        if not is_administrator.test(user):
            units = (
                units.filter(pk__in=user_unit_ids(user)) if user.has_role("process_owner") else units.none()
            )
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to call it the House.")
        self.fields["integrated_goals"].help_text = _(
            "Leave empty for the usual three: sustainable, gender-equal, safeguards children's rights."
        )


ROOM_FIELDS = ["name", "position", "description", "goals", "gender_equality_goal", "followup_questions"]


class RoomForm(VersionedModelForm):
    class Meta:
        model = Room
        fields = ROOM_FIELDS


class RoomCreateForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ROOM_FIELDS
        help_texts = {"gender_equality_goal": _("Leave empty for the default gender-equality goal.")}


class RoomLinkForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")

    class Meta:
        model = RoomLink
        fields = ["title", "url"]


ISSUE_FIELDS = ["title", "description", "reason", "owner", "revisit_on"]


class ParkedIssueForm(VersionedModelForm):
    class Meta:
        model = ParkedIssue
        fields = ISSUE_FIELDS
        widgets = {"revisit_on": date_input()}


class ParkIssueForm(forms.ModelForm):
    class Meta:
        model = ParkedIssue
        fields = ["title", "description", "reason", "parked_on", "owner", "revisit_on"]
        widgets = {"parked_on": date_input(), "revisit_on": date_input()}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("parked_on") and data.get("revisit_on") and data["revisit_on"] < data["parked_on"]:
            self.add_error("revisit_on", _("The revisit date cannot be before the date it was parked."))
        return data


class PickUpForm(forms.Form):
    room = forms.ModelChoiceField(
        queryset=Room.objects.none(), required=False, label=_("Into a room of the house")
    )
    process = forms.ModelChoiceField(
        queryset=ChangeProcess.objects.none(), required=False, label=_("Or into a change process")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, issue: ParkedIssue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = issue.house.rooms.all()  # type: ignore[attr-defined]
        self.fields["process"].queryset = ChangeProcess.objects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if bool(data.get("room")) == bool(data.get("process")):
            raise forms.ValidationError(_("Choose either a room or a change process."))
        return data


class DropForm(forms.Form):
    note = forms.CharField(label=_("Why the issue is not taken up"), widget=forms.Textarea(attrs={"rows": 3}))
