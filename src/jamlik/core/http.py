"""Small helpers shared by views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jamlik.core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse with 403 unless the user has `perm` (on `obj`)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


__all__ = ["AuthenticatedHttpRequest", "login_required", "require_perm"]
