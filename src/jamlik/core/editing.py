"""The two form flows every edit page shares: create through an action, and edit with a conflict check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.core.actions import EditConflictError
from jamlik.core.forms import VersionedModelForm


def create_page(
    request: HttpRequest,
    *,
    allowed: bool,
    form_class: type[VersionedModelForm] | type[Any],
    create: Callable[[dict[str, Any]], models.Model],
    template: str,
    context: dict[str, Any],
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show an empty form; on a valid POST call `create` (an action) and go to the new object's page."""
    if not allowed:
        raise PermissionDenied
    form = form_class(request.POST if request.method == "POST" else None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        obj = create(data)
        messages.success(request, _("Saved: %(object)s") % {"object": obj})
        return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else context["cancel_url"])
    return render(request, template, {**context, "form": form}, status=400 if form.is_bound else 200)


def edit_page(
    request: HttpRequest,
    *,
    obj: models.Model,
    allowed: bool,
    form_class: type[VersionedModelForm],
    update: Callable[[Any, dict[str, Any], int], object],
    template: str,
    context: dict[str, Any],
    success_url: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Edit `obj` through the action `update(fresh_obj, data, expected_version)`.

    A save based on an old version is refused, and the editor's input stays on the page beside the
    values someone else saved.
    """
    if not allowed:
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            template,
            {**context, "form": form_class(instance=obj, **(form_kwargs or {})), "object": obj},
        )
    form = form_class(request.POST, instance=obj, **(form_kwargs or {}))
    conflict: list[tuple[str, Any]] = []
    if form.is_valid():
        model = type(obj)
        fresh = model._default_manager.get(pk=obj.pk)
        try:
            update(fresh, form.changed_data_dict(), form.cleaned_data["version"])
        except EditConflictError as exc:
            conflict = [
                (str(getattr(model._meta.get_field(name), "verbose_name", name)), getattr(exc.current, name))
                for name in exc.changed_fields
            ]
            data = request.POST.copy()
            data["version"] = str(getattr(exc.current, "version", ""))
            form = form_class(data, instance=exc.current, **(form_kwargs or {}))
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved this while you were editing. Your text is still in the form; "
                    "compare it with the saved values below and save again to keep yours."
                ),
            )
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(success_url)
    return render(
        request, template, {**context, "form": form, "object": obj, "conflict": conflict}, status=400
    )
