"""The administrator role may do everything, in the app and in the Django admin alike.

Without this, a non-superuser administrator could open the admin but add nothing there, since the
app's permissions are `rules` predicates and not rows in Django's permission tables.
"""

from __future__ import annotations

from typing import Any

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
