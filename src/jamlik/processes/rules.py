"""Who may see and change change processes."""

from typing import Any

import rules

from jamlik.core.predicates import can_manage_in_unit, is_active_user, is_administrator, is_process_owner


@rules.predicate
def is_leader_of_process(user: Any, process: Any) -> bool:
    """A process leader edits only the processes they lead now."""
    if process is None:
        return False
    return bool(process.is_led_by(user))


rules.add_perm("processes.view_changeprocess", is_active_user)
rules.add_perm("processes.add_changeprocess", is_administrator | is_process_owner)
rules.add_perm("processes.change_changeprocess", can_manage_in_unit | is_leader_of_process)
