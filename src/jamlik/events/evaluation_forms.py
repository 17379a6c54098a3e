"""Forms of the evaluation survey: its settings, its questions, the answer form and passing answers on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.events.evaluation import AnswerValue, EvaluationError, check_question
from jamlik.events.evaluation_models import RATING_SCALE, Survey, SurveyQuestion
from jamlik.events.models import Event
from jamlik.followup.models import FollowUpRound
from jamlik.followup.models import Question as FollowUpQuestion

DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMAT)


class SurveyForm(VersionedModelForm):
    """The survey's settings. Its event is fixed by the page; anonymity is fixed once it is sent."""

    class Meta:
        model = Survey
        fields = ["intro", "anonymous", "opens_at", "closes_at"]
        widgets = {"opens_at": _datetime_widget(), "closes_at": _datetime_widget()}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if self.instance.pk and self.instance.has_been_sent():
            self.fields["anonymous"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and opens < self.event.starts_at:
            self.add_error("opens_at", _("The survey cannot open before the event starts."))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class SurveyQuestionForm(forms.ModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["kind", "text", "help_text", "required", "session", "options"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["session"].queryset = survey.event.sessions.select_related("slot")  # type: ignore[attr-defined]
        self.fields["session"].empty_label = _("The whole event")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                check_question(
                    self.survey,
                    kind=data["kind"],
                    options=data.get("options", ""),
                    session=data.get("session"),
                )
            except EvaluationError as exc:
                self.add_error("session" if exc.code == "session" else "options", str(exc.message))
        return data


RATING_LABELS = {1: _("1 – very poor"), 5: _("5 – very good")}


class AnswerForm(forms.Form):
    """One field per question the registrant is asked; radio buttons for ratings and choices."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q_{question.pk}"] = self._field(question)

    def _field(self, question: SurveyQuestion) -> forms.Field:
        label = question.text
        if question.session is not None:
            label = f"{question.text} ({question.session.title})"
        common: dict[str, Any] = {
            "label": label,
            "help_text": question.help_text,
            "required": question.required,
        }
        if question.kind == SurveyQuestion.Kind.TEXT:
            return forms.CharField(
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "required": _("Write an answer to this question."),
                    "max_length": _(
                        "Keep the answer under %(limit_value)d characters (it has %(show_value)d)."
                    ),
                },
                **common,
            )
        if question.kind == SurveyQuestion.Kind.RATING:
            choices = [(str(n), str(RATING_LABELS.get(n, n))) for n in RATING_SCALE]
            required_message = _("Choose a rating from 1 to 5.")
        else:
            choices = [(option, option) for option in question.option_list()]
            required_message = _("Choose one of the options.")
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": required_message,
                "invalid_choice": _("Choose one of the options given."),
            },
            **common,
        )

    def answer_values(self) -> dict[SurveyQuestion, AnswerValue]:
        values = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q_{question.pk}") or ""
            if question.kind == SurveyQuestion.Kind.RATING:
                values[question] = AnswerValue(rating=int(raw) if raw else None)
            elif question.kind == SurveyQuestion.Kind.CHOICE:
                values[question] = AnswerValue(choice=raw)
            else:
                values[question] = AnswerValue(text=raw)
        return values

    def question_fields(self) -> list[tuple[SurveyQuestion, forms.BoundField]]:
        return [(q, self[f"q_{q.pk}"]) for q in self.questions]


class FeedForm(forms.Form):
    """Which free-text question goes to which question of a follow-up round the user compiles."""

    question = forms.ModelChoiceField(
        label=_("Answers to"), queryset=SurveyQuestion.objects.none(), empty_label=None
    )
    target = forms.ChoiceField(
        label=_("Follow-up question"),
        help_text=_("The answers are added to this question, in a group named after the event."),
    )

    def __init__(self, *args: Any, survey: Survey, rounds: list[FollowUpRound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = survey.questions.filter(  # type: ignore[attr-defined]
            kind=SurveyQuestion.Kind.TEXT
        )
        self.targets = {q.pk: q for r in rounds for q in r.questions.all()}
        self.fields["target"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (r.title, [(str(q.pk), q.text) for q in r.questions.all()]) for r in rounds if r.questions.all()
        ]
        self.fields["target"].error_messages["invalid_choice"] = _(
            "Choose a question of a follow-up round you compile."
        )
        self.fields["target"].error_messages["required"] = _(
            "Choose the follow-up question to add the answers to."
        )

    def target_question(self) -> FollowUpQuestion:
        return self.targets[int(self.cleaned_data["target"])]
