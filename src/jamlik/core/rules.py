"""Permissions on organisation objects."""

import rules

from jamlik.core.predicates import is_active_user, is_administrator

rules.add_perm("core.view_organisationunit", is_active_user)
rules.add_perm("core.view_person", is_active_user)
rules.add_perm("core.change_organisationunit", is_administrator)
rules.add_perm("core.view_auditentry", is_administrator)
