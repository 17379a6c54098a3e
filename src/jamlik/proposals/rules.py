"""Who may see, write, decide and assess proposals.

Everyone logged in reads. A process's leaders (and the process owner of its administration) write its
proposals; management members of the administration decide; assessments come from management, the
process owner or the process's own leaders.
"""

from typing import Any

import rules

from jamlik.core.predicates import can_manage_in_unit, is_active_user, is_administrator, is_process_owner
from jamlik.processes.rules import can_decide, is_leader_of_process


@rules.predicate
def leads_proposal_process(user: Any, proposal: Any) -> bool:
    """The user leads the process the proposal (or feedback) comes from."""
    if proposal is None:
        return False
    process = proposal.process if hasattr(proposal, "process") else proposal.proposal.process
    return bool(is_leader_of_process(user, process))


can_write = can_manage_in_unit | leads_proposal_process

rules.add_perm("proposals.view_proposal", is_active_user)
rules.add_perm("proposals.change_proposal", can_write)
rules.add_perm("proposals.decide_proposal", can_decide)
rules.add_perm("proposals.assess_proposal", can_decide | can_write)
rules.add_perm("proposals.acknowledge_feedback", leads_proposal_process)
rules.add_perm("proposals.import_proposals", is_administrator | is_process_owner)
