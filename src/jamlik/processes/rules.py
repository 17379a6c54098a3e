"""Who may see and change change processes.

Everyone logged in reads. The process's own leaders, and the process owner or administrator of its
administration, edit its content. Management members of the administration decide: they approve
starts, change status and appoint leaders.
"""

from typing import Any

import rules

from jamlik.core.models import Membership, OrganisationUnit
from jamlik.core.predicates import (
    can_manage_in_unit,
    is_active_user,
    is_administrator,
    is_management_member,
    is_process_owner,
)


@rules.predicate
def is_leader_of_process(user: Any, process: Any) -> bool:
    """A process leader edits only the processes they lead now."""
    if process is None:
        return False
    return bool(process.is_led_by(user))


def user_administration_ids(user: Any) -> set[int]:
    """The units the user works in now with every unit above them; cached on the user object."""
    cached: set[int] | None = getattr(user, "_administration_ids", None)
    if cached is None:
        cached = set()
        person_id = getattr(getattr(user, "person", None), "pk", None) if user.is_authenticated else None
        if person_id:
            units = OrganisationUnit.objects.filter(
                pk__in=Membership.objects.current().filter(person_id=person_id).values("unit_id")
            ).select_related("parent__parent__parent")
            for unit in units:
                cached |= {unit.pk, *(ancestor.pk for ancestor in unit.ancestors())}
        user._administration_ids = cached
    return cached


@rules.predicate
def works_in_owner_administration(user: Any, obj: Any) -> bool:
    """The object's owner unit is the user's unit or one above it (management sits in sectors)."""
    if obj is None:
        return True
    return obj.permission_unit_id() in user_administration_ids(user)


can_decide = is_administrator | (is_management_member & works_in_owner_administration)
can_steer = can_decide | can_manage_in_unit

rules.add_perm("processes.view_changeprocess", is_active_user)
rules.add_perm("processes.add_changeprocess", is_administrator | is_process_owner)
rules.add_perm("processes.change_changeprocess", can_manage_in_unit | is_leader_of_process)
rules.add_perm("processes.approve_changeprocess", can_decide)
rules.add_perm("processes.steer_changeprocess", can_steer)
