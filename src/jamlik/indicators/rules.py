"""Who may see and change indicators. Everyone logged in reads them; administrators and process owners
keep the catalogue and import values, since figures feed every report and should have few editors."""

import rules

from jamlik.core.predicates import is_active_user, is_administrator, is_process_owner

can_keep_catalogue = is_administrator | is_process_owner

rules.add_perm("indicators.view_indicator", is_active_user)
rules.add_perm("indicators.change_indicator", can_keep_catalogue)
rules.add_perm("indicators.import_values", can_keep_catalogue)
