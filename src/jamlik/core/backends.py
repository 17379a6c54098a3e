"""Authentication backends: the administrator role, password login, and single sign-on sessions.

The administrator role may do everything, in the app and in the Django admin alike.

Without this, a non-superuser administrator could open the admin but add nothing there, since the
app's permissions are `rules` predicates and not rows in Django's permission tables.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend

from jamlik.core.models import User
from jamlik.core.roles import Role


class AdministratorRoleBackend:
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(
            user_obj.is_active and user_obj.is_authenticated and user_obj.has_role(Role.ADMINISTRATOR)
        )

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, app_label)


def local_login_enabled() -> bool:
    """Whether user name and password may log in; only single sign-on can take their place."""
    return settings.JAMLIK_LOCAL_LOGIN or not settings.JAMLIK_OIDC_ISSUER


class LocalPasswordBackend(ModelBackend):
    """Django's password check, switched off when the municipality wants single sign-on only.

    Refusing here, and not only in our login form, also closes the admin site's own login form.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if not local_login_enabled():
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SingleSignOnBackend(BaseBackend):
    """Marks sessions started by single sign-on, and loads their user on later requests.

    It authenticates nobody itself: the OIDC callback (jamlik.core.oidc) verifies the ID token and logs
    the user in with this backend, so a password can never open such a session.
    """

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
