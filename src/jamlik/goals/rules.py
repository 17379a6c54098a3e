"""Who may see and change programme goals. Everyone logged in reads them; the programme's owner edits."""

import rules

from jamlik.core.predicates import can_manage_in_unit, is_active_user

for model in ("programme", "targetarea", "strategy", "principle", "knowledgeitem"):
    rules.add_perm(f"goals.view_{model}", is_active_user)
    rules.add_perm(f"goals.add_{model}", can_manage_in_unit)
    rules.add_perm(f"goals.change_{model}", can_manage_in_unit)

# The House: everyone logged in reads it; the process owner of its unit (or an administrator) configures
# it, its rooms and its garage. Rooms and parked issues are checked through their house.
for model in ("managementmodel",):
    rules.add_perm(f"goals.view_{model}", is_active_user)
    rules.add_perm(f"goals.add_{model}", can_manage_in_unit)
    rules.add_perm(f"goals.change_{model}", can_manage_in_unit)
