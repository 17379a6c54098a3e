"""Who may see and change key figures.

Everyone logged in reads them: the figures are the unit's shared picture of how the work goes. The unit's
process owner (and administrators) keep a KPI's definition, target and links. Values are recorded by the
people who follow the work up in the unit: its process owner, process leaders and management members.
"""

from __future__ import annotations

from typing import Any

import rules

from jamlik.core.predicates import (
    can_manage_in_unit,
    is_active_user,
    is_administrator,
    is_in_owner_unit,
    is_management_member,
    is_process_leader,
    is_process_owner,
    user_unit_ids,
)


@rules.predicate
def works_in_unit(user: Any, unit: Any) -> bool:
    """The unit is one the user works in (or one under it); the question about a unit itself."""
    return unit is not None and unit.pk in user_unit_ids(user)


follows_up_in_unit = is_process_owner | is_process_leader | is_management_member

rules.add_perm("kpis.view_kpi", is_active_user)
rules.add_perm("kpis.add_kpi", is_administrator | is_process_owner)
rules.add_perm("kpis.change_kpi", can_manage_in_unit)
rules.add_perm("kpis.record_values", is_administrator | (follows_up_in_unit & is_in_owner_unit))
rules.add_perm("kpis.send_to_forum", is_administrator | (follows_up_in_unit & is_in_owner_unit))
rules.add_perm("kpis.plan_rhythm", is_administrator | (is_process_owner & works_in_unit))
