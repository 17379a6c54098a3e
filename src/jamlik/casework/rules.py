"""Permissions of the casework app that are not about one plan (plans go through `access.py`).

Only permissions an administrator may hold too live here: the administrator role holds every
permission (see core/backends.py), so starting plans, emergency access and spot checks check their
predicates directly in the views.
"""

from __future__ import annotations

from typing import Any

import rules

from jamlik.casework.access import managed_unit_ids, professional_of
from jamlik.core.predicates import is_active_user, is_administrator, is_process_owner


@rules.predicate
def is_casework_professional(user: Any) -> bool:
    return professional_of(user) is not None


@rules.predicate
def is_unit_manager(user: Any) -> bool:
    return bool(managed_unit_ids(user))


rules.add_perm("casework.view_resource", is_active_user)
rules.add_perm("casework.add_resource", is_administrator | is_process_owner | is_casework_professional)
rules.add_perm(
    "casework.view_report", is_administrator | is_process_owner | is_unit_manager | is_casework_professional
)
