"""Typed access to a form's fields, for forms that narrow choices or querysets in __init__.

`form.fields[name]` is typed as a plain Field, so setting `.queryset` or `.choices` on it needs a cast;
these helpers do the cast once and fail loudly if the field is of another kind.
"""

from __future__ import annotations

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, which must be a ModelChoiceField or ModelMultipleChoiceField."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ModelChoiceField")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, which must be a ChoiceField."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ChoiceField")
    return field
