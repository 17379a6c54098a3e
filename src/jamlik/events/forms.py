from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit
from jamlik.events.actions import RegistrationError, check_session_choice
from jamlik.events.models import Event, Question, Quota, Session, TimeSlot

EXTERNAL = "external"
DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMAT)


class EventForm(VersionedModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "series",
            "starts_at",
            "ends_at",
            "place",
            "description",
            "organiser_unit",
            "capacity",
            "registration_closes_at",
            "quota_release_at",
            "max_sessions",
            "hold_hours",
            "answer_retention_days",
        ]
        widgets = {
            name: _datetime_widget()
            for name in ["starts_at", "ends_at", "registration_closes_at", "quota_release_at"]
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class QuotaForm(forms.ModelForm):
    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["units"].queryset = OrganisationUnit.objects.order_by("name")  # type: ignore[attr-defined]

    class Meta:
        model = Quota
        fields = ["name", "units", "size", "position"]

    def clean_units(self) -> Any:
        units = self.cleaned_data["units"]
        taken = units.filter(event_quotas__event=self.event)
        if taken.exists():
            raise forms.ValidationError(
                _("Already in another quota of this event: %(units)s"),
                params={"units": ", ".join(u.name for u in taken)},
            )
        return units


class TimeSlotForm(forms.ModelForm):
    class Meta:
        model = TimeSlot
        fields = ["starts_at", "ends_at", "label"]
        widgets = {"starts_at": _datetime_widget(), "ends_at": _datetime_widget()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The time slot cannot end before it starts."))
        return data


class SessionForm(forms.ModelForm):
    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.all()  # type: ignore[attr-defined]

    class Meta:
        model = Session
        fields = ["slot", "title", "description", "speakers", "room", "capacity"]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "help_text", "required", "position"]


def unit_choices() -> list[tuple[str, str]]:
    """The organisation tree as an indented list, external participants first."""
    units = list(OrganisationUnit.objects.exclude(kind=OrganisationUnit.Kind.EXTERNAL).order_by("name"))
    children: dict[int | None, list[OrganisationUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    choices: list[tuple[str, str]] = [
        ("", "—"),
        (EXTERNAL, str(_("External participant or other organisation"))),
    ]

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            choices.append((str(unit.pk), "\u00a0\u00a0" * depth + unit.name))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return choices


class SessionChoiceForm(forms.Form):
    """One group of radio buttons per time slot: at most one session each.

    `free` (free seats per session id) marks full sessions in the labels. A form that is only
    validated, not shown, may leave it out and call `mark_full` if it has to be shown after all.
    """

    def __init__(self, *args: Any, event: Event, free: dict[int, int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.sessions: dict[int, Session] = {}
        self.slot_fields: list[tuple[TimeSlot, str]] = []
        for slot in event.slots.prefetch_related("sessions"):
            choices = [("", str(_("No session in this time slot")))]
            for session in slot.sessions.all():
                self.sessions[session.pk] = session
                choices.append((str(session.pk), session.title))
            name = f"slot_{slot.pk}"
            self.fields[name] = forms.ChoiceField(
                label=str(slot), choices=choices, required=False, widget=forms.RadioSelect
            )
            self.slot_fields.append((slot, name))
        if free is not None:
            self.mark_full(free)

    def mark_full(self, free: dict[int, int]) -> None:
        """Tell in the label of each full session that choosing it means joining its waiting list."""
        for _slot, name in self.slot_fields:
            field = self.fields[name]
            field.choices = [  # type: ignore[attr-defined]
                (value, self._label(int(value), free) if value else label)
                for value, label in field.choices  # type: ignore[attr-defined]
            ]

    def _label(self, session_id: int, free: dict[int, int]) -> str:
        title = self.sessions[session_id].title
        if free.get(session_id, 0) <= 0:
            return str(_("%(title)s (full – you join the waiting list)") % {"title": title})
        return title

    def chosen_sessions(self) -> list[Session]:
        return [
            self.sessions[int(v)] for _slot, name in self.slot_fields if (v := self.cleaned_data.get(name))
        ]

    def session_limit(self) -> int:
        """The event's limit, from the time slots this form has already read."""
        return self.event.max_sessions or len(self.slot_fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                check_session_choice(self.event, self.chosen_sessions(), self.session_limit())
            except RegistrationError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from None
        return data

    def session_fields(self) -> list[tuple[TimeSlot, forms.BoundField]]:
        return [(slot, self[name]) for slot, name in self.slot_fields]


class UnitChoiceField(forms.ChoiceField):
    """The unit tree as choices, built only when the form is shown (`unit_choices` is passed uncalled).

    Validating a posted value must not read the whole tree: the field only checks the value's shape,
    and `RegistrationForm.clean_unit` looks the one unit up.
    """

    def valid_value(self, value: Any) -> bool:
        return value == EXTERNAL or str(value).isdigit()


class RegistrationForm(SessionChoiceForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("Your confirmation and your personal link are sent here.")
    )
    unit = UnitChoiceField(
        label=_("Where do you work?"),
        help_text=_("Choose your unit, or the administration above it. Seats are shared out by unit."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For external participants: the organisation you come from."),
    )
    join_waiting_list = forms.BooleanField(
        label=_("Put me on the waiting list if there is no seat"), required=False
    )

    def __init__(self, *args: Any, event: Event, free: dict[int, int] | None, **kwargs: Any) -> None:
        super().__init__(*args, event=event, free=free, **kwargs)
        self.fields["unit"].choices = unit_choices  # type: ignore[attr-defined]
        self._unit: OrganisationUnit | None = None
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=question.required,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_unit(self) -> str:
        """Look the chosen unit up once, with the units above it (the quota is found up the tree)."""
        value: str = self.cleaned_data["unit"]
        if value != EXTERNAL:
            self._unit = (
                OrganisationUnit.objects.exclude(kind=OrganisationUnit.Kind.EXTERNAL)
                .select_related("parent__parent__parent__parent")
                .filter(pk=int(value))
                .first()
            )
            if self._unit is None:
                raise forms.ValidationError(
                    self.fields["unit"].error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") == EXTERNAL and not data.get("organisation"):
            self.add_error("organisation", _("Tell us which organisation you come from."))
        return data

    def selected_unit(self) -> OrganisationUnit | None:
        return self._unit

    def answers(self) -> dict[Question, str]:
        return {q: self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions}

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ["name", "email", "unit", "organisation"]]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{q.pk}"] for q in self.questions]


class LostLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The address you registered with."))


class MoveEntryForm(forms.Form):
    position = forms.IntegerField(label=_("New place in line"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, help_text=_("Kept in the log, e.g. “priority for a speaker”.")
    )


class MessageForm(forms.Form):
    """A message from the organiser to everyone with a seat, or to the people in one session."""

    session = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Everyone with a seat at the event"),
        help_text=_("Choose a session to write only to the people who have a seat in it."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.select_related("slot")  # type: ignore[attr-defined]
