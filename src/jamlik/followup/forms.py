from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit, Person
from jamlik.core.predicates import is_administrator, user_unit_ids
from jamlik.followup.models import (
    Action,
    ActionPlan,
    AgendaItem,
    Answer,
    FollowUpRound,
    Forum,
    ForumMeeting,
    Idea,
    LearningLog,
    PlanTheme,
    Question,
    RoundGroup,
    Theme,
    WheelStop,
    WorkshopSubmission,
)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def managed_units(user: Any) -> Any:
    """Units the user may run follow-up work in: all for administrators, else their own units."""
    if is_administrator.test(user):
        return OrganisationUnit.objects.all()
    if not user.has_role("process_owner"):
        return OrganisationUnit.objects.none()
    return OrganisationUnit.objects.filter(pk__in=user_unit_ids(user))


class UnitScopedForm(forms.ModelForm):
    """A create form whose owner unit can only be one the user manages."""

    unit_field = "owner_unit"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.unit_field].queryset = managed_units(user)  # type: ignore[attr-defined]


# --- Rounds ----------------------------------------------------------------------------------------------


class RoundForm(VersionedModelForm):
    class Meta:
        model = FollowUpRound
        fields = ["title", "description", "process", "method_steps", "allow_anonymous"]


class RoundCreateForm(UnitScopedForm):
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line, in the order they are asked."),
    )

    class Meta:
        model = FollowUpRound
        fields = ["title", "owner_unit", "description", "process", "method_steps", "allow_anonymous"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method_steps"].help_text = _(
            "Leave empty for the usual method: think alone, write, talk in a small group, share with all."
        )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text"]


class RoundGroupForm(forms.ModelForm):
    class Meta:
        model = RoundGroup
        fields = ["name", "date", "members", "body_unit", "body_role"]
        widgets = {"date": date_input(), "members": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {"members": _("Choose the people asked, or an organisational body below, or both.")}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("members") and not data.get("body_unit"):
            raise forms.ValidationError(_("Name the people asked or choose an organisational body."))
        return data


class AnswersForm(forms.Form):
    """One text box per question; each non-empty line becomes one answer."""

    def __init__(self, *args: Any, round_: FollowUpRound, groups: Any, anonymous_choice: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = list(round_.questions.all())
        self.fields["group"] = forms.ModelChoiceField(
            queryset=groups,
            label=_("Group"),
            empty_label=None,
            help_text=_("The group the answers come from."),
        )
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One answer per line."),
            )
        if anonymous_choice:
            self.fields["anonymous"] = forms.BooleanField(
                label=_("Send my answers anonymously"),
                required=False,
                help_text=_("Nothing will link the answers to you, not even in the log of changes."),
            )

    def answers(self) -> dict[Question, str]:
        return {q: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not any((data.get(f"q{q.pk}") or "").strip() for q in self.questions):
            raise forms.ValidationError(_("Write at least one answer."))
        return data


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name"]


class ThemeCreateForm(forms.Form):
    """A new theme with some of the question's answers under it (also: accepting a suggestion)."""

    name = forms.CharField(label=_("Theme"), max_length=200)
    answers = forms.ModelMultipleChoiceField(
        queryset=Answer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Answers"),
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = question.answers.all()  # type: ignore[attr-defined]


class ThemeMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes to merge into this one"),
        help_text=_("Their answers move here and the themes are removed."),
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = theme.question.themes.exclude(pk=theme.pk)  # type: ignore[attr-defined]


class AnswerMoveForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, label=_("Theme"), empty_label=_("(no theme)")
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = question.themes.all()  # type: ignore[attr-defined]


# --- Learning logs and ideas -----------------------------------------------------------------------------

LOG_FIELDS = ["period_start", "period_end", "activities", "experiences", "new_activities", "signs_of_change"]
LOG_WIDGETS = {"period_start": date_input(), "period_end": date_input()}


class LearningLogForm(VersionedModelForm):
    class Meta:
        model = LearningLog
        fields = LOG_FIELDS
        widgets = LOG_WIDGETS


class LearningLogCreateForm(forms.ModelForm):
    """Process leaders choose among the processes they lead; managers may write for any leader."""

    class Meta:
        model = LearningLog
        fields = ["process", "author", *LOG_FIELDS]
        widgets = LOG_WIDGETS

    def __init__(self, *args: Any, processes: Any, may_choose_author: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes  # type: ignore[attr-defined]
        if may_choose_author:
            self.fields["author"].queryset = Person.objects.filter(leaderships__isnull=False).distinct()  # type: ignore[attr-defined]
        else:
            del self.fields["author"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class IdeaForm(VersionedModelForm):
    class Meta:
        model = Idea
        fields = ["heading", "text", "round"]


class IdeaCreateForm(UnitScopedForm):
    class Meta:
        model = Idea
        fields = ["owner_unit", "heading", "text", "round"]


class IdeaDecisionForm(forms.Form):
    rank = forms.IntegerField(
        label=_("Rank"), required=False, min_value=1, help_text=_("1 is the most important.")
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=Idea.Decision.choices)
    owner = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label=_("Responsible"),
        help_text=_("Who takes the idea forward."),
    )
    decision_note = forms.CharField(
        label=_("Motivation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Action plans ----------------------------------------------------------------------------------------


class ActionPlanForm(VersionedModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "description", "adopted_on", "process"]
        widgets = {"adopted_on": date_input()}


class ActionPlanCreateForm(UnitScopedForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "owner_unit", "description", "adopted_on", "process"]
        widgets = {"adopted_on": date_input()}


class PlanThemeForm(forms.ModelForm):
    class Meta:
        model = PlanTheme
        fields = ["title", "description"]


ACTION_FIELDS = ["text", "owner", "due_on", "process", "proposal", "idea"]


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = ACTION_FIELDS
        widgets = {"due_on": date_input()}


class ActionCreateForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ACTION_FIELDS
        widgets = {"due_on": date_input()}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    status_note = forms.CharField(
        label=_("Status note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PickUpIntoPlanForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=PlanTheme.objects.none(),
        label=_("Action plan theme"),
        help_text=_("The new action goes under it."),
    )
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, label=_("Owner"))
    due_on = forms.DateField(label=_("Due date"), required=False, widget=date_input())

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["theme"].label_from_instance = lambda t: f"{t.plan.title}: {t}"  # type: ignore[attr-defined]


# --- The annual wheel ------------------------------------------------------------------------------------

STOP_FIELDS = ["title", "kind", "month", "day", "description", "room", "owner", "reminder_days"]


class WheelStopForm(VersionedModelForm):
    class Meta:
        model = WheelStop
        fields = STOP_FIELDS


class WheelStopCreateForm(UnitScopedForm):
    unit_field = "unit"

    class Meta:
        model = WheelStop
        fields = ["unit", *STOP_FIELDS]


# --- Forums ----------------------------------------------------------------------------------------------

FORUM_FIELDS = [
    "name",
    "description",
    "meetings_per_year",
    "equality_meetings_per_year",
    "is_project_workshop",
]


class ForumForm(VersionedModelForm):
    class Meta:
        model = Forum
        fields = FORUM_FIELDS


class ForumCreateForm(UnitScopedForm):
    class Meta:
        model = Forum
        fields = ["owner_unit", *FORUM_FIELDS]


class ForumMeetingForm(forms.ModelForm):
    class Meta:
        model = ForumMeeting
        fields = ["date", "theme", "equality_focus"]
        widgets = {"date": date_input()}


class MeetingNotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "process"]


class AgendaOutcomeForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    decision = forms.CharField(label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = WorkshopSubmission
        fields = ["kind", "title", "description"]
        help_texts = {"description": _("Big or small: describe it so the workshop can help you develop it.")}


class SubmissionFollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkshopSubmission.Status.choices)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
