"""Who may see and change follow-up objects.

Everyone logged in reads. The process owner of the owning unit (and administrators) compile rounds and
configure the rest. Participants answer the rounds they are asked in, while the round is open. Process
leaders write their own learning logs for the processes they lead. Management ranks ideas and decides.
An action's owner reports its status.
"""

from __future__ import annotations

from typing import Any

import rules

from jamlik.core.predicates import can_manage_in_unit, is_active_user, is_administrator, is_management_member
from jamlik.followup.models import person_of
from jamlik.processes.rules import is_leader_of_process, works_in_owner_administration


@rules.predicate
def is_asked_in_round(user: Any, round_: Any) -> bool:
    """The user is in one of the round's groups: named, or a current member of its body."""
    if round_ is None:
        return False
    return bool(round_.groups_for(person_of(user)))


@rules.predicate
def round_is_open(user: Any, round_: Any) -> bool:
    return round_ is not None and round_.is_open


@rules.predicate
def leads_log_process(user: Any, log: Any) -> bool:
    """A process leader writes logs for a process they lead now."""
    return log is not None and is_leader_of_process.test(user, log.process)


@rules.predicate
def is_log_author(user: Any, log: Any) -> bool:
    person = person_of(user)
    return log is not None and person is not None and log.author_id == person.pk


@rules.predicate
def owns_action(user: Any, action: Any) -> bool:
    return action is not None and action.is_owned_by(user)


can_decide = is_administrator | (is_management_member & works_in_owner_administration)

MANAGED = ["followupround", "actionplan", "wheelstop", "forum", "idea"]
for model in MANAGED:
    rules.add_perm(f"followup.view_{model}", is_active_user)
    rules.add_perm(f"followup.add_{model}", can_manage_in_unit)
    rules.add_perm(f"followup.change_{model}", can_manage_in_unit)

rules.add_perm("followup.answer_followupround", is_active_user & round_is_open & is_asked_in_round)

rules.add_perm("followup.view_learninglog", is_active_user)
# `add` is asked with the process as the object: may the user write a log for this process?
rules.add_perm("followup.add_learninglog", can_manage_in_unit | is_leader_of_process)
rules.add_perm("followup.change_learninglog", can_manage_in_unit | (is_log_author & leads_log_process))

rules.add_perm("followup.decide_idea", can_decide)
rules.add_perm("followup.report_action", can_manage_in_unit | owns_action)

rules.add_perm("followup.view_workshopsubmission", is_active_user)
rules.add_perm("followup.add_workshopsubmission", is_active_user)
rules.add_perm("followup.change_workshopsubmission", can_manage_in_unit)
