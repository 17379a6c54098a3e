"""Who may read and change reports.

Everyone logged in reads reports and downloads them: a follow-up report is meant to be shared. The
process owner of the report's administration, and administrators, define and generate them.
"""

import rules

from jamlik.core.predicates import can_manage_in_unit, is_active_user, is_administrator, is_process_owner

rules.add_perm("reports.view_reportdefinition", is_active_user)
rules.add_perm("reports.add_reportdefinition", is_administrator | is_process_owner)
rules.add_perm("reports.change_reportdefinition", can_manage_in_unit)
