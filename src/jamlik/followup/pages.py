"""The form flow most follow-up pages share: check, validate, run an action, redirect with a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

FORM_PAGE = "followup/form_page.html"


def add_action_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put an action's refusal next to the field it names, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_page(
    request: HttpRequest,
    *,
    allowed: bool,
    form: forms.BaseForm,
    run: Callable[[dict[str, Any]], object],
    success_url: str | Callable[[Any], str],
    success_message: str,
    context: dict[str, Any],
    template: str = FORM_PAGE,
) -> HttpResponse:
    """GET shows the form; a valid POST runs the action. Refusals come back as form errors (status 400)."""
    if not allowed:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form}, status=400 if form.is_bound else 200)


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def crumbs(*pairs: tuple[Any, str]) -> list[tuple[Any, str]]:
    return list(pairs)
