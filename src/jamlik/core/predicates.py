"""The `rules` predicates every app's permissions are built from. One condition per predicate."""

from __future__ import annotations

from typing import Any

import rules
from django.db import models

from jamlik.core.models import Membership, descendant_ids
from jamlik.core.roles import Role


def _role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.value}")
    def check(user: Any) -> bool:
        return bool(user.is_authenticated and user.has_role(role))

    return check


is_active_user = rules.predicate(
    lambda user: bool(user.is_authenticated and user.is_active), name="is_active_user"
)
is_superuser = rules.predicate(
    lambda user: bool(user.is_authenticated and user.is_superuser), name="is_superuser"
)
is_administrator = is_superuser | _role(Role.ADMINISTRATOR)
is_process_owner = _role(Role.PROCESS_OWNER)
is_process_leader = _role(Role.PROCESS_LEADER)
is_management_member = _role(Role.MANAGEMENT_MEMBER)
is_participant = _role(Role.PARTICIPANT)
is_reader = _role(Role.READER)


def user_unit_ids(user: Any) -> set[int]:
    """Units the user works in now, with every unit under them; cached on the user object."""
    cached: set[int] | None = getattr(user, "_unit_ids", None)
    if cached is None:
        person_id = getattr(getattr(user, "person", None), "pk", None) if user.is_authenticated else None
        direct = (
            set(Membership.objects.current().filter(person_id=person_id).values_list("unit_id", flat=True))
            if person_id
            else set()
        )
        cached = descendant_ids(direct) if direct else set()
        user._unit_ids = cached
    return cached


@rules.predicate
def is_in_owner_unit(user: Any, obj: models.Model | None) -> bool:
    """The object belongs to a unit the user works in (or one under it).

    Objects say which unit owns them through `permission_unit_id()`; without an object the question is
    about creating new ones, which the role alone decides.
    """
    if obj is None:
        return True
    unit_id = obj.permission_unit_id()  # type: ignore[attr-defined]
    return unit_id is not None and unit_id in user_unit_ids(user)


can_manage_in_unit = is_administrator | (is_process_owner & is_in_owner_unit)
