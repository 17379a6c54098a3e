"""Who may see and change the labour-market data. Everyone logged in reads it: the figures are aggregate
statistics about industries, never about persons. Administrators and process owners import matrices and
employment, since every page and report reads them and they should have few editors."""

import rules

from jamlik.core.predicates import is_active_user, is_administrator, is_process_owner

can_keep_labour_data = is_administrator | is_process_owner

rules.add_perm("labour.view_labour", is_active_user)
rules.add_perm("labour.import_labour", can_keep_labour_data)
