"""Who may organise events.

Registering needs no login: the personal link (a random token) is the registrant's key. Organising an
event (seeing its registrations, exports and waiting lists) is for administrators, process owners and
the staff of the event's organiser unit.
"""

from typing import Any

import rules

from jamlik.core.models import Membership, OrganisationUnit
from jamlik.core.predicates import is_active_user, is_administrator, is_process_owner


def _units_and_ancestors(user: Any) -> set[int]:
    """The units the user works in now, with every unit above them; cached on the user object."""
    cached: set[int] | None = getattr(user, "_event_unit_ids", None)
    if cached is None:
        cached = set()
        person_id = getattr(getattr(user, "person", None), "pk", None) if user.is_authenticated else None
        if person_id:
            units = OrganisationUnit.objects.filter(
                pk__in=Membership.objects.current().filter(person_id=person_id).values("unit_id")
            ).select_related("parent__parent__parent")
            for unit in units:
                cached |= {unit.pk, *(ancestor.pk for ancestor in unit.ancestors())}
        user._event_unit_ids = cached
    return cached


@rules.predicate
def works_in_organiser_unit(user: Any, event: Any) -> bool:
    """The user works in the event's organiser unit or in a unit under it."""
    if event is None:
        return False
    return bool(user.is_authenticated and event.permission_unit_id() in _units_and_ancestors(user))


can_organise = is_administrator | is_process_owner | (is_active_user & works_in_organiser_unit)

rules.add_perm("events.add_event", is_administrator | is_process_owner)
rules.add_perm("events.change_event", can_organise)
rules.add_perm("events.organise_event", can_organise)

# The evaluation survey: the organisers define and send it, read its results and pass its free-text
# answers on to a follow-up round (which also needs the round's own permission). Answering needs only
# the personal link.
rules.add_perm("events.manage_evaluation", can_organise)
rules.add_perm("events.view_evaluation_results", can_organise)
