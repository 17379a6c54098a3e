from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.audit import log_action
from jamlik.core.models import AuditEntry


def failed_logins_since_last_success(username: str) -> int:
    """Failed logins for this user name inside the lockout window and after the last successful login."""
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    last_success = (
        AuditEntry.objects.filter(code="auth.logged_in", actor_name=username, created_at__gte=window_start)
        .values_list("created_at", flat=True)
        .first()
    )
    since = max(window_start, last_success) if last_success else window_start
    return AuditEntry.objects.filter(
        code="auth.login_failed", actor_name=username, created_at__gt=since
    ).count()


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a user name that failed too often recently.

    The lockout is counted from the audit log, so it needs no state of its own and holds across
    several app servers sharing one database.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": _("Too many failed login attempts. Wait %(minutes)s minutes, or reset your password."),
    }

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "")[:150]
        if username and failed_logins_since_last_success(username) >= settings.LOGIN_FAILURE_LIMIT:
            log_action("auth.locked_out", actor=None, actor_name=username, changes={"username": username})
            raise forms.ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        return super().clean()


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the record's version, for the conflict check on save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=True, initial=self.instance.version
            )

    def changed_data_dict(self) -> dict[str, Any]:
        """The model fields of the form with their cleaned values (many-to-many fields excluded)."""
        return {
            name: self.cleaned_data[name] for name in self._meta.fields or [] if name in self.cleaned_data
        }
